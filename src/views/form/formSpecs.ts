/**
 * The record form of every editable kind, described as DATA: its fields (name, label, type, required, help) and the
 * zod schemas that validate it — the same input schemas the API client uses (create for a new record, update for an
 * edit). One generic form (formPanel.ts + src/webview/form) renders any of them; adding a kind is one entry here
 * (plus its client calls in recordAccess.ts). Shared by the extension and the webview bundle: no `vscode` here.
 */
import { z, type ZodType } from 'zod';
import {
  CompanyCreateSchema,
  CompanyUpdateSchema,
  ContactCreateSchema,
  ContactUpdateSchema,
  LIST_RULE_OPERATORS,
  ListCreateSchema,
  ListRuleInputSchema,
  ListUpdateSchema,
  OpportunityCreateSchema,
  OpportunityUpdateSchema,
  ProductCreateSchema,
  ProductUpdateSchema,
} from '../../api/minotaur/schemas';
import {
  DiscoveryOrderSchema,
  EnrichmentCompanySchema,
  EnrichmentOrderSchema,
  ICP_LISTS,
  MAX_ORDER_COMPANIES,
  ORDER_FEATURES,
  PROSPECT_SEARCH_STATUSES,
  ProspectSearchPatchSchema,
} from '../../api/openprospect/schemas';
import type { FieldDescriptor, FieldType, FormMode, FormValues, RecordKind } from './protocol';
import { formatNumber, msg, tr } from '../../util/l10n';

export interface FieldSpec {
  name: string;
  label: string;
  type: FieldType;
  /** Marked with * and refused when blank (the create schema says so too: see the unit tests). */
  required?: boolean;
  /** Label and help are marked with `msg`; describeFields and formModel translate them with tr(). */
  help?: string;
  /** Values of the help's {0}, {1} placeholders; numbers are written in the display language when described. */
  helpArgs?: Array<string | number>;
  placeholder?: string;
  suggestions?: string[];
  /** Select options known statically; runtime ones (pipelines, stages) come from recordAccess.ts. */
  options?: { value: string; label: string }[];
  optionsParent?: string;
  /** Value of a new record's field (a list of the checked values for `checkboxes`). */
  initial?: string | string[];
  /** Shown, validated and sent only while another field holds one of these values (an order's kind). */
  showWhen?: { field: string; values: string[] };
  /** Steers the form (which fields show) but is never sent. */
  formOnly?: boolean;
  /** For `rows`: the schema each CSV row must pass, and whether unknown columns travel as extra fields. */
  rows?: { schema: ZodType; keepExtraColumns: boolean; max: number };
  /**
   * How a blank text field is sent. Default: left out on create, `null` (cleared) on edit when it had a value.
   * `empty`: always sent as "" (a list's description, which the create schema requires as text).
   */
  blank?: 'omit' | 'empty';
}

export interface FormSpec {
  kind: RecordKind;
  /** Which vendor's client reads and writes it (recordAccess.ts). */
  provider: 'minotaur' | 'openprospect';
  /** What the form can do: both by default; an order is only created, a prospect search only edited. */
  modes?: FormMode[];
  /** "contact": used in titles and messages. */
  noun: string;
  /** The tree folder the records live in (FolderSpec key), refreshed after a save. */
  folderKey: string;
  fields: FieldSpec[];
  /** Validates the whole input of a new record. */
  createSchema: ZodType;
  /** When the create body's shape depends on the values (an order's kind): the schema for these values. */
  createSchemaFor?: (values: FormValues) => ZodType;
  /**
   * Creates carry an Idempotency-Key kept with the draft: a Save retried after an unknown outcome (dropped
   * connection, timeout, 5xx) reuses it, so the server makes the record at most once.
   */
  idempotent?: boolean;
  /** Creates are confirmed in a modal first (recordAccess.ts words it). */
  confirmCreate?: boolean;
  /** Validates an edit's patch (only the changed fields). */
  updateSchema: ZodType;
  /** Fields whose values, joined by a space, name a record in titles ("Ana Ruiz"). */
  titleFields: string[];
}

