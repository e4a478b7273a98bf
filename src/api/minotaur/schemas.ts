/**
 * Minotaur Sales records and request bodies (api-minotaur.md).
 *
 * Records are READ schemas: loose objects (unknown fields are kept, so an edit never drops data), every field but
 * `id` may be absent or null, no transforms (a parsed record is the server's JSON, so "Open as JSON" shows it as
 * sent). Input schemas are WRITE schemas: they drive the record form's validation as you type, so every rule has a
 * message a user can act on. The server stays the authority; the client does not re-validate before sending.
 */
import { z } from 'zod';
import { msg, t } from '../../util/l10n';
import { optNumber, optString } from '../http/tolerant';
import { optionalEmail, optionalText, optionalUrl, requiredEmail, requiredText } from '../inputs';

// ---------------------------------------------------------------------------------------------------------------
// Shared pieces

const id = () => z.string().min(1);
const customFields = () => z.record(z.string(), z.unknown()).nullish();
/** A JSON scalar, or a list of them: what a rule value or a custom field can reasonably hold. */
const scalar = z.union([z.string(), z.number(), z.boolean()]);

// ---------------------------------------------------------------------------------------------------------------
// Records (read)

export const ContactSchema = z.looseObject({
  id: id(),
  first_name: optString(),
  middle_name: optString(),
  last_name: optString(),
  gender: optString(),
  birth_year: optNumber(),
  linkedin_url: optString(),
  facebook_url: optString(),
  twitter_url: optString(),
  work_email: optString(),
  personal_email: optString(),
  /** Shape undefined in the docs (`other_emails?`): a string or a list of strings. */
  other_emails: z.union([z.string(), z.array(z.string())]).nullish(),
  industry: optString(),
  job_title: optString(),
  location_locality: optString(),
  location_country: optString(),
  location_region: optString(),
  location_postal_code: optString(),
  phone_numbers: z.array(z.string()).nullish(),
  /** The company's name. */
  company: optString(),
  mobile_phone: optString(),
  score: optNumber(),
  /** Open set: `verified` in the docs' example, anything else possible. */
  verification_status: optString(),
  last_verified: optString(),
  custom_fields: customFields(),
});
export type Contact = z.infer<typeof ContactSchema>;

export const CompanySchema = z.looseObject({
  id: id(),
  type: optString(),
  company_name: optString(),
  size: optString(),
  industry: optString(),
  location_locality: optString(),
  location_country: optString(),
  verification_status: optString(),
  score: optNumber(),
  custom_fields: customFields(),
});
export type Company = z.infer<typeof CompanySchema>;

export const ListRuleSchema = z.looseObject({
  field: optString(),
  /** Open set (`contains` in the docs' example). */
  operator: optString(),
  value: z.union([scalar, z.array(scalar)]).nullish(),
});
export type ListRule = z.infer<typeof ListRuleSchema>;

export const ContactListSchema = z.looseObject({
  id: id(),
  name: optString(),
  description: optString(),
  rules: z.array(ListRuleSchema).nullish(),
});
export type ContactList = z.infer<typeof ContactListSchema>;

export const CustomerSummarySchema = z.looseObject({
  customer: z
    .looseObject({
      id: optString(),
      business_name: optString(),
      status: optString(),
      country: optString(),
      city: optString(),
    })
    .nullish(),
  users_count: optNumber(),
  subscription: z
    .looseObject({
      id: optString(),
      status: optString(),
      /** Credits left. */
      balance: optNumber(),
      /** A string in the docs ("price (string)"); a number is accepted too. */
      price: z.union([z.string(), z.number()]).nullish(),
      periodicity: optString(),
      currency: optString(),
      tier: z
        .looseObject({
          id: z.union([z.string(), z.number()]).nullish(),
          title: optString(),
          tier: z.union([z.string(), z.number()]).nullish(),
          is_free: z.boolean().nullish(),
          price: z.union([z.string(), z.number()]).nullish(),
        })
        .nullish(),
      active_seats: optNumber(),
    })
    .nullish(),
});
export type CustomerSummary = z.infer<typeof CustomerSummarySchema>;

/** Catalog prospects: contact-like (shape undefined in the docs), so the contact schema, loose. */
export const ProspectSchema = ContactSchema;
export type Prospect = z.infer<typeof ProspectSchema>;

/** One value suggestion from `POST /prospect/filters`. */
export const FilterSuggestionSchema = z.looseObject({
  type: optString(),
  value: z.string(),
});
export type FilterSuggestion = z.infer<typeof FilterSuggestionSchema>;

/** A credit-consuming job as the docs show it: `{id, status: "PENDING"}`. Later statuses are undefined. */
export const JobSchema = z.looseObject({
  id: z.union([z.string().min(1), z.number()]),
  status: z.string(),
});
export type Job = z.infer<typeof JobSchema>;

