/**
 * Typed client for the Minotaur Sales external API (`/api/ext`). One method per endpoint of MINOTAUR_ENDPOINTS;
 * each reads method, path, permission and retry safety from that table through `call`.
 *
 * Reading rules: pages are validated record by record (a malformed record is reported in `rejected`, never fails
 * the page) and may come as a bare array, `PaginateResponse` or `{items}`. Writes and credit-spending calls do NOT
 * fail on an unexpected 2xx body: the server did the work, and a "bad response" error would invite a second,
 * duplicate (or paid) attempt — their results are read tolerantly instead.
 */
import { z, type ZodType } from 'zod';
import { callEndpoint, callEndpointRaw, refuse, type CallOptions } from '../call';
import { ApiError } from '../http/errors';
import type { HttpClient } from '../http/httpClient';
import { asRecord, readPage, type Page } from '../paging';
import { MINOTAUR_ENDPOINTS, type MinotaurEndpointName } from './endpoints';
import {
  CompanySchema,
  ContactListSchema,
  ContactSchema,
  CustomerSummarySchema,
  FilterSuggestionSchema,
  MetadataSchema,
  OpportunitySchema,
  PaginationSchema,
  PipelineSchema,
  ProductSchema,
  ProspectSchema,
  StageSchema,
  type Company,
  type CompanyCreate,
  type CompanyUpdate,
  type Contact,
  type ContactCreate,
  type ContactList,
  type ContactUpdate,
  type CustomerSummary,
  type FilterSuggestion,
  type Filters,
  type ListBody,
  type ListCreate,
  type ListUpdate,
  type Opportunity,
  type OpportunityCreate,
  type OpportunityUpdate,
  type Pipeline,
  type Product,
  type ProductCreate,
  type ProductUpdate,
  type Prospect,
  type SortOrder,
  type Stage,
} from './schemas';
import { t } from '../../util/l10n';

export { readMinotaurError } from './errors';

export interface ListQuery {
  filters?: Filters;
  /** 1-based. */
  page: number;
  limit: number;
  orderBy?: SortOrder;
}

export interface MetadataQuery {
  filters?: Filters;
  /** Page size the page count is computed for (the server's default when absent). */
  limit?: number;
}

export interface MetadataResult {
  totalRecords: number;
  totalPages?: number;
  currentPage?: number;
}

/** What a create/update/delete answered: the new record's id when it said one, and its message. */
export interface WriteResult {
  id?: string;
  message?: string;
  /** The body as sent (DefaultResponse, `{id, name}` or anything else). */
  raw: unknown;
}

/**
 * A started job (unlock, verify). `id`/`status` when the server returned them (`{id, status: "PENDING"}`, possibly
 * wrapped in a DefaultResponse); there is no documented endpoint to read a job later, so callers keep them locally.
 */
export interface StartedJob {
  id?: string;
  status?: string;
  message?: string;
  raw: unknown;
}

export interface KeyCheck {
  /** Which call proved the key: `ping`, or `customer.summary` when the server has no /ping. */
  via: 'ping' | 'customer.summary';
  summary?: CustomerSummary;
}

export class MinotaurClient {
  static readonly endpoints = MINOTAUR_ENDPOINTS;

  constructor(private readonly http: HttpClient) {}

  /** The same client on the bulk-read transport (Export…): see HttpClient.forBulkReads. */
  forBulkReads(): MinotaurClient {
    const bulk = this.http.forBulkReads();
    return bulk === this.http ? this : new MinotaurClient(bulk);
  }

  // --- key and account ---------------------------------------------------------------------------------------

  /** `GET /ping` (the vendor's own key check, not in the reference). Body shape undefined: returned raw. */
  ping(signal?: AbortSignal): Promise<unknown> {
    return this.callRaw('ping', { signal });
  }

  /** Check a key: `GET /ping`, falling back to the account summary when this server has no /ping (404). */
  async checkKey(signal?: AbortSignal): Promise<KeyCheck> {
    try {
      await this.ping(signal);
      return { via: 'ping' };
    } catch (error) {
      if (!(error instanceof ApiError) || error.kind !== 'notFound') throw error;
    }
    return { via: 'customer.summary', summary: await this.customerSummary(signal) };
  }

  customerSummary(signal?: AbortSignal): Promise<CustomerSummary> {
    return this.call('customer.summary', { schema: CustomerSummarySchema, signal });
  }

  // --- contacts ------------------------------------------------------------------------------------------------

