/**
 * How the form reads and writes each kind through its vendor's client (extension side only), the runtime options of
 * select fields (an opportunity's pipeline and stage, an order's search profile), and — for kinds that need them —
 * the confirmation asked before a create and what is shown after it. The fields themselves are data in formSpecs.ts.
 */
import type { MinotaurClient } from '../../api/minotaur/client';
import type {
  CompanyCreate,
  CompanyUpdate,
  ContactCreate,
  ContactUpdate,
  ListCreate,
  ListUpdate,
  OpportunityCreate,
  OpportunityUpdate,
  Pipeline,
  ProductCreate,
  ProductUpdate,
} from '../../api/minotaur/schemas';
import type { OpenProspectClient } from '../../api/openprospect/client';
import type { OrderCreate, ProspectSearchPatch } from '../../api/openprospect/schemas';
import { formatNumber, t } from '../../util/l10n';
import { displayText } from '../tree/displayText';
import type { FieldOption, RecordKind } from './protocol';

type Body = Record<string, unknown>;

/** What a create or update answered: the new record's id when the server said it, and the record when it sent one. */
export interface SaveResult {
  id?: string;
  record?: Body;
}

export interface CreateContext {
  /** Set for idempotent kinds: the key kept with the draft (the same one on a retry). */
  idempotencyKey?: string;
}

/** A modal shown before a create is sent: `action` is its one button. */
export interface Confirmation {
  message: string;
  detail: string;
  action: string;
}

export interface RecordAccess<C> {
  get(client: C, id: string): Promise<Body>;
  /** `input` has been validated with the kind's create schema. */
  create(client: C, input: Body, context: CreateContext): Promise<SaveResult>;
  /** `patch` holds only the changed fields and has been validated with the kind's update schema. */
  update(client: C, id: string, patch: Body): Promise<SaveResult>;
  /** Options of select fields, by field name (best effort: a failure leaves the field a plain input). */
  options?(client: C): Promise<Record<string, FieldOption[]>>;
  /** The question asked before a create (kinds whose spec sets `confirmCreate`). */
  confirmCreate?(input: Body): Confirmation;
  /** The notification after a create ("Order created" with Watch Order); default: "<Noun> "<name>" created." */
  created?(result: SaveResult, input: Body, connectionId: string): void;
}

/** Hooks the extension side supplies (they need `vscode`, which this module does not import). */
export interface AccessHooks {
  orderCreated(connectionId: string, orderId: string, title: string, status: string): void;
}

const writeResult = (r: { id?: string; raw: unknown }): SaveResult => ({ id: r.id });
const opResult = (r: { id?: string; record?: unknown }): SaveResult => ({
  id: r.id ?? (r.record && typeof r.record === 'object' && 'id' in r.record ? String((r.record as { id: unknown }).id) : undefined),
  record: r.record as Body | undefined,
});
const unsupported = (what: string) => () => Promise.reject(new Error(t('{0} cannot be done in the form.', what)));

export type AnyRecordAccess = { provider: 'minotaur'; access: RecordAccess<MinotaurClient> } | { provider: 'openprospect'; access: RecordAccess<OpenProspectClient> };

export function recordAccess(hooks: AccessHooks): Record<RecordKind, AnyRecordAccess> {
  const minotaur = (access: RecordAccess<MinotaurClient>): AnyRecordAccess => ({ provider: 'minotaur', access });
  const openProspect = (access: RecordAccess<OpenProspectClient>): AnyRecordAccess => ({ provider: 'openprospect', access });
  return {
    contact: minotaur({
      get: (client, id) => client.getContact(id),
      create: async (client, input) => writeResult(await client.createContact(input as ContactCreate)),
      update: async (client, id, patch) => writeResult(await client.updateContact(id, patch as ContactUpdate)),
    }),
    company: minotaur({
      get: (client, id) => client.getCompany(id),
      create: async (client, input) => writeResult(await client.createCompany(input as CompanyCreate)),
      update: async (client, id, patch) => writeResult(await client.updateCompany(id, patch as CompanyUpdate)),
    }),
    list: minotaur({
      get: (client, id) => client.getList(id),
      create: async (client, input) => writeResult(await client.createList(input as ListCreate)),
      update: async (client, id, patch) => writeResult(await client.updateList(id, patch as ListUpdate)),
    }),
    product: minotaur({
      get: (client, id) => client.getProduct(id),
      create: async (client, input) => writeResult(await client.createProduct(input as ProductCreate)),
      update: async (client, id, patch) => writeResult(await client.updateProduct(id, patch as ProductUpdate)),
    }),
    opportunity: minotaur({
      get: (client, id) => client.getOpportunity(id),
      create: async (client, input) => writeResult(await client.createOpportunity(input as OpportunityCreate)),
      update: async (client, id, patch) => writeResult(await client.updateOpportunity(id, patch as OpportunityUpdate)),
      options: pipelineOptions,
    }),
    opOrder: openProspect({
      get: unsupported(t('Opening an order')),
      update: unsupported(t('Editing an order')),
      create: async (client, input, context) => {
        if (!context.idempotencyKey) throw new Error(t('An order is only sent with an idempotency key.'));
        return opResult(await client.createOrder(input as OrderCreate, context.idempotencyKey));
      },
      options: profileOptions,
      confirmCreate: orderConfirmation,
      created: (result, input, connectionId) => {
        const status = result.record && typeof result.record.status === 'string' ? result.record.status : 'RECEIVED';
        if (result.id) hooks.orderCreated(connectionId, result.id, String(input.title ?? ''), status);
      },
    }),
    opSearch: openProspect({
      get: async (client, id) => (await client.getProspectSearch(id)) as Body,
      create: unsupported(t('Creating a prospect search')),
      update: async (client, id, patch) => opResult(await client.updateProspectSearch(id, patch as ProspectSearchPatch)),
    }),
  };
}

