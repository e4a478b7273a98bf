/**
 * The HTTP layer against a real node:http server on 127.0.0.1 (not a mocked fetch): ky's real retry, timeout and
 * body handling on this Node, which is what VS Code's extension host runs.
 */
import * as assert from 'node:assert/strict';
import { z } from 'zod';
import { ApiError } from '../../../src/api/http/errors';
import { HttpClient, type HttpClientConfig, type RequestLogEntry, type RequestSpec } from '../../../src/api/http/httpClient';
import { readMinotaurError } from '../../../src/api/minotaur/errors';
import { readOpenProspectError } from '../../../src/api/openprospect/errors';
import { sendJson, sendText, startTestServer, type TestServer } from './support/testServer';
import { failure } from '../../support/apiFailure';

const SECRET = 'op_live_SECRET_abc123XYZ';
const AUTH = `Bearer ${SECRET}`;

const Item = z.looseObject({ id: z.string() });

describe('HttpClient (ky on a real loopback server)', function () {
  this.timeout(10_000);
  let server: TestServer;
  let log: RequestLogEntry[];

  beforeEach(async () => {
    server = await startTestServer();
    log = [];
  });
  afterEach(async () => {
    await server.close();
  });

  function client(overrides: Partial<HttpClientConfig> = {}): HttpClient {
    return new HttpClient({
      baseUrl: `${server.url}/api/v1`,
      authorization: AUTH,
      timeoutMs: 2_000,
      maxRetries: 2,
      maxRetryWaitMs: 5_000,
      maxConcurrent: 4,
      retryBaseDelayMs: 5,
      readErrorBody: readOpenProspectError,
      observer: { onAttempt: (entry) => log.push(entry) },
      ...overrides,
    });
  }

  const read = (extra: Partial<RequestSpec<{ id: string }>> = {}): RequestSpec<{ id: string }> => ({
    operation: 'things.get',
    method: 'GET',
    path: '/things/1',
    schema: Item,
    safeToRetry: true,
    ...extra,
  });


  it(`runs ky on this Node (${process.version}): sends the auth header, query and JSON body, validates the answer`, async () => {
    assert.ok(Number(process.versions.node.split('.')[0]) >= 20);
    server.handle((req, res) => sendJson(res, 200, { id: 'x1', extra: { kept: true } }));
    const result = await client().request({
      operation: 'things.search',
      method: 'POST',
      path: '/things/search',
      query: { limit: 5, skip: undefined, flag: true },
      body: { filters: { name: ['a'] } },
      schema: Item,
      safeToRetry: true,
    });
    assert.deepEqual(result, { id: 'x1', extra: { kept: true } });
    const [sent] = server.requests;
    assert.equal(sent?.method, 'POST');
    assert.equal(sent?.path, '/api/v1/things/search');
    assert.equal(sent?.query.toString(), 'limit=5&flag=true');
    assert.equal(sent?.headers.authorization, AUTH);
    assert.match(String(sent?.headers['content-type']), /application\/json/);
    assert.deepEqual(sent?.body, { filters: { name: ['a'] } });
    assert.equal(log.length, 1);
    assert.equal(log[0]?.status, 200);
    assert.equal(log[0]?.path, '/things/search');
  });

  it('retries a safe read after a 503 and logs both attempts', async () => {
    server.handle((_req, res) => (server.requests.length === 1 ? sendJson(res, 503, { message: 'busy' }) : sendJson(res, 200, { id: 'ok' })));
    const result = await client().request(read());
    assert.equal(result.id, 'ok');
    assert.equal(server.requests.length, 2);
    assert.deepEqual(
      log.map((e) => [e.attempt, e.status]),
      [
        [1, 503],
        [2, 200],
      ],
    );
  });

  it('waits out a 429 with Retry-After: 1 before retrying a safe read', async () => {
    server.handle((_req, res) =>
      server.requests.length === 1 ? sendJson(res, 429, { message: 'slow down' }, { 'retry-after': '1' }) : sendJson(res, 200, { id: 'ok' }),
    );
    const started = Date.now();
    const result = await client().request(read());
    const waited = Date.now() - started;
    assert.equal(result.id, 'ok');
    assert.equal(server.requests.length, 2);
    // The backoff base is 5 ms: only honouring Retry-After makes the retry wait about a second.
    assert.ok(waited >= 900, `retried after ${waited} ms, before Retry-After elapsed`);
  });

  it('retries a read-only POST (Minotaur list) when marked safe', async () => {
    server.handle((_req, res) => (server.requests.length === 1 ? sendJson(res, 502, {}) : sendJson(res, 200, { id: 'ok' })));
    await client().request(read({ method: 'POST', body: { filters: {} } }));
    assert.equal(server.requests.length, 2);
    assert.deepEqual(server.requests[1]?.body, { filters: {} }, 'the retry must carry the same body');
  });

  it('never retries an unsafe POST on 503: the server sees exactly one request', async () => {
    server.handle((_req, res) => sendJson(res, 503, { code: 'UNAVAILABLE', message: 'try later' }, { 'retry-after': '0' }));
    const error = await failure(client().request(read({ operation: 'unlock', method: 'POST', body: { ids: ['a'] }, safeToRetry: false })));
    assert.equal(error.kind, 'server');
    assert.equal(error.status, 503);
    assert.equal(error.code, 'UNAVAILABLE');
    assert.equal(server.requests.length, 1);
  });

  it('gives up at once with rateLimited and retryAt when Retry-After exceeds maxRetryWaitMs', async () => {
    server.handle((_req, res) => sendJson(res, 429, { code: 'RATE_LIMITED', message: 'hourly quota' }, { 'retry-after': '3600' }));
    const before = Date.now();
    const error = await failure(client({ maxRetryWaitMs: 2_000 }).request(read()));
    assert.equal(error.kind, 'rateLimited');
    assert.equal(server.requests.length, 1);
    assert.ok(error.retryAt, 'retryAt must be set');
    const inMs = error.retryAt.getTime() - before;
    assert.ok(inMs > 3_590_000 && inMs < 3_610_000, `retryAt ${inMs} ms from now`);
    assert.match(error.message, /Rate limited by the server until/);
  });

  it('reads retry_after from an old-style OpenProspect 429 body when there is no header', async () => {
    server.handle((_req, res) => sendJson(res, 429, { error: 'RATE_LIMITED', message: 'Too many requests', retry_after: 1800 }));
    const before = Date.now();
    const error = await failure(client({ maxRetries: 0 }).request(read()));
    assert.equal(error.kind, 'rateLimited');
    assert.equal(error.code, 'RATE_LIMITED');
    const inMs = (error.retryAt?.getTime() ?? 0) - before;
    assert.ok(inMs > 1_790_000 && inMs < 1_810_000, `retryAt ${inMs} ms from now`);
  });

  it('turns a server that never answers into a timeout', async () => {
    server.handle(() => undefined); // never respond
    const error = await failure(client({ timeoutMs: 150 }).request(read({ safeToRetry: false })));
    assert.equal(error.kind, 'timeout');
    assert.equal(server.requests.length, 1);
  });

  it('retries a safe read that timed out, then reports the timeout', async () => {
    server.handle(() => undefined);
    const error = await failure(client({ timeoutMs: 100, maxRetries: 1 }).request(read()));
    assert.equal(error.kind, 'timeout');
    assert.equal(server.requests.length, 2);
  });

  it('times out a body that starts and then stalls (the slot is not held forever)', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id": "stal'); // and never end
    });
    const error = await failure(client({ timeoutMs: 150 }).request(read({ safeToRetry: false })));
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /while reading the answer/);
  });

  it('turns a destroyed socket into a network error', async () => {
    server.handle((_req, _res, req) => {
      req.socket.destroy();
    });
    const error = await failure(client().request(read({ safeToRetry: false })));
    assert.equal(error.kind, 'network');
    assert.match(error.message, /Could not reach the server/);
    assert.equal(server.requests.length, 1);
  });

  it('turns a connection dropped in the middle of the body into a network error', async () => {
    server.handle((_req, res, req) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      res.write('{"id": "half', () => req.socket.destroy());
    });
    const error = await failure(client().request(read({ safeToRetry: false })));
    assert.equal(error.kind, 'network');
  });

  it('reports malformed JSON as badResponse', async () => {
    server.handle((_req, res) => sendText(res, 200, '{"id": "x", '));
    const error = await failure(client().request(read()));
    assert.equal(error.kind, 'badResponse');
    assert.deepEqual(error.issues, ['body: not valid JSON']);
    assert.equal(server.requests.length, 1, 'a 200 with bad JSON is not retried');
  });

  it('reports a schema mismatch as badResponse with the zod issue path', async () => {
    server.handle((_req, res) => sendJson(res, 200, { id: 42 }));
    const error = await failure(client().request(read()));
    assert.equal(error.kind, 'badResponse');
    assert.equal(error.operation, 'things.get');
    assert.match(error.issues[0] ?? '', /^id: /);
  });

  it('returns null for an empty 204 body from requestRaw', async () => {
    server.handle((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    assert.equal(await client().requestRaw(read({ method: 'DELETE', safeToRetry: false })), null);
  });

  it('maps 401/403/404/400 to kinds, with the requirement on a 403', async () => {
    const answers: Array<[number, unknown]> = [
      [401, { code: 'AUTHENTICATION_ERROR', message: 'Invalid API key' }],
      [403, { code: 'AUTHORIZATION_ERROR', message: 'Missing required scopes: orders:write', details: { required_scopes: ['orders:write'] } }],
      [404, { code: 'NOT_FOUND', message: 'Order not found' }],
      [422, { code: 'VALIDATION_ERROR', message: 'Invalid body', details: { errors: [{ field: 'title', message: 'required' }] } }],
    ];
    server.handle((_req, res) => {
      const [status, body] = answers[server.requests.length - 1] ?? [500, {}];
      sendJson(res, status, body);
    });
    const http = client();
    const kinds: string[] = [];
    for (let i = 0; i < answers.length; i++) {
      const error = await failure(http.request(read({ requirement: 'orders:read' })));
      kinds.push(error.kind);
      if (error.kind === 'forbidden') {
        assert.equal(error.requirement, 'orders:write');
        assert.match(error.message, /lacks the "orders:write" permission/);
      }
      if (error.kind === 'validation') assert.deepEqual(error.fieldErrors, [{ field: 'title', message: 'required' }]);
    }
    assert.deepEqual(kinds, ['unauthorized', 'forbidden', 'notFound', 'validation']);
  });

  it('falls back to the endpoint requirement on a 403 whose body names none', async () => {
    server.handle((_req, res) => sendJson(res, 403, { statusCode: 403, message: 'Forbidden resource', error: 'Forbidden' }));
    const error = await failure(client({ readErrorBody: readMinotaurError }).request(read({ requirement: 'contacts:read' })));
    assert.equal(error.kind, 'forbidden');
    assert.equal(error.requirement, 'contacts:read');
  });

  it("reads Minotaur's legacy 403 'key is invalid' as a rejected key", async () => {
    server.handle((_req, res) => sendJson(res, 403, { statusCode: 403, message: 'The provided API key is invalid or unauthorized.' }));
    const error = await failure(client({ readErrorBody: readMinotaurError }).request(read({ requirement: 'contacts:read' })));
    assert.equal(error.kind, 'unauthorized');
    assert.equal(error.isKeyRejected, true);
    assert.match(error.message, /Replace Key/);
  });

  it('never puts the Authorization value in an error message, error field or log entry', async () => {
    const bodies: Array<(res: import('node:http').ServerResponse, req: import('node:http').IncomingMessage) => void> = [
      (res) => sendJson(res, 401, { message: `Invalid API key ${SECRET}` }),
      (res) => sendJson(res, 403, { code: SECRET, message: `Key ${AUTH} lacks scopes`, details: { errors: [{ field: 'k', message: SECRET }] } }),
      (res) => sendJson(res, 400, { message: `bad ${SECRET}`, details: { errors: [{ field: SECRET, message: 'echo' }] } }),
      (res) => sendJson(res, 500, { error: `Authorization: ${AUTH}` }),
      (res) => sendText(res, 200, `not json ${SECRET}`),
      (_res, req) => req.socket.destroy(),
    ];
    server.handle((_req, res, req) => bodies[server.requests.length - 1]?.(res, req));
    const http = client({ maxRetries: 0 });
    const errors: ApiError[] = [];
    for (let i = 0; i < bodies.length; i++) errors.push(await failure(http.request(read())));
    assert.equal(errors.length, bodies.length);
    for (const error of errors) {
      const visible = JSON.stringify({ message: error.message, code: error.code, fields: error.fieldErrors, issues: error.issues, requirement: error.requirement, stack: error.stack });
      assert.ok(!visible.includes(SECRET), `secret leaked in ${error.kind}: ${visible}`);
    }
    assert.ok(log.length >= bodies.length);
    assert.ok(!JSON.stringify(log).includes(SECRET), 'secret leaked in the log');
  });

  it('limits concurrency: the server never sees more than maxConcurrent requests in flight', async () => {
    const held: Array<() => void> = [];
    let peak = 0;
    server.handle((req, res) => {
      if (req.path.endsWith('/probe')) return sendJson(res, 200, { id: 'probe' });
      held.push(() => sendJson(res, 200, { id: req.path }));
      peak = Math.max(peak, held.length);
    });
    const http = client({ maxConcurrent: 2 });
    const calls = Array.from({ length: 6 }, (_, i) => http.request(read({ path: `/things/${i}` })));
    await server.waitFor(() => held.length === 2);
    // A round trip on another connection: any request beyond the limit, sent before it, has arrived by now.
    const probe = await fetch(`${server.url}/probe`);
    assert.equal(probe.status, 200);
    assert.equal(held.length, 2, 'a third request reached the server while two were in flight');
    for (let released = 0; released < 6; released++) {
      await server.waitFor(() => held.length > 0);
      held.shift()?.();
    }
    const results = await Promise.all(calls);
    assert.equal(results.length, 6);
    assert.equal(server.requests.filter((r) => r.path.startsWith('/api/v1/things/')).length, 6);
    assert.equal(peak, 2, `server saw ${peak} client requests in flight at once`);
    assert.equal(new Set(results.map((r) => r.id)).size, 6);
  });

  it('rejects with cancelled (an ApiError) when aborted while waiting for a slot, and nothing is sent', async () => {
    const held: Array<() => void> = [];
    server.handle((_req, res) => {
      held.push(() => sendJson(res, 200, { id: 'a' }));
    });
    const http = client({ maxConcurrent: 1 });
    const first = http.request(read());
    await server.waitFor(() => held.length === 1);
    const abort = new AbortController();
    const second = http.request(read({ signal: abort.signal }));
    abort.abort();
    const error = await failure(second);
    assert.equal(error.kind, 'cancelled');
    held.shift()?.();
    assert.equal((await first).id, 'a');
    assert.equal(server.requests.length, 1);
  });

  it('rejects with cancelled when the caller aborts an answer it is waiting for', async () => {
    server.handle(() => undefined);
    const abort = new AbortController();
    const call = client().request(read({ signal: abort.signal }));
    await server.waitFor(() => server.requests.length === 1);
    abort.abort();
    const error = await failure(call);
    assert.equal(error.kind, 'cancelled');
  });
});
