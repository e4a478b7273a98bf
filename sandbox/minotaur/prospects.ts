/**
 * The prospect catalog: locked, contact-like records with masked email/phones until unlocked. `all_contacts: false`
 * (the default) lists only prospects still locked; `true` lists the whole catalog, unlocked ones included.
 */
import { json } from '../http';
import { badRequest } from './errors';
import { pageOf, paginationOf, parseListBody, select } from './query';
import { PROSPECT_FILTER_FIELDS } from './serviceHandler';
import { validateBody } from './validate';
import type { MinotaurRoute } from './context';
import type { Router } from '../router';
import type { ApiRequest } from '../http';
import type { MinotaurContext } from './context';

const SUGGESTION_LIMIT = 20;

function selectProspects(req: ApiRequest, ctx: MinotaurContext) {
  const query = parseListBody(req.body, PROSPECT_FILTER_FIELDS, { all_contacts: { type: 'boolean' } });
  const all = (req.body as { all_contacts?: boolean } | undefined)?.all_contacts === true;
  const rows = select(ctx.store.prospects, query, all ? {} : { where: (p) => p.is_unlocked !== true, whereKey: 'locked' });
  return { query, rows };
}

export function registerProspects(router: Router<MinotaurRoute>): void {
  router.add('POST', '/prospect/list', {
    permission: 'prospect:read',
    handle: (req, ctx) => {
      const { query, rows } = selectProspects(req, ctx);
      return json(200, { data: pageOf(rows, query), pagination: paginationOf(rows.length, query) });
    },
  });

  router.add('POST', '/prospect/metadata', {
    permission: 'prospect:read',
    handle: (req, ctx) => {
      const { query, rows } = selectProspects(req, ctx);
      return json(200, { pagination: paginationOf(rows.length, query) });
    },
  });

  router.add('POST', '/prospect/filters', {
    permission: 'prospect:read',
    handle: (req, ctx) => {
      const errors = validateBody(req.body, {
        source: { type: 'string', required: true, in: PROSPECT_FILTER_FIELDS },
        search: { type: 'string', nullable: true, maxLength: 200 },
      });
      if (errors.length) throw badRequest(errors);
      const { source, search } = req.body as { source: string; search?: string | null };
      const needle = (search ?? '').toLowerCase();
      const counts = new Map<string, number>();
      for (const p of ctx.store.prospects.all()) {
        const value = p[source];
        if (typeof value !== 'string' || value === '') continue;
        if (needle && !value.toLowerCase().includes(needle)) continue;
        counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      // Most frequent first, then alphabetical, so suggestions are stable.
      const values = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, SUGGESTION_LIMIT);
      return json(200, values.map(([value]) => ({ type: source, value })));
    },
  });
}