export const DefaultResponseSchema = z.looseObject({
  success: z.boolean().nullish(),
  data: z.unknown().optional(),
  message: optString(),
});
export type DefaultResponse = z.infer<typeof DefaultResponseSchema>;

export const PaginationSchema = z.looseObject({
  current_page: optNumber(),
  total_records: z.number().int().nonnegative(),
  total_pages: optNumber(),
});
export type Pagination = z.infer<typeof PaginationSchema>;

/** `POST /<resource>/metadata`. */
export const MetadataSchema = z.looseObject({ pagination: PaginationSchema });
export type Metadata = z.infer<typeof MetadataSchema>;

/** `PaginateResponse<T>`; records are validated one by one elsewhere (see readPage), so `data` is unknown[] here. */
export const PaginateResponseSchema = z.looseObject({
  data: z.array(z.unknown()),
  pagination: PaginationSchema.partial().nullish(),
});
export type PaginateResponse = z.infer<typeof PaginateResponseSchema>;

// Resources named by the permissions page without documented shapes: minimal and loose.

export const ProductSchema = z.looseObject({
  id: id(),
  name: optString(),
  description: optString(),
  price: z.union([z.number(), z.string()]).nullish(),
  currency: optString(),
});
export type Product = z.infer<typeof ProductSchema>;

export const OpportunitySchema = z.looseObject({
  id: id(),
  name: optString(),
  title: optString(),
  amount: z.union([z.number(), z.string()]).nullish(),
  pipeline_id: optString(),
  stage_id: optString(),
});
export type Opportunity = z.infer<typeof OpportunitySchema>;

export const StageSchema = z.looseObject({
  id: id(),
  name: optString(),
  title: optString(),
  pipeline_id: optString(),
  position: optNumber(),
});
export type Stage = z.infer<typeof StageSchema>;

export const PipelineSchema = z.looseObject({
  id: id(),
  name: optString(),
  title: optString(),
  stages: z.array(StageSchema).nullish(),
});
export type Pipeline = z.infer<typeof PipelineSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Inputs (write): the record form validates with these as the user types.

const phoneNumber = z
  .string({ error: () => t('Each phone number must be text.') })
  .trim()
  .min(1, { error: () => t('A phone number cannot be blank: remove the empty entry.') })
  .max(40, { error: () => t('A phone number can be at most 40 characters.') })
  .refine((v) => (v.match(/\d/g) ?? []).length >= 5, { error: () => t('A phone number needs at least 5 digits.') });

const score = z
  .number({ error: () => t('Score must be a number.') })
  .int({ error: () => t('Score must be a whole number.') })
  .min(0, { error: () => t('Score must be between 0 and 100.') })
  .max(100, { error: () => t('Score must be between 0 and 100.') })
  .nullish();

const birthYear = z
  .number({ error: () => t('Birth year must be a number.') })
  .int({ error: () => t('Birth year must be a whole number, like 1985.') })
  .min(1900, { error: () => t('Birth year must be 1900 or later.') })
  .max(new Date().getFullYear(), { error: () => t('Birth year cannot be in the future.') })
  .nullish();

const customFieldsInput = z.record(z.string(), z.unknown(), { error: () => t('Custom fields must be an object of name → value.') }).nullish();

/**
 * `POST /contacts`: `first_name`, `last_name`, `work_email`, `phone_numbers` required (phone numbers may be `[]`).
 * Loose: other fields (company, list, assignee — names undefined in the docs — and custom ones) pass through.
 */
export const ContactCreateSchema = z.looseObject({
  first_name: requiredText(msg('First name'), 100),
  last_name: requiredText(msg('Last name'), 100),
  work_email: requiredEmail(msg('Work email')),
  phone_numbers: z.array(phoneNumber, {
    error: (issue) =>
      issue.input === undefined || issue.input === null
        ? t('Phone numbers are required (the list may be empty).')
        : t('Phone numbers must be a list of phone numbers.'),
  }),
  middle_name: optionalText(msg('Middle name'), 100),
  gender: optionalText(msg('Gender'), 50),
  birth_year: birthYear,
  linkedin_url: optionalUrl(msg('LinkedIn URL')),
  facebook_url: optionalUrl(msg('Facebook URL')),
  twitter_url: optionalUrl(msg('Twitter URL')),
  personal_email: optionalEmail(msg('Personal email')),
  industry: optionalText(msg('Industry'), 200),
  job_title: optionalText(msg('Job title'), 200),
  location_locality: optionalText(msg('City'), 200),
  location_region: optionalText(msg('Region'), 200),
  location_country: optionalText(msg('Country'), 100),
  location_postal_code: optionalText(msg('Postal code'), 20),
  company: optionalText(msg('Company'), 200),
  mobile_phone: optionalText(msg('Mobile phone'), 40),
  score,
  custom_fields: customFieldsInput,
});
export type ContactCreate = z.infer<typeof ContactCreateSchema>;

