/**
 * MinotaurClient against the sandbox over HTTP (CRM_SANDBOX_URL from setup.ts): every client method at least
 * once, the documented error statuses, and faults injected through the admin API. The sandbox follows
 * api-minotaur.md; where it and the docs disagree, the docs win and the test says so.
 */
import * as assert from 'node:assert/strict';
import { HttpClient, type HttpClientConfig } from '../../src/api/http/httpClient';
import { MinotaurClient, readMinotaurError } from '../../src/api/minotaur/client';
import { MINOTAUR_ENDPOINTS } from '../../src/api/minotaur/endpoints';
import { clearFaults, injectFaults, resetSandbox, rotateKey, sandboxUrl, stats } from '../support/sandboxAdmin';
import { failure } from '../support/apiFailure';
import { trackCalls } from '../support/trackCalls';

const MISSING_UUID = '00000000-0000-4000-8000-000000000000';
/** Public methods of the client; the last test checks each was called at least once. */
const PUBLIC_METHODS = Object.getOwnPropertyNames(MinotaurClient.prototype).filter(
  (name) => name !== 'constructor' && !['call', 'callRaw', 'page', 'metadata', 'record', 'write', 'job'].includes(name),
);
const called = new Set<string>();

function minotaur(key: string, overrides: Partial<HttpClientConfig> = {}): MinotaurClient {
  const client = new MinotaurClient(
    new HttpClient({
      baseUrl: `${sandboxUrl()}/api/ext`,
      authorization: `X-API-Key ${key}`,
      timeoutMs: 5_000,
      maxRetries: 2,
      maxRetryWaitMs: 2_000,
      maxConcurrent: 4,
      retryBaseDelayMs: 10,
      readErrorBody: readMinotaurError,
      ...overrides,
    }),
  );
  return trackCalls(client, called);
}


/** Requests the sandbox counted for `METHOD /api/ext<template>`. */
async function countOf(method: string, template: string): Promise<number> {
  return (await stats()).requests.by_route[`${method} /api/ext${template}`] ?? 0;
}

