/**
 * The credit-consuming jobs. Each call is charged at once (1 credit per prospect unlocked, 1 per email verified)
 * and refused with 400 when the balance is too low; its effect (prospects become contacts, verification status
 * set) happens `jobStepMs` later, applied lazily by `MinotaurStore.settle`.
 */
import { json } from '../http';
import { hash32 } from '../seed/prng';
import { badRequest, insufficientCredits } from './errors';
import { parseFilters, parseOrderBy, select } from './query';
import { validateBody } from './validate';
import type { MinotaurContext, MinotaurRoute } from './context';
import type { Router } from '../router';
import type { MinotaurStore } from './store';
import type { Rec } from '../records';

export const PROSPECT_FILTER_FIELDS = [
  'first_name', 'last_name', 'job_title', 'industry', 'company', 'location_locality', 'location_country',
  'location_region', 'location_postal_code',
] as const;

/** Upper bounds per request (undefined in the docs). */
export const MAX_UNLOCK = 10_000;
export const MAX_VERIFY = 10_000;

/**
 * The verdict for an address, deterministic so tests can predict it: obviously undeliverable addresses
 * (`invalid`, `bounce`, `example.com` …) and about 1 in 10 others are "invalid"; the rest "verified".
 */
export function verdictFor(email: string): 'verified' | 'invalid' {
  const lower = email.toLowerCase();
  if (/invalid|bounce|noreply|@example\.(com|org|net)$/.test(lower)) return 'invalid';
  return hash32(lower) % 10 === 0 ? 'invalid' : 'verified';
}

export function applyVerification(store: MinotaurStore, targets: Array<{ contact_id: string; email: string }>, at: number): void {
  const when = new Date(at).toISOString();
  for (const t of targets) {
    const contact = store.contacts.get(t.contact_id);
    if (!contact) continue; // deleted meanwhile
    contact.verification_status = verdictFor(t.email);
    contact.last_verified = when;
    contact.updated_at = when;
  }
  store.contacts.touch();
}

function applyUnlock(store: MinotaurStore, prospectIds: string[], at: number): void {
  const when = new Date(at).toISOString();
  for (const pid of prospectIds) {
    store.pendingUnlock.delete(pid);
    const prospect = store.prospects.get(pid);
    const source = store.prospectSource(pid);
    if (!prospect || !source) continue;
    const contact: Rec = {
      ...source,
      id: store.ids.uuid(),
      custom_fields: { ...(source.custom_fields as object), source: 'prospect_unlock', prospect_id: pid },
      created_at: when,
      updated_at: when,
    };
    store.contacts.add(contact);
    Object.assign(prospect, {
      is_unlocked: true,
      contact_id: contact.id,
      work_email: source.work_email,
      phone_numbers: source.phone_numbers,
      mobile_phone: source.mobile_phone,
    });
  }
  store.prospects.touch();
}

/** Charge the caller's balance or refuse; returns nothing, throws 400 "Insufficient credits…". */
function charge(ctx: MinotaurContext, credits: number): void {
  const subscription = ctx.customer?.summary.subscription;
  const balance = subscription?.balance ?? 0;
  if (credits > balance) throw insufficientCredits(credits, balance);
  if (subscription) subscription.balance = balance - credits;
}

function isLocked(store: MinotaurStore, p: Rec): boolean {
  return p.is_unlocked !== true && !store.pendingUnlock.has(p.id);
}