  listContacts(query: ListQuery, signal?: AbortSignal): Promise<Page<Contact>> {
    return this.page('contacts.list', ContactSchema, query, signal);
  }

  contactsMetadata(query: MetadataQuery = {}, signal?: AbortSignal): Promise<MetadataResult> {
    return this.metadata('contacts.metadata', query, signal);
  }

  getContact(id: string, signal?: AbortSignal): Promise<Contact> {
    return this.record('contacts.get', ContactSchema, id, signal);
  }

  createContact(input: ContactCreate, signal?: AbortSignal): Promise<WriteResult> {
    return this.write('contacts.create', { body: input, signal });
  }

  /** Send ONLY the changed fields: a PATCH with the whole record would overwrite concurrent edits. */
  updateContact(id: string, changes: ContactUpdate, signal?: AbortSignal): Promise<WriteResult> {
    return this.write('contacts.update', { params: { id }, body: changes, signal });
  }

  deleteContact(id: string, signal?: AbortSignal): Promise<WriteResult> {
    return this.write('contacts.delete', { params: { id }, signal });
  }

  // --- companies -----------------------------------------------------------------------------------------------

  listCompanies(query: ListQuery, signal?: AbortSignal): Promise<Page<Company>> {
    return this.page('companies.list', CompanySchema, query, signal);
  }

  companiesMetadata(query: MetadataQuery = {}, signal?: AbortSignal): Promise<MetadataResult> {
    return this.metadata('companies.metadata', query, signal);
  }

  getCompany(id: string, signal?: AbortSignal): Promise<Company> {
    return this.record('companies.get', CompanySchema, id, signal);
  }

  createCompany(input: CompanyCreate, signal?: AbortSignal): Promise<WriteResult> {
    return this.write('companies.create', { body: input, signal });
  }

  updateCompany(id: string, changes: CompanyUpdate, signal?: AbortSignal): Promise<WriteResult> {
    return this.write('companies.update', { params: { id }, body: changes, signal });
  }

  deleteCompany(id: string, signal?: AbortSignal): Promise<WriteResult> {
    return this.write('companies.delete', { params: { id }, signal });
  }

  // --- contact lists -------------------------------------------------------------------------------------------

  listLists(query: ListQuery, signal?: AbortSignal): Promise<Page<ContactList>> {
    return this.page('lists.list', ContactListSchema, query, signal);
  }

  listsMetadata(query: MetadataQuery = {}, signal?: AbortSignal): Promise<MetadataResult> {
    return this.metadata('lists.metadata', query, signal);
  }

  getList(id: string, signal?: AbortSignal): Promise<ContactList> {
    return this.record('lists.get', ContactListSchema, id, signal);
  }

  /** `POST /list-contact` answers `{id, name}`. */
  createList(input: ListCreate, signal?: AbortSignal): Promise<WriteResult> {
    return this.write('lists.create', { body: input, signal });
  }

  updateList(id: string, changes: ListUpdate, signal?: AbortSignal): Promise<WriteResult> {
    return this.write('lists.update', { params: { id }, body: changes, signal });
  }

  deleteList(id: string, signal?: AbortSignal): Promise<WriteResult> {
    return this.write('lists.delete', { params: { id }, signal });
  }

  /** Response undefined in the docs: the new list `{id, name}` or a DefaultResponse; `id` is read from either. */
  duplicateList(listId: string, newName: string, signal?: AbortSignal): Promise<WriteResult> {
    return this.write('lists.duplicate', { body: { list_id: listId, new_name: newName }, signal });
  }

  /** Starts verification of every contact in the list (spends verification credits; never retried). */
  verifyListContacts(listId: string, signal?: AbortSignal): Promise<StartedJob> {
    return this.job('lists.verifyContacts', { params: { id: listId }, signal });
  }

  /** Unverified path; body `{contact_ids}` assumed (the docs name only the permission). */
  addContactsToList(listId: string, contactIds: string[], signal?: AbortSignal): Promise<WriteResult> {
    if (!contactIds.length) return Promise.reject(refuse('lists.addContacts', t('Select at least one contact to add to the list.'), 'contact_ids'));
    return this.write('lists.addContacts', { params: { id: listId }, body: { contact_ids: contactIds }, signal });
  }

  // --- prospect catalog and credit-spending jobs -----------------------------------------------------------------