/** Operators the rules editor offers (an operator the record already has is kept and offered too). */
export const RULE_OPERATOR_LABELS: Record<string, string> = {
  contains: msg('contains'),
  equals: msg('equals'),
  not_equals: msg('not equals'),
  starts_with: msg('starts with'),
};
export const RULE_OPERATORS: readonly string[] = LIST_RULE_OPERATORS;

/** Contact fields a list rule can test (suggestions; any field name may be typed). */
export const RULE_FIELD_SUGGESTIONS = [
  'first_name', 'last_name', 'job_title', 'company', 'industry', 'work_email', 'personal_email',
  'location_locality', 'location_region', 'location_country', 'location_postal_code', 'gender', 'verification_status',
];

const contact: FormSpec = {
  kind: 'contact',
  provider: 'minotaur',
  noun: 'contact',
  folderKey: 'contacts',
  titleFields: ['first_name', 'last_name'],
  createSchema: ContactCreateSchema,
  updateSchema: ContactUpdateSchema,
  fields: [
    { name: 'first_name', label: msg('First name'), type: 'text', required: true },
    { name: 'middle_name', label: msg('Middle name'), type: 'text' },
    { name: 'last_name', label: msg('Last name'), type: 'text', required: true },
    { name: 'work_email', label: msg('Work email'), type: 'email', required: true, placeholder: 'ana@example.com' },
    { name: 'personal_email', label: msg('Personal email'), type: 'email' },
    {
      name: 'phone_numbers',
      label: msg('Phone numbers'),
      type: 'list',
      help: msg('One phone number per line, with at least 5 digits. The list may be empty.'),
    },
    { name: 'mobile_phone', label: msg('Mobile phone'), type: 'text' },
    { name: 'job_title', label: msg('Job title'), type: 'text' },
    { name: 'company', label: msg('Company'), type: 'text', help: msg("The company's name as shown on the contact.") },
    { name: 'industry', label: msg('Industry'), type: 'text' },
    { name: 'location_locality', label: msg('City'), type: 'text' },
    { name: 'location_region', label: msg('Region'), type: 'text' },
    { name: 'location_country', label: msg('Country'), type: 'text' },
    { name: 'location_postal_code', label: msg('Postal code'), type: 'text' },
    { name: 'linkedin_url', label: msg('LinkedIn URL'), type: 'url', placeholder: 'https://www.linkedin.com/in/…' },
    { name: 'twitter_url', label: msg('Twitter URL'), type: 'url' },
    { name: 'facebook_url', label: msg('Facebook URL'), type: 'url' },
    { name: 'gender', label: msg('Gender'), type: 'text' },
    { name: 'birth_year', label: msg('Birth year'), type: 'number', placeholder: '1985' },
    { name: 'score', label: msg('Score'), type: 'number', help: msg('A whole number from 0 to 100.') },
  ],
};

const company: FormSpec = {
  kind: 'company',
  provider: 'minotaur',
  noun: 'company',
  folderKey: 'companies',
  titleFields: ['company_name'],
  createSchema: CompanyCreateSchema,
  updateSchema: CompanyUpdateSchema,
  fields: [
    { name: 'company_name', label: msg('Company name'), type: 'text', required: true },
    { name: 'type', label: msg('Type'), type: 'text', required: true, initial: 'company', suggestions: ['company'], help: msg('Usually "company".') },
    { name: 'size', label: msg('Size'), type: 'text', placeholder: '11-50' },
    { name: 'industry', label: msg('Industry'), type: 'text' },
    { name: 'location_locality', label: msg('City'), type: 'text' },
    { name: 'location_country', label: msg('Country'), type: 'text' },
    { name: 'score', label: msg('Score'), type: 'number', help: msg('A whole number from 0 to 100.') },
  ],
};

/** The list update schema leaves rules to pass through; the form validates the rows it sends like create does. */
const ListUpdateWithRulesSchema = ListUpdateSchema.extend({
  rules: z.array(ListRuleInputSchema, { error: 'Rules must be a list (it may be empty).' }).optional(),
});

