/**
 * The sandbox against the vendors' documents (../shared/docs/api-minotaur.md, api-openprospect.md): each
 * documented request is replayed with plain fetch and the answer checked for the documented status and shape.
 * The sandbox follows the documents, not our client, so this file never imports client code.
 * Synchronisation is by the admin API (advance an order) or bounded polling, never by fixed sleeps.
 */
import assert from 'node:assert/strict';
import { startSandbox } from '../../sandbox/server';
import { advanceOrder, clearFaults, injectFaults, resetSandbox, rotateKey, sandboxUrl, setBalance, stateContact, stats } from '../support/sandboxAdmin';

// ---------------------------------------------------------------------------------------------- helpers

type Obj = Record<string, unknown>;
interface Reply<T> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MNT_FULL = 'mnt_sandbox_full';
const OP_FULL = 'op_sandbox_full';
const INVALID_KEY_BODY = { statusCode: 401, message: 'The provided API key is invalid or unauthorized.' };
const MISSING_UUID = '00000000-0000-4000-8000-000000000000';

async function call<T>(base: string, method: string, path: string, init: { headers?: Record<string, string>; body?: unknown } = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  const request: RequestInit = { method, headers };
  if (init.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    request.body = JSON.stringify(init.body);
  }
  const res = await fetch(`${base}${path}`, request);
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, body: body as T, headers: res.headers, text };
}

/** Minotaur: `Authorization: X-API-Key <key>`; pass key null to send no Authorization header. */
function mnt<T = Obj>(method: string, path: string, body?: unknown, key: string | null = MNT_FULL, base = sandboxUrl()): Promise<Reply<T>> {
  return call<T>(base, method, `/api/ext${path}`, { headers: key === null ? {} : { Authorization: `X-API-Key ${key}` }, body });
}

/** OpenProspect: `Authorization: Bearer <key>`. */
function op<T = Obj>(method: string, path: string, opts: { body?: unknown; key?: string | null; headers?: Record<string, string> } = {}): Promise<Reply<T>> {
  const key = opts.key === undefined ? OP_FULL : opts.key;
  const headers = { ...(key === null ? {} : { Authorization: `Bearer ${key}` }), ...(opts.headers ?? {}) };
  return call<T>(sandboxUrl(), method, `/api/v1${path}`, { headers, body: opts.body });
}

/** Re-run `read` until `done` holds, at most `tries` times (bounded polling, not a sleep-based sync). */
async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, tries = 100): Promise<T> {
  let value = await read();
  for (let i = 0; i < tries && !done(value); i++) {
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 25));
    value = await read();
  }
  return value;
}

interface NestError {
  statusCode: number;
  message: string | string[];
  error?: string;
}
interface DefaultResponse<T = Obj> {
  success: boolean;
  data: T;
  message: string;
}
interface Pagination {
  current_page: number;
  total_records: number;
  total_pages: number;
}
interface PaginateResponse<T = Obj> {
  data: T[];
  pagination: Pagination;
}
interface OpError {
  code: string;
  message: string;
  details?: { errors?: Array<{ field: string; message: string; index?: number }>; required_scopes?: string[]; retry_after?: number; status?: string };
}
interface OpPage<T = Obj> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
  has_more: boolean;
}

const page = (p: number, limit: number, filters: Obj = {}, extra: Obj = {}) => ({ filters, paginate: { page: p, limit }, ...extra });

function messages(body: NestError): string[] {
  return Array.isArray(body.message) ? body.message : [body.message];
}

function assertNestError(reply: Reply<NestError>, status: number, error: string): void {
  assert.equal(reply.status, status);
  assert.equal(reply.body.statusCode, status);
  assert.equal(reply.body.error, error);
}

function assertOpError(reply: Reply<OpError>, status: number, code: string): void {
  assert.equal(reply.status, status, reply.text);
  assert.equal(reply.body.code, code);
  assert.equal(typeof reply.body.message, 'string');
  assert.ok(reply.body.message.length > 0);
}

async function firstContacts(limit = 50): Promise<Obj[]> {
  const reply = await mnt<Obj[]>('POST', '/contacts/list', page(1, limit));
  assert.equal(reply.status, 200);
  return reply.body;
}

async function balance(key = MNT_FULL): Promise<number> {
  const reply = await mnt<{ subscription: { balance: number } }>('GET', '/customer/summary', undefined, key);
  assert.equal(reply.status, 200);
  return reply.body.subscription.balance;
}

// ---------------------------------------------------------------------------------------------- Minotaur

