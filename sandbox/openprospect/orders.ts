/**
 * Orders (enrichment and discovery) and the search-profile creations discovery needs. Statuses move with time
 * (`orderStepMs` per step) or by `POST /__admin/orders/:id/advance`. A title or profile_name containing
 * `[sandbox:reject]` ends REJECTED, `[sandbox:fail]` ends FAILED; a profile name with `[sandbox:fail]` fails.
 */
import { json } from '../http';
import { Lifecycle } from '../lifecycle';
import { isRecord, type Obj, type Rec } from '../records';
import { Rng } from '../seed/prng';
import { domainFor } from '../seed/people';
import { opCompanyName, opPerson } from '../seed/openprospect';
import { COUNTRIES, INDUSTRIES, TECHNOLOGIES } from '../seed/words';
import { pathId } from './context';
import { notFound, opError } from './errors';
import { withIdempotency } from './idempotency';
import { page, parsePaging } from './paging';
import { ORDER_FAIL_PATH, ORDER_PATH, ORDER_REJECT_PATH, PROFILE_FAIL_PATH, PROFILE_PATH, type OpenProspectStore, type OrderState } from './store';
import { Checker, domainOf, isWebsite } from './validate';
import type { OpContext, OpRoute } from './context';
import type { Router } from '../router';
import type { ApiRequest } from '../http';

export const FEATURES = ['COMPANY_DATA', 'CONTACTS', 'TECHNOLOGIES'] as const;
export const ORDER_STATUSES = ['RECEIVED', 'ACCEPTED', 'IN_PROGRESS', 'COMPLETED', 'REJECTED', 'FAILED', 'CANCELLED'] as const;
/** Per-request bounds (undefined in the docs). */
export const MAX_ORDER_COMPANIES = 10_000;
export const MAX_BRIEFING_QUANTITY = 10_000;
/** Discovery results are capped so a large briefing does not build a huge response. */
const MAX_DISCOVERY_RESULTS = 500;

function findOrder(store: OpenProspectStore, req: ApiRequest): OrderState {
  const id = pathId(req);
  const order = store.orders.get(id);
  if (!order) throw notFound('Order', id);
  return order;
}

function validateOrder(body: unknown, store: OpenProspectStore): Rec {
  const check = Checker.of(body);
  const explicit = check.enumOf('type', ['enrichment', 'discovery'] as const);
  const type = explicit ?? (check.body.companies !== undefined ? 'enrichment' : 'discovery');
  const title = check.string('title', { required: type === 'enrichment', min: 1, max: 200 });
  const profileName = check.string('profile_name', { max: 200, nullable: true });
  const features = check.stringArray('features', { max: FEATURES.length });
  features?.forEach((f, index) => {
    if (!(FEATURES as readonly string[]).includes(f)) check.add('features', `Input should be ${FEATURES.map((x) => `'${x}'`).join(', ')}`, index);
  });
  const out: Rec = { id: '', type, title: title ?? 'Discovery order', profile_name: profileName ?? null, features: features ?? ['COMPANY_DATA', 'CONTACTS'] };
  if (type === 'enrichment') {
    const companies = check.array('companies', { required: true, min: 1, max: MAX_ORDER_COMPANIES });
    const rows: Obj[] = [];
    companies?.forEach((row, index) => {
      if (!isRecord(row)) return check.add('companies', 'Input should be a valid dictionary', index);
      const rowCheck = new Checker(row);
      rowCheck.string('company_name', { required: true, min: 1, max: 300 });
      rowCheck.string('external_id', { required: true, min: 1, max: 200 });
      const website = rowCheck.string('website_url', { max: 2000, nullable: true });
      if (website && !isWebsite(website)) rowCheck.add('website_url', 'Input should be a valid URL or domain');
      rowCheck.string('city', { max: 200, nullable: true });
      for (const e of rowCheck.errors) check.add(e.field, e.message, index);
      rows.push({ ...row });
    });
    out.companies = rows;
    // Derived from the companies, whatever was sent.
    out.briefing_quantity = rows.length;
    out.profile_id = null;
    out.prospect_search_id = null;
  } else {
    if (check.body.companies !== undefined) check.add('companies', 'Discovery orders take no companies (send them for an enrichment order)');
    out.briefing_quantity = check.int('briefing_quantity', { required: true, min: 1, max: MAX_BRIEFING_QUANTITY });
    const profileId = check.uuid('profile_id', { required: true });
    const profile = profileId ? store.profiles.get(profileId) : undefined;
    if (profileId && !profile) check.add('profile_id', 'Search profile not found (create one with POST /search-profile-creations and wait for SUCCEEDED)');
    out.profile_id = profileId ?? null;
    out.prospect_search_id = profile?.prospect_search_id ?? null;
    out.companies = [];
  }
  check.done();
  return out;
}