export function registerServiceHandler(router: Router<MinotaurRoute>): void {
  router.add('POST', '/service-handler/unlock-contacts', {
    permission: 'payment_prospect:create',
    credit: true,
    handle: (req, ctx) => {
      const errors = validateBody(req.body, {
        filters: { type: 'object', required: true },
        total_records: { type: 'int', required: true, min: 1, max: MAX_UNLOCK },
        sync_hubspot: { type: 'boolean', required: true },
      }, ['order_by']);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const { filters, errors: fErrors } = parseFilters(body.filters, PROSPECT_FILTER_FIELDS);
      const { order, errors: oErrors } = parseOrderBy(body.order_by);
      errors.push(...(typeof body.filters === 'object' ? fErrors : []), ...oErrors);
      if (errors.length) throw badRequest(errors);
      const store = ctx.store;
      const matching = select(store.prospects, order ? { filters, order } : { filters });
      const chosen: string[] = [];
      for (const p of matching) {
        if (chosen.length >= (body.total_records as number)) break;
        if (isLocked(store, p)) chosen.push(p.id);
      }
      charge(ctx, chosen.length);
      for (const id of chosen) store.pendingUnlock.add(id);
      const job = store.addJob({ kind: 'unlock-contacts', key: ctx.key, credits: chosen.length, records: chosen.length, sync_hubspot: body.sync_hubspot as boolean, apply: (at) => applyUnlock(store, chosen, at) }, req.now);
      ctx.charged = { credits: chosen.length, records: chosen.length, job_id: job.id };
      return json(201, { id: job.id, status: job.status });
    },
  });

  router.add('POST', '/service-handler/unlock-selected-contacts', {
    permission: 'payment_prospect:create',
    credit: true,
    handle: (req, ctx) => {
      const errors = validateBody(req.body, {
        ids: { type: 'array', of: 'uuid', required: true, minItems: 1, maxItems: MAX_UNLOCK },
        sync_hubspot: { type: 'boolean', required: true },
      });
      const store = ctx.store;
      const ids = errors.length ? [] : [...new Set((req.body as { ids: string[] }).ids)];
      if (!errors.length) {
        const unknown = ids.filter((id) => !store.prospects.get(id));
        if (unknown.length) errors.push(...unknown.slice(0, 20).map((id) => `ids ${id} does not match any prospect`));
      }
      if (errors.length) throw badRequest(errors);
      // Already unlocked (or being unlocked) prospects are not charged again.
      const chosen = ids.filter((id) => isLocked(store, store.prospects.get(id) as Rec));
      charge(ctx, chosen.length);
      for (const id of chosen) store.pendingUnlock.add(id);
      const job = store.addJob({ kind: 'unlock-selected-contacts', key: ctx.key, credits: chosen.length, records: chosen.length, sync_hubspot: (req.body as { sync_hubspot: boolean }).sync_hubspot, apply: (at) => applyUnlock(store, chosen, at) }, req.now);
      ctx.charged = { credits: chosen.length, records: chosen.length, job_id: job.id };
      return json(201, { id: job.id, status: job.status });
    },
  });

  router.add('POST', '/service-handler/verify-email', {
    permission: 'verify_email:create',
    credit: true,
    handle: (req, ctx) => {
      const errors = validateBody(req.body, {
        emails: { type: 'objects', required: true, minItems: 1, maxItems: MAX_VERIFY, rules: { email: { type: 'email', required: true }, contact_id: { type: 'uuid', required: true } } },
        sync_hubspot: { type: 'boolean', required: true },
      });
      const store = ctx.store;
      const body = req.body as { emails: Array<{ email: string; contact_id: string }>; sync_hubspot: boolean };
      if (!errors.length) {
        body.emails.forEach((e, i) => {
          if (!store.contacts.get(e.contact_id) && errors.length < 20) errors.push(`emails.${i}.contact_id does not match any contact`);
        });
      }
      if (errors.length) throw badRequest(errors.slice(0, 50));
      const targets = body.emails.map((e) => ({ contact_id: e.contact_id, email: e.email }));
      charge(ctx, targets.length);
      const job = store.addJob({ kind: 'verify-email', key: ctx.key, credits: targets.length, records: targets.length, sync_hubspot: body.sync_hubspot, apply: (at) => applyVerification(store, targets, at) }, req.now);
      ctx.charged = { credits: targets.length, records: targets.length, job_id: job.id };
      return json(201, { id: job.id, status: job.status });
    },
  });
}
