/**
 * What each client puts on the wire (method, path, body, headers) and how it reads what comes back, against a
 * scripted loopback server. The sandbox tier (test/api) checks the same clients against the full fake APIs.
 */
import * as assert from 'node:assert/strict';
import { HttpClient } from '../../../src/api/http/httpClient';
import { MinotaurClient, readMinotaurError } from '../../../src/api/minotaur/client';
import { OpenProspectClient, readOpenProspectError } from '../../../src/api/openprospect/client';
import type { BlacklistEntryInput } from '../../../src/api/openprospect/schemas';
import { sendJson, startTestServer, type RecordedRequest, type TestServer } from './support/testServer';
import { failure } from '../../support/apiFailure';

type Route = (req: RecordedRequest) => [number, unknown] | [number, unknown, Record<string, string>];


describe('API clients on the wire', function () {
  this.timeout(10_000);
  let server: TestServer;
  let route: Route;

  before(async () => {
    server = await startTestServer((req, res) => {
      const [status, body, headers] = route(req);
      sendJson(res, status, body, headers);
    });
  });
  after(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    route = () => [200, {}];
  });

  const http = (prefix: string, reader = readMinotaurError) =>
    new HttpClient({
      baseUrl: server.url + prefix,
      authorization: prefix === '/api/ext' ? 'X-API-Key mnt_test_key' : 'Bearer op_test_key',
      timeoutMs: 2_000,
      maxRetries: 2,
      maxRetryWaitMs: 1_000,
      maxConcurrent: 4,
      retryBaseDelayMs: 1,
      readErrorBody: reader,
    });
  const last = () => server.requests[server.requests.length - 1] as RecordedRequest;

  describe('MinotaurClient', () => {
    let client: MinotaurClient;
    before(() => {
      client = new MinotaurClient(http('/api/ext'));
    });

    it('lists contacts with filters, paginate and order_by, and skips a malformed record', async () => {
      route = () => [200, [{ id: 'c1', first_name: 'Ana' }, { id: 'c2', score: 'high' }, { id: 'c3' }]];
      const page = await client.listContacts({ filters: { job_title: ['CTO'] }, page: 3, limit: 25, orderBy: { score: 'DESC' } });
      assert.deepEqual(
        page.items.map((c) => c.id),
        ['c1', 'c3'],
      );
      assert.deepEqual(
        page.rejected.map((r) => [r.id, r.index]),
        [['c2', 1]],
      );
      assert.match(page.rejected[0]?.issues[0] ?? '', /^score: /);
      const req = last();
      assert.equal(req.method, 'POST');
      assert.equal(req.path, '/api/ext/contacts/list');
      assert.equal(req.headers.authorization, 'X-API-Key mnt_test_key');
      assert.deepEqual(req.body, { filters: { job_title: ['CTO'] }, paginate: { page: 3, limit: 25 }, order_by: { score: 'DESC' } });
    });

    it('accepts a PaginateResponse or {items} page as well as a bare array', async () => {
      route = () => [200, { data: [{ id: 'k1' }], pagination: { total_records: 51, current_page: 1, total_pages: 3 } }];
      const companies = await client.listCompanies({ page: 1, limit: 25 });
      assert.equal(companies.items[0]?.id, 'k1');
      assert.equal(companies.total, 51);
      assert.equal(last().path, '/api/ext/company/list');
      route = () => [200, { items: [{ id: 'l1', name: 'CTOs', rules: [] }] }];
      const lists = await client.listLists({ page: 1, limit: 10 });
      assert.equal(lists.items[0]?.name, 'CTOs');
      assert.equal(last().path, '/api/ext/list-contact/list');
    });

    it('reads contact metadata totals and sends the same body shape', async () => {
      route = () => [200, { pagination: { current_page: 1, total_records: 12345, total_pages: 247 } }];
      assert.deepEqual(await client.contactsMetadata({ filters: { industry: [] }, limit: 50 }), { totalRecords: 12345, totalPages: 247, currentPage: 1 });
      assert.deepEqual(last().body, { filters: { industry: [] }, paginate: { page: 1, limit: 50 } });
      route = () => [200, { pagination: { current_page: 1 } }];
      assert.equal((await failure(client.contactsMetadata())).kind, 'badResponse');
    });

    it('gets, creates, updates (changed fields only) and deletes a contact', async () => {
      route = () => [200, { id: 'c1', first_name: 'Ana', x: 1 }];
      assert.equal((await client.getContact('c 1/2')).x, 1);
      assert.equal(last().path, '/api/ext/contacts/c%201%2F2');
      route = () => [200, { success: true, data: { id: 'c1', first_name: 'Ana' } }];
      assert.equal((await client.getContact('c1')).id, 'c1', 'a DefaultResponse-wrapped record is unwrapped');
      route = () => [201, { success: true, data: { id: 'new-id' }, message: 'Created' }];
      const created = await client.createContact({ first_name: 'Ana', last_name: 'P', work_email: 'a@b.co', phone_numbers: [] });
      assert.deepEqual([created.id, created.message], ['new-id', 'Created']);
      assert.equal(last().method, 'POST');
      route = () => [200, { success: true, data: {}, message: 'Updated' }];
      await client.updateContact('c1', { job_title: 'CEO' });
      assert.deepEqual([last().method, last().path, last().body], ['PATCH', '/api/ext/contacts/c1', { job_title: 'CEO' }]);
      await client.deleteContact('c1');
      assert.deepEqual([last().method, last().path], ['DELETE', '/api/ext/contacts/c1']);
    });

    it('surfaces a 2xx DefaultResponse with success:false as a validation error', async () => {
      route = () => [200, { success: false, data: null, message: 'Email already exists' }];
      const error = await failure(client.createCompany({ type: 'company', company_name: 'Acme' }));
      assert.equal(error.kind, 'validation');
      assert.match(error.message, /Email already exists/);
    });

    it('maps a 400 with field messages onto fields', async () => {
      route = () => [400, { statusCode: 400, message: ['work_email must be an email'], error: 'Bad Request' }];
      const error = await failure(client.createContact({ first_name: 'A', last_name: 'B', work_email: 'x', phone_numbers: [] }));
      assert.equal(error.kind, 'validation');
      assert.deepEqual(error.fieldErrors, [{ field: 'work_email', message: 'work_email must be an email' }]);
      assert.equal(server.requests.length, 1);
    });

    it('sends the list operations to their paths', async () => {
      route = () => [201, { id: 'l9', name: 'New' }];
      const made = await client.createList({ name: 'New', description: '', rules: [{ field: 'job_title', operator: 'contains', value: 'CTO' }] });
      assert.equal(made.id, 'l9');
      route = () => [201, { success: true, data: { id: 'l10' } }];
      assert.equal((await client.duplicateList('l9', 'Copy')).id, 'l10');
      assert.deepEqual(last().body, { list_id: 'l9', new_name: 'Copy' });
      route = () => [200, { success: true, message: 'Added' }];
      await client.addContactsToList('l9', ['c1', 'c2']);
      assert.deepEqual([last().path, last().body], ['/api/ext/list-contact/l9/contacts', { contact_ids: ['c1', 'c2'] }]);
      route = () => [200, { success: true, data: {}, message: 'Verification started' }];
      const job = await client.verifyListContacts('l9');
      assert.equal(job.message, 'Verification started');
      assert.deepEqual([last().method, last().path, last().body], ['POST', '/api/ext/list-contact/verify-contacts/l9', undefined]);
    });

    it('always sends sync_hubspot explicitly, and reads the job', async () => {
      route = () => [200, { id: 'job-1', status: 'PENDING' }];
      const job = await client.unlockContacts({ filters: { location_country: ['CO'] }, totalRecords: 100 });
      assert.deepEqual([job.id, job.status], ['job-1', 'PENDING']);
      assert.deepEqual(last().body, { filters: { location_country: ['CO'] }, order_by: { score: 'DESC' }, total_records: 100, sync_hubspot: false });
      await client.unlockSelectedContacts(['p1']);
      assert.deepEqual(last().body, { ids: ['p1'], sync_hubspot: false });
      route = () => [200, { success: true, data: { id: 'job-2', status: 'PENDING' } }];
      const verify = await client.verifyEmails([{ email: 'a@b.co', contactId: 'c1' }], true);
      assert.equal(verify.id, 'job-2', 'a job wrapped in a DefaultResponse is read too');
      assert.deepEqual(last().body, { emails: [{ email: 'a@b.co', contact_id: 'c1' }], sync_hubspot: true });
    });

    it('sends a credit-spending call exactly once even when the server answers 503', async () => {
      route = () => [503, { statusCode: 503, message: 'Service Unavailable' }, { 'retry-after': '0' }];
      const error = await failure(client.unlockSelectedContacts(['p1', 'p2']));
      assert.equal(error.kind, 'server');
      assert.equal(server.requests.length, 1);
    });

    it('refuses empty credit-spending calls before sending anything', async () => {
      assert.equal((await failure(client.unlockSelectedContacts([]))).kind, 'validation');
      assert.equal((await failure(client.unlockContacts({ filters: {}, totalRecords: 0 }))).kind, 'validation');
      assert.equal((await failure(client.verifyEmails([]))).kind, 'validation');
      assert.equal(server.requests.length, 0);
    });

    it('a 2xx job answer of an unexpected shape still resolves (credits were spent)', async () => {
      route = () => [200, { queued: true }];
      const job = await client.unlockSelectedContacts(['p1']);
      assert.equal(job.id, undefined);
      assert.deepEqual(job.raw, { queued: true });
    });

    it('reads prospect suggestions and prospects with all_contacts', async () => {
      route = () => [200, [{ type: 'job_title', value: 'CTO' }, { type: 'job_title' }]];
      const suggestions = await client.prospectFilters('job_title', 'ct');
      assert.equal(suggestions.items.length, 1);
      assert.equal(suggestions.rejected.length, 1);
      assert.deepEqual(last().body, { source: 'job_title', search: 'ct' });
      route = () => [200, [{ id: 'p1', first_name: 'X', locked: true }]];
      const prospects = await client.listProspects({ filters: {}, page: 1, limit: 25, allContacts: true });
      assert.equal(prospects.items[0]?.locked, true);
      assert.deepEqual(last().body, { filters: {}, paginate: { page: 1, limit: 25 }, all_contacts: true });
    });

    it('says "not available on this server" for a 404 from an unverified collection path', async () => {
      route = () => [404, { statusCode: 404, message: 'Cannot POST /api/ext/products/list', error: 'Not Found' }];
      const error = await failure(client.listProducts({ page: 1, limit: 25 }));
      assert.equal(error.kind, 'notFound');
      assert.equal(error.unavailable, true);
      assert.match(error.message, /not available on this server/);
      route = () => [404, { statusCode: 404, message: 'Contact not found' }];
      const missing = await failure(client.getContact('nope'));
      assert.equal(missing.unavailable, false, 'a missing record is not a missing endpoint');
    });

    it('checks a key with /ping, falling back to the customer summary on 404', async () => {
      route = (req) => (req.path.endsWith('/ping') ? [404, { statusCode: 404, message: 'Not Found' }] : [200, { customer: { business_name: 'Acme' } }]);
      const check = await client.checkKey();
      assert.equal(check.via, 'customer.summary');
      assert.equal(check.summary?.customer?.business_name, 'Acme');
      route = () => [200, { ok: true }];
      assert.deepEqual(await client.checkKey(), { via: 'ping' });
      route = () => [401, { statusCode: 401, message: 'The provided API key is invalid or unauthorized.' }];
      assert.equal((await failure(client.checkKey())).kind, 'unauthorized');
    });

    it('reaches products, opportunities, pipelines and stages on their conventional paths', async () => {
      route = () => [200, [{ id: 'x', name: 'N' }]];
      await client.listOpportunities({ page: 1, limit: 5 });
      assert.equal(last().path, '/api/ext/opportunities/list');
      await client.listPipelines({ page: 1, limit: 5 });
      assert.equal(last().path, '/api/ext/pipelines/list');
      const stages = await client.pipelineStages('pl1');
      assert.deepEqual([last().method, last().path, stages.items[0]?.name], ['GET', '/api/ext/pipelines/pl1/stages', 'N']);
      route = () => [200, { id: 'pl1', name: 'Sales', stages: [{ id: 's1', name: 'Won' }] }];
      assert.equal((await client.getPipeline('pl1')).stages?.[0]?.name, 'Won');
      route = () => [201, { success: true, data: { id: 'pr1' } }];
      assert.equal((await client.createProduct({ name: 'Widget' })).id, 'pr1');
      assert.equal(last().path, '/api/ext/products');
    });
  });

  describe('OpenProspectClient', () => {
    let client: OpenProspectClient;
    before(() => {
      client = new OpenProspectClient(http('/api/v1', readOpenProspectError));
    });

    it('validates a key and extracts scopes from wherever the response puts them', async () => {
      route = () => [200, { key_id: 'k', scopes: ['orders:read', 'companies:read'] }];
      assert.deepEqual((await client.validate()).scopes, ['orders:read', 'companies:read']);
      assert.equal(last().headers.authorization, 'Bearer op_test_key');
      route = () => [200, { valid: true, api_key: { scopes: 'orders:read blacklists:write' } }];
      assert.deepEqual((await client.validate()).scopes, ['orders:read', 'blacklists:write']);
      route = () => [200, { valid: true }];
      const bare = await client.validate();
      assert.equal(bare.scopes, undefined);
      assert.equal(bare.raw.valid, true);
    });

    it('pages with limit/offset and reads `items`, else the only array (`orders`)', async () => {
      route = () => [200, { orders: [{ id: 'o1', status: 'RECEIVED' }, { status: 'bad, no id' }], total: 2 }];
      const page = await client.listOrders({ limit: 10, offset: 0 });
      assert.deepEqual(
        page.items.map((o) => o.id),
        ['o1'],
      );
      assert.equal(page.rejected.length, 1);
      assert.equal(page.total, 2);
      assert.equal(last().query.toString(), 'limit=10&offset=0');
      route = () => [200, { items: [{ id: 's1', name: 'ICP', status: 'ACTIVE' }], total: 1, limit: 50, offset: 0 }];
      assert.equal((await client.listProspectSearches()).items[0]?.name, 'ICP');
      assert.equal(last().query.toString(), '');
    });

    it('sends the Idempotency-Key on creating POSTs and refuses to create without one', async () => {
      route = () => [201, { id: 'o9', status: 'RECEIVED' }];
      const order = await client.createOrder({ title: 'Find', profile_id: 'p1', briefing_quantity: 10 }, 'idem-1');
      assert.deepEqual([order.id, order.record?.status], ['o9', 'RECEIVED']);
      assert.equal(last().headers['idempotency-key'], 'idem-1');
      route = () => [202, { id: 'spc1', status: 'PENDING' }];
      await client.createSearchProfile({ description: 'B2B SaaS in Colombia' }, 'idem-2');
      assert.deepEqual([last().path, last().headers['idempotency-key']], ['/api/v1/search-profile-creations', 'idem-2']);
      route = () => [201, { data: { id: 'b1', name: 'Competitors' } }];
      const blacklist = await client.createBlacklist({ name: 'Competitors' }, 'idem-3');
      assert.deepEqual([blacklist.id, blacklist.record?.name], ['b1', 'Competitors']);
      const count = server.requests.length;
      assert.equal((await failure(client.createBlacklist({ name: 'X' }, ''))).kind, 'validation');
      assert.equal(server.requests.length, count);
    });

    it('never retries an order creation', async () => {
      route = () => [503, { code: 'UNAVAILABLE', message: 'down' }];
      await failure(client.createOrder({ title: 'T', features: ['COMPANY_DATA'], companies: [{ company_name: 'A', external_id: '1' }] }, 'k'));
      assert.equal(server.requests.length, 1);
    });

    it('reads orders, results, search profile creations and deliveries', async () => {
      route = () => [200, { id: 'o1', status: 'COMPLETED' }];
      assert.equal((await client.getOrder('o1')).status, 'COMPLETED');
      route = () => [200, { order_id: 'o1', companies: [{ company_name: 'Acme', contacts: [{ email: 'a@acme.co' }] }] }];
      const results = await client.orderResults('o1');
      assert.equal(results.items[0]?.contacts?.[0]?.email, 'a@acme.co');
      assert.equal(last().path, '/api/v1/orders/o1/results');
      route = () => [200, { id: 'spc1', status: 'SUCCEEDED', profile_id: 'prof-1' }];
      assert.equal((await client.getSearchProfileCreation('spc1')).profile_id, 'prof-1');
      route = () => [200, { items: [{ id: 'co1', prospects: [{ id: 'pr1' }] }], total: 1 }];
      const delivered = await client.deliveredCompanies('s1', { deliveredSince: new Date('2026-01-02T03:04:05Z'), limit: 5 });
      assert.equal(delivered.items[0]?.prospects?.[0]?.id, 'pr1');
      assert.equal(last().path, '/api/v1/deliveries/s1/companies');
      assert.equal(last().query.get('delivered_since'), '2026-01-02T03:04:05.000Z');
    });

    it('filters companies by search and score, and reads company details', async () => {
      route = () => [200, { items: [{ id: 'c1', name: 'Acme', match_score: 8 }], total: 1 }];
      await client.listCompanies({ prospectSearchId: 's1', minMatchScore: 7, limit: 10 });
      assert.equal(last().query.toString(), 'limit=10&prospect_search_id=s1&min_match_score=7');
      route = () => [200, { id: 'c1', name: 'Acme' }];
      await client.getCompany('c1');
      route = () => [200, { items: [{ title: 'Engineer' }] }];
      assert.equal((await client.companyJobs('c1')).items[0]?.title, 'Engineer');
      route = () => [200, { total_jobs: 3 }];
      assert.deepEqual(await client.companyJobsSummary('c1'), { total_jobs: 3 });
      route = () => [200, [{ name: 'React' }]];
      assert.deepEqual(await client.companyWebtech('c1'), [{ name: 'React' }]);
      route = () => [200, { categories: {} }];
      await client.companyWebtechSummary('c1');
      assert.equal(last().path, '/api/v1/companies/c1/webtech-intel/summary');
    });

    it('refuses more than 10,000 blacklist entries in one call, before sending', async () => {
      const entries: BlacklistEntryInput[] = Array.from({ length: 10_001 }, (_, i) => ({ external_id: `e${i}` }));
      const error = await failure(client.addBlacklistEntries('b1', entries));
      assert.equal(error.kind, 'validation');
      assert.match(error.message, /10,001 given, at most 10,000/);
      assert.deepEqual(error.fieldErrors.map((e) => e.field), ['entries']);
      assert.equal(server.requests.length, 0);
      route = () => [201, { added: 10_000 }];
      const ok = await client.addBlacklistEntries('b1', entries.slice(0, 10_000), 'batch-1');
      assert.deepEqual(ok.raw, { added: 10_000 });
      assert.equal(server.requests.length, 1);
      assert.equal((last().body as { entries: unknown[] }).entries.length, 10_000);
      assert.equal(last().headers['idempotency-key'], 'batch-1');
    });

    it('lists and removes entries, and gets/sets the blacklists of a search', async () => {
      route = () => [200, { items: [{ id: 'e1', company_name: 'Acme' }], total: 21, limit: 10, offset: 20 }];
      const page = await client.listBlacklistEntries('b1', { limit: 10, offset: 20 });
      assert.equal(page.hasMore, false);
      route = () => [200, { removed: 2 }];
      await client.removeBlacklistEntries('b1', ['e1', 'e2']);
      assert.deepEqual([last().method, last().path, last().body], ['DELETE', '/api/v1/blacklists/b1/entries', { entry_ids: ['e1', 'e2'] }]);
      route = () => [200, { blacklist_ids: ['b1', 'b2'] }];
      assert.deepEqual((await client.searchBlacklists('s1')).ids, ['b1', 'b2']);
      route = () => [200, { items: [{ id: 'b3', name: 'Old clients' }] }];
      const assigned = await client.searchBlacklists('s1');
      assert.deepEqual([assigned.ids, assigned.items[0]?.name], [['b3'], 'Old clients']);
      route = () => [200, { blacklist_ids: [] }];
      await client.setSearchBlacklists('s1', []);
      assert.deepEqual([last().method, last().path, last().body], ['PUT', '/api/v1/prospect-searches/s1/blacklists', { blacklist_ids: [] }]);
    });

    it('updates and deletes blacklists and patches a prospect search', async () => {
      route = () => [200, { id: 'b1', name: 'Renamed' }];
      assert.equal((await client.updateBlacklist('b1', { name: 'Renamed' })).record?.name, 'Renamed');
      assert.deepEqual([last().method, last().body], ['PATCH', { name: 'Renamed' }]);
      route = () => [204, null];
      await client.deleteBlacklist('b1');
      assert.equal(last().method, 'DELETE');
      route = () => [200, { id: 's1', name: 'ICP 2' }];
      await client.updateProspectSearch('s1', { name: 'ICP 2' });
      assert.deepEqual([last().method, last().path], ['PATCH', '/api/v1/prospect-searches/s1']);
    });

    it('names the missing scope on a 403', async () => {
      route = () => [403, { code: 'AUTHORIZATION_ERROR', message: 'Missing required scopes: blacklists:write', details: { required_scopes: ['blacklists:write'] } }];
      const error = await failure(client.updateBlacklist('b1', { name: 'x' }));
      assert.equal(error.kind, 'forbidden');
      assert.equal(error.requirement, 'blacklists:write');
      assert.equal(error.code, 'AUTHORIZATION_ERROR');
    });
  });
});
