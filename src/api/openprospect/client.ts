/**
 * Typed client for the OpenProspect API (`/api/v1`). One method per endpoint of OPENPROSPECT_ENDPOINTS; each reads
 * method, path, scope and retry safety from that table through `call`.
 *
 * Lists take `limit`/`offset` and are read from `items`, else the only array-valued field (GET /orders answers
 * under `orders` in older generations), record by record. Creating POSTs carry the caller's `Idempotency-Key`
 * (a retry of the SAME creation reuses it; a new attempt after a failure uses a new one). Writes do not fail on an
 * unexpected 2xx body: the server did the work, so the body is read tolerantly and kept raw.
 */
import { z, type ZodType } from 'zod';
import { formatNumber, t } from '../../util/l10n';
import { callEndpoint, callEndpointRaw, refuse, type CallOptions } from '../call';
import type { HttpClient } from '../http/httpClient';
import { asRecord, readPage, type Page } from '../paging';
import { OPENPROSPECT_ENDPOINTS, type OpenProspectEndpointName } from './endpoints';
import {
  BlacklistEntrySchema,
  BlacklistSchema,
  DeliveredCompanySchema,
  JobListingSchema,
  MAX_BLACKLIST_ENTRIES_PER_REQUEST,
  OpCompanySchema,
  OpProspectSchema,
  OrderResultCompanySchema,
  OrderSchema,
  ProspectSearchSchema,
  SearchProfileCreationSchema,
  ValidateResponseSchema,
  type Blacklist,
  type BlacklistCreate,
  type BlacklistEntry,
  type BlacklistEntryInput,
  type BlacklistUpdate,
  type DeliveredCompany,
  type JobListing,
  type OpCompany,
  type OpId,
  type OpProspect,
  type Order,
  type OrderCreate,
  type OrderResultCompany,
  type ProspectSearch,
  type ProspectSearchPatch,
  type SearchProfileCreation,
  type SearchProfileCreationInput,
  type ValidateResponse,
} from './schemas';

export { readOpenProspectError } from './errors';

export type PageQuery = {
  /** 1–100 (server default 50). */
  limit?: number;
  offset?: number;
};

type QueryValue = string | number | boolean | undefined | null;

export interface KeyValidation {
  /** The key's scopes when the response lists them (shape undefined: read from `scopes` wherever it appears). */
  scopes?: string[];
  raw: ValidateResponse;
}

/** What a write answered: the record when the body held one, its id, and the body as sent. */
export interface WriteOutcome<T> {
  record?: T;
  id?: string;
  raw: unknown;
}

export interface SearchBlacklists extends Page<Blacklist> {
  /** Ids of the assigned blacklists, whether the server sent records or `{blacklist_ids}`. */
  ids: string[];
}

/** Any JSON object or array: summaries and technology intel have undefined shapes. */
const AnyJsonSchema = z.union([z.looseObject({}), z.array(z.unknown())]);
export type AnyJson = z.infer<typeof AnyJsonSchema>;

export class OpenProspectClient {
  static readonly endpoints = OPENPROSPECT_ENDPOINTS;

  constructor(private readonly http: HttpClient) {}

  /** The same client on the bulk-read transport (Export…): see HttpClient.forBulkReads. */
  forBulkReads(): OpenProspectClient {
    const bulk = this.http.forBulkReads();
    return bulk === this.http ? this : new OpenProspectClient(bulk);
  }

  // --- key ---------------------------------------------------------------------------------------------------------

  async validate(signal?: AbortSignal): Promise<KeyValidation> {
    const raw = await this.call('auth.validate', { schema: ValidateResponseSchema, signal });
    return { scopes: readScopes(raw), raw };
  }

  // --- orders ------------------------------------------------------------------------------------------------------

  /** Discovery (`profile_id` + `briefing_quantity`) or enrichment (`companies`). Never retried. */
  createOrder(order: OrderCreate, idempotencyKey: string, signal?: AbortSignal): Promise<WriteOutcome<Order>> {
    return this.create('orders.create', OrderSchema, order, idempotencyKey, signal);
  }

  listOrders(query: PageQuery = {}, signal?: AbortSignal): Promise<Page<Order>> {
    return this.page('orders.list', OrderSchema, { query, signal });
  }

