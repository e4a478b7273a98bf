/** Delivered prospects, and deliveries (companies with their prospects, incrementally by `delivered_since`). */
import { json, UUID_RE } from '../http';
import { findOr404 } from './context';
import { page, parsePaging } from './paging';
import type { FieldError } from './errors';
import type { OpRoute } from './context';
import type { Router } from '../router';

function uuidParam(query: URLSearchParams, name: string, errors: FieldError[]): string | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  if (!UUID_RE.test(value)) errors.push({ field: name, message: 'Input should be a valid UUID' });
  return value;
}

export function registerProspects(router: Router<OpRoute>): void {
  router.add('GET', '/prospects', {
    scopes: ['prospects:read'],
    handle: (req, ctx) => {
      const errors: FieldError[] = [];
      const searchId = uuidParam(req.query, 'prospect_search_id', errors);
      const companyId = uuidParam(req.query, 'company_id', errors);
      const paging = parsePaging(req.query, errors);
      const items = ctx.store.prospects.all().filter((p) => (!searchId || p.prospect_search_id === searchId) && (!companyId || p.company_id === companyId));
      return json(200, page(items, paging));
    },
  });

  router.add('GET', '/prospects/:id', {
    scopes: ['prospects:read'],
    handle: (req, ctx) => json(200, findOr404(ctx.store.prospects, req, 'Prospect')),
  });

  router.add('GET', '/deliveries/:id/companies', {
    scopes: ['companies:read', 'prospects:read'],
    handle: (req, ctx) => {
      const search = findOr404(ctx.store.searches, req, 'Prospect search');
      const errors: FieldError[] = [];
      const since = req.query.get('delivered_since');
      const sinceMs = since === null || since === '' ? undefined : Date.parse(since);
      if (sinceMs !== undefined && (Number.isNaN(sinceMs) || !/^\d{4}-\d{2}-\d{2}/.test(since ?? '')))
        errors.push({ field: 'delivered_since', message: 'Input should be a valid datetime (ISO 8601)' });
      const paging = parsePaging(req.query, errors);
      // Oldest delivery first, so a client can page forward and keep the last delivered_at as its cursor.
      const companies = ctx.store.companies
        .all()
        .filter((c) => c.prospect_search_id === search.id && (sinceMs === undefined || Date.parse(String(c.delivered_at)) > sinceMs))
        .sort((a, b) => String(a.delivered_at).localeCompare(String(b.delivered_at)) || a.id.localeCompare(b.id));
      const result = page(companies, paging);
      result.items = (result.items as typeof companies).map((c) => ({ ...c, prospects: ctx.store.prospects.all().filter((p) => p.company_id === c.id) }));
      return json(200, { prospect_search_id: search.id, ...result });
    },
  });
}
