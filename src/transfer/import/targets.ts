/**
 * What CSV import can create, described as data (no `vscode` here): the fields offered in the column mapping,
 * the client's own input schema that validates every row in the dry run, how rows are sent (one create per row,
 * or the documented bulk endpoint in batches), and how a row whose outcome is unknown is looked up on the server.
 */
import type { ZodType } from 'zod';
import type { MinotaurClient } from '../../api/minotaur/client';
import { CompanyCreateSchema, ContactCreateSchema, type CompanyCreate, type ContactCreate } from '../../api/minotaur/schemas';
import type { OpenProspectClient } from '../../api/openprospect/client';
import { BlacklistEntryInputSchema, MAX_BLACKLIST_ENTRIES_PER_REQUEST, type BlacklistEntryInput } from '../../api/openprospect/schemas';
import { t } from '../../util/l10n';
import { normaliseWebsite } from '../csv/read';
import type { TargetField } from './mapping';

export type TargetKind = 'contacts' | 'companies' | 'blacklistEntries';

/** What one request did: the new record ids (one per row, for per-row creates) or the bulk counts. */
export interface SendOutcome {
  ids?: (string | undefined)[];
  created?: number;
  skipped?: number;
}

export interface ImportTarget<I = unknown> {
  kind: TargetKind;
  /** Part of the journal key: the same file imported into another blacklist is another import. */
  key: string;
  noun: string;
  plural: string;
  fields: TargetField[];
  schema: ZodType<I>;
  /** Fill what the API requires but a CSV rarely has (contacts: `phone_numbers: []`; companies: `type`). */
  defaults?(record: Record<string, unknown>): void;
  /** Rows per request: 1 for creates, the documented bulk maximum for blacklist entries. */
  batchSize: number;
  send(batch: I[], signal: AbortSignal): Promise<SendOutcome>;
  /**
   * Looks the row up on the server after a request whose outcome is unknown (connection dropped, timeout, 5xx):
   * the id of a record that matches it, so it is not created twice. Absent when re-sending cannot duplicate
   * (blacklist entries: the server skips entries it already has).
   */
  findExisting?(input: I, signal: AbortSignal): Promise<string | undefined>;
}

const same = (a: unknown, b: unknown) => String(a ?? '').trim().toLowerCase() === String(b ?? '').trim().toLowerCase();

/** A field whose label is looked up in the user's language when it is shown, not when the module loads. */
function field(name: string, label: () => string, rest: Omit<TargetField, 'name' | 'label'> = {}): TargetField {
  return {
    name,
    get label() {
      return label();
    },
    ...rest,
  };
}

export const CONTACT_FIELDS: TargetField[] = [
  field('first_name', () => t('First name'), { required: true, aliases: ['firstname', 'given name', 'first', 'nombre'] }),
  field('last_name', () => t('Last name'), { required: true, aliases: ['lastname', 'surname', 'family name', 'last', 'apellido'] }),
  field('work_email', () => t('Work email'), { required: true, aliases: ['email', 'e-mail', 'email address', 'mail', 'correo'] }),
  field('phone_numbers', () => t('Phone numbers'), { aliases: ['phone', 'phones', 'telephone', 'tel', 'telefono'], kind: 'list' }),
  field('middle_name', () => t('Middle name')),
  field('job_title', () => t('Job title'), { aliases: ['title', 'position', 'role', 'cargo'] }),
  field('company', () => t('Company'), { aliases: ['company name', 'organization', 'organisation', 'employer', 'empresa'] }),
  field('industry', () => t('Industry')),
  field('personal_email', () => t('Personal email')),
  field('mobile_phone', () => t('Mobile phone'), { aliases: ['mobile', 'cell', 'cell phone'] }),
  field('linkedin_url', () => t('LinkedIn URL'), { aliases: ['linkedin', 'linkedin profile'] }),
  field('location_locality', () => t('City'), { aliases: ['locality', 'town'] }),
  field('location_region', () => t('Region'), { aliases: ['state', 'province'] }),
  field('location_country', () => t('Country'), { aliases: ['country code'] }),
  field('location_postal_code', () => t('Postal code'), { aliases: ['zip', 'zip code', 'postcode'] }),
  field('gender', () => t('Gender')),
  field('birth_year', () => t('Birth year'), { kind: 'number' }),
  field('score', () => t('Score'), { kind: 'number' }),
  field('custom_fields', () => t('Custom fields'), { kind: 'json' }),
];

