/** Prospect searches (read, update the ICP) and their assigned blacklists. */
import { json } from '../http';
import { isRecord, type Rec } from '../records';
import { findOr404 } from './context';
import { validationError, type FieldError } from './errors';
import { page, parsePaging } from './paging';
import { Checker } from './validate';
import { UUID_RE } from '../http';
import type { OpRoute } from './context';
import type { Router } from '../router';

export const SEARCH_STATUSES = ['ACTIVE', 'PAUSED', 'ARCHIVED'] as const;
const ICP_LISTS = ['industries', 'countries', 'company_sizes', 'job_titles', 'keywords'] as const;

export function registerSearches(router: Router<OpRoute>): void {
  router.add('GET', '/prospect-searches', {
    scopes: ['prospect_searches:read'],
    handle: (req, ctx) => {
      const status = req.query.get('status');
      const extra: FieldError[] = status && !SEARCH_STATUSES.includes(status as never) ? [{ field: 'status', message: `Input should be ${SEARCH_STATUSES.map((s) => `'${s}'`).join(', ')}` }] : [];
      const paging = parsePaging(req.query, extra);
      const items = ctx.store.searches.all().filter((s) => !status || s.status === status);
      return json(200, page(items, paging));
    },
  });

  router.add('GET', '/prospect-searches/:id', {
    scopes: ['prospect_searches:read'],
    handle: (req, ctx) => {
      const search = findOr404(ctx.store.searches, req, 'Prospect search');
      const companyCount = ctx.store.companies.all().filter((c) => c.prospect_search_id === search.id).length;
      return json(200, { ...search, company_count: companyCount, blacklist_ids: ctx.store.assignments.get(search.id) ?? [] });
    },
  });

  router.add('PATCH', '/prospect-searches/:id', {
    scopes: ['prospect_searches:write'],
    handle: (req, ctx) => {
      const search = findOr404(ctx.store.searches, req, 'Prospect search');
      const check = Checker.of(req.body);
      const name = check.string('name', { min: 1, max: 200 });
      const description = check.string('description', { max: 2000, nullable: true });
      const status = check.enumOf('status', SEARCH_STATUSES);
      const icpInput = check.body.icp;
      let icp: Rec | undefined;
      if (icpInput !== undefined) {
        if (!isRecord(icpInput)) check.add('icp', 'Input should be a valid dictionary');
        else {
          for (const [k, v] of Object.entries(icpInput)) {
            if (!(ICP_LISTS as readonly string[]).includes(k)) check.add(`icp.${k}`, `Unknown ICP field (allowed: ${ICP_LISTS.join(', ')})`);
            else if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) check.add(`icp.${k}`, 'Input should be a list of strings');
          }
          icp = { ...(search.icp as Rec), ...icpInput } as Rec;
        }
      }
      check.done();
      const changes: Record<string, unknown> = { updated_at: new Date(req.now).toISOString() };
      if (name !== undefined) changes.name = name;
      if (description !== undefined || check.body.description === null) changes.description = description ?? null;
      if (status !== undefined) changes.status = status;
      if (icp) changes.icp = icp;
      return json(200, ctx.store.searches.update(search.id, changes));
    },
  });

  router.add('GET', '/prospect-searches/:id/blacklists', {
    scopes: ['blacklists:read'],
    handle: (req, ctx) => {
      const search = findOr404(ctx.store.searches, req, 'Prospect search');
      const paging = parsePaging(req.query);
      const ids = ctx.store.assignments.get(search.id) ?? [];
      const items = ids.map((id) => ctx.store.blacklists.get(id)).filter((b): b is Rec => !!b);
      return json(200, page(items, paging));
    },
  });

  router.add('PUT', '/prospect-searches/:id/blacklists', {
    scopes: ['blacklists:write'],
    handle: (req, ctx) => {
      const search = findOr404(ctx.store.searches, req, 'Prospect search');
      const check = Checker.of(req.body);
      const ids = check.array('blacklist_ids', { required: true, max: 100 });
      if (ids) {
        ids.forEach((id, index) => {
          if (typeof id !== 'string' || !UUID_RE.test(id)) check.add('blacklist_ids', 'Input should be a valid UUID', index);
          else if (!ctx.store.blacklists.get(id)) check.add('blacklist_ids', `Blacklist ${id} not found`, index);
        });
      }
      check.done();
      if (!ids) throw validationError([{ field: 'blacklist_ids', message: 'Field required' }]);
      const unique = [...new Set(ids as string[])];
      ctx.store.assignments.set(search.id, unique);
      return json(200, { prospect_search_id: search.id, blacklist_ids: unique });
    },
  });
}