  getOrder(orderId: OpId, signal?: AbortSignal): Promise<Order> {
    return this.call('orders.get', { params: { orderId }, schema: unwrapped(OrderSchema), signal });
  }

  /** Enriched companies with their contacts. */
  orderResults(orderId: OpId, query: PageQuery = {}, signal?: AbortSignal): Promise<Page<OrderResultCompany>> {
    return this.page('orders.results', OrderResultCompanySchema, { params: { orderId }, query, signal });
  }

  /** Start a search profile creation; poll `getSearchProfileCreation` until SUCCEEDED. A retry after FAILED needs a NEW key. */
  createSearchProfile(
    input: SearchProfileCreationInput,
    idempotencyKey: string,
    signal?: AbortSignal,
  ): Promise<WriteOutcome<SearchProfileCreation>> {
    return this.create('searchProfiles.create', SearchProfileCreationSchema, input, idempotencyKey, signal);
  }

  getSearchProfileCreation(creationId: OpId, signal?: AbortSignal): Promise<SearchProfileCreation> {
    return this.call('searchProfiles.get', { params: { creationId }, schema: unwrapped(SearchProfileCreationSchema), signal });
  }

  /** Delivered companies with their prospects; `deliveredSince` for incremental sync. */
  deliveredCompanies(
    prospectSearchId: OpId,
    query: PageQuery & { deliveredSince?: string | Date } = {},
    signal?: AbortSignal,
  ): Promise<Page<DeliveredCompany>> {
    const deliveredSince = query.deliveredSince instanceof Date ? query.deliveredSince.toISOString() : query.deliveredSince;
    return this.page('deliveries.companies', DeliveredCompanySchema, {
      params: { prospectSearchId },
      query,
      filters: { delivered_since: deliveredSince },
      signal,
    });
  }

  // --- prospect searches ---------------------------------------------------------------------------------------------

  listProspectSearches(query: PageQuery = {}, signal?: AbortSignal): Promise<Page<ProspectSearch>> {
    return this.page('prospectSearches.list', ProspectSearchSchema, { query, signal });
  }

  getProspectSearch(id: OpId, signal?: AbortSignal): Promise<ProspectSearch> {
    return this.call('prospectSearches.get', { params: { id }, schema: unwrapped(ProspectSearchSchema), signal });
  }

  /** Send only the changed fields. */
  updateProspectSearch(id: OpId, changes: ProspectSearchPatch, signal?: AbortSignal): Promise<WriteOutcome<ProspectSearch>> {
    return this.write('prospectSearches.update', ProspectSearchSchema, { params: { id }, body: changes, signal });
  }

  // --- companies and prospects -------------------------------------------------------------------------------------

  listCompanies(query: PageQuery & { prospectSearchId?: OpId; minMatchScore?: number } = {}, signal?: AbortSignal): Promise<Page<OpCompany>> {
    return this.page('companies.list', OpCompanySchema, {
      query,
      filters: { prospect_search_id: query.prospectSearchId, min_match_score: query.minMatchScore },
      signal,
    });
  }

  getCompany(companyId: OpId, signal?: AbortSignal): Promise<OpCompany> {
    return this.call('companies.get', { params: { companyId }, schema: unwrapped(OpCompanySchema), signal });
  }

  companyJobs(companyId: OpId, query: PageQuery = {}, signal?: AbortSignal): Promise<Page<JobListing>> {
    return this.page('companies.jobs', JobListingSchema, { params: { companyId }, query, signal });
  }

  companyJobsSummary(companyId: OpId, signal?: AbortSignal): Promise<AnyJson> {
    return this.call('companies.jobsSummary', { params: { companyId }, schema: AnyJsonSchema, signal });
  }

  companyWebtech(companyId: OpId, signal?: AbortSignal): Promise<AnyJson> {
    return this.call('companies.webtech', { params: { companyId }, schema: AnyJsonSchema, signal });
  }

  companyWebtechSummary(companyId: OpId, signal?: AbortSignal): Promise<AnyJson> {
    return this.call('companies.webtechSummary', { params: { companyId }, schema: AnyJsonSchema, signal });
  }