export const COMPANY_FIELDS: TargetField[] = [
  field('company_name', () => t('Company name'), { required: true, aliases: ['company', 'name', 'organization', 'organisation', 'empresa'] }),
  field('type', () => t('Type (default "company")')),
  field('industry', () => t('Industry')),
  field('size', () => t('Size'), { aliases: ['employees', 'company size', 'headcount'] }),
  field('location_locality', () => t('City'), { aliases: ['locality', 'town'] }),
  field('location_country', () => t('Country'), { aliases: ['country code'] }),
  field('score', () => t('Score'), { kind: 'number' }),
  field('custom_fields', () => t('Custom fields'), { kind: 'json' }),
];

export const BLACKLIST_ENTRY_FIELDS: TargetField[] = [
  field('company_name', () => t('Company name'), { aliases: ['company', 'name', 'organization', 'organisation'] }),
  field('website_url', () => t('Website'), { aliases: ['website', 'url', 'domain', 'web'] }),
  field('external_id', () => t('External id'), { aliases: ['id', 'crm id', 'crm_id'] }),
  field('city', () => t('City'), { aliases: ['town'] }),
];

export function contactsTarget(client: MinotaurClient, connectionId: string): ImportTarget<ContactCreate> {
  return {
    kind: 'contacts',
    key: `${connectionId}/contacts`,
    noun: 'contact',
    plural: 'contacts',
    fields: CONTACT_FIELDS,
    schema: ContactCreateSchema,
    defaults: (record) => {
      record.phone_numbers ??= [];
    },
    batchSize: 1,
    send: async ([contact], signal) => ({ ids: [(await client.createContact(contact!, signal)).id] }),
    // E-mails are not unique in the API, so the same e-mail AND name must match (a filter is "contains").
    findExisting: async (contact, signal) => {
      const page = await client.listContacts({ filters: { work_email: [contact.work_email] }, page: 1, limit: 100 }, signal);
      const match = page.items.find(
        (c) => same(c.work_email, contact.work_email) && same(c.first_name, contact.first_name) && same(c.last_name, contact.last_name),
      );
      return match ? String(match.id) : undefined;
    },
  };
}

export function companiesTarget(client: MinotaurClient, connectionId: string): ImportTarget<CompanyCreate> {
  return {
    kind: 'companies',
    key: `${connectionId}/companies`,
    noun: 'company',
    plural: 'companies',
    fields: COMPANY_FIELDS,
    schema: CompanyCreateSchema,
    defaults: (record) => {
      record.type ??= 'company';
    },
    batchSize: 1,
    send: async ([company], signal) => ({ ids: [(await client.createCompany(company!, signal)).id] }),
    findExisting: async (company, signal) => {
      const page = await client.listCompanies({ filters: { company_name: [company.company_name] }, page: 1, limit: 100 }, signal);
      const match = page.items.find((c) => same(c.company_name, company.company_name) && same(c.location_country, company.location_country));
      return match ? String(match.id) : undefined;
    },
  };
}

export function blacklistEntriesTarget(client: OpenProspectClient, connectionId: string, blacklistId: string): ImportTarget<BlacklistEntryInput> {
  return {
    kind: 'blacklistEntries',
    key: `${connectionId}/blacklists/${blacklistId}/entries`,
    noun: 'entry',
    plural: 'entries',
    fields: BLACKLIST_ENTRY_FIELDS,
    schema: BlacklistEntryInputSchema,
    // The schema wants a full address; a bare domain in a website column gets https:// (as Add Entries does).
    defaults: (record) => {
      if (typeof record.website_url === 'string') record.website_url = normaliseWebsite(record.website_url);
    },
    batchSize: MAX_BLACKLIST_ENTRIES_PER_REQUEST,
    send: async (entries, signal) => {
      const outcome = await client.addBlacklistEntries(blacklistId, entries, undefined, signal);
      const raw = (outcome.raw ?? {}) as { created?: unknown; skipped?: unknown };
      return { created: typeof raw.created === 'number' ? raw.created : undefined, skipped: typeof raw.skipped === 'number' ? raw.skipped : undefined };
    },
  };
}