const list: FormSpec = {
  kind: 'list',
  provider: 'minotaur',
  noun: 'list',
  folderKey: 'lists',
  titleFields: ['name'],
  createSchema: ListCreateSchema,
  updateSchema: ListUpdateWithRulesSchema,
  fields: [
    { name: 'name', label: msg('List name'), type: 'text', required: true },
    { name: 'description', label: msg('Description'), type: 'textarea', blank: 'empty' },
    {
      name: 'rules',
      label: msg('Rules'),
      type: 'rules',
      suggestions: RULE_FIELD_SUGGESTIONS,
      help: msg('Contacts matching every rule belong to the list. Each rule is a field, an operator and a value.'),
    },
  ],
};

const product: FormSpec = {
  kind: 'product',
  provider: 'minotaur',
  noun: 'product',
  folderKey: 'products',
  titleFields: ['name'],
  createSchema: ProductCreateSchema,
  updateSchema: ProductUpdateSchema,
  fields: [
    { name: 'name', label: msg('Product name'), type: 'text', required: true },
    { name: 'description', label: msg('Description'), type: 'textarea' },
    { name: 'price', label: msg('Price'), type: 'number', placeholder: '99.50' },
    { name: 'currency', label: msg('Currency'), type: 'text', placeholder: 'USD', suggestions: ['USD', 'EUR', 'GBP', 'MXN'] },
  ],
};

const opportunity: FormSpec = {
  kind: 'opportunity',
  provider: 'minotaur',
  noun: 'opportunity',
  folderKey: 'opportunities',
  titleFields: ['name'],
  createSchema: OpportunityCreateSchema,
  updateSchema: OpportunityUpdateSchema,
  fields: [
    { name: 'name', label: msg('Opportunity name'), type: 'text', required: true },
    { name: 'pipeline_id', label: msg('Pipeline'), type: 'select' },
    { name: 'stage_id', label: msg('Stage'), type: 'select', optionsParent: 'pipeline_id', help: msg('The stages of the chosen pipeline.') },
    { name: 'amount', label: msg('Amount'), type: 'number' },
    { name: 'contact_ids', label: msg('Contact ids'), type: 'list', help: msg('One contact id per line.') },
    { name: 'product_ids', label: msg('Product ids'), type: 'list', help: msg('One product id per line.') },
    { name: 'assignee_id', label: msg('Assignee'), type: 'text', help: msg('The id of the user the opportunity is assigned to.') },
  ],
};

// --- OpenProspect ---------------------------------------------------------------------------------------------------

const ENRICHMENT = { field: 'kind', values: ['enrichment'] };
const DISCOVERY = { field: 'kind', values: ['discovery'] };

/**
 * Create Order (api-openprospect.md "Orders"): discovery sends a search profile and how many companies to find;
 * enrichment sends the companies (pasted, or loaded from a CSV file) and the server derives the quantity.
 */
const opOrder: FormSpec = {
  kind: 'opOrder',
  provider: 'openprospect',
  modes: ['create'],
  noun: 'order',
  folderKey: 'opOrders',
  titleFields: ['title'],
  createSchema: EnrichmentOrderSchema,
  // Orders cannot be edited (modes): the update schema is never used.
  updateSchema: EnrichmentOrderSchema,
  createSchemaFor: (values) => (values.kind === 'discovery' ? DiscoveryOrderSchema : EnrichmentOrderSchema),
  idempotent: true,
  confirmCreate: true,
  fields: [
    {
      name: 'kind',
      label: msg('Kind'),
      type: 'select',
      required: true,
      formOnly: true,
      initial: 'enrichment',
      options: [
        { value: 'enrichment', label: msg('Enrichment — enrich companies you already know') },
        { value: 'discovery', label: msg('Discovery — find new companies for a search profile') },
      ],
    },
    { name: 'title', label: msg('Title'), type: 'text', required: true },
    {
      name: 'features',
      label: msg('Features'),
      type: 'checkboxes',
      required: true,
      initial: ['COMPANY_DATA', 'CONTACTS'],
      options: ORDER_FEATURES.map((f) => ({ value: f, label: f })),
      help: msg('What to deliver for each company.'),
    },
    { name: 'profile_name', label: msg('Profile name'), type: 'text', showWhen: ENRICHMENT, help: msg('Optional: names the ideal customer profile of this order.') },
    {
      name: 'companies',
      label: msg('Companies'),
      type: 'rows',
      required: true,
      showWhen: ENRICHMENT,
      rows: { schema: EnrichmentCompanySchema, keepExtraColumns: true, max: MAX_ORDER_COMPANIES },
      placeholder: 'company_name,external_id,website_url,city\nAcme GmbH,CRM-1,acme.de,Berlin',
      help: msg('CSV with a header row: company_name and external_id are required, website_url and city optional; other columns are sent along. Up to {0} rows.'),
      helpArgs: [MAX_ORDER_COMPANIES],
    },
    {
      name: 'profile_id',
      label: msg('Search profile'),
      type: 'select',
      required: true,
      showWhen: DISCOVERY,
      help: msg('A profile used by an earlier order, or the id of one made with "Create Search Profile…".'),
    },
    {
      name: 'briefing_quantity',
      label: msg('Quantity'),
      type: 'number',
      required: true,
      initial: '50',
      showWhen: DISCOVERY,
      help: msg('How many companies to find: a whole number from 1 to {0}.'),
      helpArgs: [MAX_ORDER_COMPANIES],
    },
  ],
};