function pathFor(title: string, profileName: string): string[] {
  const text = `${title} ${profileName}`.toLowerCase();
  if (text.includes('[sandbox:reject]')) return ORDER_REJECT_PATH;
  if (text.includes('[sandbox:fail]')) return ORDER_FAIL_PATH;
  return ORDER_PATH;
}

/** Results are generated from the order (deterministic per order id), not stored. */
function resultsFor(store: OpenProspectStore, order: OrderState): Obj[] {
  const features = (order.rec.features as string[]) ?? [];
  const decorate = (rng: Rng, base: Obj, domain: string, index: number): Obj => {
    const found = !rng.chance(0.1);
    const country = rng.pick(COUNTRIES);
    const result: Obj = { ...base, domain, match_status: found ? 'MATCHED' : 'NOT_FOUND', contacts: [] };
    if (!found) return result;
    if (features.includes('COMPANY_DATA'))
      result.company_data = { industry: rng.pick(INDUSTRIES), employee_count: rng.int(5, 20000), country: country.code, founded_year: rng.int(1950, 2022), linkedin_url: `https://www.linkedin.com/company/${domain.split('.')[0]}` };
    if (features.includes('TECHNOLOGIES')) result.technologies = rng.sample(TECHNOLOGIES, rng.int(2, 6)).map(([name]) => name);
    if (features.includes('CONTACTS')) result.contacts = Array.from({ length: rng.int(1, 4) }, (_, p) => opPerson(rng, index * 10 + p, domain));
    return result;
  };
  if (order.rec.type === 'enrichment') {
    return order.companies.map((c, i) => {
      const rng = Rng.for(store.seed, `order-result:${order.rec.id}`, i);
      const website = typeof c.website_url === 'string' ? c.website_url : null;
      const domain = website ? domainOf(website) : domainFor(String(c.company_name), 'com');
      return decorate(rng, { external_id: c.external_id, company_name: c.company_name, website_url: website, city: c.city ?? null }, domain, i);
    });
  }
  const count = Math.min(Number(order.rec.briefing_quantity ?? 0), MAX_DISCOVERY_RESULTS);
  return Array.from({ length: count }, (_, i) => {
    const rng = Rng.for(store.seed, `order-result:${order.rec.id}`, i);
    const country = rng.pick(COUNTRIES);
    const name = opCompanyName(rng, country.code);
    const domain = domainFor(`${name}${i}`, country.tld);
    return decorate(rng, { external_id: null, company_name: name, website_url: `https://${domain}`, city: rng.pick(country.cities).locality }, domain, i);
  });
}