describe('MinotaurClient against the sandbox', function () {
  this.timeout(20_000);
  const full = () => minotaur('mnt_sandbox_full');

  before(async () => {
    await resetSandbox();
  });
  afterEach(async () => {
    await clearFaults();
  });

  describe('reads', () => {
    it('checks the key with /ping and reads the account summary', async () => {
      assert.deepEqual(await full().checkKey(), { via: 'ping' });
      assert.notEqual(await full().ping(), undefined);
      const summary = await full().customerSummary();
      assert.equal(summary.customer?.business_name, 'Sandbox Full Access S.A.S.');
      assert.equal(typeof summary.subscription?.balance, 'number');
    });

    it('pages contacts with totals from metadata, filters and sorting', async () => {
      const client = full();
      const meta = await client.contactsMetadata({ limit: 25 });
      assert.ok(meta.totalRecords > 25);
      assert.equal(meta.totalPages, Math.ceil(meta.totalRecords / 25));
      const first = await client.listContacts({ page: 1, limit: 25 });
      const second = await client.listContacts({ page: 2, limit: 25 });
      assert.equal(first.items.length, 25);
      assert.deepEqual(first.rejected, []);
      assert.equal(new Set([...first.items, ...second.items].map((c) => c.id)).size, 50, 'pages do not overlap');

      const colombia = await client.listContacts({ filters: { location_country: ['CO'] }, page: 1, limit: 50 });
      assert.ok(colombia.items.length > 0);
      for (const c of colombia.items) assert.match(String(c.location_country), /co/i);
      const coMeta = await client.contactsMetadata({ filters: { location_country: ['CO'] } });
      assert.ok(coMeta.totalRecords < meta.totalRecords);

      const best = await client.listContacts({ page: 1, limit: 20, orderBy: { score: 'DESC' } });
      const scores = best.items.map((c) => c.score ?? 0);
      assert.deepEqual(scores, [...scores].sort((a, b) => b - a));

      const one = await client.getContact(first.items[0]?.id ?? '');
      assert.equal(one.id, first.items[0]?.id);
    });

    it('lists companies, lists, prospects, suggestions, products, opportunities and pipelines', async () => {
      const client = full();
      const companies = await client.listCompanies({ page: 1, limit: 10 });
      assert.equal(companies.items.length, 10);
      assert.ok((await client.companiesMetadata()).totalRecords >= 10);
      assert.equal((await client.getCompany(companies.items[0]?.id ?? '')).id, companies.items[0]?.id);

      const lists = await client.listLists({ page: 1, limit: 10 });
      assert.ok(lists.items.length > 0);
      assert.ok((await client.listsMetadata()).totalRecords >= lists.items.length);
      assert.equal((await client.getList(lists.items[0]?.id ?? '')).name, lists.items[0]?.name);

      const suggestions = await client.prospectFilters('job_title', 'a');
      assert.ok(suggestions.items.length > 0);
      assert.ok(suggestions.items.every((s) => s.value.toLowerCase().includes('a')));
      const prospects = await client.listProspects({ filters: {}, page: 1, limit: 10, allContacts: false });
      assert.equal(prospects.items.length, 10);
      assert.deepEqual(prospects.rejected, []);

      const products = await client.listProducts({ page: 1, limit: 5 });
      assert.ok(products.items.length > 0);
      assert.ok((await client.productsMetadata()).totalRecords > 0);
      assert.equal((await client.getProduct(products.items[0]?.id ?? '')).id, products.items[0]?.id);
      const opportunities = await client.listOpportunities({ page: 1, limit: 5 });
      assert.ok(opportunities.items.length > 0);
      assert.ok((await client.opportunitiesMetadata()).totalRecords > 0);
      assert.equal((await client.getOpportunity(opportunities.items[0]?.id ?? '')).id, opportunities.items[0]?.id);
      const pipelines = await client.listPipelines({ page: 1, limit: 5 });
      const pipeline = await client.getPipeline(pipelines.items[0]?.id ?? '');
      const stages = await client.pipelineStages(pipeline.id);
      assert.ok(stages.items.length > 0);
      assert.deepEqual(
        stages.items.map((s) => s.id),
        (pipeline.stages ?? []).map((s) => s.id),
      );
    });
  });

  describe('writes', () => {
    it('creates, reads, updates (changed fields only) and deletes a contact', async () => {
      const client = full();
      const created = await client.createContact({
        first_name: 'Zoë',
        last_name: "O'Brien <b>",
        work_email: 'zoe.obrien@example.com',
        phone_numbers: [],
        job_title: 'Head of Data',
      });
      assert.ok(created.id);
      const id = created.id;
      assert.equal((await client.getContact(id)).last_name, "O'Brien <b>");
      await client.updateContact(id, { job_title: 'CDO' });
      const after = await client.getContact(id);
      assert.deepEqual([after.job_title, after.first_name], ['CDO', 'Zoë']);
      await client.deleteContact(id);
      const gone = await failure(client.getContact(id));
      assert.equal(gone.kind, 'notFound');
      assert.equal(gone.unavailable, false);
    });

    it('creates, updates and deletes a company', async () => {
      const client = full();
      const created = await client.createCompany({ type: 'company', company_name: 'Acme Test S.A.', industry: 'Software' });
      assert.ok(created.id);
      await client.updateCompany(created.id, { size: '11-50' });
      assert.equal((await client.getCompany(created.id)).size, '11-50');
      await client.deleteCompany(created.id);
      assert.equal((await failure(client.getCompany(created.id))).kind, 'notFound');
    });

    it('creates, updates, duplicates, fills, verifies and deletes a list', async () => {
      const client = full();
      const created = await client.createList({ name: 'CTOs test', description: 'from tests', rules: [{ field: 'job_title', operator: 'contains', value: 'CTO' }] });
      assert.ok(created.id);
      await client.updateList(created.id, { description: 'renamed' });
      assert.equal((await client.getList(created.id)).description, 'renamed');
      const copy = await client.duplicateList(created.id, 'CTOs copy');
      assert.ok(copy.id && copy.id !== created.id);
      const contacts = await client.listContacts({ page: 1, limit: 2 });
      const added = await client.addContactsToList(created.id, contacts.items.map((c) => c.id));
      assert.match(added.message ?? '', /added/i);
      const before = await countOf('POST', '/list-contact/verify-contacts/:id');
      const job = await client.verifyListContacts(created.id);
      assert.equal(job.message, 'Verification started');
      assert.ok(job.id, 'the job id inside the DefaultResponse is read');
      assert.equal((await countOf('POST', '/list-contact/verify-contacts/:id')) - before, 1);
      await client.deleteList(copy.id);
      await client.deleteList(created.id);
      assert.equal((await failure(client.getList(created.id))).kind, 'notFound');
    });

    it('creates, updates and deletes a product and an opportunity', async () => {
      const client = full();
      const product = await client.createProduct({ name: 'Widget', price: 10, currency: 'USD' });
      assert.ok(product.id);
      await client.updateProduct(product.id, { price: 12 });
      assert.equal((await client.getProduct(product.id)).price, 12);
      const pipeline = (await client.listPipelines({ page: 1, limit: 1 })).items[0];
      const stage = pipeline?.stages?.[0];
      assert.ok(pipeline && stage);
      const opportunity = await client.createOpportunity({ name: 'Big deal', pipeline_id: pipeline.id, stage_id: stage.id, amount: 1000 });
      assert.ok(opportunity.id);
      await client.updateOpportunity(opportunity.id, { amount: 2000 });
      assert.equal((await client.getOpportunity(opportunity.id)).amount, 2000);
      await client.deleteOpportunity(opportunity.id);
      await client.deleteProduct(product.id);
      assert.equal((await failure(client.getProduct(product.id))).kind, 'notFound');
    });

    it('starts unlock and verify jobs, spending credits', async () => {
      const client = full();
      const balance = async () => (await client.customerSummary()).subscription?.balance ?? NaN;
      const start = await balance();
      const locked = await client.listProspects({ filters: {}, page: 1, limit: 2 });
      const selected = await client.unlockSelectedContacts(locked.items.map((p) => p.id));
      assert.equal(selected.status, 'PENDING');
      assert.ok(selected.id);
      const matching = await client.unlockContacts({ filters: {}, totalRecords: 3 });
      assert.deepEqual([typeof matching.id, matching.status], ['string', 'PENDING']);
      const contact = (await client.listContacts({ page: 1, limit: 1 })).items[0];
      assert.ok(contact?.work_email);
      const verify = await client.verifyEmails([{ email: contact.work_email, contactId: contact.id }]);
      assert.equal(verify.status, 'PENDING');
      assert.equal(await balance(), start - 2 - 3 - 1);
      const ledger = (await stats()).ledger.slice(-3);
      assert.deepEqual(
        ledger.map((e) => e.status),
        [201, 201, 201],
      );
    });
  });

  describe('errors', () => {
    it('400: maps validation messages onto fields', async () => {
      const error = await failure(full().createContact({ first_name: 'A', last_name: 'B', work_email: 'not-an-email', phone_numbers: [] }));
      assert.equal(error.kind, 'validation');
      assert.equal(error.status, 400);
      assert.ok(
        error.fieldErrors.some((e) => e.field === 'work_email'),
        JSON.stringify(error.fieldErrors),
      );
      const tooBig = await failure(full().listContacts({ page: 1, limit: 500 }));
      assert.equal(tooBig.kind, 'validation');
      assert.ok(
        tooBig.fieldErrors.some((e) => e.field === 'paginate.limit'),
        JSON.stringify(tooBig.fieldErrors),
      );
    });

    it('401: a rotated key is rejected, and so is a key rotated just now', async () => {
      const rotated = await failure(minotaur('mnt_sandbox_rotated').customerSummary());
      assert.equal(rotated.kind, 'unauthorized');
      assert.equal(rotated.status, 401);
      const client = minotaur('mnt_sandbox_contacts');
      await client.customerSummary();
      await rotateKey('mnt_sandbox_contacts');
      assert.equal((await failure(client.listContacts({ page: 1, limit: 1 }))).kind, 'unauthorized');
      assert.equal((await failure(client.checkKey())).kind, 'unauthorized');
    });

    it("403: the legacy 'invalid key' wording is a rejected key, a missing permission is named", async () => {
      const legacy = await failure(minotaur('mnt_sandbox_legacy403').customerSummary());
      assert.deepEqual([legacy.kind, legacy.status], ['unauthorized', 403]);
      const readonly = await failure(minotaur('mnt_sandbox_readonly').createContact({ first_name: 'A', last_name: 'B', work_email: 'a@b.co', phone_numbers: [] }));
      assert.deepEqual([readonly.kind, readonly.requirement], ['forbidden', 'contacts:create']);
      assert.match(readonly.message, /contacts:create/);
      const noCredits = await failure(minotaur('mnt_sandbox_nocredits').unlockContacts({ filters: {}, totalRecords: 1 }));
      assert.deepEqual([noCredits.kind, noCredits.requirement], ['forbidden', 'payment_prospect:create']);
    });

    it('404: a missing record is notFound', async () => {
      const error = await failure(full().getContact(MISSING_UUID));
      assert.deepEqual([error.kind, error.status, error.unavailable], ['notFound', 404, false]);
    });

    it('429: a read waits out a short Retry-After and succeeds; a long one surfaces with retryAt', async () => {
      const before = await countOf('GET', '/customer/summary');
      await injectFaults({ next: [{ kind: '429', retryAfterSeconds: 1, match: '^GET /api/ext/customer/summary' }] });
      const summary = await full().customerSummary();
      assert.ok(summary.subscription);
      assert.equal((await countOf('GET', '/customer/summary')) - before, 2);
      await injectFaults({ next: [{ kind: '429', retryAfterSeconds: 600, match: '^GET /api/ext/customer/summary' }] });
      const error = await failure(full().customerSummary());
      assert.equal(error.kind, 'rateLimited');
      assert.ok(error.retryAt && error.retryAt.getTime() - Date.now() > 590_000);
    });

    it('500/502: a read is retried and succeeds; a write is sent once and fails', async () => {
      const before = await countOf('POST', '/contacts/list');
      await injectFaults({ next: [{ kind: '500', match: '^POST /api/ext/contacts/list' }, { kind: '502', match: '^POST /api/ext/contacts/list' }] });
      const page = await full().listContacts({ page: 1, limit: 5 });
      assert.equal(page.items.length, 5);
      assert.equal((await countOf('POST', '/contacts/list')) - before, 3);
      const creates = await countOf('POST', '/company');
      await injectFaults({ next: [{ kind: '500', match: '^POST /api/ext/company$' }] });
      const error = await failure(full().createCompany({ type: 'company', company_name: 'Once Only' }));
      assert.deepEqual([error.kind, error.status], ['server', 500]);
      assert.equal((await countOf('POST', '/company')) - creates, 1);
    });

    it('bulk-read transport (Export): same pages, reads retried after 500/drop/malformed body, errors mapped, key never in them', async () => {
      const bulk = full().forBulkReads();
      const plain = await full().listContacts({ page: 3, limit: 50 });
      const viaBulk = await bulk.listContacts({ page: 3, limit: 50 });
      assert.deepEqual(viaBulk, plain);
      const before = await countOf('POST', '/contacts/list');
      await injectFaults({ next: [{ kind: '500', match: '^POST /api/ext/contacts/list' }, { kind: 'drop', match: '^POST /api/ext/contacts/list' }] });
      assert.equal((await bulk.listContacts({ page: 1, limit: 5 })).items.length, 5);
      assert.equal((await countOf('POST', '/contacts/list')) - before, 3, 'two failed attempts, then the answer');
      // A broken body on a read is asked again too (maxRetries 2): once → the answer; three times → one badResponse.
      const beforeMalformed = await countOf('POST', '/contacts/list');
      await injectFaults({ next: [{ kind: 'malformed', match: '^POST /api/ext/contacts/list' }] });
      assert.deepEqual(await bulk.listContacts({ page: 3, limit: 50 }), plain);
      assert.equal((await countOf('POST', '/contacts/list')) - beforeMalformed, 2, 'one malformed answer, then the page');
      const beforeBroken = await countOf('POST', '/contacts/list');
      await injectFaults({ next: [1, 2, 3].map(() => ({ kind: 'malformed' as const, match: '^POST /api/ext/contacts/list' })) });
      const broken = await failure(bulk.listContacts({ page: 1, limit: 5 }));
      assert.deepEqual([broken.kind, broken.status], ['badResponse', 200]);
      assert.match(broken.message, /not valid JSON/);
      assert.equal((await countOf('POST', '/contacts/list')) - beforeBroken, 3, 'the first attempt and maxRetries (2) retries, no more');
      const rejected = await failure(minotaur('mnt_sandbox_rotated').forBulkReads().listContacts({ page: 1, limit: 5 }));
      assert.deepEqual([rejected.kind, rejected.status], ['unauthorized', 401]);
      assert.ok(!rejected.message.includes('mnt_sandbox_rotated'));
      const refused = await failure(bulk.listContacts({ page: 1, limit: 5000 }));
      assert.equal(refused.kind, 'validation');
      const abort = new AbortController();
      abort.abort();
      assert.equal((await failure(bulk.listContacts({ page: 1, limit: 5 }, abort.signal))).kind, 'cancelled');
    });

    it('sends an unlock exactly once even when the server answers 503', async () => {
      const template = MINOTAUR_ENDPOINTS['prospect.unlockSelected'].path;
      const before = await stats();
      const ids = (await full().listProspects({ filters: {}, page: 1, limit: 1 })).items.map((p) => p.id);
      await injectFaults({ next: [{ kind: '503', retryAfterSeconds: 0, match: `^POST /api/ext${template}` }] });
      const error = await failure(full().unlockSelectedContacts(ids));
      assert.deepEqual([error.kind, error.status], ['server', 503]);
      const after = await stats();
      const route = `POST /api/ext${template}`;
      assert.equal((after.requests.by_route[route] ?? 0) - (before.requests.by_route[route] ?? 0), 1);
      assert.equal(after.credit_calls.total, before.credit_calls.total, 'the faulted call never reached the handler');
    });

    it('malformed JSON is a badResponse; schema-violating records are skipped and reported', async () => {
      await injectFaults({ next: [{ kind: 'malformed', match: '^GET /api/ext/customer/summary' }] });
      const malformed = await failure(full().customerSummary());
      assert.equal(malformed.kind, 'badResponse');
      await injectFaults({ next: [{ kind: 'schema', match: '^POST /api/ext/contacts/list' }] });
      const page = await full().listContacts({ page: 1, limit: 10 });
      assert.equal(page.items.length, 5, 'every other record is broken');
      assert.equal(page.rejected.length, 5);
      assert.deepEqual(
        page.rejected.map((r) => r.index),
        [0, 2, 4, 6, 8],
      );
      assert.ok(page.rejected.every((r) => r.id !== undefined && r.issues.some((i) => i.startsWith('id:'))));
    });

    it('a server slower than the timeout is a timeout; a dropped connection is a network error', async () => {
      await injectFaults({ next: [{ kind: 'latency', latencyMs: 1_500, match: '^GET /api/ext/customer/summary' }] });
      const slow = await failure(minotaur('mnt_sandbox_full', { timeoutMs: 300, maxRetries: 0 }).customerSummary());
      assert.equal(slow.kind, 'timeout');
      await injectFaults({ next: [{ kind: 'drop', match: '^DELETE /api/ext/contacts/' }] });
      const dropped = await failure(full().deleteContact(MISSING_UUID));
      assert.equal(dropped.kind, 'network');
    });
  });

  // A suite's own tests run before its child suites: this one is a child suite, defined last, so it runs last.
  describe('coverage', () => {
    it('exercised every public client method', () => {
      assert.ok(PUBLIC_METHODS.length > 40);
      assert.deepEqual(
        PUBLIC_METHODS.filter((name) => !called.has(name)),
        [],
      );
    });
  });
});