  /** Value suggestions for a filter field: `source` is the field (e.g. `job_title`), `search` what was typed. */
  prospectFilters(source: string, search: string, signal?: AbortSignal): Promise<Page<FilterSuggestion>> {
    return this.callRaw('prospect.filters', { body: { source, search }, signal }).then((body) =>
      readPage(FilterSuggestionSchema, body, 'prospect.filters'),
    );
  }

  listProspects(query: ListQuery & { allContacts?: boolean }, signal?: AbortSignal): Promise<Page<Prospect>> {
    return this.page('prospect.list', ProspectSchema, query, signal, { all_contacts: query.allContacts ?? false });
  }

  /** Unlock the prospects matching `filters`, best first. Spends credits: sent once, never retried. */
  unlockContacts(
    options: { filters: Filters; orderBy?: SortOrder; totalRecords: number; syncHubspot?: boolean },
    signal?: AbortSignal,
  ): Promise<StartedJob> {
    if (!Number.isInteger(options.totalRecords) || options.totalRecords < 1) {
      return Promise.reject(refuse('prospect.unlock', t('Say how many prospects to unlock (a whole number, at least 1).'), 'total_records'));
    }
    return this.job('prospect.unlock', {
      body: {
        filters: options.filters,
        order_by: options.orderBy ?? { score: 'DESC' },
        total_records: options.totalRecords,
        sync_hubspot: options.syncHubspot ?? false,
      },
      signal,
    });
  }

  /** Unlock the chosen prospects. Spends credits: sent once, never retried. */
  unlockSelectedContacts(ids: string[], syncHubspot = false, signal?: AbortSignal): Promise<StartedJob> {
    if (!ids.length) return Promise.reject(refuse('prospect.unlockSelected', t('Select at least one prospect to unlock.'), 'ids'));
    return this.job('prospect.unlockSelected', { body: { ids, sync_hubspot: syncHubspot }, signal });
  }

  /** Verify email addresses. Spends verification credits: sent once, never retried. */
  verifyEmails(emails: Array<{ email: string; contactId: string }>, syncHubspot = false, signal?: AbortSignal): Promise<StartedJob> {
    if (!emails.length) return Promise.reject(refuse('emails.verify', t('Choose at least one email address to verify.'), 'emails'));
    return this.job('emails.verify', {
      body: { emails: emails.map((e) => ({ email: e.email, contact_id: e.contactId })), sync_hubspot: syncHubspot },
      signal,
    });
  }

  // --- products, opportunities, pipelines (paths unverified) ----------------------------------------------------

  listProducts(query: ListQuery, signal?: AbortSignal): Promise<Page<Product>> {
    return this.page('products.list', ProductSchema, query, signal);
  }

  productsMetadata(query: MetadataQuery = {}, signal?: AbortSignal): Promise<MetadataResult> {
    return this.metadata('products.metadata', query, signal);
  }

  getProduct(id: string, signal?: AbortSignal): Promise<Product> {
    return this.record('products.get', ProductSchema, id, signal);
  }

  createProduct(input: ProductCreate, signal?: AbortSignal): Promise<WriteResult> {
    return this.write('products.create', { body: input, signal });
  }

  updateProduct(id: string, changes: ProductUpdate, signal?: AbortSignal): Promise<WriteResult> {
    return this.write('products.update', { params: { id }, body: changes, signal });
  }

  deleteProduct(id: string, signal?: AbortSignal): Promise<WriteResult> {
    return this.write('products.delete', { params: { id }, signal });
  }

  listOpportunities(query: ListQuery, signal?: AbortSignal): Promise<Page<Opportunity>> {
    return this.page('opportunities.list', OpportunitySchema, query, signal);
  }

  opportunitiesMetadata(query: MetadataQuery = {}, signal?: AbortSignal): Promise<MetadataResult> {
    return this.metadata('opportunities.metadata', query, signal);
  }

  getOpportunity(id: string, signal?: AbortSignal): Promise<Opportunity> {
    return this.record('opportunities.get', OpportunitySchema, id, signal);
  }

  createOpportunity(input: OpportunityCreate, signal?: AbortSignal): Promise<WriteResult> {
    return this.write('opportunities.create', { body: input, signal });
  }

  updateOpportunity(id: string, changes: OpportunityUpdate, signal?: AbortSignal): Promise<WriteResult> {
    return this.write('opportunities.update', { params: { id }, body: changes, signal });
  }

  deleteOpportunity(id: string, signal?: AbortSignal): Promise<WriteResult> {
    return this.write('opportunities.delete', { params: { id }, signal });
  }