const MAX_PIPELINES = 50;

/** Pipelines, and the stages of each (from the pipeline itself, else `GET /pipelines/:id/stages`). */
async function pipelineOptions(client: MinotaurClient): Promise<Record<string, FieldOption[]>> {
  const page = await client.listPipelines({ page: 1, limit: MAX_PIPELINES });
  const pipelines: Pipeline[] = page.items.slice(0, MAX_PIPELINES);
  const stageLists = await Promise.all(
    pipelines.map(async (p) => p.stages ?? (await client.pipelineStages(p.id).then((s) => s.items, () => []))),
  );
  const nameOf = (r: { id: string; name?: string | null; title?: string | null }) => displayText(r.name || r.title || r.id, 80);
  return {
    pipeline_id: pipelines.map((p) => ({ value: p.id, label: nameOf(p) })),
    stage_id: pipelines.flatMap((p, i) =>
      [...(stageLists[i] ?? [])]
        .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
        .map((s) => ({ value: s.id, label: nameOf(s), parent: p.id })),
    ),
  };
}

/**
 * Search profiles for a discovery order. The API lists no profiles, so these are the ones earlier orders used (a
 * new one comes from "Create Search Profile…", which opens this form with it chosen).
 */
async function profileOptions(client: OpenProspectClient): Promise<Record<string, FieldOption[]>> {
  const orders = await client.listOrders({ limit: 100 });
  const seen = new Map<string, string>();
  for (const order of orders.items) {
    if (order.profile_id === null || order.profile_id === undefined) continue;
    const id = String(order.profile_id);
    if (!seen.has(id)) seen.set(id, order.profile_name ? `${displayText(order.profile_name, 60)} (${id})` : id);
  }
  return { profile_id: [...seen].map(([value, label]) => ({ value, label })) };
}

function orderConfirmation(input: Body): Confirmation {
  const title = displayText(String(input.title ?? ''), 80);
  const features = Array.isArray(input.features) ? input.features.join(', ') : t('the default features');
  if (Array.isArray(input.companies)) {
    const n = input.companies.length;
    return {
      message: n === 1 ? t('Create the enrichment order "{0}" for 1 company?', title) : t('Create the enrichment order "{0}" for {1} companies?', title, formatNumber(n)),
      detail: input.profile_name
        ? t('Features: {0}. Profile: {1}. The order is reviewed by OpenProspect (RECEIVED → ACCEPTED → IN_PROGRESS → COMPLETED).', features, displayText(String(input.profile_name), 80))
        : t('Features: {0}. The order is reviewed by OpenProspect (RECEIVED → ACCEPTED → IN_PROGRESS → COMPLETED).', features),
      action: t('Create Order'),
    };
  }
  const quantity = Number(input.briefing_quantity);
  return {
    message: quantity === 1 ? t('Create the discovery order "{0}" for 1 new company?', title) : t('Create the discovery order "{0}" for {1} new companies?', title, formatNumber(quantity)),
    detail: t('Search profile: {0}. Features: {1}. The order is reviewed by OpenProspect (RECEIVED → ACCEPTED → IN_PROGRESS → COMPLETED).', displayText(String(input.profile_id ?? ''), 80), features),
    action: t('Create Order'),
  };
}
