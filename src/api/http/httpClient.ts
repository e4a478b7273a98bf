/**
 * The one HTTP layer both vendor clients use: a ky instance per connection that adds the auth header, applies
 * the timeout, limits concurrency, retries ONLY requests marked safe, logs one line per attempt, validates the
 * body with zod and turns every failure into an ApiError.
 *
 * Why retries are opt-in per request and not per method: Minotaur reads are POSTs (list, metadata, filters) and
 * must be retried, while POSTs that create, unlock or verify cost money or make duplicates and must never be.
 */
import ky, { HTTPError, TimeoutError, type KyInstance, type Options as KyOptions } from 'ky';
import type { ZodType } from 'zod';
import { ApiError, describeIssues, type ApiErrorDetails } from './errors';
import { Semaphore } from './semaphore';
import { NodeTransport, TransportError, type NodeResponse } from './nodeTransport';
import { formatTime, t } from '../../util/l10n';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RequestLogEntry {
  operation: string;
  method: HttpMethod;
  /** Path relative to the base URL, without the query string (queries can carry personal data). */
  path: string;
  status?: number;
  durationMs: number;
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number;
  errorKind?: ApiErrorDetails['kind'];
  /** Vendor error code (e.g. AUTHORIZATION_ERROR), when the body had one. */
  code?: string;
}

export interface RequestObserver {
  onAttempt(entry: RequestLogEntry): void;
}

/** Vendor-specific reading of an error body: message, code, field errors, requirement. */
export type ErrorBodyReader = (status: number, body: unknown) => Partial<ApiErrorDetails>;

export interface HttpClientConfig {
  baseUrl: string;
  /** Full value of the Authorization header. Never logged, never put in an error. */
  authorization: string;
  timeoutMs: number;
  /** Retries for requests marked safeToRetry. */
  maxRetries: number;
  /** Longest Retry-After we wait out silently; longer ones surface as rateLimited with retryAt. */
  maxRetryWaitMs: number;
  maxConcurrent: number;
  readErrorBody: ErrorBodyReader;
  /** Stamped on every ApiError this client raises. */
  connectionId?: string;
  observer?: RequestObserver;
  /** Injected for tests that need to count or fail requests at the socket level; defaults to global fetch. */
  fetch?: typeof fetch;
  /** Base delay of the exponential backoff, ms (tests lower it so fault tests stay fast). */
  retryBaseDelayMs?: number;
}

export interface RequestSpec<T> {
  /** Stable name, e.g. `contacts.list`. */
  operation: string;
  method: HttpMethod;
  path: string;
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  schema: ZodType<T>;
  /** Reads only. Anything that creates, changes, deletes or spends credits must be false. */
  safeToRetry: boolean;
  /** Permission or scope the call needs, attached to a 403. */
  requirement?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

const RETRY_STATUS = [408, 429, 500, 502, 503, 504];

export class HttpClient {
  private readonly ky: KyInstance;
  private readonly gate: Semaphore;
  /** Set on the sibling `forBulkReads()` returns: requests go through node:http instead of ky + fetch. */
  private transport: NodeTransport | undefined;
  private bulk: HttpClient | undefined;

  constructor(
    private readonly config: HttpClientConfig,
    gate?: Semaphore,
  ) {
    this.gate = gate ?? new Semaphore(Math.max(1, config.maxConcurrent));
    this.ky = ky.create({
      prefixUrl: config.baseUrl,
      timeout: config.timeoutMs,
      throwHttpErrors: true,
      fetch: config.fetch,
      headers: { Authorization: config.authorization, Accept: 'application/json' },
    });
  }

  /**
   * A sibling for bulk reads (Export…): same base URL, key, timeout, retry rules, log lines, error kinds and the SAME
   * concurrency slots, but sent with node:http(s) and a keep-alive Agent (see nodeTransport.ts for why). Created once.
   * A test-injected `fetch` means the test wants to see every request there, so then it is this client itself.
   */
  forBulkReads(): HttpClient {
    if (this.config.fetch || this.transport) return this;
    if (!this.bulk) {
      this.bulk = new HttpClient(this.config, this.gate);
      this.bulk.transport = new NodeTransport(new URL(this.config.baseUrl), Math.max(1, this.config.maxConcurrent));
    }
    return this.bulk;
  }

  async request<T>(spec: RequestSpec<T>): Promise<T> {
    const raw = await this.requestRaw(spec);
    return this.validate(spec, raw);
  }

