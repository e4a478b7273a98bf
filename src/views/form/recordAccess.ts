/**
 * How the form reads and writes each kind through the Minotaur client (extension side only), and the runtime
 * options of select fields (an opportunity's pipeline and stage). The fields themselves are data in formSpecs.ts.
 */
import type { MinotaurClient, WriteResult } from '../../api/minotaur/client';
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
import { displayText } from '../tree/displayText';
import type { FieldOption, RecordKind } from './protocol';

type Body = Record<string, unknown>;

export interface RecordAccess {
  get(client: MinotaurClient, id: string): Promise<Body>;
  /** `input` has been validated with the kind's create schema. */
  create(client: MinotaurClient, input: Body): Promise<WriteResult>;
  /** `patch` holds only the changed fields and has been validated with the kind's update schema. */
  update(client: MinotaurClient, id: string, patch: Body): Promise<WriteResult>;
  /** Options of select fields, by field name (best effort: a failure leaves the field a plain input). */
  options?(client: MinotaurClient): Promise<Record<string, FieldOption[]>>;
}

export const RECORD_ACCESS: Record<RecordKind, RecordAccess> = {
  contact: {
    get: (client, id) => client.getContact(id),
    create: (client, input) => client.createContact(input as ContactCreate),
    update: (client, id, patch) => client.updateContact(id, patch as ContactUpdate),
  },
  company: {
    get: (client, id) => client.getCompany(id),
    create: (client, input) => client.createCompany(input as CompanyCreate),
    update: (client, id, patch) => client.updateCompany(id, patch as CompanyUpdate),
  },
  list: {
    get: (client, id) => client.getList(id),
    create: (client, input) => client.createList(input as ListCreate),
    update: (client, id, patch) => client.updateList(id, patch as ListUpdate),
  },
  product: {
    get: (client, id) => client.getProduct(id),
    create: (client, input) => client.createProduct(input as ProductCreate),
    update: (client, id, patch) => client.updateProduct(id, patch as ProductUpdate),
  },
  opportunity: {
    get: (client, id) => client.getOpportunity(id),
    create: (client, input) => client.createOpportunity(input as OpportunityCreate),
    update: (client, id, patch) => client.updateOpportunity(id, patch as OpportunityUpdate),
    options: pipelineOptions,
  },
};

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
