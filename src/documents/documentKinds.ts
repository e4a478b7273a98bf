/**
 * Every record kind that opens as a JSON document (`crm:` URIs), described as DATA: its path segment, schemas,
 * server-owned fields, how to read one record and — for kinds the API can update — how to PATCH it and which
 * permission that needs. The file system provider, the JSON schema generator (build time) and the tests all read
 * this one table. No `vscode` import: the build script and unit tests load it in plain Node.
 *
 * Read-only fields: `id` and the timestamps everywhere, plus what the server computes or owns (a contact's
 * verification status and date: only a verification job changes them; counts). The sandbox refuses them too, but
 * the user is told before anything is sent, naming the fields.
 */
import type { ZodType } from 'zod';
import type { MinotaurClient } from '../api/minotaur/client';
import { MINOTAUR_ENDPOINTS } from '../api/minotaur/endpoints';
import {
  CompanySchema,
  CompanyUpdateSchema,
  ContactListSchema,
  ContactSchema,
  ContactUpdateSchema,
  ListUpdateSchema,
  OpportunitySchema,
  OpportunityUpdateSchema,
  PipelineSchema,
  ProductSchema,
  ProductUpdateSchema,
  ProspectSchema,
  StageSchema,
  type CompanyUpdate,
  type ContactUpdate,
  type ListUpdate,
  type OpportunityUpdate,
  type ProductUpdate,
} from '../api/minotaur/schemas';
import type { OpenProspectClient } from '../api/openprospect/client';
import { OPENPROSPECT_ENDPOINTS } from '../api/openprospect/endpoints';
import {
  BlacklistEntrySchema,
  BlacklistSchema,
  BlacklistUpdateSchema,
  OpCompanySchema,
  OpProspectSchema,
  OrderSchema,
  ProspectSearchPatchSchema,
  ProspectSearchSchema,
  type BlacklistUpdate,
  type ProspectSearchPatch,
} from '../api/openprospect/schemas';
import type { Provider } from '../connections/model';
import { t } from '../util/l10n';

type Json = Record<string, unknown>;

interface KindBase<C> {
  /** Path segment of the kind in `crm:` URIs and the schema file's name: `contacts` → dist/schemas/contacts.schema.json. */
  segment: string;
  provider: Provider;
  /** "contact": used in messages. */
  noun: string;
  /** The first word after `crm.record.` in a tree row's contextValue (`crm.record.opOrder.completed` → `opOrder`). */
  rowKind: string;
  /** The record (read) schema: loose, tolerant; the document must still parse with it. */
  readSchema: ZodType;
  /** Fields the server owns: changing or removing them is refused before sending. */
  readOnlyFields: readonly string[];
  /**
   * One record by id. `parentId` is the owning record's id for rows that only exist under a parent (a pipeline's
   * stages). Absent: the API has no way to read one record, so the document shows the row's copy (read-only).
   */
  get?(client: C, id: string, parentId: string | undefined): Promise<unknown>;
  /** The top-level tree folder refreshed after a save (FolderSpec key). */
  folderKey?: string;
}

interface WritableKind<C> extends KindBase<C> {
  /** Validates a PATCH body (only the changed fields). */
  updateSchema: ZodType;
  /** The permission / scope the PATCH needs (from the endpoint table). */
  updateRequirement: string;
  update(client: C, id: string, patch: Json): Promise<unknown>;
}

interface ReadOnlyKind<C> extends KindBase<C> {
  updateSchema?: undefined;
  updateRequirement?: undefined;
  update?: undefined;
  /** Why documents of this kind are read-only (shown when a save is attempted); a getter, so it is looked up in the user's language when shown. */
  readOnlyReason: string;
}

export type DocumentKind<C = unknown> = WritableKind<C> | ReadOnlyKind<C>;
type MinotaurKind = DocumentKind<MinotaurClient>;
type OpenProspectKind = DocumentKind<OpenProspectClient>;

const TIMESTAMPS = ['created_at', 'updated_at'] as const;