export function registerOrders(router: Router<OpRoute>): void {
  router.add('POST', '/orders', {
    scopes: ['orders:write'],
    handle: (req, ctx) =>
      withIdempotency(
        req,
        ctx,
        'POST /orders',
        () => {
          const input = validateOrder(req.body, ctx.store);
          const { companies, ...fields } = input;
          const rec: Rec = { ...fields, id: ctx.store.ids.uuid(), created_at: new Date(req.now).toISOString() };
          const lifecycle = new Lifecycle(pathFor(String(rec.title), String(rec.profile_name ?? '')), req.now, ctx.store.options.orderStepMs);
          const order: OrderState = { rec, lifecycle, companies: companies as Obj[] };
          ctx.store.addOrder(order);
          return { id: rec.id, view: ctx.store.orderView(order, req.now, true) };
        },
        (id) => ctx.store.orderView(ctx.store.orders.get(id) as OrderState, req.now, true),
      ),
  });

  router.add('GET', '/orders', {
    scopes: ['orders:read'],
    handle: (req, ctx) => {
      const status = req.query.get('status');
      const errors = status && !(ORDER_STATUSES as readonly string[]).includes(status) ? [{ field: 'status', message: `Input should be ${ORDER_STATUSES.map((s) => `'${s}'`).join(', ')}` }] : [];
      const paging = parsePaging(req.query, errors);
      const views = [...ctx.store.orderIds].reverse().map((id) => ctx.store.orderView(ctx.store.orders.get(id) as OrderState, req.now, false));
      // This endpoint answers its array under `orders`, not `items` (older docs: "some list endpoints do").
      return json(200, page(status ? views.filter((o) => o.status === status) : views, paging, 'orders'));
    },
  });

  router.add('GET', '/orders/:id', {
    scopes: ['orders:read'],
    handle: (req, ctx) => json(200, ctx.store.orderView(findOrder(ctx.store, req), req.now, true)),
  });

  router.add('GET', '/orders/:id/results', {
    scopes: ['orders:read'],
    handle: (req, ctx) => {
      const order = findOrder(ctx.store, req);
      order.lifecycle.sync(req.now);
      const status = order.lifecycle.status;
      if (status !== 'COMPLETED')
        throw opError(409, 'ORDER_NOT_COMPLETED', `Results are available once the order is COMPLETED (current status: ${status})`, { order_id: order.rec.id, status });
      const paging = parsePaging(req.query);
      return json(200, { order_id: order.rec.id, status, ...page(resultsFor(ctx.store, order), paging) });
    },
  });

  router.add('POST', '/search-profile-creations', {
    scopes: ['orders:write'],
    handle: (req, ctx) =>
      withIdempotency(
        req,
        ctx,
        'POST /search-profile-creations',
        () => {
          const check = Checker.of(req.body);
          const name = check.string('name', { required: true, min: 1, max: 200 });
          const description = check.string('description', { max: 5000, nullable: true });
          const website = check.string('website_url', { max: 2000, nullable: true });
          if (website && !isWebsite(website)) check.add('website_url', 'Input should be a valid URL or domain');
          if (check.body.icp !== undefined && !isRecord(check.body.icp)) check.add('icp', 'Input should be a valid dictionary');
          check.done();
          const rec: Rec = { id: ctx.store.ids.uuid(), name, description: description ?? null, website_url: website ?? null, icp: check.body.icp ?? {}, created_at: new Date(req.now).toISOString() };
          const path = String(name).toLowerCase().includes('[sandbox:fail]') ? PROFILE_FAIL_PATH : PROFILE_PATH;
          const creation = { rec, lifecycle: new Lifecycle(path, req.now, ctx.store.options.orderStepMs) };
          ctx.store.profileCreations.set(rec.id, creation);
          return { id: rec.id, view: ctx.store.profileCreationView(creation, req.now) };
        },
        (id) => profileView(ctx, id, req.now),
      ),
  });

  router.add('GET', '/search-profile-creations/:id', {
    scopes: ['orders:read'],
    handle: (req, ctx) => {
      const id = pathId(req);
      if (!ctx.store.profileCreations.has(id)) throw notFound('Search profile creation', id);
      return json(200, profileView(ctx, id, req.now));
    },
  });
}

function profileView(ctx: OpContext, id: string, now: number): Rec {
  const creation = ctx.store.profileCreations.get(id);
  if (!creation) throw notFound('Search profile creation', id);
  return ctx.store.profileCreationView(creation, now);
}