describe('sandbox contract: Minotaur Sales (/api/ext)', function () {
  this.timeout(20_000);
  before(resetSandbox);

  describe('authentication and permissions', () => {
    it('answers 401 with the exact documented body for a missing, unknown or wrongly-formatted key', async () => {
      for (const [key, scheme] of [[null, ''], ['not_a_key', 'X-API-Key'], [MNT_FULL, 'Bearer']] as const) {
        const headers: Record<string, string> = key === null ? {} : { Authorization: `${scheme} ${key}` };
        const reply = await call<Obj>(sandboxUrl(), 'GET', '/api/ext/customer/summary', { headers });
        assert.equal(reply.status, 401, `${scheme} ${String(key)}`);
        assert.deepEqual(reply.body, INVALID_KEY_BODY);
      }
    });

    it('answers 401 for the rotated demo key and for a key rotated through the admin API', async () => {
      const rotated = await mnt('GET', '/ping', undefined, 'mnt_sandbox_rotated');
      assert.equal(rotated.status, 401);
      assert.deepEqual(rotated.body, INVALID_KEY_BODY);
      assert.equal((await mnt('GET', '/ping', undefined, 'mnt_sandbox_contacts')).status, 200);
      await rotateKey('mnt_sandbox_contacts');
      const after = await mnt('GET', '/ping', undefined, 'mnt_sandbox_contacts');
      assert.equal(after.status, 401);
      assert.deepEqual(after.body, INVALID_KEY_BODY);
      await resetSandbox();
      assert.equal((await mnt('GET', '/ping', undefined, 'mnt_sandbox_contacts')).status, 200);
    });

    it('answers the older page\'s 403 "invalid key" for the legacy key', async () => {
      const reply = await mnt<NestError>('GET', '/customer/summary', undefined, 'mnt_sandbox_legacy403');
      assertNestError(reply, 403, 'Forbidden');
      assert.equal(reply.body.message, INVALID_KEY_BODY.message);
    });

    it('GET /ping checks a key', async () => {
      const reply = await mnt('GET', '/ping');
      assert.equal(reply.status, 200);
      assert.equal(reply.body.status, 'ok');
    });

    it('answers 403 naming the missing permission, NestJS style', async () => {
      const cases: Array<[string, string, string, unknown, string]> = [
        ['mnt_sandbox_readonly', 'POST', '/contacts', { first_name: 'A', last_name: 'B', work_email: 'a@b.co', phone_numbers: [] }, 'contacts:create'],
        ['mnt_sandbox_contacts', 'POST', '/company/list', page(1, 5), 'companies:read'],
        ['mnt_sandbox_nocredits', 'POST', '/service-handler/unlock-selected-contacts', { ids: [MISSING_UUID], sync_hubspot: false }, 'payment_prospect:create'],
        ['mnt_sandbox_nocredits', 'POST', '/service-handler/verify-email', { emails: [], sync_hubspot: false }, 'verify_email:create'],
        ['mnt_sandbox_readonly', 'DELETE', `/contacts/${MISSING_UUID}`, undefined, 'contacts:delete'],
      ];
      for (const [key, method, path, body, permission] of cases) {
        const reply = await mnt<NestError>(method, path, body, key);
        assertNestError(reply, 403, 'Forbidden');
        assert.equal(reply.body.message, `Missing permission: ${permission}`);
      }
    });

    it('answers 404 NestJS style for an unknown route and an unknown record', async () => {
      const route = await mnt<NestError>('GET', '/nothing-here');
      assertNestError(route, 404, 'Not Found');
      assert.equal(route.body.message, 'Cannot GET /api/ext/nothing-here');
      const record = await mnt<NestError>('GET', `/contacts/${MISSING_UUID}`);
      assertNestError(record, 404, 'Not Found');
      const badId = await mnt<NestError>('GET', '/contacts/not-a-uuid');
      assertNestError(badId, 400, 'Bad Request');
    });
  });

  describe('customer summary', () => {
    it('has the documented shape and a numeric credit balance', async () => {
      const reply = await mnt<{ customer: Obj; users_count: number; subscription: Obj & { tier: Obj } }>('GET', '/customer/summary');
      assert.equal(reply.status, 200);
      for (const field of ['id', 'business_name', 'status']) assert.ok(field in reply.body.customer, field);
      assert.equal(typeof reply.body.users_count, 'number');
      assert.equal(reply.body.subscription.balance, 5000);
      assert.equal(typeof reply.body.subscription.price, 'string');
      for (const field of ['id', 'title', 'tier', 'is_free', 'price']) assert.ok(field in reply.body.subscription.tier, field);
    });
  });

  describe('contacts', () => {
    it('POST /contacts/list answers a bare array of contacts, paged', async () => {
      const first = await mnt<Obj[]>('POST', '/contacts/list', page(1, 10));
      assert.equal(first.status, 200);
      assert.ok(Array.isArray(first.body));
      assert.equal(first.body.length, 10);
      for (const c of first.body) {
        assert.match(String(c.id), UUID);
        assert.equal(typeof c.first_name, 'string');
        assert.ok(Array.isArray(c.phone_numbers));
        assert.equal(typeof c.score, 'number');
        assert.ok(typeof c.custom_fields === 'object' && c.custom_fields !== null);
      }
      const second = await mnt<Obj[]>('POST', '/contacts/list', page(2, 10));
      assert.notDeepEqual(second.body.map((c) => c.id), first.body.map((c) => c.id));
      const beyond = await mnt<Obj[]>('POST', '/contacts/list', page(1000, 10));
      assert.deepEqual(beyond.body, []);
    });

    it('POST /contacts/metadata answers {pagination: {current_page, total_records, total_pages}}', async () => {
      const reply = await mnt<{ pagination: Pagination }>('POST', '/contacts/metadata', page(3, 25));
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.body, { pagination: { current_page: 3, total_records: 2000, total_pages: 80 } });
    });

    it('rejects paginate.limit above 100 with 400 naming the maximum, and other bad paging', async () => {
      const reply = await mnt<NestError>('POST', '/contacts/list', page(1, 101));
      assertNestError(reply, 400, 'Bad Request');
      assert.ok(messages(reply.body).includes('paginate.limit must not be greater than 100'), reply.text);
      const zero = await mnt<NestError>('POST', '/contacts/metadata', page(0, 10));
      assert.equal(zero.status, 400);
      assert.ok(messages(zero.body).some((m) => m.startsWith('paginate.page ')));
    });

    it('filters: contains, case-insensitive; OR within a field, AND across fields; [] = no filter', async () => {
      const co = await mnt<Obj[]>('POST', '/contacts/list', page(1, 100, { location_country: ['co'] }));
      assert.ok(co.body.length > 0);
      assert.ok(co.body.every((c) => c.location_country === 'CO'));
      const either = await mnt<Obj[]>('POST', '/contacts/list', page(1, 100, { job_title: ['CTO', 'Founder'] }));
      assert.ok(either.body.some((c) => c.job_title === 'CTO'));
      assert.ok(either.body.some((c) => String(c.job_title).includes('Founder')));
      // Contains, case-insensitive: "Director" matches "cto" too.
      assert.ok(either.body.every((c) => /cto|founder/i.test(String(c.job_title))));
      assert.ok(either.body.some((c) => String(c.job_title).includes('Director')));
      const both = await mnt<Obj[]>('POST', '/contacts/list', page(1, 100, { job_title: ['CTO'], location_country: ['CO'] }));
      assert.ok(both.body.length > 0);
      assert.ok(both.body.every((c) => /cto/i.test(String(c.job_title)) && c.location_country === 'CO'));
      const empty = await mnt<{ pagination: Pagination }>('POST', '/contacts/metadata', page(1, 10, { location_country: [], industry: [] }));
      assert.equal(empty.body.pagination.total_records, 2000);
      const narrowed = await mnt<{ pagination: Pagination }>('POST', '/contacts/metadata', page(1, 10, { location_country: ['CO'] }));
      assert.ok(narrowed.body.pagination.total_records < 2000);
    });

    it('rejects unknown filter fields and non-array filter values with 400', async () => {
      const unknown = await mnt<NestError>('POST', '/contacts/list', page(1, 10, { favourite_colour: ['red'] }));
      assertNestError(unknown, 400, 'Bad Request');
      assert.ok(messages(unknown.body).some((m) => m.startsWith('filters.favourite_colour ')));
      const scalar = await mnt<NestError>('POST', '/contacts/list', page(1, 10, { job_title: 'CTO' }));
      assert.equal(scalar.status, 400);
      assert.ok(messages(scalar.body).some((m) => m.startsWith('filters.job_title ')));
    });

    it('order_by {score} sorts (sandbox extension) and rejects other fields', async () => {
      const desc = await mnt<Obj[]>('POST', '/contacts/list', page(1, 50, {}, { order_by: { score: 'DESC' } }));
      const scores = desc.body.map((c) => Number(c.score));
      assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
      assert.equal(scores[0], 100);
      const asc = await mnt<Obj[]>('POST', '/contacts/list', page(1, 50, {}, { order_by: { score: 'ASC' } }));
      assert.equal(asc.body[0]?.score, 0);
      const bad = await mnt<NestError>('POST', '/contacts/list', page(1, 5, {}, { order_by: { last_name: 'ASC' } }));
      assert.equal(bad.status, 400);
    });

    it('create → get → patch → delete, with DefaultResponse bodies', async () => {
      const created = await mnt<DefaultResponse>('POST', '/contacts', { first_name: 'Ada', last_name: 'Lovelace', work_email: 'ada@analytical.engine', phone_numbers: [], job_title: 'Mathematician', custom_fields: { era: 'victorian' } });
      assert.equal(created.status, 201);
      assert.equal(created.body.success, true);
      assert.equal(typeof created.body.message, 'string');
      const id = String(created.body.data.id);
      assert.match(id, UUID);
      const got = await mnt('GET', `/contacts/${id}`);
      assert.equal(got.status, 200);
      assert.equal(got.body.first_name, 'Ada');
      assert.deepEqual(got.body.custom_fields, { era: 'victorian' });
      const patched = await mnt<DefaultResponse>('PATCH', `/contacts/${id}`, { job_title: 'Programmer', score: 99 });
      assert.equal(patched.status, 200);
      assert.equal(patched.body.success, true);
      assert.equal(patched.body.data.job_title, 'Programmer');
      assert.equal((await mnt('GET', `/contacts/${id}`)).body.score, 99);
      const total = await mnt<{ pagination: Pagination }>('POST', '/contacts/metadata', page(1, 10));
      assert.equal(total.body.pagination.total_records, 2001);
      const deleted = await mnt<DefaultResponse>('DELETE', `/contacts/${id}`);
      assert.equal(deleted.status, 200);
      assert.equal(deleted.body.success, true);
      assert.equal((await mnt('GET', `/contacts/${id}`)).status, 404);
    });

    it('validates bodies with 400 and messages that start with the field they name', async () => {
      const missing = await mnt<NestError>('POST', '/contacts', {});
      assertNestError(missing, 400, 'Bad Request');
      const fields = new Set(messages(missing.body).map((m) => m.split(' ')[0]));
      for (const field of ['first_name', 'last_name', 'work_email', 'phone_numbers']) assert.ok(fields.has(field), field);
      const email = await mnt<NestError>('POST', '/contacts', { first_name: 'A', last_name: 'B', work_email: 'nope', phone_numbers: [] });
      assert.deepEqual(messages(email.body), ['work_email must be an email']);
      const unknown = await mnt<NestError>('POST', '/contacts', { first_name: 'A', last_name: 'B', work_email: 'a@b.co', phone_numbers: [], shoe_size: 44 });
      assert.deepEqual(messages(unknown.body), ['shoe_size should not exist']);
      const patch = await mnt<NestError>('PATCH', `/contacts/${String((await firstContacts(1))[0]?.id)}`, { score: 'high' });
      assert.equal(patch.status, 400);
      assert.ok(messages(patch.body)[0]?.startsWith('score '));
    });
  });

  describe('seed data', () => {
    it('puts unicode names and every hostile string among the first 50 contacts', async () => {
      const contacts = await firstContacts(50);
      const text = JSON.stringify(contacts);
      for (const needle of ['é', 'ñ', 'ü', '王', 'محمد', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '[click](command:workbench.action.quit)', 'command:crm.deleteContact', '\u202E', '\u200B']) {
        assert.ok(text.includes(needle), `missing ${JSON.stringify(needle)}`);
      }
      const huge = contacts.find((c) => typeof (c.custom_fields as Obj).notes === 'string');
      assert.ok(huge, 'a contact with a 100 KB value');
      assert.ok(String((huge.custom_fields as Obj).notes).length >= 100_000);
      const deep = contacts.find((c) => (c.custom_fields as Obj).nested !== undefined);
      assert.ok(deep, 'a contact with deeply nested custom_fields');
      let depth = 0;
      let node: unknown = (deep.custom_fields as Obj).nested;
      while (typeof node === 'object' && node !== null) {
        node = Object.values(node as Obj)[0];
        depth++;
      }
      assert.equal(depth, 20);
    });

    it('spreads contacts over several countries (ISO-2)', async () => {
      const countries = new Set((await firstContacts(100)).map((c) => c.location_country));
      assert.ok(countries.size >= 5, [...countries].join(','));
      for (const c of countries) assert.match(String(c), /^[A-Z]{2}$/);
    });
  });

  describe('companies', () => {
    it('list answers a bare array; metadata the pagination; get one by analogy', async () => {
      const list = await mnt<Obj[]>('POST', '/company/list', page(1, 5));
      assert.equal(list.status, 200);
      assert.ok(Array.isArray(list.body));
      assert.equal(list.body.length, 5);
      for (const field of ['id', 'company_name', 'size', 'industry', 'location_locality', 'location_country', 'verification_status', 'score', 'custom_fields']) assert.ok(field in (list.body[0] as Obj), field);
      const meta = await mnt<{ pagination: Pagination }>('POST', '/company/metadata', page(1, 5));
      assert.equal(meta.body.pagination.total_records, 80);
      const one = await mnt('GET', `/company/${String(list.body[0]?.id)}`);
      assert.equal(one.body.id, list.body[0]?.id);
    });

    it('create needs type and company_name; then patch and delete', async () => {
      const bad = await mnt<NestError>('POST', '/company', { company_name: 'X' });
      assert.equal(bad.status, 400);
      assert.ok(messages(bad.body).some((m) => m.startsWith('type ')));
      const created = await mnt<DefaultResponse>('POST', '/company', { type: 'company', company_name: 'Sandbox Test GmbH', location_country: 'DE' });
      assert.equal(created.status, 201);
      const id = String(created.body.data.id);
      assert.match(id, UUID);
      const patched = await mnt<DefaultResponse>('PATCH', `/company/${id}`, { size: '11-50' });
      assert.equal(patched.body.data.size, '11-50');
      assert.equal((await mnt<DefaultResponse>('DELETE', `/company/${id}`)).body.success, true);
      assert.equal((await mnt('GET', `/company/${id}`)).status, 404);
    });
  });

  describe('contact lists', () => {
    it('create answers {id, name}; list/list is a PaginateResponse; get, update, duplicate, delete', async () => {
      const created = await mnt('POST', '/list-contact', { name: 'CTO Colombia', description: 'demo', rules: [{ field: 'job_title', operator: 'contains', value: 'CTO' }, { field: 'location_country', operator: 'whatever-op', value: 'CO' }] });
      assert.equal(created.status, 201);
      assert.deepEqual(Object.keys(created.body).sort(), ['id', 'name']);
      const id = String(created.body.id);
      const lists = await mnt<PaginateResponse>('POST', '/list-contact/list', page(1, 100));
      assert.ok(Array.isArray(lists.body.data));
      assert.equal(typeof lists.body.pagination.total_records, 'number');
      assert.ok(lists.body.data.some((l) => l.id === id));
      const one = await mnt('GET', `/list-contact/${id}`);
      assert.equal((one.body.rules as unknown[]).length, 2);
      const updated = await mnt<DefaultResponse>('PATCH', `/list-contact/${id}`, { name: 'CTOs in Colombia (renamed)' });
      assert.equal(updated.body.success, true);
      assert.equal(updated.body.data.name, 'CTOs in Colombia (renamed)');
      const dup = await mnt('POST', '/list-contact/duplicate', { list_id: id, new_name: 'Copy' });
      assert.equal(dup.status, 201);
      assert.equal(dup.body.name, 'Copy');
      assert.notEqual(dup.body.id, id);
      assert.equal((await mnt<DefaultResponse>('DELETE', `/list-contact/${id}`)).body.success, true);
      assert.equal((await mnt('GET', `/list-contact/${id}`)).status, 404);
    });

    it('adds existing contacts to a list (list_contact_details:update) and filters contacts by list_id', async () => {
      const created = await mnt('POST', '/list-contact', { name: 'Hand-picked', description: '', rules: [] });
      const id = String(created.body.id);
      const ids = (await firstContacts(3)).map((c) => String(c.id));
      const added = await mnt<DefaultResponse>('POST', `/list-contact/${id}/contacts`, { contact_ids: ids });
      assert.equal(added.status, 200);
      assert.equal(added.body.data.contacts_count, 3);
      const members = await mnt<Obj[]>('POST', '/contacts/list', page(1, 10, { list_id: [id] }));
      assert.deepEqual(members.body.map((c) => c.id).sort(), [...ids].sort());
      const denied = await mnt<NestError>('POST', `/list-contact/${id}/contacts`, { contact_ids: ids }, 'mnt_sandbox_readonly');
      assert.equal(denied.body.message, 'Missing permission: list_contact_details:update');
      const unknown = await mnt<NestError>('POST', `/list-contact/${id}/contacts`, { contact_ids: [MISSING_UUID] });
      assert.equal(unknown.status, 400);
    });
  });

  describe('prospect catalog', () => {
    it('/prospect/list pages locked, masked prospects; all_contacts is accepted', async () => {
      const reply = await mnt<PaginateResponse>('POST', '/prospect/list', page(1, 20, {}, { all_contacts: false }));
      assert.equal(reply.status, 200);
      assert.equal(reply.body.data.length, 20);
      assert.equal(reply.body.pagination.total_records, 4000);
      for (const p of reply.body.data) {
        assert.match(String(p.id), UUID);
        assert.equal(p.is_unlocked, false);
        assert.match(String(p.work_email), /\*\*\*@/);
      }
      const filtered = await mnt<PaginateResponse>('POST', '/prospect/list', page(1, 50, { location_country: ['DE'] }, { all_contacts: true }));
      assert.ok(filtered.body.data.every((p) => p.location_country === 'DE'));
      const meta = await mnt<{ pagination: Pagination }>('POST', '/prospect/metadata', page(1, 20));
      assert.equal(meta.body.pagination.total_records, 4000);
    });

    it('/prospect/filters suggests [{type, value}] from the data', async () => {
      const reply = await mnt<Array<{ type: string; value: string }>>('POST', '/prospect/filters', { source: 'job_title', search: 'cto' });
      assert.equal(reply.status, 200);
      assert.ok(reply.body.length > 0);
      for (const s of reply.body) {
        assert.equal(s.type, 'job_title');
        assert.ok(s.value.toLowerCase().includes('cto'));
      }
      const bad = await mnt<NestError>('POST', '/prospect/filters', { source: 'salary', search: '' });
      assert.equal(bad.status, 400);
      assert.ok(messages(bad.body)[0]?.startsWith('source '));
    });
  });

  describe('credit-consuming jobs', () => {
    beforeEach(resetSandbox);

    it('unlock-selected-contacts: {id, status: PENDING}, 1 credit each, prospects become contacts', async () => {
      const prospects = (await mnt<PaginateResponse>('POST', '/prospect/list', page(1, 3), MNT_FULL)).body.data;
      const ids = prospects.map((p) => String(p.id));
      const before = await balance();
      const reply = await mnt('POST', '/service-handler/unlock-selected-contacts', { ids, sync_hubspot: false });
      assert.equal(reply.status, 201);
      assert.match(String(reply.body.id), UUID);
      assert.equal(reply.body.status, 'PENDING');
      assert.equal(await balance(), before - 3);
      const unlocked = await pollUntil(
        () => mnt<PaginateResponse>('POST', '/prospect/list', page(1, 10, {}, { all_contacts: true })),
        (r) => ids.every((id) => r.body.data.find((p) => p.id === id)?.is_unlocked === true),
      );
      const first = unlocked.body.data.find((p) => p.id === ids[0]) as Obj;
      assert.equal(first.is_unlocked, true);
      assert.doesNotMatch(String(first.work_email), /\*\*\*/);
      const contact = await mnt('GET', `/contacts/${String(first.contact_id)}`);
      assert.equal(contact.status, 200);
      assert.equal(contact.body.work_email, first.work_email);
      // Unlocking the same prospects again costs nothing.
      await mnt('POST', '/service-handler/unlock-selected-contacts', { ids, sync_hubspot: false });
      assert.equal(await balance(), before - 3);
    });

    it('unlock-contacts takes filters, order_by, total_records and charges what it unlocks', async () => {
      const before = await balance();
      const reply = await mnt('POST', '/service-handler/unlock-contacts', { filters: { location_country: ['CO'] }, order_by: { score: 'DESC' }, total_records: 4, sync_hubspot: true });
      assert.equal(reply.status, 201);
      assert.equal(reply.body.status, 'PENDING');
      assert.equal(await balance(), before - 4);
    });

    it('verify-email sets verification_status and last_verified after the job step', async () => {
      const [contact] = await firstContacts(1);
      assert.ok(contact);
      const id = String(contact.id);
      const before = await balance();
      const sent = new Date().toISOString();
      const reply = await mnt('POST', '/service-handler/verify-email', { emails: [{ email: 'someone.invalid@example.com', contact_id: id }], sync_hubspot: false });
      assert.equal(reply.status, 201);
      assert.equal(reply.body.status, 'PENDING');
      assert.equal(await balance(), before - 1);
      const after = await pollUntil(() => stateContact(id), (c) => String(c.last_verified) >= sent);
      assert.equal(after.verification_status, 'invalid');
      assert.ok(String(after.last_verified) >= sent, String(after.last_verified));
      assert.equal((await mnt('GET', `/contacts/${id}`)).body.verification_status, 'invalid');
    });

    it('refuses with 400 "Insufficient credits" and charges nothing when the balance is too low', async () => {
      await setBalance(MNT_FULL, 2);
      const ids = (await mnt<PaginateResponse>('POST', '/prospect/list', page(1, 3))).body.data.map((p) => p.id);
      const reply = await mnt<NestError>('POST', '/service-handler/unlock-selected-contacts', { ids, sync_hubspot: false });
      assertNestError(reply, 400, 'Bad Request');
      assert.match(messages(reply.body)[0] ?? '', /^Insufficient credits/);
      assert.equal(await balance(), 2);
    });

    it('requires sync_hubspot explicitly (400 when missing)', async () => {
      const reply = await mnt<NestError>('POST', '/service-handler/unlock-selected-contacts', { ids: [MISSING_UUID] });
      assert.equal(reply.status, 400);
      assert.ok(messages(reply.body).includes('sync_hubspot must be a boolean value'));
    });

    it('verifying a list starts a job (DefaultResponse "Verification started")', async () => {
      const list = (await mnt<PaginateResponse>('POST', '/list-contact/list', page(1, 10, { name: ['Webinar'] }))).body.data[0];
      assert.ok(list);
      const before = await balance();
      const reply = await mnt<DefaultResponse>('POST', `/list-contact/verify-contacts/${String(list.id)}`);
      assert.equal(reply.status, 201);
      assert.equal(reply.body.success, true);
      assert.equal(reply.body.message, 'Verification started');
      assert.ok((await balance()) < before);
    });

    it('keeps a per-key ledger of credit-consuming calls', async () => {
      const ids = (await mnt<PaginateResponse>('POST', '/prospect/list', page(1, 1))).body.data.map((p) => p.id);
      await mnt('POST', '/service-handler/unlock-selected-contacts', { ids, sync_hubspot: false });
      await mnt('POST', '/service-handler/unlock-selected-contacts', { ids }); // refused: no sync_hubspot
      await mnt('POST', '/service-handler/unlock-selected-contacts', { ids, sync_hubspot: false }, 'mnt_sandbox_readonly'); // 403: never reached
      const s = await stats();
      assert.equal(s.credit_calls.total, 2);
      assert.equal(s.credit_calls.by_key[MNT_FULL], 2);
      assert.deepEqual(s.ledger.map((e) => e.status), [201, 400]);
      assert.equal(s.credit_calls.credits_charged, 1);
    });
  });

  describe('products, opportunities, pipelines (convention paths)', () => {
    it('products: list is a PaginateResponse; create/get/patch/delete', async () => {
      const list = await mnt<PaginateResponse>('POST', '/products/list', page(1, 5));
      assert.equal(list.status, 200);
      assert.equal(list.body.data.length, 5);
      assert.equal(list.body.pagination.current_page, 1);
      const meta = await mnt<{ pagination: Pagination }>('POST', '/products/metadata', page(1, 5));
      assert.equal(meta.body.pagination.total_records, list.body.pagination.total_records);
      const created = await mnt<DefaultResponse>('POST', '/products', { name: 'Sandbox widget', price: 10.5 });
      assert.equal(created.status, 201);
      const id = String(created.body.data.id);
      assert.equal((await mnt('GET', `/products/${id}`)).body.price, 10.5);
      assert.equal((await mnt<DefaultResponse>('PATCH', `/products/${id}`, { price: 12 })).body.data.price, 12);
      assert.equal((await mnt<DefaultResponse>('DELETE', `/products/${id}`)).body.success, true);
      assert.equal((await mnt<NestError>('POST', '/products', { name: 'x', price: -1 })).status, 400);
    });

    it('pipelines with stages; opportunities reference a pipeline stage', async () => {
      const pipelines = await mnt<PaginateResponse>('POST', '/pipelines/list', page(1, 10));
      const pipeline = pipelines.body.data[0];
      assert.ok(pipeline);
      const one = await mnt('GET', `/pipelines/${String(pipeline.id)}`);
      assert.ok(Array.isArray(one.body.stages));
      const stages = await mnt<Obj[]>('GET', `/pipelines/${String(pipeline.id)}/stages`);
      assert.ok(stages.body.length > 0);
      assert.ok(stages.body.every((s) => s.pipeline_id === pipeline.id));
      const noStages = await mnt<NestError>('GET', `/pipelines/${String(pipeline.id)}/stages`, undefined, 'mnt_sandbox_contacts');
      assert.equal(noStages.body.message, 'Missing permission: stages:read');
      const opportunities = await mnt<PaginateResponse>('POST', '/opportunities/list', page(1, 5));
      assert.equal(opportunities.body.data.length, 5);
      assert.equal((await mnt<{ pagination: Pagination }>('POST', '/opportunities/metadata', page(1, 5))).body.pagination.total_records, 60);
      const created = await mnt<DefaultResponse>('POST', '/opportunities', { name: 'Big deal', pipeline_id: pipeline.id, stage_id: stages.body[0]?.id, amount: 1000 });
      assert.equal(created.status, 201);
      const id = String(created.body.data.id);
      assert.equal((await mnt('GET', `/opportunities/${id}`)).body.name, 'Big deal');
      const wrongStage = await mnt<NestError>('PATCH', `/opportunities/${id}`, { stage_id: MISSING_UUID });
      assert.equal(wrongStage.status, 400);
      assert.ok(messages(wrongStage.body)[0]?.startsWith('stage_id '));
      assert.equal((await mnt<DefaultResponse>('PATCH', `/opportunities/${id}`, { status: 'won' })).body.data.status, 'won');
      assert.equal((await mnt<DefaultResponse>('DELETE', `/opportunities/${id}`)).status, 200);
    });
  });
});

