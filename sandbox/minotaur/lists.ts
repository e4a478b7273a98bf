/**
 * Contact lists (`/list-contact`): documented create/update/delete/duplicate/verify, plus the convention paths for
 * the permissions with no documented endpoint (list all, get one, add/remove existing contacts).
 */
import { json } from '../http';
import { findOr404, refCheck, registerCrud, requireUuid } from './crud';
import { badRequest, insufficientCredits } from './errors';
import { validateBody, type RuleSet } from './validate';
import { defaultResponse, type MinotaurRoute } from './context';
import { applyVerification } from './serviceHandler';
import type { Router } from '../router';
import type { Rec } from '../records';

const LIST_FIELDS: RuleSet = {
  name: { type: 'string', notEmpty: true, maxLength: 200 },
  description: { type: 'string', nullable: true, maxLength: 2000 },
  rules: {
    type: 'objects',
    maxItems: 50,
    rules: {
      field: { type: 'string', required: true, notEmpty: true },
      // The operator set is undefined in the docs: any non-empty string is accepted.
      operator: { type: 'string', required: true, notEmpty: true },
      value: { type: 'string', required: true },
    },
  },
};

export function registerLists(router: Router<MinotaurRoute>): void {
  registerCrud(router, {
    path: '/list-contact',
    subject: 'list_contacts',
    noun: 'List',
    collection: (s) => s.lists,
    listShape: 'paginate',
    filterFields: ['name', 'description'],
    fields: LIST_FIELDS,
    required: ['name'],
    createShape: 'idName',
    defaults: () => ({ name: '', description: '', rules: [] }),
    afterWrite: (store, rec) => {
      if (!store.listMembers.has(rec.id)) store.listMembers.set(rec.id, new Set());
      // Rules decide membership: cached `list_id` contact queries must be recomputed.
      store.contacts.touch();
    },
    onDelete: (store, id) => {
      store.listMembers.delete(id);
      store.contacts.touch();
    },
    present: (store, rec) => ({ ...rec, contacts_count: store.listContactIds(rec).length }),
  });

  router.add('POST', '/list-contact/duplicate', {
    permission: 'list_contacts:read',
    handle: (req, ctx) => {
      const errors = validateBody(req.body, { list_id: { type: 'uuid', required: true }, new_name: { type: 'string', required: true, notEmpty: true, maxLength: 200 } });
      if (errors.length) throw badRequest(errors);
      const body = req.body as { list_id: string; new_name: string };
      const source = findOr404(ctx.store.lists, body.list_id, 'List');
      const now = new Date(req.now).toISOString();
      const copy: Rec = { ...structuredClone(source), id: ctx.store.ids.uuid(), name: body.new_name, created_at: now, updated_at: now };
      ctx.store.lists.add(copy);
      ctx.store.listMembers.set(copy.id, new Set(ctx.store.listMembers.get(source.id) ?? []));
      return json(201, { id: copy.id, name: copy.name });
    },
  });

  router.add('POST', '/list-contact/verify-contacts/:id', {
    permission: 'list_contacts:read',
    credit: true,
    handle: (req, ctx) => {
      const list = findOr404(ctx.store.lists, requireUuid(req), 'List');
      const contacts = ctx.store.listContactIds(list).map((id) => ctx.store.contacts.get(id)).filter((c): c is Rec => !!c && typeof c.work_email === 'string' && c.work_email !== '');
      const customer = ctx.customer;
      const balance = customer?.summary.subscription.balance ?? 0;
      // Verifying a list verifies each contact's email: 1 credit per contact with an email, like verify-email.
      if (contacts.length > balance) throw insufficientCredits(contacts.length, balance);
      if (customer) customer.summary.subscription.balance = balance - contacts.length;
      const targets = contacts.map((c) => ({ contact_id: c.id, email: c.work_email as string }));
      const job = ctx.store.addJob({ kind: 'verify-list', key: ctx.key, credits: contacts.length, records: contacts.length, sync_hubspot: false, apply: (at) => applyVerification(ctx.store, targets, at) }, req.now);
      ctx.charged = { credits: contacts.length, records: contacts.length, job_id: job.id };
      return defaultResponse({ id: job.id, status: job.status, list_id: list.id, contacts: contacts.length }, 'Verification started', 201);
    },
  });

  const membership = (mode: 'add' | 'remove'): MinotaurRoute => ({
    permission: 'list_contact_details:update',
    handle: (req, ctx) => {
      const list = findOr404(ctx.store.lists, requireUuid(req), 'List');
      const errors = validateBody(req.body, { contact_ids: { type: 'array', of: 'uuid', required: true, minItems: 1, maxItems: 10000 } });
      const ids = errors.length ? [] : ((req.body as { contact_ids: string[] }).contact_ids);
      if (!errors.length && mode === 'add') errors.push(...refCheck(ids, ctx.store.contacts, 'contact_ids', 'contact').slice(0, 20));
      if (errors.length) throw badRequest(errors);
      const members = ctx.store.listMembers.get(list.id) ?? new Set<string>();
      ctx.store.listMembers.set(list.id, members);
      for (const id of ids) {
        if (mode === 'add') members.add(id);
        else members.delete(id);
      }
      ctx.store.contacts.touch();
      const count = ctx.store.listContactIds(list).length;
      return defaultResponse({ id: list.id, contacts_count: count }, mode === 'add' ? 'Contacts added to list' : 'Contacts removed from list');
    },
  });
  router.add('POST', '/list-contact/:id/contacts', membership('add'));
  router.add('DELETE', '/list-contact/:id/contacts', membership('remove'));
}
