/**
 * The HTTP server: one loopback port, Minotaur under /api/ext, OpenProspect under /api/v1, admin under /__admin.
 * Per request: route template (for stats) → count → fault → body → vendor handler → (schema fault) → JSON.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdminRouter } from './admin';
import { BAD_GATEWAY_HTML, malformed, violateSchema, type Fault, type FaultConfig } from './faults';
import { header, type ApiResponse } from './http';
import { DEMO_KEYS } from './keys';
import { createMinotaurApi } from './minotaur/api';
import { createOpenProspectApi } from './openprospect/api';
import { SandboxState, type SandboxSettings } from './state';
import type { ProviderApi } from './provider';

export interface SandboxOptions {
  /** 0 = any free port. Default 4010. */
  port?: number;
  /** Default 127.0.0.1: the admin endpoints have no auth. */
  host?: string;
  seed?: number;
  contacts?: number;
  /** Minotaur companies; default contacts / 25 (20–4,000). */
  companies?: number;
  /** Prospect catalog size; default 2 × contacts, at most 50,000. */
  prospects?: number;
  faults?: FaultConfig;
  /** Time per order / search-profile step. Default 1500 ms. */
  orderStepMs?: number;
  /** Time until a credit job's effect (unlock, verify). Default 1000 ms. */
  jobStepMs?: number;
  /** No request log lines. */
  quiet?: boolean;
}