// ---------------------------------------------------------------------------------------------- OpenProspect

describe('sandbox contract: OpenProspect (/api/v1)', function () {
  this.timeout(20_000);
  before(resetSandbox);

  describe('authentication, scopes, errors', () => {
    it('GET /auth/validate returns the key identity and its scopes', async () => {
      const reply = await op<{ valid: boolean; scopes: string[] }>('GET', '/auth/validate');
      assert.equal(reply.status, 200);
      assert.equal(reply.body.valid, true);
      assert.ok(reply.body.scopes.includes('prospect_searches:write'));
      assert.equal(reply.body.scopes.length, 8);
      const orders = await op<{ scopes: string[] }>('GET', '/auth/validate', { key: 'op_sandbox_orders' });
      assert.deepEqual(orders.body.scopes, ['orders:read', 'orders:write']);
    });

    it('answers 401 AUTHENTICATION_ERROR for missing, unknown and revoked keys', async () => {
      for (const key of [null, 'lnc_live_nope', 'op_sandbox_revoked']) {
        const reply = await op<OpError>('GET', '/auth/validate', { key });
        assertOpError(reply, 401, 'AUTHENTICATION_ERROR');
      }
      assert.deepEqual((await op('GET', '/orders', { key: 'op_sandbox_revoked' })).body, { code: 'AUTHENTICATION_ERROR', message: 'Invalid API key' });
    });

    it('answers 403 AUTHORIZATION_ERROR with details.required_scopes (the documented example)', async () => {
      const reply = await op('POST', '/orders', { key: 'op_sandbox_readonly', body: { title: 'x', companies: [] } });
      assert.equal(reply.status, 403);
      assert.deepEqual(reply.body, { code: 'AUTHORIZATION_ERROR', message: 'Missing required scopes: orders:write', details: { required_scopes: ['orders:write'] } });
      const search = (await op<OpPage>('GET', '/prospect-searches')).body.items[0] as Obj;
      const patch = await op<OpError>('PATCH', `/prospect-searches/${String(search.id)}`, { key: 'op_sandbox_readonly', body: { name: 'x' } });
      assertOpError(patch, 403, 'AUTHORIZATION_ERROR');
      assert.deepEqual(patch.body.details?.required_scopes, ['prospect_searches:write']);
      const blacklists = await op<OpError>('GET', '/blacklists', { key: 'op_sandbox_orders' });
      assert.deepEqual(blacklists.body.details?.required_scopes, ['blacklists:read']);
    });

    it('answers 404 NOT_FOUND for unknown records and routes', async () => {
      assertOpError(await op<OpError>('GET', `/orders/${MISSING_UUID}`), 404, 'NOT_FOUND');
      assertOpError(await op<OpError>('GET', '/no-such-thing'), 404, 'NOT_FOUND');
      assertOpError(await op<OpError>('GET', `/blacklists/${MISSING_UUID}`), 404, 'NOT_FOUND');
    });

    it('validates limit (1–100) and offset (≥ 0) with 422 VALIDATION_ERROR and field errors', async () => {
      for (const query of ['limit=101', 'limit=0', 'offset=-1', 'limit=abc']) {
        const reply = await op<OpError>('GET', `/prospect-searches?${query}`);
        assertOpError(reply, 422, 'VALIDATION_ERROR');
        const field = query.split('=')[0];
        assert.ok(reply.body.details?.errors?.some((e) => e.field === field), reply.text);
      }
    });

    it('rate-limits the rate-limited demo key after 3 calls an hour: 429 RATE_LIMITED with Retry-After', async () => {
      await resetSandbox();
      for (let i = 0; i < 3; i++) assert.equal((await op('GET', '/auth/validate', { key: 'op_sandbox_ratelimited' })).status, 200);
      const reply = await op<OpError>('GET', '/orders', { key: 'op_sandbox_ratelimited' });
      assertOpError(reply, 429, 'RATE_LIMITED');
      const retryAfter = Number(reply.headers.get('retry-after'));
      assert.ok(retryAfter > 3500 && retryAfter <= 3600, String(retryAfter));
      assert.equal(reply.body.details?.retry_after, retryAfter);
    });
  });

  describe('prospect searches, companies, prospects, deliveries', () => {
    it('GET /prospect-searches answers {items, total, limit, offset, has_more}; one search; PATCH updates it', async () => {
      const list = await op<OpPage>('GET', '/prospect-searches?limit=2');
      assert.equal(list.status, 200);
      assert.deepEqual(Object.keys(list.body).sort(), ['has_more', 'items', 'limit', 'offset', 'total']);
      assert.equal(list.body.items.length, 2);
      assert.equal(list.body.limit, 2);
      assert.equal(list.body.has_more, true);
      for (const s of list.body.items) for (const f of ['id', 'name', 'status']) assert.ok(f in s, f);
      const id = String(list.body.items[0]?.id);
      assert.equal((await op('GET', `/prospect-searches/${id}`)).body.id, id);
      const patched = await op('PATCH', `/prospect-searches/${id}`, { body: { name: 'Renamed search', icp: { keywords: ['B2B SaaS'] } } });
      assert.equal(patched.status, 200);
      assert.equal(patched.body.name, 'Renamed search');
      assert.deepEqual((patched.body.icp as Obj).keywords, ['B2B SaaS']);
      const bad = await op<OpError>('PATCH', `/prospect-searches/${id}`, { body: { status: 'SLEEPING' } });
      assertOpError(bad, 422, 'VALIDATION_ERROR');
      assert.equal(bad.body.details?.errors?.[0]?.field, 'status');
    });

    it('GET /companies filters by prospect_search_id and min_match_score; details, jobs, webtech', async () => {
      const search = (await op<OpPage>('GET', '/prospect-searches')).body.items[1] as Obj;
      const list = await op<OpPage>('GET', `/companies/?prospect_search_id=${String(search.id)}&min_match_score=5&limit=100`);
      assert.equal(list.status, 200);
      assert.ok(list.body.items.length > 0);
      assert.ok(list.body.items.every((c) => c.prospect_search_id === search.id && Number(c.match_score) >= 5));
      assertOpError(await op<OpError>('GET', '/companies?min_match_score=11'), 422, 'VALIDATION_ERROR');
      const withJobs = (await op<OpPage>('GET', '/companies?limit=100')).body.items.find((c) => c.id) as Obj;
      const id = String(withJobs.id);
      const detail = await op('GET', `/companies/${id}`);
      assert.equal(detail.body.id, id);
      const jobs = await op<OpPage>('GET', `/companies/${id}/jobs`);
      assert.equal(jobs.status, 200);
      assert.ok(Array.isArray(jobs.body.items));
      const summary = await op('GET', `/companies/${id}/jobs/summary`);
      assert.equal(summary.body.total_jobs, jobs.body.total);
      const tech = await op<{ technologies: Obj[] }>('GET', `/companies/${id}/webtech-intel`);
      assert.ok(tech.body.technologies.length >= 3);
      const techSummary = await op('GET', `/companies/${id}/webtech-intel/summary`);
      assert.equal(techSummary.body.total_technologies, tech.body.technologies.length);
      assertOpError(await op<OpError>('GET', `/companies/${MISSING_UUID}/jobs`), 404, 'NOT_FOUND');
    });

    it('GET /prospects lists and filters; GET /prospects/:id returns one', async () => {
      const company = (await op<OpPage>('GET', '/companies?limit=1')).body.items[0] as Obj;
      const list = await op<OpPage>('GET', `/prospects?company_id=${String(company.id)}`);
      assert.ok(list.body.items.length >= 1);
      assert.ok(list.body.items.every((p) => p.company_id === company.id));
      const one = await op('GET', `/prospects/${String(list.body.items[0]?.id)}`);
      assert.equal(one.body.company_id, company.id);
    });

    it('GET /deliveries/:id/companies returns companies with prospects, incrementally by delivered_since', async () => {
      const search = (await op<OpPage>('GET', '/prospect-searches')).body.items[0] as Obj;
      const all = await op<OpPage>('GET', `/deliveries/${String(search.id)}/companies?limit=100`);
      assert.equal(all.status, 200);
      assert.equal(all.body.total, 50);
      assert.ok(all.body.items.every((c) => Array.isArray(c.prospects) && (c.prospects as unknown[]).length > 0));
      const middle = String(all.body.items[24]?.delivered_at);
      const later = await op<OpPage>('GET', `/deliveries/${String(search.id)}/companies?limit=100&delivered_since=${encodeURIComponent(middle)}`);
      assert.ok(later.body.total < 50 && later.body.total > 0);
      assert.ok(later.body.items.every((c) => String(c.delivered_at) > middle));
      assertOpError(await op<OpError>('GET', `/deliveries/${String(search.id)}/companies?delivered_since=yesterday`), 422, 'VALIDATION_ERROR');
      const denied = await op<OpError>('GET', `/deliveries/${String(search.id)}/companies`, { key: 'op_sandbox_orders' });
      assert.deepEqual(denied.body.details?.required_scopes, ['companies:read', 'prospects:read']);
    });
  });

  describe('orders', () => {
    const enrichment = (title: string) => ({
      title,
      features: ['COMPANY_DATA', 'CONTACTS'],
      profile_name: 'Default enrichment',
      companies: [
        { company_name: 'Acme GmbH', external_id: 'CRM-1', website_url: 'https://acme.de', city: 'Berlin' },
        { company_name: 'Globex S.A.S.', external_id: 'CRM-2' },
      ],
    });

    it('GET /orders answers its array under `orders` (not `items`), seeded in several statuses', async () => {
      const reply = await op<{ orders: Obj[]; total: number; limit: number; offset: number; has_more: boolean }>('GET', '/orders?limit=100');
      assert.equal(reply.status, 200);
      assert.ok(Array.isArray(reply.body.orders));
      assert.ok(!('items' in reply.body));
      assert.equal(reply.body.total, reply.body.orders.length);
      const statuses = new Set(reply.body.orders.map((o) => o.status));
      for (const s of ['RECEIVED', 'IN_PROGRESS', 'COMPLETED', 'REJECTED', 'FAILED', 'CANCELLED']) assert.ok(statuses.has(s), s);
    });

    it('POST /orders honours Idempotency-Key: the same key gives the same order, never a duplicate', async () => {
      const before = (await op<{ total: number }>('GET', '/orders')).body.total;
      const headers = { 'Idempotency-Key': 'contract-test-order-1' };
      const first = await op('POST', '/orders', { body: enrichment('Idempotent order'), headers });
      assert.equal(first.status, 201);
      assert.match(String(first.body.id), UUID);
      assert.equal(first.body.status, 'RECEIVED');
      assert.equal(first.body.briefing_quantity, 2);
      const again = await op('POST', '/orders', { body: enrichment('Idempotent order'), headers });
      assert.ok(again.status === 200 || again.status === 201);
      assert.equal(again.body.id, first.body.id);
      assert.equal((await op<{ total: number }>('GET', '/orders')).body.total, before + 1);
      const conflict = await op<OpError>('POST', '/orders', { body: enrichment('Different body'), headers });
      assertOpError(conflict, 409, 'IDEMPOTENCY_KEY_REUSED');
    });

    it('validates orders with 422 and per-row errors', async () => {
      const reply = await op<OpError>('POST', '/orders', { body: { title: 'Bad', companies: [{ company_name: 'No id' }, { external_id: 'X' }] } });
      assertOpError(reply, 422, 'VALIDATION_ERROR');
      const errors = reply.body.details?.errors ?? [];
      assert.ok(errors.some((e) => e.index === 0 && e.field === 'external_id'), reply.text);
      assert.ok(errors.some((e) => e.index === 1 && e.field === 'company_name'), reply.text);
      const discovery = await op<OpError>('POST', '/orders', { body: { briefing_quantity: 10 } });
      assertOpError(discovery, 422, 'VALIDATION_ERROR');
      assert.ok(discovery.body.details?.errors?.some((e) => e.field === 'profile_id'));
    });

    it('moves RECEIVED → ACCEPTED → IN_PROGRESS → COMPLETED; results only once COMPLETED (409 before)', async () => {
      const order = await op('POST', '/orders', { body: enrichment('Lifecycle order') });
      const id = String(order.body.id);
      const early = await op<OpError>('GET', `/orders/${id}/results`);
      assertOpError(early, 409, 'ORDER_NOT_COMPLETED');
      const seen = [String(order.body.status)];
      for (let i = 0; i < 5 && seen[seen.length - 1] !== 'COMPLETED'; i++) {
        await advanceOrder(id);
        const status = String((await op('GET', `/orders/${id}`)).body.status);
        if (status !== seen[seen.length - 1]) seen.push(status);
      }
      // Time may also move it: every status seen must follow the documented order.
      const path = ['RECEIVED', 'ACCEPTED', 'IN_PROGRESS', 'COMPLETED'];
      assert.equal(seen[seen.length - 1], 'COMPLETED');
      assert.deepEqual(seen, path.filter((s) => seen.includes(s)));
      const results = await op<OpPage & { order_id: string }>('GET', `/orders/${id}/results`);
      assert.equal(results.status, 200);
      assert.equal(results.body.order_id, id);
      assert.equal(results.body.items.length, 2);
      const matched = results.body.items.filter((c) => c.match_status === 'MATCHED');
      assert.ok(results.body.items.every((c) => Array.isArray(c.contacts)));
      for (const c of matched) assert.ok((c.contacts as unknown[]).length > 0);
    });

    it('moves with time too (polled with a bound), and a [sandbox:reject] title ends REJECTED', async () => {
      const order = await op('POST', '/orders', { body: enrichment('Timed order') });
      const done = await pollUntil(() => op('GET', `/orders/${String(order.body.id)}`), (r) => r.body.status === 'COMPLETED', 200);
      assert.equal(done.body.status, 'COMPLETED');
      assert.deepEqual((done.body.status_history as Obj[]).map((h) => h.status), ['RECEIVED', 'ACCEPTED', 'IN_PROGRESS', 'COMPLETED']);
      const rejected = await op('POST', '/orders', { body: enrichment('Please [sandbox:reject]') });
      const after = await advanceOrder(String(rejected.body.id));
      assert.equal(after.status, 'REJECTED');
      assertOpError(await op<OpError>('GET', `/orders/${String(rejected.body.id)}/results`), 409, 'ORDER_NOT_COMPLETED');
    });

    it('discovery: search-profile creation PENDING → RUNNING → SUCCEEDED with profile_id, then a discovery order', async () => {
      const headers = { 'Idempotency-Key': 'profile-1' };
      const created = await op('POST', '/search-profile-creations', { body: { name: 'Nordic SaaS', description: 'ICP for the Nordics' }, headers });
      assert.equal(created.status, 201);
      assert.equal(created.body.status, 'PENDING');
      assert.equal(created.body.profile_id, null);
      const replay = await op('POST', '/search-profile-creations', { body: { name: 'Nordic SaaS', description: 'ICP for the Nordics' }, headers });
      assert.equal(replay.body.id, created.body.id);
      const id = String(created.body.id);
      await advanceOrder(id);
      await advanceOrder(id);
      const done = await op('GET', `/search-profile-creations/${id}`);
      assert.equal(done.body.status, 'SUCCEEDED');
      assert.match(String(done.body.profile_id), UUID);
      const order = await op('POST', '/orders', { body: { briefing_quantity: 7, profile_id: done.body.profile_id } });
      assert.equal(order.status, 201);
      assert.equal(order.body.type, 'discovery');
      for (let i = 0; i < 3; i++) await advanceOrder(String(order.body.id));
      const results = await op<OpPage>('GET', `/orders/${String(order.body.id)}/results`);
      assert.equal(results.body.total, 7);
    });
  });

  describe('blacklists', () => {
    it('create, list, get, update, delete', async () => {
      const created = await op('POST', '/blacklists', { body: { name: 'Contract test list', description: 'temp' } });
      assert.equal(created.status, 201);
      const id = String(created.body.id);
      assert.match(id, UUID);
      const list = await op<OpPage>('GET', '/blacklists');
      assert.ok(list.body.items.some((b) => b.id === id));
      assert.equal((await op('GET', `/blacklists/${id}`)).body.name, 'Contract test list');
      assert.equal((await op('PATCH', `/blacklists/${id}`, { body: { name: 'Renamed' } })).body.name, 'Renamed');
      assertOpError(await op<OpError>('POST', '/blacklists', { body: { description: 'no name' } }), 422, 'VALIDATION_ERROR');
      assert.equal((await op('DELETE', `/blacklists/${id}`)).status, 204);
      assertOpError(await op<OpError>('GET', `/blacklists/${id}`), 404, 'NOT_FOUND');
    });

    it('pages entries: the 1,200-entry list shows has_more until its last page', async () => {
      const big = (await op<OpPage>('GET', '/blacklists')).body.items.find((b) => b.entries_count === 1200) as Obj;
      assert.ok(big);
      const middle = await op<OpPage>('GET', `/blacklists/${String(big.id)}/entries?limit=100&offset=1000`);
      assert.equal(middle.body.total, 1200);
      assert.equal(middle.body.items.length, 100);
      assert.equal(middle.body.has_more, true);
      const last = await op<OpPage>('GET', `/blacklists/${String(big.id)}/entries?limit=100&offset=1100`);
      assert.equal(last.body.items.length, 100);
      assert.equal(last.body.has_more, false);
    });

    it('adds entries in bulk (each needs an identifier), all-or-nothing, at most 10,000 per request', async () => {
      const id = String((await op('POST', '/blacklists', { body: { name: 'Bulk' } })).body.id);
      const ok = await op('POST', `/blacklists/${id}/entries`, { body: { entries: [{ external_id: 'A-1' }, { website_url: 'https://www.example-one.com' }, { company_name: 'Only A Name', city: 'Lyon' }] } });
      assert.equal(ok.status, 201);
      assert.equal(ok.body.created, 3);
      const badRows = await op<OpError>('POST', `/blacklists/${id}/entries`, { body: { entries: [{ external_id: 'A-2' }, { city: 'Paris' }, { website_url: 'not a url' }] } });
      assertOpError(badRows, 422, 'VALIDATION_ERROR');
      const errors = badRows.body.details?.errors ?? [];
      assert.ok(errors.some((e) => e.index === 1), badRows.text);
      assert.ok(errors.some((e) => e.index === 2 && e.field === 'website_url'), badRows.text);
      assert.equal((await op('GET', `/blacklists/${id}`)).body.entries_count, 3, 'valid rows of a bad batch are not kept');
      const tooMany = Array.from({ length: 10_001 }, (_, i) => ({ external_id: `X-${i}` }));
      const over = await op<OpError>('POST', `/blacklists/${id}/entries`, { body: { entries: tooMany } });
      assertOpError(over, 422, 'VALIDATION_ERROR');
      assert.equal(over.body.details?.errors?.[0]?.field, 'entries');
      const max = await op('POST', `/blacklists/${id}/entries`, { body: { entries: tooMany.slice(0, 10_000) } });
      assert.equal(max.status, 201);
      assert.equal(max.body.entries_count, 10_003);
    });

    it('removes entries by id with {entry_ids: []}', async () => {
      const id = String((await op('POST', '/blacklists', { body: { name: 'Removal' } })).body.id);
      await op('POST', `/blacklists/${id}/entries`, { body: { entries: [{ external_id: 'R-1' }, { external_id: 'R-2' }] } });
      const entries = await op<OpPage>('GET', `/blacklists/${id}/entries`);
      const reply = await op('DELETE', `/blacklists/${id}/entries`, { body: { entry_ids: [entries.body.items[0]?.id] } });
      assert.equal(reply.status, 200);
      assert.equal(reply.body.deleted, 1);
      assert.equal((await op<OpPage>('GET', `/blacklists/${id}/entries`)).body.total, 1);
    });

    it('GET/PUT /prospect-searches/:id/blacklists replaces the assignment', async () => {
      const search = (await op<OpPage>('GET', '/prospect-searches')).body.items[2] as Obj;
      const blacklists = (await op<OpPage>('GET', '/blacklists')).body.items;
      const ids = blacklists.slice(0, 2).map((b) => b.id);
      const put = await op('PUT', `/prospect-searches/${String(search.id)}/blacklists`, { body: { blacklist_ids: ids } });
      assert.equal(put.status, 200);
      const got = await op<OpPage>('GET', `/prospect-searches/${String(search.id)}/blacklists`);
      assert.deepEqual(got.body.items.map((b) => b.id), ids);
      const bad = await op<OpError>('PUT', `/prospect-searches/${String(search.id)}/blacklists`, { body: { blacklist_ids: [MISSING_UUID] } });
      assertOpError(bad, 422, 'VALIDATION_ERROR');
      assert.equal(bad.body.details?.errors?.[0]?.index, 0);
    });
  });
});