  listProspects(query: PageQuery & { prospectSearchId?: OpId; companyId?: OpId } = {}, signal?: AbortSignal): Promise<Page<OpProspect>> {
    return this.page('prospects.list', OpProspectSchema, {
      query,
      filters: { prospect_search_id: query.prospectSearchId, company_id: query.companyId },
      signal,
    });
  }

  getProspect(prospectId: OpId, signal?: AbortSignal): Promise<OpProspect> {
    return this.call('prospects.get', { params: { prospectId }, schema: unwrapped(OpProspectSchema), signal });
  }

  // --- blacklists ----------------------------------------------------------------------------------------------------

  createBlacklist(input: BlacklistCreate, idempotencyKey: string, signal?: AbortSignal): Promise<WriteOutcome<Blacklist>> {
    return this.create('blacklists.create', BlacklistSchema, input, idempotencyKey, signal);
  }

  listBlacklists(query: PageQuery = {}, signal?: AbortSignal): Promise<Page<Blacklist>> {
    return this.page('blacklists.list', BlacklistSchema, { query, signal });
  }

  getBlacklist(id: OpId, signal?: AbortSignal): Promise<Blacklist> {
    return this.call('blacklists.get', { params: { id }, schema: unwrapped(BlacklistSchema), signal });
  }

  updateBlacklist(id: OpId, changes: BlacklistUpdate, signal?: AbortSignal): Promise<WriteOutcome<Blacklist>> {
    return this.write('blacklists.update', BlacklistSchema, { params: { id }, body: changes, signal });
  }

  deleteBlacklist(id: OpId, signal?: AbortSignal): Promise<WriteOutcome<never>> {
    return this.write('blacklists.delete', undefined, { params: { id }, signal });
  }

  /**
   * Add entries in ONE request: at most 10,000 (the documented maximum). More is refused before sending —
   * batching (and progress) is the caller's job. `idempotencyKey` is sent when given (the docs say to send one
   * on every creating POST; whether this endpoint honours it is undefined).
   */
  addBlacklistEntries(id: OpId, entries: BlacklistEntryInput[], idempotencyKey?: string, signal?: AbortSignal): Promise<WriteOutcome<never>> {
    const operation = 'blacklistEntries.add';
    if (!entries.length) return Promise.reject(refuse(operation, t('There are no entries to add.'), 'entries'));
    if (entries.length > MAX_BLACKLIST_ENTRIES_PER_REQUEST) {
      return Promise.reject(
        refuse(
          operation,
          t('Too many entries for one request: {0} given, at most {1} are allowed. Send them in batches of {1} or fewer.', formatNumber(entries.length), formatNumber(MAX_BLACKLIST_ENTRIES_PER_REQUEST)),
          'entries',
        ),
      );
    }
    const headers = idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : undefined;
    return this.write(operation, undefined, { params: { id }, body: { entries }, headers, signal });
  }

  listBlacklistEntries(id: OpId, query: PageQuery = {}, signal?: AbortSignal): Promise<Page<BlacklistEntry>> {
    return this.page('blacklistEntries.list', BlacklistEntrySchema, { params: { id }, query, signal });
  }

  /** Body `{entry_ids}` (assumed: the docs say "ids in the body"). */
  removeBlacklistEntries(id: OpId, entryIds: OpId[], signal?: AbortSignal): Promise<WriteOutcome<never>> {
    if (!entryIds.length) return Promise.reject(refuse('blacklistEntries.remove', t('Select at least one entry to remove.'), 'entry_ids'));
    return this.write('blacklistEntries.remove', undefined, { params: { id }, body: { entry_ids: entryIds }, signal });
  }

  /** The blacklists assigned to a search: records, or `{blacklist_ids}` — both read. */
  async searchBlacklists(prospectSearchId: OpId, signal?: AbortSignal): Promise<SearchBlacklists> {
    const raw = await this.callRaw('searchBlacklists.get', { params: { id: prospectSearchId }, signal });
    const ids = asRecord(raw)?.blacklist_ids;
    if (Array.isArray(ids)) {
      const idList = ids.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number').map(String);
      return { items: [], rejected: [], ids: idList, total: idList.length };
    }
    const page = readPage(BlacklistSchema, raw, 'searchBlacklists.get');
    return { ...page, ids: page.items.map((b) => String(b.id)) };
  }

