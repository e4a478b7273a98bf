/**
 * Blacklists and their entries. Adding entries is all-or-nothing: if any row is invalid the whole request is
 * refused with 422 and per-row `{index, field, message}` errors, so a client can fix and resend without working
 * out which rows were kept. Entries already present (same external_id, else same domain, else same name + city)
 * are skipped, so a resumed import does not duplicate.
 */
import { json, UUID_RE } from '../http';
import { isRecord, type Rec } from '../records';
import { Collection } from '../collection';
import { findOr404 } from './context';
import { validationError } from './errors';
import { page, parsePaging } from './paging';
import { Checker, domainOf, isWebsite } from './validate';
import type { OpRoute } from './context';
import type { OpenProspectStore } from './store';
import type { Router } from '../router';

export const MAX_ENTRIES_PER_REQUEST = 10_000;
const IDENTIFIERS = ['external_id', 'website_url', 'company_name'] as const;

function view(store: OpenProspectStore, blacklist: Rec): Rec {
  return { ...blacklist, entries_count: store.entries.get(blacklist.id)?.size ?? 0 };
}

/** The identity used for de-duplication, following the documented matching priority. */
function identity(entry: Rec): string {
  if (typeof entry.external_id === 'string' && entry.external_id) return `x:${entry.external_id}`;
  if (typeof entry.website_url === 'string' && entry.website_url) return `d:${domainOf(entry.website_url)}`;
  return `n:${String(entry.company_name ?? '').toLowerCase()}|${String(entry.city ?? '').toLowerCase()}`;
}

function entriesOf(store: OpenProspectStore, id: string): Collection {
  let entries = store.entries.get(id);
  if (!entries) store.entries.set(id, (entries = new Collection()));
  return entries;
}

