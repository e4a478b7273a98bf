/**
 * OpenProspect records and request bodies (api-openprospect.md). The docs leave most response shapes undefined,
 * so records are minimal loose objects: an `id` (string or number) and the fields the docs name, all nullable;
 * everything else is kept as sent. Input schemas drive the order, blacklist and entry forms.
 */
import { z } from 'zod';
import { formatNumber, msg, t, tr } from '../../util/l10n';
import { optNumber, optString } from '../http/tolerant';
import { optionalText, optionalUrl, requiredText } from '../inputs';

// ---------------------------------------------------------------------------------------------------------------
// Records (read)

/** Ids are undefined in the docs: uuid strings in every example, numbers tolerated. */
export const OpIdSchema = z.union([z.string().min(1), z.number()]);
export type OpId = z.infer<typeof OpIdSchema>;

/** `GET /auth/validate`: shape undefined; `scopes` read wherever it is (see readScopes). */
export const ValidateResponseSchema = z.looseObject({
  scopes: z.unknown().optional(),
});
export type ValidateResponse = z.infer<typeof ValidateResponseSchema>;

export const ORDER_STATUSES = ['RECEIVED', 'ACCEPTED', 'IN_PROGRESS', 'COMPLETED', 'REJECTED', 'FAILED', 'CANCELLED'] as const;
export const TERMINAL_ORDER_STATUSES: ReadonlySet<string> = new Set(['COMPLETED', 'REJECTED', 'FAILED', 'CANCELLED']);

export const OrderSchema = z.looseObject({
  id: OpIdSchema,
  /** Open string; the documented lifecycle is ORDER_STATUSES. */
  status: optString(),
  title: optString(),
  /** `discovery` | `enrichment` presumably; the field name is undefined, so both spellings are read. */
  type: optString(),
  order_type: optString(),
  features: z.array(z.string()).nullish(),
  profile_id: z.union([z.string(), z.number()]).nullish(),
  profile_name: optString(),
  prospect_search_id: z.union([z.string(), z.number()]).nullish(),
  briefing_quantity: optNumber(),
  created_at: optString(),
  updated_at: optString(),
});
export type Order = z.infer<typeof OrderSchema>;

export const ResultContactSchema = z.looseObject({
  id: OpIdSchema.nullish(),
  first_name: optString(),
  last_name: optString(),
  full_name: optString(),
  email: optString(),
  job_title: optString(),
  linkedin_url: optString(),
});

/** One company of `GET /orders/{id}/results`: enriched company with its contacts (may lack an id of its own). */
export const OrderResultCompanySchema = z.looseObject({
  id: OpIdSchema.nullish(),
  external_id: optString(),
  company_name: optString(),
  name: optString(),
  website_url: optString(),
  city: optString(),
  contacts: z.array(ResultContactSchema).nullish(),
});
export type OrderResultCompany = z.infer<typeof OrderResultCompanySchema>;

export const SEARCH_PROFILE_STATUSES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const;

export const SearchProfileCreationSchema = z.looseObject({
  id: OpIdSchema,
  status: optString(),
  /** Present once SUCCEEDED: what `POST /orders` (discovery) needs. */
  profile_id: z.union([z.string(), z.number()]).nullish(),
  error: z.unknown().optional(),
});
export type SearchProfileCreation = z.infer<typeof SearchProfileCreationSchema>;

export const ProspectSearchSchema = z.looseObject({
  id: OpIdSchema,
  name: optString(),
  status: optString(),
});
export type ProspectSearch = z.infer<typeof ProspectSearchSchema>;

export const OpCompanySchema = z.looseObject({
  id: OpIdSchema,
  name: optString(),
  company_name: optString(),
  website_url: optString(),
  domain: optString(),
  city: optString(),
  country: optString(),
  industry: optString(),
  /** 0–10 per the older docs. */
  match_score: optNumber(),
  prospect_search_id: z.union([z.string(), z.number()]).nullish(),
});
export type OpCompany = z.infer<typeof OpCompanySchema>;

export const OpProspectSchema = z.looseObject({
  id: OpIdSchema,
  first_name: optString(),
  last_name: optString(),
  full_name: optString(),
  email: optString(),
  job_title: optString(),
  linkedin_url: optString(),
  company_id: z.union([z.string(), z.number()]).nullish(),
});
export type OpProspect = z.infer<typeof OpProspectSchema>;

/** A delivered company with its prospects (`GET /deliveries/{search}/companies`). */
export const DeliveredCompanySchema = OpCompanySchema.extend({
  prospects: z.array(OpProspectSchema).nullish(),
  delivered_at: optString(),
});
export type DeliveredCompany = z.infer<typeof DeliveredCompanySchema>;

/** A job listing of a company: addressed only through its company, so no id is required. */
export const JobListingSchema = z.looseObject({
  id: OpIdSchema.nullish(),
  title: optString(),
  location: optString(),
  url: optString(),
  posted_at: optString(),
});
export type JobListing = z.infer<typeof JobListingSchema>;

/** Summaries and the technology intel: shapes undefined; any object, kept whole. */
export const LooseObjectSchema = z.looseObject({});
export type LooseObject = z.infer<typeof LooseObjectSchema>;

export const BlacklistSchema = z.looseObject({
  id: OpIdSchema,
  name: optString(),
  description: optString(),
});
export type Blacklist = z.infer<typeof BlacklistSchema>;

export const BlacklistEntrySchema = z.looseObject({
  id: OpIdSchema,
  company_name: optString(),
  website_url: optString(),
  external_id: optString(),
  city: optString(),
});
export type BlacklistEntry = z.infer<typeof BlacklistEntrySchema>;

// ---------------------------------------------------------------------------------------------------------------
// Inputs (write)