// ---------------------------------------------------------------------------------------------- completeness

/**
 * Every endpoint of both documents (and the convention paths) answers 2xx to a valid request with the full key:
 * a missing route would fail here even if no other test used it.
 */
describe('sandbox contract: every documented endpoint is served', function () {
  this.timeout(20_000);
  before(resetSandbox);

  async function expectOk(label: string, reply: Promise<Reply<Obj>>): Promise<Obj> {
    const r = await reply;
    assert.ok(r.status >= 200 && r.status < 300, `${label} → ${r.status} ${r.text.slice(0, 200)}`);
    return r.body ?? {};
  }

  it('Minotaur: all documented and convention endpoints', async () => {
    const list = page(1, 5);
    await expectOk('GET /ping', mnt('GET', '/ping'));
    await expectOk('GET /customer/summary', mnt('GET', '/customer/summary'));
    const contactIds: string[] = [];
    for (const resource of ['/contacts', '/company', '/list-contact', '/products', '/opportunities', '/pipelines', '/prospect']) {
      await expectOk(`POST ${resource}/list`, mnt('POST', `${resource}/list`, list));
      await expectOk(`POST ${resource}/metadata`, mnt('POST', `${resource}/metadata`, list));
    }
    const contact = (await expectOk('POST /contacts', mnt('POST', '/contacts', { first_name: 'E', last_name: 'P', work_email: 'e.p@example.org', phone_numbers: ['+1 555 0100'] }))).data as Obj;
    const cid = String(contact.id);
    contactIds.push(cid);
    await expectOk('GET /contacts/:id', mnt('GET', `/contacts/${cid}`));
    await expectOk('PATCH /contacts/:id', mnt('PATCH', `/contacts/${cid}`, { job_title: 'Tester' }));
    const company = (await expectOk('POST /company', mnt('POST', '/company', { type: 'company', company_name: 'Endpoint Co' }))).data as Obj;
    await expectOk('GET /company/:id', mnt('GET', `/company/${String(company.id)}`));
    await expectOk('PATCH /company/:id', mnt('PATCH', `/company/${String(company.id)}`, { industry: 'Software' }));
    await expectOk('DELETE /company/:id', mnt('DELETE', `/company/${String(company.id)}`));
    const listId = String((await expectOk('POST /list-contact', mnt('POST', '/list-contact', { name: 'L', description: 'd', rules: [{ field: 'job_title', operator: 'contains', value: 'Tester' }] }))).id);
    await expectOk('GET /list-contact/:id', mnt('GET', `/list-contact/${listId}`));
    await expectOk('PATCH /list-contact/:id', mnt('PATCH', `/list-contact/${listId}`, { description: 'updated' }));
    await expectOk('POST /list-contact/duplicate', mnt('POST', '/list-contact/duplicate', { list_id: listId, new_name: 'L copy' }));
    await expectOk('POST /list-contact/:id/contacts', mnt('POST', `/list-contact/${listId}/contacts`, { contact_ids: contactIds }));
    await expectOk('DELETE /list-contact/:id/contacts', mnt('DELETE', `/list-contact/${listId}/contacts`, { contact_ids: contactIds }));
    await expectOk('POST /list-contact/verify-contacts/:id', mnt('POST', `/list-contact/verify-contacts/${listId}`));
    await expectOk('DELETE /list-contact/:id', mnt('DELETE', `/list-contact/${listId}`));
    await expectOk('POST /prospect/filters', mnt('POST', '/prospect/filters', { source: 'location_country', search: '' }));
    const prospect = ((await expectOk('POST /prospect/list', mnt('POST', '/prospect/list', page(1, 1)))).data as Obj[])[0] as Obj;
    await expectOk('POST unlock-contacts', mnt('POST', '/service-handler/unlock-contacts', { filters: { job_title: ['CTO'] }, order_by: { score: 'DESC' }, total_records: 1, sync_hubspot: false }));
    await expectOk('POST unlock-selected-contacts', mnt('POST', '/service-handler/unlock-selected-contacts', { ids: [prospect.id], sync_hubspot: false }));
    await expectOk('POST verify-email', mnt('POST', '/service-handler/verify-email', { emails: [{ email: 'e.p@example.org', contact_id: cid }], sync_hubspot: false }));
    await expectOk('DELETE /contacts/:id', mnt('DELETE', `/contacts/${cid}`));
    const product = (await expectOk('POST /products', mnt('POST', '/products', { name: 'P', price: 1 }))).data as Obj;
    await expectOk('GET /products/:id', mnt('GET', `/products/${String(product.id)}`));
    await expectOk('PATCH /products/:id', mnt('PATCH', `/products/${String(product.id)}`, { active: false }));
    const pipeline = ((await expectOk('POST /pipelines/list', mnt('POST', '/pipelines/list', list))).data as Obj[])[0] as Obj;
    await expectOk('GET /pipelines/:id', mnt('GET', `/pipelines/${String(pipeline.id)}`));
    const stages = await mnt<Obj[]>('GET', `/pipelines/${String(pipeline.id)}/stages`);
    assert.equal(stages.status, 200);
    const opportunity = (await expectOk('POST /opportunities', mnt('POST', '/opportunities', { name: 'O', pipeline_id: pipeline.id, stage_id: stages.body[0]?.id, product_ids: [product.id] }))).data as Obj;
    await expectOk('GET /opportunities/:id', mnt('GET', `/opportunities/${String(opportunity.id)}`));
    await expectOk('PATCH /opportunities/:id', mnt('PATCH', `/opportunities/${String(opportunity.id)}`, { amount: 5 }));
    await expectOk('DELETE /opportunities/:id', mnt('DELETE', `/opportunities/${String(opportunity.id)}`));
    await expectOk('DELETE /products/:id', mnt('DELETE', `/products/${String(product.id)}`));
  });

  it('OpenProspect: all documented endpoints', async () => {
    await expectOk('GET /auth/validate', op('GET', '/auth/validate'));
    const search = ((await expectOk('GET /prospect-searches', op('GET', '/prospect-searches'))).items as Obj[])[0] as Obj;
    const sid = String(search.id);
    await expectOk('GET /prospect-searches/:id', op('GET', `/prospect-searches/${sid}`));
    await expectOk('PATCH /prospect-searches/:id', op('PATCH', `/prospect-searches/${sid}`, { body: { status: 'PAUSED' } }));
    await expectOk('GET /deliveries/:id/companies', op('GET', `/deliveries/${sid}/companies?delivered_since=2025-01-01T00:00:00Z`));
    const company = ((await expectOk('GET /companies', op('GET', `/companies?prospect_search_id=${sid}&min_match_score=0`))).items as Obj[])[0] as Obj;
    for (const suffix of ['', '/jobs', '/jobs/summary', '/webtech-intel', '/webtech-intel/summary']) await expectOk(`GET /companies/:id${suffix}`, op('GET', `/companies/${String(company.id)}${suffix}`));
    const prospect = ((await expectOk('GET /prospects', op('GET', '/prospects?limit=1'))).items as Obj[])[0] as Obj;
    await expectOk('GET /prospects/:id', op('GET', `/prospects/${String(prospect.id)}`));
    const order = await expectOk('POST /orders', op('POST', '/orders', { body: { title: 'T', features: ['COMPANY_DATA'], profile_name: 'p', companies: [{ company_name: 'C', external_id: 'E-1' }] } }));
    await expectOk('GET /orders', op('GET', '/orders'));
    await expectOk('GET /orders/:id', op('GET', `/orders/${String(order.id)}`));
    for (let i = 0; i < 3; i++) await advanceOrder(String(order.id));
    await expectOk('GET /orders/:id/results', op('GET', `/orders/${String(order.id)}/results`));
    const creation = await expectOk('POST /search-profile-creations', op('POST', '/search-profile-creations', { body: { name: 'Profile' }, headers: { 'Idempotency-Key': 'endpoint-table' } }));
    await expectOk('GET /search-profile-creations/:id', op('GET', `/search-profile-creations/${String(creation.id)}`));
    const blacklist = await expectOk('POST /blacklists', op('POST', '/blacklists', { body: { name: 'B' } }));
    const bid = String(blacklist.id);
    await expectOk('GET /blacklists', op('GET', '/blacklists'));
    await expectOk('GET /blacklists/:id', op('GET', `/blacklists/${bid}`));
    await expectOk('PATCH /blacklists/:id', op('PATCH', `/blacklists/${bid}`, { body: { description: 'd' } }));
    const added = await expectOk('POST /blacklists/:id/entries', op('POST', `/blacklists/${bid}/entries`, { body: { entries: [{ website_url: 'acme.example' }] } }));
    await expectOk('GET /blacklists/:id/entries', op('GET', `/blacklists/${bid}/entries`));
    await expectOk('DELETE /blacklists/:id/entries', op('DELETE', `/blacklists/${bid}/entries`, { body: { entry_ids: [(added.items as Obj[])[0]?.id] } }));
    await expectOk('PUT /prospect-searches/:id/blacklists', op('PUT', `/prospect-searches/${sid}/blacklists`, { body: { blacklist_ids: [bid] } }));
    await expectOk('GET /prospect-searches/:id/blacklists', op('GET', `/prospect-searches/${sid}/blacklists`));
    await expectOk('DELETE /blacklists/:id', op('DELETE', `/blacklists/${bid}`));
  });

  it('OpenProspect answers 405 METHOD_NOT_ALLOWED (with Allow) for a known path and a wrong method', async () => {
    const reply = await op<OpError>('PUT', '/orders');
    assertOpError(reply, 405, 'METHOD_NOT_ALLOWED');
    assert.match(reply.headers.get('allow') ?? '', /GET/);
  });
});