export function registerBlacklists(router: Router<OpRoute>): void {
  router.add('POST', '/blacklists', {
    scopes: ['blacklists:write'],
    handle: (req, ctx) => {
      const check = Checker.of(req.body);
      const name = check.string('name', { required: true, min: 1, max: 200 });
      const description = check.string('description', { max: 2000, nullable: true });
      check.done();
      const now = new Date(req.now).toISOString();
      const rec = ctx.store.blacklists.add({ id: ctx.store.ids.uuid(), name, description: description ?? null, created_at: now, updated_at: now });
      return json(201, view(ctx.store, rec));
    },
  });

  router.add('GET', '/blacklists', {
    scopes: ['blacklists:read'],
    handle: (req, ctx) => json(200, page(ctx.store.blacklists.all().map((b) => view(ctx.store, b)), parsePaging(req.query))),
  });

  router.add('GET', '/blacklists/:id', {
    scopes: ['blacklists:read'],
    handle: (req, ctx) => json(200, view(ctx.store, findOr404(ctx.store.blacklists, req, 'Blacklist'))),
  });

  router.add('PATCH', '/blacklists/:id', {
    scopes: ['blacklists:write'],
    handle: (req, ctx) => {
      const blacklist = findOr404(ctx.store.blacklists, req, 'Blacklist');
      const check = Checker.of(req.body);
      const name = check.string('name', { min: 1, max: 200 });
      const description = check.string('description', { max: 2000, nullable: true });
      check.done();
      const changes: Record<string, unknown> = { updated_at: new Date(req.now).toISOString() };
      if (name !== undefined) changes.name = name;
      if ('description' in check.body) changes.description = description ?? null;
      return json(200, view(ctx.store, ctx.store.blacklists.update(blacklist.id, changes) as Rec));
    },
  });

  router.add('DELETE', '/blacklists/:id', {
    scopes: ['blacklists:write'],
    handle: (req, ctx) => {
      const blacklist = findOr404(ctx.store.blacklists, req, 'Blacklist');
      ctx.store.blacklists.remove(blacklist.id);
      ctx.store.entries.delete(blacklist.id);
      for (const [search, ids] of ctx.store.assignments) ctx.store.assignments.set(search, ids.filter((id) => id !== blacklist.id));
      return { status: 204 };
    },
  });

  router.add('POST', '/blacklists/:id/entries', {
    scopes: ['blacklists:write'],
    handle: (req, ctx) => {
      const blacklist = findOr404(ctx.store.blacklists, req, 'Blacklist');
      const check = Checker.of(req.body);
      const rows = check.array('entries', { required: true, min: 1 });
      if (rows && rows.length > MAX_ENTRIES_PER_REQUEST)
        throw validationError([{ field: 'entries', message: `At most ${MAX_ENTRIES_PER_REQUEST} entries per request (got ${rows.length}); send them in batches` }]);
      const clean: Rec[] = [];
      rows?.forEach((row, index) => {
        if (!isRecord(row)) return check.add('entry', 'Input should be a valid dictionary', index);
        const rowCheck = new Checker(row);
        for (const field of [...IDENTIFIERS, 'city'] as const) rowCheck.string(field, { max: 2000, nullable: true });
        const website = row.website_url;
        if (typeof website === 'string' && website !== '' && !isWebsite(website)) rowCheck.add('website_url', 'Input should be a valid URL or domain');
        if (!IDENTIFIERS.some((f) => typeof row[f] === 'string' && (row[f] as string).trim() !== ''))
          rowCheck.add('entry', 'At least one of external_id, website_url or company_name is required');
        for (const e of rowCheck.errors) check.add(e.field, e.message, index);
        clean.push({ id: '', external_id: row.external_id ?? null, website_url: row.website_url ?? null, company_name: row.company_name ?? null, city: row.city ?? null });
      });
      check.done();
      const entries = entriesOf(ctx.store, blacklist.id);
      const seen = new Set(entries.all().map(identity));
      const created: Rec[] = [];
      const now = new Date(req.now).toISOString();
      for (const row of clean) {
        const key = identity(row);
        if (seen.has(key)) continue;
        seen.add(key);
        created.push(entries.add({ ...row, id: ctx.store.ids.uuid(), blacklist_id: blacklist.id, created_at: now }));
      }
      ctx.store.blacklists.update(blacklist.id, { updated_at: now });
      return json(201, { blacklist_id: blacklist.id, created: created.length, skipped: clean.length - created.length, entries_count: entries.size, items: created });
    },
  });

  router.add('GET', '/blacklists/:id/entries', {
    scopes: ['blacklists:read'],
    handle: (req, ctx) => {
      const blacklist = findOr404(ctx.store.blacklists, req, 'Blacklist');
      return json(200, page(entriesOf(ctx.store, blacklist.id).all(), parsePaging(req.query)));
    },
  });

  router.add('DELETE', '/blacklists/:id/entries', {
    scopes: ['blacklists:write'],
    handle: (req, ctx) => {
      const blacklist = findOr404(ctx.store.blacklists, req, 'Blacklist');
      const check = Checker.of(req.body);
      const ids = check.array('entry_ids', { required: true, min: 1, max: MAX_ENTRIES_PER_REQUEST });
      ids?.forEach((id, index) => {
        if (typeof id !== 'string' || !UUID_RE.test(id)) check.add('entry_ids', 'Input should be a valid UUID', index);
      });
      check.done();
      const entries = entriesOf(ctx.store, blacklist.id);
      const wanted = new Set(ids as string[]);
      const present = new Set([...wanted].filter((id) => entries.get(id)));
      // One pass instead of one removal per id: deleting 10,000 entries stays cheap.
      const kept = entries.all().filter((e) => !wanted.has(e.id));
      ctx.store.entries.set(blacklist.id, new Collection([...kept]));
      return json(200, { blacklist_id: blacklist.id, deleted: present.size, not_found: [...wanted].filter((id) => !present.has(id)), entries_count: kept.length });
    },
  });
}
