/** Contacts: the documented CRUD, a bare-array list, and list membership via `list_ids` (a sandbox choice). */
import { refCheck, registerCrud } from './crud';
import type { RuleSet } from './validate';
import type { Router } from '../router';
import type { MinotaurRoute } from './context';
import type { MinotaurStore } from './store';
import type { Rec } from '../records';

const str = { type: 'string', nullable: true, maxLength: 500 } as const;

/** Every writable contact field. `id`, `verification_status`, `last_verified` and timestamps are server-owned. */
export const CONTACT_FIELDS: RuleSet = {
  first_name: { type: 'string', notEmpty: true, maxLength: 200 },
  middle_name: str,
  last_name: { type: 'string', notEmpty: true, maxLength: 200 },
  gender: str,
  birth_year: { type: 'int', nullable: true, min: 1900, max: 2100 },
  linkedin_url: { type: 'url', nullable: true },
  facebook_url: { type: 'url', nullable: true },
  twitter_url: { type: 'url', nullable: true },
  work_email: { type: 'email' },
  personal_email: { type: 'email', nullable: true },
  other_emails: { type: 'array', of: 'email', nullable: true },
  industry: str,
  job_title: str,
  location_locality: str,
  location_country: str,
  location_region: str,
  location_postal_code: str,
  phone_numbers: { type: 'array', of: 'string' },
  company: str,
  company_id: { type: 'uuid', nullable: true },
  mobile_phone: str,
  score: { type: 'int', min: 0, max: 100 },
  custom_fields: { type: 'object' },
  assignee_id: { type: 'uuid', nullable: true },
  // Instruction, not a field: add the contact to these lists ("add to lists" needs contacts:update).
  list_ids: { type: 'array', of: 'uuid' },
};

export const CONTACT_FILTER_FIELDS = [
  'first_name', 'middle_name', 'last_name', 'gender', 'work_email', 'personal_email', 'industry', 'job_title',
  'location_locality', 'location_country', 'location_region', 'location_postal_code', 'phone_numbers', 'company',
  'company_id', 'mobile_phone', 'verification_status', 'linkedin_url', 'list_id',
] as const;

function listFilter(store: MinotaurStore) {
  // Resolve each list once per query, not once per contact.
  const cache = new Map<string, Set<string>>();
  const membersOf = (listId: string) => {
    let set = cache.get(listId);
    if (!set) {
      const list = store.lists.all().find((l) => l.id.toLowerCase() === listId);
      set = new Set(list ? store.listContactIds(list) : []);
      cache.set(listId, set);
    }
    return set;
  };
  return { list_id: (rec: Rec, values: string[]) => values.some((v) => membersOf(v).has(rec.id)) };
}

export function registerContacts(router: Router<MinotaurRoute>): void {
  registerCrud(router, {
    path: '/contacts',
    subject: 'contacts',
    noun: 'Contact',
    collection: (s) => s.contacts,
    listShape: 'array',
    filterFields: CONTACT_FILTER_FIELDS,
    special: listFilter,
    fields: CONTACT_FIELDS,
    required: ['first_name', 'last_name', 'work_email', 'phone_numbers'],
    transient: ['list_ids'],
    defaults: () => ({
      first_name: '', middle_name: null, last_name: '', gender: null, birth_year: null, linkedin_url: null,
      facebook_url: null, twitter_url: null, work_email: '', personal_email: null, other_emails: null, industry: null,
      job_title: null, location_locality: null, location_country: null, location_region: null,
      location_postal_code: null, phone_numbers: [], company: null, company_id: null, mobile_phone: null, score: 0,
      verification_status: 'unverified', last_verified: null, custom_fields: {},
    }),
    check: (store, input) => [
      ...refCheck(input.company_id, store.companies, 'company_id', 'company'),
      ...refCheck(input.list_ids, store.lists, 'list_ids', 'list'),
    ],
    afterWrite: (store, rec, input) => {
      // A company chosen by id also sets the displayed company name, unless one was given.
      if (typeof input.company_id === 'string' && input.company === undefined) {
        rec.company = store.companies.get(input.company_id)?.company_name ?? rec.company;
      }
      if (Array.isArray(input.list_ids)) for (const listId of input.list_ids as string[]) store.listMembers.get(listId)?.add(rec.id);
      store.contacts.touch();
    },
  });
}
