/**
 * OpenProspect under `/api/v1`: route (404/405) → bearer key (401) → rate limit (429) → scopes (403) → handler.
 * Every error is `{code, message, details?}`.
 */
import { header, HttpError, type ApiRequest, type ApiResponse } from '../http';
import { keyProfile, RATE_LIMIT_PER_HOUR } from '../keys';
import { Router } from '../router';
import { registerAuth } from './auth';
import { registerBlacklists } from './blacklists';
import { registerCompanies } from './companies';
import { authenticationError, missingScopes, opError, rateLimited } from './errors';
import { registerOrders } from './orders';
import { registerProspects } from './prospects';
import { registerSearches } from './searches';
import type { OpRoute } from './context';
import type { ProviderApi } from '../provider';
import type { SandboxState } from '../state';

export const OPENPROSPECT_PREFIX = '/api/v1';
const HOUR_MS = 3_600_000;

function keyOf(req: Pick<ApiRequest, 'headers'>): string | undefined {
  const value = header(req.headers, 'authorization');
  const match = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  return match?.[1];
}

export function createOpenProspectApi(getState: () => SandboxState): ProviderApi {
  const router = new Router<OpRoute>();
  // A fixed window per key: the first request opens an hour; Retry-After counts down to its end.
  const remaining = (key: string, now: number) => {
    const window = getState().rateWindows.get(key);
    if (!window || now - window.start >= HOUR_MS) return RATE_LIMIT_PER_HOUR;
    return Math.max(0, RATE_LIMIT_PER_HOUR - window.count);
  };
  registerAuth(router, remaining);
  registerOrders(router);
  registerSearches(router);
  registerCompanies(router);
  registerProspects(router);
  registerBlacklists(router);

  function rateLimit(state: SandboxState, key: string, now: number): void {
    let window = state.rateWindows.get(key);
    if (!window || now - window.start >= HOUR_MS) state.rateWindows.set(key, (window = { start: now, count: 0 }));
    window.count++;
    if (window.count > RATE_LIMIT_PER_HOUR) throw rateLimited(Math.max(1, Math.ceil((window.start + HOUR_MS - now) / 1000)));
  }

  function handle(req: ApiRequest, state: SandboxState): ApiResponse {
    try {
      const match = router.match(req.method, req.path);
      if (match.kind === 'not-found') throw opError(404, 'NOT_FOUND', `No route for ${req.method} ${OPENPROSPECT_PREFIX}${req.path}`);
      if (match.kind === 'method-not-allowed')
        throw opError(405, 'METHOD_NOT_ALLOWED', `Method ${req.method} not allowed for ${OPENPROSPECT_PREFIX}${req.path}`, { allowed: match.allowed }, { Allow: match.allowed.join(', ') });
      const key = keyOf(req);
      if (!key) throw authenticationError('Missing or malformed Authorization header (expected "Bearer <key>")');
      const profile = keyProfile(key, 'openprospect');
      if (!profile || profile.behaviour === 'revoked' || state.rotated.has(key)) throw authenticationError();
      if (profile.behaviour === 'ratelimited') rateLimit(state, key, req.now);
      const missing = match.route.handler.scopes.filter((s) => !profile.grants.includes(s));
      if (missing.length) throw missingScopes(missing);
      return match.route.handler.handle({ ...req, params: match.params }, { store: state.openprospect, key, profile });
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      return { status: error.status, body: error.body, headers: error.headers };
    }
  }

  return {
    name: 'openprospect',
    prefix: OPENPROSPECT_PREFIX,
    template: (method, path) => {
      const match = router.match(method, path);
      return match.kind === 'found' ? match.route.template : undefined;
    },
    keyOf,
    handle,
    faultBody: (status, retryAfter) =>
      status === 429
        ? { code: 'RATE_LIMITED', message: `Rate limit exceeded. Retry after ${retryAfter} seconds.`, details: { retry_after: retryAfter } }
        : status === 503
          ? { code: 'SERVICE_UNAVAILABLE', message: 'The service is temporarily unavailable' }
          : { code: 'INTERNAL_ERROR', message: 'An unexpected error occurred' },
  };
}