// ---------------------------------------------------------------------------------------------- faults, admin, determinism

describe('sandbox: fault injection and admin', function () {
  this.timeout(20_000);
  beforeEach(resetSandbox);
  afterEach(clearFaults);

  it('a fault queue fails exactly the next N matching requests (503, then drop), then behaves normally', async () => {
    await injectFaults({ next: [{ kind: '503' }, { kind: 'drop' }], match: 'POST /api/ext/contacts/list' });
    assert.equal((await mnt('GET', '/ping')).status, 200, 'other requests are not affected');
    const first = await mnt<NestError>('POST', '/contacts/list', page(1, 5));
    assert.equal(first.status, 503);
    assert.equal(first.headers.get('retry-after'), '1');
    await assert.rejects(mnt('POST', '/contacts/list', page(1, 5)));
    const third = await mnt<Obj[]>('POST', '/contacts/list', page(1, 5));
    assert.equal(third.status, 200);
    assert.equal(third.body.length, 5);
    const s = await stats();
    assert.equal(s.requests.by_route['POST /api/ext/contacts/list'], 3);
    assert.equal(s.faults_injected.by_kind['503'], 1);
    assert.equal(s.faults_injected.by_kind.drop, 1);
  });

  it('429 carries Retry-After and the vendor error body; 502 is an HTML page; 500 is JSON', async () => {
    await injectFaults({ next: [{ kind: '429', retryAfterSeconds: 7 }, { kind: '502' }, { kind: '500' }], match: '^GET /api/v1/' });
    const limited = await op<OpError>('GET', '/orders');
    assertOpError(limited, 429, 'RATE_LIMITED');
    assert.equal(limited.headers.get('retry-after'), '7');
    assert.equal(limited.body.details?.retry_after, 7);
    const gateway = await op('GET', '/orders');
    assert.equal(gateway.status, 502);
    assert.match(gateway.headers.get('content-type') ?? '', /text\/html/);
    assertOpError(await op<OpError>('GET', '/orders'), 500, 'INTERNAL_ERROR');
    assert.equal((await op('GET', '/orders')).status, 200);
  });

  it('malformed answers 200 with a body that is not JSON', async () => {
    await injectFaults({ next: [{ kind: 'malformed' }] });
    const reply = await mnt('POST', '/contacts/list', page(1, 5));
    assert.equal(reply.status, 200);
    assert.throws(() => JSON.parse(reply.text));
  });

  it('schema answers 200 with records that violate the schema, mixed with valid ones', async () => {
    await injectFaults({ next: [{ kind: 'schema' }] });
    const reply = await mnt<Obj[]>('POST', '/contacts/list', page(1, 4));
    assert.equal(reply.status, 200);
    assert.equal(typeof reply.body[0]?.id, 'number');
    assert.equal(typeof reply.body[0]?.score, 'string');
    assert.match(String(reply.body[1]?.id), UUID);
    assert.equal(typeof reply.body[1]?.score, 'number');
    const clean = await mnt<Obj[]>('POST', '/contacts/list', page(1, 4));
    assert.match(String(clean.body[0]?.id), UUID, 'the store itself is not corrupted');
  });

  it('latency delays the answer without changing it', async () => {
    await injectFaults({ next: [{ kind: 'latency', latencyMs: 150 }] });
    const started = Date.now();
    const reply = await mnt('GET', '/ping');
    assert.equal(reply.status, 200);
    assert.ok(Date.now() - started >= 140);
  });

  it('random mode with rate 1 fails every matching request and never /__admin; DELETE clears it', async () => {
    await injectFaults({ rate: 1, kinds: ['500'], match: '^GET /api/v1/' });
    assertOpError(await op<OpError>('GET', '/blacklists'), 500, 'INTERNAL_ERROR');
    assertOpError(await op<OpError>('GET', '/auth/validate'), 500, 'INTERNAL_ERROR');
    assert.equal((await mnt('GET', '/ping')).status, 200);
    assert.equal(typeof (await stats()).requests.total, 'number');
    await clearFaults();
    assert.equal((await op('GET', '/blacklists')).status, 200);
  });

  it('counts requests per METHOD /template and per key', async () => {
    const [contact] = await firstContacts(1);
    await mnt('GET', `/contacts/${String(contact?.id)}`);
    await mnt('GET', `/contacts/${MISSING_UUID}`, undefined, 'mnt_sandbox_readonly');
    const s = await stats();
    assert.equal(s.requests.by_route['GET /api/ext/contacts/:id'], 2);
    assert.equal(s.requests.by_key.mnt_sandbox_readonly, 1);
    assert.equal(s.requests.by_key[MNT_FULL], 2);
  });

  it('reset restores the seeded state', async () => {
    const created = await mnt<DefaultResponse>('POST', '/contacts', { first_name: 'Temp', last_name: 'Person', work_email: 'temp@x.io', phone_numbers: [] });
    assert.equal(created.status, 201);
    await resetSandbox();
    assert.equal((await mnt('GET', `/contacts/${String(created.body.data.id)}`)).status, 404);
    assert.equal((await mnt<{ pagination: Pagination }>('POST', '/contacts/metadata', page(1, 10))).body.pagination.total_records, 2000);
  });
});

