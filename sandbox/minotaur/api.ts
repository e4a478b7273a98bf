/**
 * Minotaur under `/api/ext`: route → key check (401, or the older 403 wording) → permission (403) → handler.
 * Routing comes first, as in NestJS, so an unknown path is 404 whatever the key.
 */
import { header, HttpError, type ApiRequest, type ApiResponse } from '../http';
import { keyProfile } from '../keys';
import { Router } from '../router';
import { legacyForbidden, missingPermission, routeNotFound, unauthorized } from './errors';
import { registerCatalog } from './catalog';
import { registerCompanies } from './companies';
import { registerContacts } from './contacts';
import { registerCustomer } from './customer';
import { registerLists } from './lists';
import { registerProspects } from './prospects';
import { registerServiceHandler } from './serviceHandler';
import type { MinotaurContext, MinotaurRoute } from './context';
import type { ProviderApi } from '../provider';
import type { SandboxState } from '../state';

export const MINOTAUR_PREFIX = '/api/ext';

export function buildMinotaurRouter(): Router<MinotaurRoute> {
  const router = new Router<MinotaurRoute>();
  registerCustomer(router);
  registerContacts(router);
  registerCompanies(router);
  registerLists(router);
  registerProspects(router);
  registerServiceHandler(router);
  registerCatalog(router);
  return router;
}

/** `Authorization: X-API-Key <key>` — the literal words, a space, the key. */
function keyOf(req: Pick<ApiRequest, 'headers'>): string | undefined {
  const value = header(req.headers, 'authorization');
  const match = value ? /^X-API-Key\s+(\S+)\s*$/i.exec(value) : null;
  return match?.[1];
}

export function createMinotaurApi(): ProviderApi {
  const router = buildMinotaurRouter();

  function authorize(req: ApiRequest, route: MinotaurRoute, state: SandboxState): string {
    const key = keyOf(req);
    const profile = keyProfile(key, 'minotaur');
    if (!key || !profile || profile.behaviour === 'rotated' || state.rotated.has(key)) throw unauthorized();
    if (profile.behaviour === 'legacy403') throw legacyForbidden();
    if (route.permission && !profile.grants.includes(route.permission)) throw missingPermission(route.permission);
    return key;
  }

  function handle(req: ApiRequest, state: SandboxState): ApiResponse {
    const match = router.match(req.method, req.path);
    if (match.kind !== 'found') return errorResponse(routeNotFound(req.method, MINOTAUR_PREFIX + req.path));
    const route = match.route.handler;
    let ctx: MinotaurContext | undefined;
    try {
      const key = authorize(req, route, state);
      const store = state.minotaur;
      store.settle(req.now);
      ctx = { store, key, customer: store.customer(key), charged: { credits: 0, records: 0, job_id: null } };
      const response = route.handle({ ...req, params: match.params }, ctx);
      if (route.credit) ledger(state, req, ctx, response.status);
      return response;
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      if (route.credit && ctx) ledger(state, req, ctx, error.status);
      return errorResponse(error);
    }
  }

  return {
    name: 'minotaur',
    prefix: MINOTAUR_PREFIX,
    template: (method, path) => {
      const match = router.match(method, path);
      return match.kind === 'found' ? match.route.template : undefined;
    },
    keyOf,
    handle,
    faultBody: (status) =>
      status === 429
        ? { statusCode: 429, message: 'ThrottlerException: Too Many Requests' }
        : status === 503
          ? { statusCode: 503, message: 'Service Unavailable', error: 'Service Unavailable' }
          : { statusCode: 500, message: 'Internal server error' },
  };
}

function ledger(state: SandboxState, req: ApiRequest, ctx: MinotaurContext, status: number): void {
  state.minotaur.ledger.push({
    at: new Date(req.now).toISOString(),
    key: ctx.key,
    endpoint: `${req.method} ${MINOTAUR_PREFIX}${req.path}`,
    status,
    ...ctx.charged,
  });
}

function errorResponse(error: HttpError): ApiResponse {
  return { status: error.status, body: error.body, headers: error.headers };
}