export const ORDER_FEATURES = ['COMPANY_DATA', 'CONTACTS', 'TECHNOLOGIES'] as const;

/** Most companies of one enrichment order (and most companies a discovery order may ask for): the sandbox's 10,000. */
export const MAX_ORDER_COMPANIES = 10_000;

const features = z
  .array(z.string().trim().min(1, { error: () => t('A feature cannot be blank.') }), { error: () => t('Features must be a list.') })
  .min(1, { error: () => t('Choose at least one feature (for example COMPANY_DATA).') });

/** One company of an enrichment order. */
export const EnrichmentCompanySchema = z.looseObject({
  company_name: requiredText(msg('Company name'), 300),
  external_id: requiredText(msg('External id'), 200),
  website_url: optionalUrl(msg('Website')),
  city: optionalText(msg('City'), 200),
});
export type EnrichmentCompany = z.infer<typeof EnrichmentCompanySchema>;

/** Enrichment: send the companies; `briefing_quantity` is derived from their count by the server. */
export const EnrichmentOrderSchema = z.looseObject({
  title: requiredText(msg('Title'), 200),
  features,
  profile_name: optionalText(msg('Profile name'), 200),
  companies: z
    .array(EnrichmentCompanySchema, { error: () => t('Companies must be a list.') })
    .min(1, { error: () => t('Add at least one company to enrich.') })
    .max(MAX_ORDER_COMPANIES, { error: () => t('An order takes at most {0} companies: split the list into several orders.', formatNumber(MAX_ORDER_COMPANIES)) }),
});
export type EnrichmentOrder = z.infer<typeof EnrichmentOrderSchema>;

/** Discovery: a search profile (from `POST /search-profile-creations`) and how many companies to find. */
export const DiscoveryOrderSchema = z.looseObject({
  title: requiredText(msg('Title'), 200),
  features: features.optional(),
  profile_id: z.union([requiredText(msg('Search profile')), z.number()], { error: () => t('Search profile is required.') }),
  briefing_quantity: z
    .number({ error: (issue) => (issue.input === undefined || issue.input === null ? t('Quantity is required.') : t('Quantity must be a number.')) })
    .int({ error: () => t('Quantity must be a whole number.') })
    .min(1, { error: () => t('Quantity must be at least 1.') })
    .max(MAX_ORDER_COMPANIES, { error: () => t('Quantity can be at most {0}.', formatNumber(MAX_ORDER_COMPANIES)) }),
});
export type DiscoveryOrder = z.infer<typeof DiscoveryOrderSchema>;

export type OrderCreate = EnrichmentOrder | DiscoveryOrder;

/** Body of `POST /search-profile-creations`: undefined in the docs, so any object (the ICP description) passes. */
export const SearchProfileCreationInputSchema = z.looseObject({});
export type SearchProfileCreationInput = z.infer<typeof SearchProfileCreationInputSchema>;

export const PROSPECT_SEARCH_STATUSES = ['ACTIVE', 'PAUSED', 'ARCHIVED'] as const;

/** The ICP lists of a prospect search (the sandbox's choice; the docs say only "update the search (ICP)"). */
export const ICP_LISTS = ['industries', 'countries', 'company_sizes', 'job_titles', 'keywords'] as const;

const icpList = (label: string) =>
  z.array(z.string().trim().min(1).max(200, { error: () => t('{0}: each entry can be at most 200 characters.', tr(label)) }), { error: () => t('{0} must be a list.', tr(label)) }).max(200, {
    error: () => t('{0}: at most 200 entries.', tr(label)),
  });

/** `PATCH /prospect-searches/{id}`: body undefined ("update the search (ICP)"): send the changed fields only. */
export const ProspectSearchPatchSchema = z.looseObject({
  name: requiredText(msg('Name'), 200).optional(),
  description: optionalText(msg('Description'), 2000),
  status: z
    .enum(PROSPECT_SEARCH_STATUSES, { error: (issue) => (issue.input === null ? t('Status is required.') : t('Status must be ACTIVE, PAUSED or ARCHIVED.')) })
    .optional(),
  icp: z
    .looseObject({
      industries: icpList(msg('Industries')).optional(),
      countries: icpList(msg('Countries')).optional(),
      company_sizes: icpList(msg('Company sizes')).optional(),
      job_titles: icpList(msg('Job titles')).optional(),
      keywords: icpList(msg('Keywords')).optional(),
    })
    .optional(),
});
export type ProspectSearchPatch = z.infer<typeof ProspectSearchPatchSchema>;

export const BlacklistCreateSchema = z.object({
  name: requiredText(msg('Blacklist name'), 200),
  description: optionalText(msg('Description'), 1000),
});
export type BlacklistCreate = z.infer<typeof BlacklistCreateSchema>;

export const BlacklistUpdateSchema = BlacklistCreateSchema.partial();
export type BlacklistUpdate = z.infer<typeof BlacklistUpdateSchema>;

/** Documented bulk maximum of `POST /blacklists/{id}/entries`. */
export const MAX_BLACKLIST_ENTRIES_PER_REQUEST = 10_000;

/** An entry: all fields optional but one identifier needed (external id, website or name). */
export const BlacklistEntryInputSchema = z
  .looseObject({
    company_name: optionalText(msg('Company name'), 300),
    website_url: optionalUrl(msg('Website')),
    external_id: optionalText(msg('External id'), 200),
    city: optionalText(msg('City'), 200),
  })
  .refine((entry) => Boolean(entry.external_id || entry.website_url || entry.company_name), {
    error: () => t('Give at least one of: external id, website or company name.'),
    path: ['company_name'],
  });
export type BlacklistEntryInput = z.infer<typeof BlacklistEntryInputSchema>;