describe('sandbox: deterministic seed data', function () {
  this.timeout(60_000);

  it('the same seed gives identical pages; another seed gives different data', async () => {
    const a = await startSandbox({ port: 0, quiet: true, contacts: 300, seed: 7 });
    const b = await startSandbox({ port: 0, quiet: true, contacts: 300, seed: 7 });
    const c = await startSandbox({ port: 0, quiet: true, contacts: 300, seed: 8 });
    try {
      const first = (base: string) => mnt<Obj[]>('POST', '/contacts/list', page(1, 50), MNT_FULL, base);
      const [pa, pb, pc] = await Promise.all([first(a.url), first(b.url), first(c.url)]);
      assert.equal(pa.text, pb.text);
      assert.notEqual(pa.text, pc.text);
      const orders = (base: string) => call<Obj>(base, 'GET', '/api/v1/orders', { headers: { Authorization: `Bearer ${OP_FULL}` } });
      assert.equal((await orders(a.url)).text, (await orders(b.url)).text);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('generates 100,000 contacts and serves their last page', async () => {
    const big = await startSandbox({ port: 0, quiet: true, contacts: 100_000 });
    try {
      const meta = await mnt<{ pagination: Pagination }>('POST', '/contacts/metadata', page(1, 100), MNT_FULL, big.url);
      assert.equal(meta.body.pagination.total_records, 100_000);
      assert.equal(meta.body.pagination.total_pages, 1000);
      const last = await mnt<Obj[]>('POST', '/contacts/list', page(1000, 100), MNT_FULL, big.url);
      assert.equal(last.body.length, 100);
      assert.equal(new Set(last.body.map((c) => c.id)).size, 100);
    } finally {
      await big.close();
    }
  });
});