  /** Validate a body with the spec's schema; a mismatch is a badResponse error listing the issues. */
  validate<T>(spec: Pick<RequestSpec<T>, 'schema' | 'operation'>, raw: unknown): T {
    const parsed = spec.schema.safeParse(raw);
    if (!parsed.success) {
      const issues = describeIssues(parsed.error.issues);
      throw new ApiError({
        kind: 'badResponse',
        operation: spec.operation,
        issues,
        connectionId: this.config.connectionId,
        message: t("The server's answer to {0} was not in the expected shape ({1}).", spec.operation, issues[0] ?? t('unknown problem')),
      });
    }
    return parsed.data;
  }

  /** Sends the request and returns the parsed JSON body (or null for an empty body), unvalidated. */
  async requestRaw(spec: Omit<RequestSpec<unknown>, 'schema'>): Promise<unknown> {
    let release: () => void;
    try {
      release = await this.gate.acquire(spec.signal);
    } catch {
      // Aborted while waiting for a free slot: nothing was sent.
      throw cancelledError(spec.operation);
    }
    try {
      return await (this.transport ? this.sendNode(spec, this.transport) : this.send(spec));
    } catch (error) {
      if (error instanceof ApiError && this.config.connectionId && !error.connectionId) {
        throw new ApiError({ ...error, message: error.message, connectionId: this.config.connectionId }, { cause: error.cause });
      }
      throw error;
    } finally {
      release();
    }
  }

  private async send(spec: Omit<RequestSpec<unknown>, 'schema'>): Promise<unknown> {
    const path = spec.path.replace(/^\/+/, '');
    let attempt = 0;
    let started = 0;
    /** When the current attempt's fetch settled: a retry's backoff wait is not part of the attempt's duration. */
    let settled: number | undefined;
    const log = (entry: Partial<RequestLogEntry>) =>
      this.config.observer?.onAttempt({
        operation: spec.operation,
        method: spec.method,
        path: '/' + path,
        durationMs: (settled ?? Date.now()) - started,
        attempt,
        ...entry,
      });
    const baseFetch = this.config.fetch ?? globalThis.fetch.bind(globalThis);
    const timedFetch: typeof fetch = async (input, init) => {
      try {
        return await baseFetch(input, init);
      } finally {
        settled = Date.now();
      }
    };
    // ky's timeout covers the wait for the response headers only; this one bounds reading the body, so a server
    // that sends headers and then stalls cannot hold a concurrency slot forever.
    const bodyTimeout = new AbortController();
    const signal = spec.signal ? AbortSignal.any([spec.signal, bodyTimeout.signal]) : bodyTimeout.signal;
    const options: KyOptions = {
      method: spec.method,
      signal,
      fetch: timedFetch,
      searchParams: cleanQuery(spec.query),
      // Never `undefined`: ky merges per-call options over the defaults key by key, and `headers: undefined`
      // would drop the instance headers, Authorization included.
      headers: spec.headers ?? {},
      retry: spec.safeToRetry ? this.retryOptions() : 0,
      hooks: {
        beforeRequest: [
          () => {
            attempt += 1;
            started = Date.now();
            settled = undefined;
          },
        ],
        afterResponse: [
          (_request, _options, response) => {
            // Successful attempts are logged here; failed ones in the catch below or in beforeRetry.
            if (response.ok) log({ status: response.status });
          },
        ],
        beforeRetry: [
          ({ error }) => {
            const status = error instanceof HTTPError ? error.response.status : undefined;
            log({ status, errorKind: status ? statusKind(status) : errorKindOf(error) });
          },
        ],
      },
    };
    if (spec.body !== undefined) options.json = spec.body;

    let response: Response;
    try {
      response = await this.ky(path, options);
    } catch (error) {
      const apiError = await this.toApiError(error, spec);
      log({ status: apiError.status, errorKind: apiError.kind, code: apiError.code });
      throw apiError;
    }
    let text: string;
    const timer = setTimeout(() => bodyTimeout.abort(), this.config.timeoutMs);
    try {
      text = await response.text();
    } catch (error) {
      const apiError = bodyTimeout.signal.aborted
        ? new ApiError({
            kind: 'timeout',
            status: response.status,
            operation: spec.operation,
            message: t('{0} timed out after {1} s while reading the answer. Try again or raise crm.requestTimeoutSeconds.', spec.operation, Math.round(this.config.timeoutMs / 1000)),
          })
        : await this.toApiError(error, spec);
      log({ status: response.status, errorKind: apiError.kind });
      throw apiError;
    } finally {
      clearTimeout(timer);
    }
    if (!text.trim()) return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ApiError({
        kind: 'badResponse',
        status: response.status,
        operation: spec.operation,
        issues: ['body: not valid JSON'],
        // A write the server accepted (2xx) was carried out even though its answer is unreadable: "try again" would
        // do it twice (found by the chaos tier: a create answered with broken JSON, retried by the user).
        message: spec.safeToRetry
          ? t('The server answered {0} with something that is not valid JSON. Try again; if it persists, check the base URL.', spec.operation)
          : t('The server accepted {0} (HTTP {1}) but its answer is not valid JSON, so it was probably carried out. Refresh and check before trying again, or it may be done twice.', spec.operation, response.status),
      });
    }
  }