export interface RunningSandbox {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 4010;
const MAX_BODY_BYTES = 20 * 1024 * 1024;

export function resolveSettings(opts: SandboxOptions): SandboxSettings {
  const int = (name: string, value: number | undefined, fallback: number, min: number, max: number) => {
    const v = value ?? fallback;
    if (!Number.isInteger(v) || v < min || v > max) throw new Error(`${name} must be an integer between ${min} and ${max} (got ${String(value)})`);
    return v;
  };
  const contacts = int('contacts', opts.contacts, 5000, 0, 1_000_000);
  return {
    seed: int('seed', opts.seed, 42, -2147483648, 4294967295),
    contacts,
    companies: int('companies', opts.companies, Math.min(4000, Math.max(20, Math.round(contacts / 25))), 0, 1_000_000),
    prospects: int('prospects', opts.prospects, Math.min(50_000, 2 * contacts), 0, 1_000_000),
    orderStepMs: int('orderStepMs', opts.orderStepMs, 1500, 0, 3_600_000),
    jobStepMs: int('jobStepMs', opts.jobStepMs, 1000, 0, 3_600_000),
    ...(opts.faults ? { faults: opts.faults } : {}),
  };
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  const state = new SandboxState(resolveSettings(opts));
  const apis: ProviderApi[] = [createMinotaurApi(), createOpenProspectApi(() => state)];
  const admin = createAdminRouter();
  const quiet = opts.quiet ?? false;
  const host = opts.host ?? '127.0.0.1';

  const server = http.createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      if (!quiet) console.error('[sandbox] unexpected error', error);
      if (!res.headersSent) send(res, { status: 500, body: { message: 'Sandbox internal error' } });
      else res.destroy();
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const log = (status: number | string) => {
      if (!quiet) console.log(`${method} ${path}${url.search} → ${status} (${Date.now() - started} ms)`);
    };

    if (path === '/__admin' || path.startsWith('/__admin/')) {
      const raw = await readBody(req);
      const match = admin.match(method, path.slice('/__admin'.length) || '/');
      if (match.kind !== 'found') return send(res, { status: 404, body: { error: `No admin route ${method} ${path}` } });
      let body: unknown;
      try {
        body = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
      } catch {
        return send(res, { status: 400, body: { error: 'Body is not valid JSON' } });
      }
      return send(res, match.route.handler({ params: match.params, body, now: Date.now() }, state));
    }

    if (method === 'GET' && path === '/') return send(res, { status: 200, body: index(baseUrl()) });

    const api = apis.find((a) => path === a.prefix || path.startsWith(`${a.prefix}/`));
    if (!api) {
      log(404);
      return send(res, { status: 404, body: { message: `Nothing at ${path}. Minotaur is under /api/ext, OpenProspect under /api/v1 (GET / lists both).` } });
    }
    const subPath = path.slice(api.prefix.length) || '/';
    const key = api.keyOf(req);
    const route = `${method} ${api.prefix}${api.template(method, subPath) ?? ' (no route)'}`;
    state.stats.count(route, key === undefined ? '(none)' : key.slice(0, 64));

    const raw = await readBody(req);
    const fault = state.faults.pick(`${method} ${path}`);
    if (fault) {
      state.stats.fault(fault.kind);
      const early = await applyEarlyFault(fault, api, req, res);
      if (early) return log(`fault ${fault.kind}`);
    }

    const parsed = parseBody(api, req, raw);
    if (method !== 'GET' && !('error' in parsed)) state.requestLog.record(route, path, parsed.body);
    let response: ApiResponse;
    if ('error' in parsed) response = parsed.error;
    else {
      try {
        response = api.handle({ method, path: subPath, params: {}, query: url.searchParams, headers: req.headers, body: parsed.body, now: Date.now() }, state);
      } catch (error) {
        if (!quiet) console.error('[sandbox] handler error', error);
        response = { status: 500, body: api.faultBody(500, 0) };
      }
    }
    if (fault?.kind === 'schema' && response.status < 300) response = { ...response, body: violateSchema(response.body) };
    if (fault?.kind === 'malformed') {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(malformed(JSON.stringify(response.body ?? {})));
      return log('200 (malformed)');
    }
    send(res, response);
    log(response.status);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const displayHost = host.includes(':') ? `[${host}]` : host;
  function baseUrl() {
    return `http://${displayHost}:${port}`;
  }

  return {
    url: baseUrl(),
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Faults that answer (or hang up) instead of the handler. Returns true when the request is finished. */
async function applyEarlyFault(fault: Fault, api: ProviderApi, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  switch (fault.kind) {
    case 'latency':
      await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
      return false;
    case 'drop':
      req.socket.destroy();
      return true;
    case '429':
    case '503':
      send(res, { status: Number(fault.kind), body: api.faultBody(Number(fault.kind) as 429 | 503, fault.retryAfterSeconds), headers: { 'Retry-After': String(fault.retryAfterSeconds) } });
      return true;
    case '500':
      send(res, { status: 500, body: api.faultBody(500, 0) });
      return true;
    case '502':
      res.writeHead(502, { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(BAD_GATEWAY_HTML) });
      res.end(BAD_GATEWAY_HTML);
      return true;
    case 'malformed':
    case 'schema':
      return false;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * JSON bodies. Minotaur (NestJS) ignores a body that is not declared JSON, so validation then reports the missing
 * fields; OpenProspect answers 415. Malformed JSON: Minotaur 400, OpenProspect 422 (as FastAPI does).
 */
function parseBody(api: ProviderApi, req: IncomingMessage, raw: Buffer): { body: unknown } | { error: ApiResponse } {
  if (raw.length === 0) return { body: undefined };
  if (raw.length > MAX_BODY_BYTES) {
    return { error: { status: 413, body: api.name === 'minotaur' ? { statusCode: 413, message: 'request entity too large', error: 'Payload Too Large' } : { code: 'PAYLOAD_TOO_LARGE', message: `Request body larger than ${MAX_BODY_BYTES} bytes` } } };
  }
  const type = header(req.headers, 'content-type') ?? '';
  if (!/json/i.test(type)) {
    if (api.name === 'minotaur') return { body: undefined };
    return { error: { status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send JSON with Content-Type: application/json' } } };
  }
  try {
    return { body: JSON.parse(raw.toString('utf8')) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'invalid JSON';
    return {
      error: api.name === 'minotaur'
        ? { status: 400, body: { statusCode: 400, message: detail, error: 'Bad Request' } }
        : { status: 422, body: { code: 'VALIDATION_ERROR', message: 'Request body is not valid JSON', details: { errors: [{ field: 'body', message: detail }] } } },
    };
  }
}

function send(res: ServerResponse, response: ApiResponse): void {
  const headers: Record<string, string | number> = { ...(response.headers ?? {}) };
  if (response.status === 204 || response.body === undefined) {
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(response.body);
  headers['Content-Type'] = 'application/json; charset=utf-8';
  headers['Content-Length'] = Buffer.byteLength(text);
  res.writeHead(response.status, headers);
  res.end(text);
}

/** `GET /`: where things are, for a human with curl. */
function index(url: string): Record<string, unknown> {
  return {
    name: 'CRM Explorer API sandbox',
    minotaur: `${url}/api/ext`,
    openprospect: `${url}/api/v1`,
    admin: `${url}/__admin`,
    keys: DEMO_KEYS,
  };
}