const minotaurKinds: MinotaurKind[] = [
  {
    segment: 'contacts',
    provider: 'minotaur',
    noun: 'contact',
    rowKind: 'contact',
    folderKey: 'contacts',
    readSchema: ContactSchema,
    updateSchema: ContactUpdateSchema,
    readOnlyFields: ['id', 'verification_status', 'last_verified', ...TIMESTAMPS],
    updateRequirement: MINOTAUR_ENDPOINTS['contacts.update'].requirement!,
    get: (client, id) => client.getContact(id),
    update: (client, id, patch) => client.updateContact(id, patch as ContactUpdate),
  },
  {
    segment: 'companies',
    provider: 'minotaur',
    noun: 'company',
    rowKind: 'company',
    folderKey: 'companies',
    readSchema: CompanySchema,
    updateSchema: CompanyUpdateSchema,
    readOnlyFields: ['id', 'verification_status', ...TIMESTAMPS],
    updateRequirement: MINOTAUR_ENDPOINTS['companies.update'].requirement!,
    get: (client, id) => client.getCompany(id),
    update: (client, id, patch) => client.updateCompany(id, patch as CompanyUpdate),
  },
  {
    segment: 'lists',
    provider: 'minotaur',
    noun: 'contact list',
    rowKind: 'list',
    folderKey: 'lists',
    readSchema: ContactListSchema,
    updateSchema: ListUpdateSchema,
    readOnlyFields: ['id', 'contacts_count', ...TIMESTAMPS],
    updateRequirement: MINOTAUR_ENDPOINTS['lists.update'].requirement!,
    get: (client, id) => client.getList(id),
    update: (client, id, patch) => client.updateList(id, patch as ListUpdate),
  },
  {
    segment: 'products',
    provider: 'minotaur',
    noun: 'product',
    rowKind: 'product',
    folderKey: 'products',
    readSchema: ProductSchema,
    updateSchema: ProductUpdateSchema,
    readOnlyFields: ['id', ...TIMESTAMPS],
    updateRequirement: MINOTAUR_ENDPOINTS['products.update'].requirement!,
    get: (client, id) => client.getProduct(id),
    update: (client, id, patch) => client.updateProduct(id, patch as ProductUpdate),
  },
  {
    segment: 'opportunities',
    provider: 'minotaur',
    noun: 'opportunity',
    rowKind: 'opportunity',
    folderKey: 'opportunities',
    readSchema: OpportunitySchema,
    updateSchema: OpportunityUpdateSchema,
    readOnlyFields: ['id', ...TIMESTAMPS],
    updateRequirement: MINOTAUR_ENDPOINTS['opportunities.update'].requirement!,
    get: (client, id) => client.getOpportunity(id),
    update: (client, id, patch) => client.updateOpportunity(id, patch as OpportunityUpdate),
  },
  {
    segment: 'pipelines',
    provider: 'minotaur',
    noun: 'pipeline',
    rowKind: 'pipeline',
    readSchema: PipelineSchema,
    readOnlyFields: ['id', ...TIMESTAMPS],
    get readOnlyReason() {
      return t('The API has no endpoint to update a pipeline.');
    },
    get: (client, id) => client.getPipeline(id),
  },
  {
    segment: 'stages',
    provider: 'minotaur',
    noun: 'stage',
    rowKind: 'stage',
    readSchema: StageSchema,
    readOnlyFields: ['id', ...TIMESTAMPS],
    get readOnlyReason() {
      return t('The API has no endpoint to update a pipeline stage.');
    },
    get: async (client, id, pipelineId) => {
      if (!pipelineId) throw new Error(t('This stage document does not say which pipeline it belongs to: open it again from the explorer.'));
      const stage = (await client.pipelineStages(pipelineId)).items.find((s) => String(s.id) === id);
      if (!stage) throw new Error(t('Stage {0} is no longer in pipeline {1}.', id, pipelineId));
      return stage;
    },
  },
  {
    segment: 'prospect-catalog',
    provider: 'minotaur',
    noun: 'prospect',
    rowKind: 'prospect',
    readSchema: ProspectSchema,
    readOnlyFields: ['id', ...TIMESTAMPS],
    get readOnlyReason() {
      return t('Catalog prospects cannot be edited: unlock a prospect to get an editable contact.');
    },
  },
];