/** Edit a prospect search (`PATCH /prospect-searches/{id}`): its name, description, status and ICP lists. */
const opSearch: FormSpec = {
  kind: 'opSearch',
  provider: 'openprospect',
  modes: ['edit'],
  noun: 'prospect search',
  folderKey: 'opSearches',
  titleFields: ['name'],
  createSchema: ProspectSearchPatchSchema,
  updateSchema: ProspectSearchPatchSchema,
  fields: [
    { name: 'name', label: msg('Name'), type: 'text', required: true },
    { name: 'description', label: msg('Description'), type: 'textarea' },
    { name: 'status', label: msg('Status'), type: 'select', required: true, options: PROSPECT_SEARCH_STATUSES.map((s) => ({ value: s, label: s })) },
    ...ICP_LISTS.map(
      (list): FieldSpec => ({
        name: `icp.${list}`,
        label: `ICP: ${list.replace(/_/g, ' ')}`,
        type: 'list',
        help: msg('One per line. The server merges the ICP: lists you leave unchanged are not sent.'),
      }),
    ),
  ],
};

export const FORM_SPECS: Record<RecordKind, FormSpec> = { contact, company, list, product, opportunity, opOrder, opSearch };

/** Whether a form of this kind can be opened in this mode. */
export function supports(spec: FormSpec, mode: FormMode): boolean {
  return !spec.modes || spec.modes.includes(mode);
}

export function formSpec(kind: RecordKind): FormSpec {
  return FORM_SPECS[kind];
}

/** The schema a form of this mode validates with (`values` pick it when the create body's shape depends on them). */
export function schemaFor(spec: FormSpec, mode: 'create' | 'edit', values: FormValues = {}): ZodType {
  if (mode === 'edit') return spec.updateSchema;
  return spec.createSchemaFor?.(values) ?? spec.createSchema;
}

/** The descriptors sent to the webview (runtime options merged in by the caller). */
export function describeFields(spec: FormSpec, options: Record<string, FieldDescriptor['options']> = {}): FieldDescriptor[] {
  return spec.fields.map((f) => {
    // Labels, help and option labels are marked with `msg` and translated here, on the extension side, before they
    // go to the webview (option labels that are API values, like ACTIVE or COMPANY_DATA, are in no bundle and stay).
    const descriptor: FieldDescriptor = { name: f.name, label: tr(f.label), type: f.type, required: f.required ?? false };
    if (f.help) descriptor.help = tr(f.help, ...(f.helpArgs ?? []).map((arg) => (typeof arg === 'number' ? formatNumber(arg) : arg)));
    if (f.placeholder) descriptor.placeholder = f.placeholder;
    if (f.suggestions) descriptor.suggestions = f.suggestions;
    if (f.optionsParent) descriptor.optionsParent = f.optionsParent;
    if (f.showWhen) descriptor.showWhen = f.showWhen;
    const opts = options[f.name] ?? f.options;
    if (opts?.length) descriptor.options = opts.map((o) => ({ ...o, label: tr(o.label) }));
    return descriptor;
  });
}