  /**
   * The node:http path of `forBulkReads()`: the ky path's behaviour rebuilt without its per-request machinery. Same
   * retry rules (safeToRetry only; RETRY_STATUS, timeouts and socket errors; Retry-After up to maxRetryWaitMs;
   * exponential backoff capped at 10 s), one log line per attempt, the same ApiError kinds and messages. One addition
   * for bulk reads: a 2xx whose body is not JSON is retried too (safeToRetry only).
   */
  private async sendNode(spec: Omit<RequestSpec<unknown>, 'schema'>, transport: NodeTransport): Promise<unknown> {
    const path = spec.path.replace(/^\/+/, '');
    const url = new URL(path, this.config.baseUrl.endsWith('/') ? this.config.baseUrl : this.config.baseUrl + '/');
    const query = cleanQuery(spec.query);
    if (query) for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const headers: Record<string, string> = { Authorization: this.config.authorization, Accept: 'application/json', ...spec.headers };
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const limit = spec.safeToRetry ? this.config.maxRetries : 0;
    const base = this.config.retryBaseDelayMs ?? 300;
    const backoff = (attempt: number) => Math.min(10_000, base * 2 ** (attempt - 1));
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      const log = (entry: Partial<RequestLogEntry>) =>
        this.config.observer?.onAttempt({ operation: spec.operation, method: spec.method, path: '/' + path, durationMs: Date.now() - started, attempt, ...entry });
      let response: NodeResponse | undefined;
      let error: ApiError;
      try {
        response = await transport.request(url, { method: spec.method, headers, body, signal: spec.signal, timeoutMs: this.config.timeoutMs });
      } catch (caught) {
        response = undefined;
        error = this.transportError(caught, spec);
        log({ errorKind: error.kind });
        if (error.kind === 'cancelled' || attempt > limit) throw error;
        await this.wait(backoff(attempt), spec);
        continue;
      }
      const { status, text } = response;
      if (status >= 200 && status < 300) {
        if (!text.trim()) {
          log({ status });
          return null;
        }
        let value: unknown;
        try {
          value = JSON.parse(text) as unknown;
        } catch {
          // A read answered with a broken body (a proxy's error page, a body cut short) is asked again like a 5xx:
          // asking again is safe for a read, and one bad page would otherwise end a 1,000-page export. A write never is.
          error = this.notJson(spec, status);
          log({ status, errorKind: error.kind });
          if (attempt > limit) throw error;
          await this.wait(backoff(attempt), spec);
          continue;
        }
        log({ status });
        return value;
      }
      const retryAfter = retryAfterOf(headerOf(response, 'retry-after'));
      let parsed: unknown = null;
      try {
        parsed = text ? (JSON.parse(text) as unknown) : null;
      } catch {
        parsed = null;
      }
      error = this.statusError(status, parsed, retryAfter, spec);
      log({ status, errorKind: error.kind, code: error.code });
      const retryable = RETRY_STATUS.includes(status) && attempt <= limit && !(retryAfter !== undefined && retryAfter > this.config.maxRetryWaitMs);
      if (!retryable) throw error;
      const wait = [413, 429, 503].includes(status) && retryAfter !== undefined ? retryAfter : backoff(attempt);
      await this.wait(wait, spec);
    }
  }

  /** The pause before a retry of the bulk-read path; a cancel during it ends the request as cancelled. */
  private async wait(ms: number, spec: Omit<RequestSpec<unknown>, 'schema'>): Promise<void> {
    await delay(ms, spec.signal).catch(() => {
      throw cancelledError(spec.operation);
    });
  }

  private transportError(error: unknown, spec: Omit<RequestSpec<unknown>, 'schema'>): ApiError {
    const operation = spec.operation;
    if (error instanceof TransportError && error.aborted) return cancelledError(operation);
    if (error instanceof TransportError && error.timeout) {
      return new ApiError({
        kind: 'timeout',
        operation,
        message: t('{0} timed out after {1} s. The server may be slow; try again or raise crm.requestTimeoutSeconds.', operation, Math.round(this.config.timeoutMs / 1000)),
      });
    }
    const reason = error instanceof Error ? error.message : String(error);
    return new ApiError(
      this.scrub({ kind: 'network', operation, message: t('Could not reach the server for {0} ({1}). Check the base URL and your network.', operation, sanitize(reason)) }),
      { cause: error },
    );
  }

  private notJson(spec: Omit<RequestSpec<unknown>, 'schema'>, status: number): ApiError {
    return new ApiError({
      kind: 'badResponse',
      status,
      operation: spec.operation,
      issues: ['body: not valid JSON'],
      message: spec.safeToRetry
        ? t('The server answered {0} with something that is not valid JSON. Try again; if it persists, check the base URL.', spec.operation)
        : t('The server accepted {0} (HTTP {1}) but its answer is not valid JSON, so it was probably carried out. Refresh and check before trying again, or it may be done twice.', spec.operation, status),
    });
  }

  /** An HTTP error status → ApiError (shared by both paths): the vendor's reading of the body, kind, retryAt. */
  private statusError(status: number, body: unknown, retryAfter: number | undefined, spec: Omit<RequestSpec<unknown>, 'schema'>): ApiError {
    const operation = spec.operation;
    const vendor = this.config.readErrorBody(status, body);
    const kind = vendor.kind ?? statusKind(status);
    const retryAt = kind === 'rateLimited' ? retryAtFrom(retryAfter, body) : undefined;
    const requirement = vendor.requirement ?? (kind === 'forbidden' ? spec.requirement : undefined);
    return new ApiError(
      this.scrub({
        ...vendor,
        kind,
        status,
        operation,
        requirement,
        retryAt,
        message: userMessage(kind, operation, vendor.message, requirement, retryAt, status),
      }),
    );
  }

  private retryOptions(): KyOptions['retry'] {
    const base = this.config.retryBaseDelayMs ?? 300;
    return {
      limit: this.config.maxRetries,
      methods: ['get', 'post', 'put', 'patch', 'delete'],
      statusCodes: RETRY_STATUS,
      afterStatusCodes: [413, 429, 503],
      maxRetryAfter: this.config.maxRetryWaitMs,
      backoffLimit: 10_000,
      delay: (attemptCount) => base * 2 ** (attemptCount - 1),
      retryOnTimeout: true,
      shouldRetry: ({ error }) => {
        // A server asking us to wait longer than we are willing to block the UI: give up now and say until when.
        if (error instanceof HTTPError) {
          const waitMs = retryAfterMs(error.response);
          if (waitMs !== undefined && waitMs > this.config.maxRetryWaitMs) return false;
        }
        return undefined;
      },
    };
  }

  private async toApiError(error: unknown, spec: Omit<RequestSpec<unknown>, 'schema'>): Promise<ApiError> {
    const operation = spec.operation;
    if (error instanceof ApiError) return error;
    if (error instanceof HTTPError) {
      const body = await readBody(error.response);
      return this.statusError(error.response.status, body, retryAfterMs(error.response), spec);
    }
    if (error instanceof TimeoutError) {
      return new ApiError({
        kind: 'timeout',
        operation,
        message: spec.safeToRetry
          ? t('{0} timed out after {1} s. The server may be slow; try again or raise crm.requestTimeoutSeconds.', operation, Math.round(this.config.timeoutMs / 1000))
          : t('{0} timed out after {1} s; the server may still have carried it out. Refresh and check before trying again.', operation, Math.round(this.config.timeoutMs / 1000)),
      });
    }
    if (isAbort(error) || spec.signal?.aborted) {
      return cancelledError(operation);
    }
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    return new ApiError(
      this.scrub({
        kind: 'network',
        operation,
        message: t('Could not reach the server for {0} ({1}). Check the base URL and your network.', operation, sanitize(reason)),
      }),
      { cause: error },
    );
  }

  /**
   * A server may echo the key back in an error message (some do, in "invalid key xyz" messages): remove the exact
   * Authorization value and the key itself from everything that reaches the user or the log.
   */
  private scrub(details: ApiErrorDetails): ApiErrorDetails {
    const secrets = [this.config.authorization, this.config.authorization.trim().split(/\s+/).pop() ?? '']
      .filter((secret) => secret.length >= 6)
      .sort((a, b) => b.length - a.length);
    const clean = (text: string) => secrets.reduce((out, secret) => out.split(secret).join('***'), text);
    return {
      ...details,
      message: clean(details.message),
      code: details.code === undefined ? undefined : clean(details.code),
      requirement: details.requirement === undefined ? undefined : clean(details.requirement),
      fieldErrors: details.fieldErrors?.map((e) => ({ field: clean(e.field), message: clean(e.message) })),
    };
  }
}