  /** Replace the assignment with exactly these blacklists (`{blacklist_ids}`; `[]` clears it). */
  setSearchBlacklists(prospectSearchId: OpId, blacklistIds: OpId[], signal?: AbortSignal): Promise<WriteOutcome<never>> {
    return this.write('searchBlacklists.set', undefined, { params: { id: prospectSearchId }, body: { blacklist_ids: blacklistIds }, signal });
  }

  // --- machinery -----------------------------------------------------------------------------------------------------

  private call<T>(name: OpenProspectEndpointName, options: CallOptions & { schema: ZodType<T> }): Promise<T> {
    return callEndpoint(this.http, name, OPENPROSPECT_ENDPOINTS[name], options);
  }

  private callRaw(name: OpenProspectEndpointName, options: CallOptions): Promise<unknown> {
    return callEndpointRaw(this.http, name, OPENPROSPECT_ENDPOINTS[name], options);
  }

  private async page<T>(
    name: OpenProspectEndpointName,
    schema: ZodType<T>,
    options: Omit<CallOptions, 'query'> & { query?: PageQuery; filters?: Record<string, QueryValue> },
  ): Promise<Page<T>> {
    // Only known keys go into the query string: callers' objects may carry more (signals, UI state).
    const query = { limit: options.query?.limit, offset: options.query?.offset, ...options.filters };
    const raw = await this.callRaw(name, { params: options.params, headers: options.headers, signal: options.signal, query });
    return readPage(schema, raw, name, { offset: options.query?.offset ?? 0 });
  }

  private create<T>(
    name: OpenProspectEndpointName,
    schema: ZodType<T>,
    body: unknown,
    idempotencyKey: string,
    signal: AbortSignal | undefined,
  ): Promise<WriteOutcome<T>> {
    if (typeof idempotencyKey !== 'string' || !idempotencyKey.trim()) {
      return Promise.reject(refuse(name, t('{0} needs an idempotency key (a new random id per attempt).', OPENPROSPECT_ENDPOINTS[name].summary)));
    }
    return this.write(name, schema, { body, headers: { 'Idempotency-Key': idempotencyKey }, signal });
  }

  private async write<T>(name: OpenProspectEndpointName, schema: ZodType<T> | undefined, options: CallOptions): Promise<WriteOutcome<T>> {
    const raw = await this.callRaw(name, options);
    const record = schema ? findRecord(schema, raw) : undefined;
    const body = asRecord(raw);
    const id = record ? idOf(asRecord(record)?.id) : (idOf(body?.id) ?? idOf(asRecord(body?.data)?.id));
    return { record, id, raw };
  }
}

/** The record itself, or the one object it is wrapped in (`{data: …}`, `{order: …}`); undefined when none fits. */
function findRecord<T>(schema: ZodType<T>, raw: unknown): T | undefined {
  const direct = schema.safeParse(raw);
  if (direct.success) return direct.data;
  const body = asRecord(raw);
  if (!body) return undefined;
  const objects = Object.values(body).filter((v) => asRecord(v) !== undefined);
  for (const candidate of objects) {
    const parsed = schema.safeParse(candidate);
    if (parsed.success) return parsed.data;
  }
  return undefined;
}

/** A single-record GET: the record, or a body wrapping it under its only object-valued field (`data`, `order`). */
function unwrapped<T>(schema: ZodType<T>): ZodType<T> {
  return z.preprocess((body) => {
    const record = asRecord(body);
    if (!record || 'id' in record) return body;
    const objects = Object.values(record).filter((v) => asRecord(v) !== undefined);
    return objects.length === 1 ? objects[0] : body;
  }, schema) as unknown as ZodType<T>;
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** `scopes` as a list or a space/comma-separated string, at the top or under `key`, `api_key`, `data`. */
export function readScopes(body: unknown): string[] | undefined {
  const record = asRecord(body);
  if (!record) return undefined;
  for (const holder of [record, asRecord(record.key), asRecord(record.api_key), asRecord(record.data)]) {
    const scopes = holder?.scopes ?? holder?.scope;
    if (Array.isArray(scopes)) return scopes.filter((s): s is string => typeof s === 'string');
    if (typeof scopes === 'string') return scopes.split(/[\s,]+/).filter(Boolean);
  }
  return undefined;
}
