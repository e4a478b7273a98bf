/**
 * OpenProspectClient against the sandbox over HTTP (CRM_SANDBOX_URL from setup.ts): every client method at least
 * once, the documented error bodies and statuses, and injected faults. Order and profile lifecycles are moved
 * with the admin API (advanceOrder), never by sleeping.
 */
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { HttpClient, type HttpClientConfig } from '../../src/api/http/httpClient';
import { OpenProspectClient, readOpenProspectError } from '../../src/api/openprospect/client';
import type { BlacklistEntryInput } from '../../src/api/openprospect/schemas';
import { advanceOrder, clearFaults, injectFaults, resetSandbox, sandboxUrl, stats } from '../support/sandboxAdmin';
import { failure } from '../support/apiFailure';
import { trackCalls } from '../support/trackCalls';

const MISSING_UUID = '00000000-0000-4000-8000-000000000000';
/** Public methods of the client; the last test checks each was called at least once. */
const PUBLIC_METHODS = Object.getOwnPropertyNames(OpenProspectClient.prototype).filter(
  (name) => name !== 'constructor' && !['call', 'callRaw', 'page', 'create', 'write'].includes(name),
);
const called = new Set<string>();

function openProspect(key: string, overrides: Partial<HttpClientConfig> = {}): OpenProspectClient {
  const client = new OpenProspectClient(
    new HttpClient({
      baseUrl: `${sandboxUrl()}/api/v1`,
      authorization: `Bearer ${key}`,
      timeoutMs: 5_000,
      maxRetries: 2,
      maxRetryWaitMs: 2_000,
      maxConcurrent: 4,
      retryBaseDelayMs: 10,
      readErrorBody: readOpenProspectError,
      ...overrides,
    }),
  );
  return trackCalls(client, called);
}


async function countOf(method: string, template: string): Promise<number> {
  return (await stats()).requests.by_route[`${method} /api/v1${template}`] ?? 0;
}

/** Advance through the admin API until `status` (bounded: a lifecycle has a handful of steps). */
async function advanceUntil(id: string, status: string): Promise<void> {
  for (let step = 0; step < 10; step++) {
    if ((await advanceOrder(id)).status === status) return;
  }
  assert.fail(`${id} never reached ${status}`);
}