const openProspectKinds: OpenProspectKind[] = [
  {
    segment: 'op-searches',
    provider: 'openprospect',
    noun: 'prospect search',
    rowKind: 'opSearch',
    folderKey: 'opSearches',
    readSchema: ProspectSearchSchema,
    updateSchema: ProspectSearchPatchSchema,
    readOnlyFields: ['id', 'company_count', 'blacklist_ids', ...TIMESTAMPS],
    updateRequirement: OPENPROSPECT_ENDPOINTS['prospectSearches.update'].requirement!,
    get: (client, id) => client.getProspectSearch(id),
    update: (client, id, patch) => client.updateProspectSearch(id, patch as ProspectSearchPatch),
  },
  {
    segment: 'op-blacklists',
    provider: 'openprospect',
    noun: 'blacklist',
    rowKind: 'opBlacklist',
    folderKey: 'opBlacklists',
    readSchema: BlacklistSchema,
    updateSchema: BlacklistUpdateSchema,
    readOnlyFields: ['id', 'entries_count', ...TIMESTAMPS],
    updateRequirement: OPENPROSPECT_ENDPOINTS['blacklists.update'].requirement!,
    get: (client, id) => client.getBlacklist(id),
    update: (client, id, patch) => client.updateBlacklist(id, patch as BlacklistUpdate),
  },
  {
    segment: 'op-companies',
    provider: 'openprospect',
    noun: 'company',
    rowKind: 'opCompany',
    readSchema: OpCompanySchema,
    readOnlyFields: ['id', ...TIMESTAMPS],
    get readOnlyReason() {
      return t('The OpenProspect API has no endpoint to update a company.');
    },
    get: (client, id) => client.getCompany(id),
  },
  {
    segment: 'op-prospects',
    provider: 'openprospect',
    noun: 'prospect',
    rowKind: 'opProspect',
    readSchema: OpProspectSchema,
    readOnlyFields: ['id', ...TIMESTAMPS],
    get readOnlyReason() {
      return t('The OpenProspect API has no endpoint to update a prospect.');
    },
    get: (client, id) => client.getProspect(id),
  },
  {
    segment: 'op-orders',
    provider: 'openprospect',
    noun: 'order',
    rowKind: 'opOrder',
    readSchema: OrderSchema,
    readOnlyFields: ['id', ...TIMESTAMPS],
    get readOnlyReason() {
      return t('Orders cannot be changed once placed.');
    },
    get: (client, id) => client.getOrder(id),
  },
  {
    segment: 'op-entries',
    provider: 'openprospect',
    noun: 'blacklist entry',
    rowKind: 'opBlacklistEntry',
    readSchema: BlacklistEntrySchema,
    readOnlyFields: ['id', ...TIMESTAMPS],
    get readOnlyReason() {
      return t('Blacklist entries cannot be updated: remove the entry and add a new one.');
    },
  },
];

export const DOCUMENT_KINDS: readonly DocumentKind<any>[] = [...minotaurKinds, ...openProspectKinds]; // eslint-disable-line @typescript-eslint/no-explicit-any -- each kind has its own client type

export function kindBySegment(provider: Provider, segment: string): DocumentKind<any> | undefined { // eslint-disable-line @typescript-eslint/no-explicit-any
  return DOCUMENT_KINDS.find((k) => k.provider === provider && k.segment === segment);
}

/** The kind of a tree row from its contextValue (`crm.record.contact`, `crm.record.opOrder.completed`). */
export function kindOfRow(provider: Provider, contextValue: string): DocumentKind<any> | undefined { // eslint-disable-line @typescript-eslint/no-explicit-any
  const rowKind = /^crm\.record\.([A-Za-z]+)(?:\.|$)/.exec(contextValue)?.[1];
  return DOCUMENT_KINDS.find((k) => k.provider === provider && k.rowKind === rowKind);
}

export function isWritable<C>(kind: DocumentKind<C>): kind is WritableKind<C> {
  return typeof kind.update === 'function';
}