  listPipelines(query: ListQuery, signal?: AbortSignal): Promise<Page<Pipeline>> {
    return this.page('pipelines.list', PipelineSchema, query, signal);
  }

  getPipeline(id: string, signal?: AbortSignal): Promise<Pipeline> {
    return this.record('pipelines.get', PipelineSchema, id, signal);
  }

  pipelineStages(pipelineId: string, signal?: AbortSignal): Promise<Page<Stage>> {
    return this.callRaw('pipelines.stages', { params: { id: pipelineId }, signal }).then((body) =>
      readPage(StageSchema, body, 'pipelines.stages'),
    );
  }

  // --- machinery -------------------------------------------------------------------------------------------------

  private call<T>(name: MinotaurEndpointName, options: CallOptions & { schema: ZodType<T> }): Promise<T> {
    return callEndpoint(this.http, name, MINOTAUR_ENDPOINTS[name], options);
  }

  private callRaw(name: MinotaurEndpointName, options: CallOptions): Promise<unknown> {
    return callEndpointRaw(this.http, name, MINOTAUR_ENDPOINTS[name], options);
  }

  /** `{filters, paginate: {page, limit}, order_by?}` → a page read from an array, PaginateResponse or `{items}`. */
  private async page<T>(
    name: MinotaurEndpointName,
    schema: ZodType<T>,
    query: ListQuery,
    signal: AbortSignal | undefined,
    extra: Record<string, unknown> = {},
  ): Promise<Page<T>> {
    const body: ListBody & Record<string, unknown> = { filters: query.filters ?? {}, paginate: { page: query.page, limit: query.limit }, ...extra };
    if (query.orderBy) body.order_by = query.orderBy;
    const raw = await this.callRaw(name, { body, signal });
    return readPage(schema, raw, name, { offset: (query.page - 1) * query.limit });
  }

  private async metadata(name: MinotaurEndpointName, query: MetadataQuery, signal: AbortSignal | undefined): Promise<MetadataResult> {
    const body = { filters: query.filters ?? {}, paginate: { page: 1, limit: query.limit ?? 25 } };
    const { pagination } = await this.call(name, { body, signal, schema: MetadataBodySchema });
    return {
      totalRecords: pagination.total_records,
      totalPages: pagination.total_pages ?? undefined,
      currentPage: pagination.current_page ?? undefined,
    };
  }

  /** A single record: the body itself, or a DefaultResponse wrapping it in `data`. */
  private async record<T>(name: MinotaurEndpointName, schema: ZodType<T>, id: string, signal: AbortSignal | undefined): Promise<T> {
    return this.call(name, { params: { id }, signal, schema: unwrapped(schema) });
  }

  private async write(name: MinotaurEndpointName, options: CallOptions): Promise<WriteResult> {
    const raw = await this.callRaw(name, options);
    const body = asRecord(raw);
    failIfUnsuccessful(name, body);
    const data = asRecord(body?.data);
    const id = idOf(body?.id) ?? idOf(data?.id);
    return { id, message: typeof body?.message === 'string' ? body.message : undefined, raw };
  }

  private async job(name: MinotaurEndpointName, options: CallOptions): Promise<StartedJob> {
    const raw = await this.callRaw(name, options);
    const body = asRecord(raw);
    failIfUnsuccessful(name, body);
    const source = body && (idOf(body.id) || typeof body.status === 'string') ? body : (asRecord(body?.data) ?? body);
    return {
      id: idOf(source?.id),
      status: typeof source?.status === 'string' ? source.status : undefined,
      message: typeof body?.message === 'string' ? body.message : undefined,
      raw,
    };
  }
}

/** `{pagination: {...}}` as documented, or the pagination object itself. */
const MetadataBodySchema = z.union([MetadataSchema, PaginationSchema.transform((pagination) => ({ pagination }))]);

function unwrapped<T>(schema: ZodType<T>): ZodType<T> {
  return z.preprocess((body) => {
    const record = asRecord(body);
    const data = asRecord(record?.data);
    return record && !('id' in record) && data ? data : body;
  }, schema) as unknown as ZodType<T>;
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A 2xx DefaultResponse with `success: false` did not do the work: surface its message. */
function failIfUnsuccessful(operation: string, body: Record<string, unknown> | undefined): void {
  if (body?.success !== false) return;
  const said = typeof body.message === 'string' && body.message ? body.message : 'no reason given';
  throw new ApiError({ kind: 'validation', operation, message: t('The server did not complete {0}: {1}', operation, said) });
}