function cleanQuery(query: RequestSpec<unknown>['query']): Record<string, string> | undefined {
  if (!query) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null) out[key] = String(value);
  return out;
}

async function readBody(response: Response): Promise<unknown> {
  try {
    const text = await response.text();
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}

export function statusKind(status: number): ApiErrorDetails['kind'] {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'notFound';
  if (status === 400 || status === 422) return 'validation';
  if (status === 429) return 'rateLimited';
  if (status === 408) return 'timeout';
  return 'server';
}

function errorKindOf(error: unknown): ApiErrorDetails['kind'] {
  if (error instanceof TimeoutError) return 'timeout';
  return 'network';
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'CanceledError');
}

/** Parse Retry-After (seconds or HTTP date) into ms from now. */
export function retryAfterMs(response: Response): number | undefined {
  return retryAfterOf(response.headers.get('retry-after') ?? undefined);
}

function retryAfterOf(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

function headerOf(response: NodeResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The one error of a request the user (or its caller) cancelled. */
function cancelledError(operation: string): ApiError {
  return new ApiError({ kind: 'cancelled', operation, message: t('{0} was cancelled.', operation) });
}

/** Wait `ms`, or reject at once when the signal aborts (a cancelled export must not sit out a backoff). */
function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function retryAtFrom(retryAfter: number | undefined, body: unknown): Date | undefined {
  let ms = retryAfter;
  // OpenProspect's older docs also put `retry_after` (seconds) in the body.
  if (ms === undefined && body && typeof body === 'object' && 'retry_after' in body) {
    const seconds = Number((body as { retry_after: unknown }).retry_after);
    if (Number.isFinite(seconds)) ms = seconds * 1000;
  }
  return ms === undefined ? undefined : new Date(Date.now() + ms);
}

/** Error text from a socket is safe to show, but strip anything that looks like a credential just in case. */
function sanitize(text: string): string {
  return text.replace(/(X-API-Key|Bearer)\s+\S+/gi, '$1 ***').slice(0, 200);
}

function userMessage(
  kind: ApiErrorDetails['kind'],
  operation: string,
  vendorMessage: string | undefined,
  requirement: string | undefined,
  retryAt: Date | undefined,
  status: number,
): string {
  // `said` is the vendor's own words (": message"), kept as they came; only our sentence around it is translated.
  const said = vendorMessage ? `: ${sanitize(vendorMessage)}` : '';
  switch (kind) {
    case 'unauthorized':
      return t('The API key was rejected ({0}). It may have been rotated or revoked: use "Replace Key" to enter a new one.', `${status}${said}`);
    case 'forbidden':
      return requirement
        ? t('This API key lacks the "{0}" permission this action needs. Keys are immutable: create or rotate a key that includes it, then use "Replace Key".', requirement)
        : t('The server refused {0} ({1}). The key may lack a permission for it.', operation, `403${said}`);
    case 'notFound':
      return t('Not found ({0}). It may have been deleted, or this server does not offer it.', `${operation}${said}`);
    case 'validation':
      return vendorMessage ? t('The server rejected the data for {0}: {1}', operation, sanitize(vendorMessage)) : t('The server rejected the data for {0}.', operation);
    case 'rateLimited':
      return retryAt
        ? t('Rate limited by the server until {0}. Cached data stays usable; try again after that.', formatTime(retryAt))
        : t('Rate limited by the server ({0}). Wait a moment and try again.', operation);
    case 'timeout':
      return t('{0} timed out ({1}). Try again.', operation, status);
    default:
      return t('The server failed on {0} (HTTP {1}). Try again later; details are in the CRM Explorer log.', operation, `${status}${said}`);
  }
}