/** `PATCH /contacts/:id`: any subset; send only the changed fields. */
export const ContactUpdateSchema = ContactCreateSchema.partial();
export type ContactUpdate = z.infer<typeof ContactUpdateSchema>;

/** `POST /company`: `type` (e.g. "company") and `company_name` required. */
export const CompanyCreateSchema = z.looseObject({
  type: requiredText(msg('Type'), 50),
  company_name: requiredText(msg('Company name'), 200),
  size: optionalText(msg('Size'), 50),
  industry: optionalText(msg('Industry'), 200),
  location_locality: optionalText(msg('City'), 200),
  location_country: optionalText(msg('Country'), 100),
  score,
  custom_fields: customFieldsInput,
});
export type CompanyCreate = z.infer<typeof CompanyCreateSchema>;

export const CompanyUpdateSchema = CompanyCreateSchema.partial();
export type CompanyUpdate = z.infer<typeof CompanyUpdateSchema>;

/** Operators the UI offers for list rules; the API accepts any string (the set is undefined). */
export const LIST_RULE_OPERATORS = ['contains', 'equals', 'not_equals', 'starts_with'] as const;

export const ListRuleInputSchema = z.object({
  field: requiredText(msg('Rule field'), 100),
  operator: requiredText(msg('Rule operator'), 50),
  value: requiredText(msg('Rule value'), 500),
});
export type ListRuleInput = z.infer<typeof ListRuleInputSchema>;

/** `POST /list-contact`: `{name, description, rules[]}`. */
export const ListCreateSchema = z.object({
  name: requiredText(msg('List name'), 200),
  description: z
    .string({ error: () => t('Description must be text (it may be empty).') })
    .trim()
    .max(1000, { error: () => t('Description can be at most 1000 characters.') }),
  rules: z.array(ListRuleInputSchema, { error: () => t('Rules must be a list (it may be empty).') }),
});
export type ListCreate = z.infer<typeof ListCreateSchema>;

/** `PATCH /list-contact/:id`: `{name?, description?}` (loose: rules pass through if the server takes them). */
export const ListUpdateSchema = z.looseObject({
  name: requiredText(msg('List name'), 200).optional(),
  description: z.string({ error: () => t('Description must be text.') }).trim().max(1000, { error: () => t('Description can be at most 1000 characters.') }).optional(),
});
export type ListUpdate = z.infer<typeof ListUpdateSchema>;

/** `POST /list-contact/duplicate`: the UI asks for the new name. */
export const ListDuplicateSchema = z.object({
  list_id: z.string().min(1, { error: () => t('Choose the list to duplicate.') }),
  new_name: requiredText(msg('New list name'), 200),
});
export type ListDuplicate = z.infer<typeof ListDuplicateSchema>;

export const ProductCreateSchema = z.looseObject({
  name: requiredText(msg('Product name'), 200),
  description: optionalText(msg('Description'), 1000),
  price: z.number({ error: () => t('Price must be a number.') }).nonnegative({ error: () => t('Price cannot be negative.') }).nullish(),
  currency: optionalText(msg('Currency'), 10),
});
export type ProductCreate = z.infer<typeof ProductCreateSchema>;
export const ProductUpdateSchema = ProductCreateSchema.partial();
export type ProductUpdate = z.infer<typeof ProductUpdateSchema>;

export const OpportunityCreateSchema = z.looseObject({
  name: requiredText(msg('Opportunity name'), 200),
  pipeline_id: optionalText(msg('Pipeline'), 100),
  stage_id: optionalText(msg('Stage'), 100),
  amount: z.number({ error: () => t('Amount must be a number.') }).nonnegative({ error: () => t('Amount cannot be negative.') }).nullish(),
  contact_ids: z.array(z.string()).nullish(),
  product_ids: z.array(z.string()).nullish(),
  assignee_id: optionalText(msg('Assignee'), 100),
});
export type OpportunityCreate = z.infer<typeof OpportunityCreateSchema>;
export const OpportunityUpdateSchema = OpportunityCreateSchema.partial();
export type OpportunityUpdate = z.infer<typeof OpportunityUpdateSchema>;

// Request bodies the client builds itself (typed here so tests and the sandbox contract test can share them).

/** Field → values; a field matches any of its values, fields combine with AND; `[]` = no filter on that field. */
export type Filters = Record<string, string[]>;
export type SortOrder = Record<string, 'ASC' | 'DESC'>;

export interface ListBody {
  filters: Filters;
  paginate: { page: number; limit: number };
  order_by?: SortOrder;
}