describe('OpenProspectClient against the sandbox', function () {
  this.timeout(30_000);
  const full = () => openProspect('op_sandbox_full');

  before(async () => {
    await resetSandbox();
  });
  afterEach(async () => {
    await clearFaults();
  });

  describe('reads', () => {
    it('validates keys and reads their scopes', async () => {
      const all = await full().validate();
      assert.ok(all.scopes?.includes('orders:write') && all.scopes.includes('prospect_searches:write'));
      const readonly = await openProspect('op_sandbox_readonly').validate();
      assert.ok(readonly.scopes && readonly.scopes.length > 0);
      assert.ok(readonly.scopes.every((s) => s.endsWith(':read')));
    });

    it('pages prospect searches and reads, patches one', async () => {
      const client = full();
      const first = await client.listProspectSearches({ limit: 1, offset: 0 });
      assert.equal(first.items.length, 1);
      assert.ok(first.total !== undefined && first.total >= 1);
      assert.equal(first.hasMore, first.total > 1);
      const search = await client.getProspectSearch(first.items[0]?.id ?? '');
      const renamed = await client.updateProspectSearch(search.id, { name: 'Renamed by test' });
      assert.equal(renamed.record?.name, 'Renamed by test');
      assert.equal((await client.getProspectSearch(search.id)).name, 'Renamed by test');
    });

    it('filters companies by search and score, and reads details, jobs and technologies', async () => {
      const client = full();
      const search = (await client.listProspectSearches()).items[0];
      assert.ok(search);
      const companies = await client.listCompanies({ prospectSearchId: search.id, minMatchScore: 5, limit: 20 });
      assert.ok(companies.items.length > 0);
      for (const c of companies.items) {
        assert.equal(c.prospect_search_id, search.id);
        assert.ok((c.match_score ?? 0) >= 5);
      }
      const id = companies.items[0]?.id ?? '';
      assert.equal((await client.getCompany(id)).id, id);
      const jobs = await client.companyJobs(id, { limit: 5 });
      assert.deepEqual(jobs.rejected, []);
      assert.equal(typeof (await client.companyJobsSummary(id)), 'object');
      assert.ok(await client.companyWebtech(id));
      assert.equal(typeof (await client.companyWebtechSummary(id)), 'object');
    });

    it('reads the same pages through the bulk-read transport (Export), and maps its errors', async () => {
      const search = (await full().listProspectSearches()).items[0];
      assert.ok(search);
      const plain = await full().listCompanies({ prospectSearchId: search.id, limit: 20, offset: 5 });
      assert.deepEqual(await full().forBulkReads().listCompanies({ prospectSearchId: search.id, limit: 20, offset: 5 }), plain);
      const revoked = await failure(openProspect('op_sandbox_revoked').forBulkReads().listCompanies({ limit: 5 }));
      assert.deepEqual([revoked.kind, revoked.status], ['unauthorized', 401]);
    });

    it('lists prospects and deliveries incrementally', async () => {
      const client = full();
      const prospects = await client.listProspects({ limit: 5 });
      assert.equal(prospects.items.length, 5);
      assert.equal((await client.getProspect(prospects.items[0]?.id ?? '')).id, prospects.items[0]?.id);
      const search = (await client.listProspectSearches()).items[0];
      assert.ok(search);
      const all = await client.deliveredCompanies(search.id, { limit: 100 });
      assert.ok(all.items.length > 1);
      const cursor = String(all.items[0]?.delivered_at);
      const later = await client.deliveredCompanies(search.id, { deliveredSince: cursor, limit: 100 });
      assert.ok(later.items.length < all.items.length);
      assert.ok(later.items.every((c) => String(c.delivered_at) > cursor));
    });
  });

  describe('orders', () => {
    it('creates a search profile, a discovery order from it, and reads its results when COMPLETED', async () => {
      const client = full();
      const creation = await client.createSearchProfile({ name: 'Fintechs in Colombia' }, randomUUID());
      assert.ok(creation.id);
      await advanceUntil(creation.id, 'SUCCEEDED');
      const done = await client.getSearchProfileCreation(creation.id);
      assert.equal(done.status, 'SUCCEEDED');
      assert.ok(done.profile_id);
      const order = await client.createOrder({ title: 'Discovery test', profile_id: String(done.profile_id), briefing_quantity: 3 }, randomUUID());
      assert.ok(order.id);
      assert.equal(order.record?.status, 'RECEIVED');
      await advanceUntil(order.id, 'COMPLETED');
      assert.equal((await client.getOrder(order.id)).status, 'COMPLETED');
      const results = await client.orderResults(order.id);
      assert.equal(results.items.length, 3);
      assert.deepEqual(results.rejected, []);
    });

    it('creates an enrichment order, lists orders (under `orders`), and replays the same Idempotency-Key', async () => {
      const client = full();
      const key = randomUUID();
      const body = { title: 'Enrich test', features: ['COMPANY_DATA'], companies: [{ company_name: 'Acme', external_id: 'crm-1', website_url: 'https://acme.example' }] };
      const first = await client.createOrder(body, key);
      const again = await client.createOrder(body, key);
      assert.equal(again.id, first.id, 'the same key must not create a second order');
      const other = await client.createOrder(body, randomUUID());
      assert.notEqual(other.id, first.id);
      const orders = await client.listOrders({ limit: 10 });
      assert.ok(orders.items.some((o) => o.id === first.id));
      assert.ok(orders.total !== undefined);
    });

    it('422: maps per-company validation errors', async () => {
      const error = await failure(full().createOrder({ title: 'Bad', features: ['COMPANY_DATA'], companies: [{ company_name: 'Acme', external_id: '' }] }, randomUUID()));
      assert.deepEqual([error.kind, error.status, error.code], ['validation', 422, 'VALIDATION_ERROR']);
      assert.ok(
        error.fieldErrors.some((e) => e.field.includes('external_id')),
        JSON.stringify(error.fieldErrors),
      );
    });
  });

  describe('blacklists', () => {
    it('creates, updates, fills, pages, empties, assigns and deletes a blacklist', async () => {
      const client = full();
      const created = await client.createBlacklist({ name: 'Competitors', description: 'test' }, randomUUID());
      assert.ok(created.id);
      const id = created.id;
      assert.ok((await client.listBlacklists()).items.some((b) => String(b.id) === id));
      await client.updateBlacklist(id, { name: 'Competitors 2' });
      assert.equal((await client.getBlacklist(id)).name, 'Competitors 2');

      const entries: BlacklistEntryInput[] = Array.from({ length: 30 }, (_, i) => ({ company_name: `Rival ${i}`, website_url: `https://rival${i}.example` }));
      await client.addBlacklistEntries(id, entries, randomUUID());
      const page1 = await client.listBlacklistEntries(id, { limit: 20, offset: 0 });
      const page2 = await client.listBlacklistEntries(id, { limit: 20, offset: 20 });
      assert.deepEqual([page1.items.length, page2.items.length, page1.total, page1.hasMore, page2.hasMore], [20, 10, 30, true, false]);
      await client.removeBlacklistEntries(
        id,
        page2.items.map((e) => e.id),
      );
      assert.equal((await client.listBlacklistEntries(id, { limit: 1 })).total, 20);

      const search = (await client.listProspectSearches()).items[0];
      assert.ok(search);
      await client.setSearchBlacklists(search.id, [id]);
      assert.deepEqual((await client.searchBlacklists(search.id)).ids, [id]);
      await client.setSearchBlacklists(search.id, []);
      assert.deepEqual((await client.searchBlacklists(search.id)).ids, []);
      await client.deleteBlacklist(id);
      assert.equal((await failure(client.getBlacklist(id))).kind, 'notFound');
    });

    it('sends 10,000 entries in one call, refuses 10,001 without sending', async () => {
      const client = full();
      const created = await client.createBlacklist({ name: 'Bulk' }, randomUUID());
      const entries: BlacklistEntryInput[] = Array.from({ length: 10_001 }, (_, i) => ({ external_id: `ext-${i}` }));
      const before = await countOf('POST', '/blacklists/:id/entries');
      const refused = await failure(client.addBlacklistEntries(created.id ?? '', entries));
      assert.equal(refused.kind, 'validation');
      assert.match(refused.message, /at most 10,000/);
      assert.equal(await countOf('POST', '/blacklists/:id/entries'), before);
      await client.addBlacklistEntries(created.id ?? '', entries.slice(0, 10_000));
      assert.equal((await client.listBlacklistEntries(created.id ?? '', { limit: 1 })).total, 10_000);
    });
  });

  describe('errors', () => {
    it('401: a revoked key is rejected', async () => {
      const error = await failure(openProspect('op_sandbox_revoked').validate());
      assert.deepEqual([error.kind, error.status, error.code], ['unauthorized', 401, 'AUTHENTICATION_ERROR']);
    });

    it('403: names the missing scope from details.required_scopes', async () => {
      const readonly = await failure(openProspect('op_sandbox_readonly').createBlacklist({ name: 'x' }, randomUUID()));
      assert.deepEqual([readonly.kind, readonly.requirement, readonly.code], ['forbidden', 'blacklists:write', 'AUTHORIZATION_ERROR']);
      const orders = openProspect('op_sandbox_orders');
      assert.ok((await orders.listOrders()).items);
      const companies = await failure(orders.listCompanies());
      assert.deepEqual([companies.kind, companies.requirement], ['forbidden', 'companies:read']);
      const deliveries = await failure(orders.deliveredCompanies(MISSING_UUID));
      assert.equal(deliveries.kind, 'forbidden');
      assert.match(deliveries.requirement ?? '', /companies:read/);
    });

    it('404: a missing order is notFound with the vendor code', async () => {
      const error = await failure(full().getOrder(MISSING_UUID));
      assert.deepEqual([error.kind, error.status, error.code], ['notFound', 404, 'NOT_FOUND']);
    });

    it('429: the rate-limited key surfaces rateLimited with retryAt, without waiting an hour', async () => {
      const limited = openProspect('op_sandbox_ratelimited');
      for (let i = 0; i < 3; i++) await limited.validate();
      const started = Date.now();
      const error = await failure(limited.listOrders());
      assert.deepEqual([error.kind, error.status, error.code], ['rateLimited', 429, 'RATE_LIMITED']);
      assert.ok(Date.now() - started < 1_000, 'gave up at once');
      assert.ok(error.retryAt && error.retryAt.getTime() - Date.now() > 60_000);
    });

    it('429/500/503 on a read are retried; on a create they are not', async () => {
      const before = await countOf('GET', '/blacklists');
      await injectFaults({ next: [{ kind: '503', retryAfterSeconds: 0, match: '^GET /api/v1/blacklists$' }, { kind: '500', match: '^GET /api/v1/blacklists$' }] });
      assert.ok((await full().listBlacklists()).items);
      assert.equal((await countOf('GET', '/blacklists')) - before, 3);
      const creates = await countOf('POST', '/orders');
      await injectFaults({ next: [{ kind: '503', retryAfterSeconds: 0, match: '^POST /api/v1/orders$' }] });
      const error = await failure(full().createOrder({ title: 'Once', features: ['COMPANY_DATA'], companies: [{ company_name: 'A', external_id: '1' }] }, randomUUID()));
      assert.deepEqual([error.kind, error.status], ['server', 503]);
      assert.equal((await countOf('POST', '/orders')) - creates, 1);
    });

    it('malformed JSON is a badResponse; schema-violating companies are skipped and reported', async () => {
      await injectFaults({ next: [{ kind: 'malformed', match: '^GET /api/v1/orders$' }] });
      assert.equal((await failure(full().listOrders())).kind, 'badResponse');
      await injectFaults({ next: [{ kind: 'schema', match: '^GET /api/v1/companies$' }] });
      const page = await full().listCompanies({ limit: 10 });
      assert.equal(page.rejected.length, 5);
      assert.equal(page.items.length, 5);
      assert.ok(page.rejected.every((r) => r.issues.some((i) => i.startsWith('match_score:'))));
    });

    it('a slow server is a timeout; a dropped connection is a network error', async () => {
      await injectFaults({ next: [{ kind: 'latency', latencyMs: 1_500, match: '^GET /api/v1/auth/validate' }] });
      const slow = await failure(openProspect('op_sandbox_full', { timeoutMs: 300, maxRetries: 0 }).validate());
      assert.equal(slow.kind, 'timeout');
      await injectFaults({ next: [{ kind: 'drop', match: '^DELETE /api/v1/blacklists/' }] });
      assert.equal((await failure(full().deleteBlacklist(MISSING_UUID))).kind, 'network');
    });
  });

  // A suite's own tests run before its child suites: this one is a child suite, defined last, so it runs last.
  describe('coverage', () => {
    it('exercised every public client method', () => {
      assert.deepEqual(
        PUBLIC_METHODS.filter((name) => !called.has(name)),
        [],
      );
    });
  });
});
