import * as assert from 'node:assert/strict';
import type { ZodType } from 'zod';
import * as M from '../../../src/api/minotaur/schemas';
import * as O from '../../../src/api/openprospect/schemas';

/** Field → message of the first issue on it, for asserting the form's messages. */
function messages(schema: ZodType, value: unknown): Record<string, string> {
  const result = schema.safeParse(value);
  if (result.success) return {};
  const out: Record<string, string> = {};
  for (const issue of result.error.issues) out[issue.path.join('.') || '(root)'] ??= issue.message;
  return out;
}

const fullContact = {
  id: '6f1c1a8e-0000-4000-8000-000000000001',
  first_name: 'Ana',
  middle_name: null,
  last_name: 'Pérez',
  gender: null,
  birth_year: null,
  linkedin_url: 'https://linkedin.com/in/ana',
  facebook_url: null,
  twitter_url: null,
  work_email: 'ana@acme.co',
  personal_email: null,
  other_emails: null,
  industry: 'Software',
  job_title: 'CTO',
  location_locality: 'Bogotá',
  location_country: 'CO',
  location_region: null,
  location_postal_code: null,
  phone_numbers: ['+57 300 000 0000'],
  company: 'Acme',
  mobile_phone: null,
  score: 87,
  verification_status: 'verified',
  last_verified: null,
  custom_fields: { tier: 'gold' },
};

describe('Minotaur record schemas', () => {
  it('accept the documented contact and keep unknown fields', () => {
    const parsed = M.ContactSchema.parse({ ...fullContact, assignee: { id: 'u1' }, future_field: [1, 2] });
    assert.deepEqual(parsed.assignee, { id: 'u1' });
    assert.deepEqual(parsed.future_field, [1, 2]);
    assert.equal(parsed.first_name, 'Ana');
  });

  it('accept a contact with only an id, and every other field null', () => {
    assert.deepEqual(M.ContactSchema.parse({ id: 'c1' }), { id: 'c1' });
    const nulls = Object.fromEntries(Object.keys(fullContact).filter((k) => k !== 'id').map((k) => [k, null]));
    assert.equal(M.ContactSchema.safeParse({ id: 'c1', ...nulls }).success, true);
  });

  it('parse without transforming: the parsed record equals what the server sent', () => {
    const sent = { ...fullContact, phone_numbers: null, other_emails: ['a@b.co'] };
    assert.deepEqual(M.ContactSchema.parse(sent), sent);
  });

  it('accept any verification_status string', () => {
    assert.equal(M.ContactSchema.parse({ id: 'c', verification_status: 'catch_all_risky' }).verification_status, 'catch_all_risky');
  });

  it('reject records without a string id or with a wrongly typed field', () => {
    assert.equal(M.ContactSchema.safeParse({ first_name: 'x' }).success, false);
    assert.equal(M.ContactSchema.safeParse({ id: 7 }).success, false);
    assert.equal(M.ContactSchema.safeParse({ id: 'c', score: 'high' }).success, false);
  });

  it('read companies, lists with rules of any operator, and the customer summary', () => {
    assert.equal(M.CompanySchema.parse({ id: 'k', company_name: 'Acme', size: '51-200', extra: 1 }).extra, 1);
    const list = M.ContactListSchema.parse({ id: 'l', name: 'CTOs', rules: [{ field: 'job_title', operator: 'regex', value: 'CTO', weight: 2 }] });
    assert.equal(list.rules?.[0]?.operator, 'regex');
    assert.equal(list.rules?.[0]?.weight, 2);
    const summary = M.CustomerSummarySchema.parse({
      customer: { id: 'cu', business_name: 'Acme', status: 'active', country: null },
      users_count: 3,
      subscription: { id: 's', status: 'active', balance: 1200, price: '99.00', tier: { id: 't', title: 'Pro', tier: 2, is_free: false, price: 99 }, active_seats: 3 },
    });
    assert.equal(summary.subscription?.balance, 1200);
    assert.deepEqual(M.CustomerSummarySchema.parse({}), {});
  });

  it('read jobs, metadata, suggestions and the minimal product/opportunity/pipeline/stage records', () => {
    assert.deepEqual(M.JobSchema.parse({ id: 'j1', status: 'PENDING', queued: 5 }), { id: 'j1', status: 'PENDING', queued: 5 });
    assert.equal(M.MetadataSchema.parse({ pagination: { current_page: 1, total_records: 12345, total_pages: 494 } }).pagination.total_records, 12345);
    assert.equal(M.MetadataSchema.safeParse({ pagination: { current_page: 1 } }).success, false);
    assert.equal(M.FilterSuggestionSchema.parse({ type: 'job_title', value: 'CTO' }).value, 'CTO');
    for (const schema of [M.ProductSchema, M.OpportunitySchema, M.PipelineSchema, M.StageSchema]) {
      assert.deepEqual(schema.parse({ id: 'x', name: null, whatever: true }), { id: 'x', name: null, whatever: true });
    }
    assert.equal(M.PaginateResponseSchema.safeParse({ data: [{}], pagination: { total_records: 1 } }).success, true);
    assert.equal(M.DefaultResponseSchema.parse({ success: true, data: { id: 'n' }, message: 'ok' }).success, true);
  });
});

describe('Minotaur input schemas (the record form)', () => {
  const valid = { first_name: 'Ana', last_name: 'Pérez', work_email: 'ana@acme.co', phone_numbers: [] };

  it('accept the four required fields with an empty phone list, and keep extra fields', () => {
    const parsed = M.ContactCreateSchema.parse({ ...valid, list_id: 'l1' });
    assert.deepEqual(parsed.phone_numbers, []);
    assert.equal(parsed.list_id, 'l1');
  });

  it('name each missing required field in words', () => {
    assert.deepEqual(messages(M.ContactCreateSchema, {}), {
      first_name: 'First name is required.',
      last_name: 'Last name is required.',
      work_email: 'Work email is required.',
      phone_numbers: 'Phone numbers are required (the list may be empty).',
    });
  });

  it('explain a bad email, a blank name, a bad phone, URL and score', () => {
    const got = messages(M.ContactCreateSchema, {
      ...valid,
      first_name: '   ',
      work_email: 'ana at acme',
      phone_numbers: ['12'],
      linkedin_url: 'javascript:alert(1)',
      score: 140,
    });
    assert.equal(got.first_name, 'First name is required.');
    assert.match(got.work_email ?? '', /must be an email address/);
    assert.match(got['phone_numbers.0'] ?? '', /at least 5 digits/);
    assert.match(got.linkedin_url ?? '', /https:\/\//);
    assert.equal(got.score, 'Score must be between 0 and 100.');
  });

  it('make every field optional for updates, but still validate what is given', () => {
    assert.equal(M.ContactUpdateSchema.safeParse({}).success, true);
    assert.equal(M.ContactUpdateSchema.safeParse({ job_title: 'CEO' }).success, true);
    assert.match(messages(M.ContactUpdateSchema, { work_email: 'nope' }).work_email ?? '', /email address/);
  });

  it('require type and company_name for companies', () => {
    assert.deepEqual(Object.keys(messages(M.CompanyCreateSchema, {})).sort(), ['company_name', 'type']);
    assert.equal(M.CompanyCreateSchema.safeParse({ type: 'company', company_name: 'Acme' }).success, true);
  });

  it('validate lists with rules', () => {
    assert.equal(M.ListCreateSchema.safeParse({ name: 'CTOs', description: '', rules: [] }).success, true);
    const got = messages(M.ListCreateSchema, { name: '', description: 'x', rules: [{ field: 'job_title', operator: 'contains', value: '' }] });
    assert.equal(got.name, 'List name is required.');
    assert.equal(got['rules.0.value'], 'Rule value is required.');
    assert.equal(M.ListDuplicateSchema.safeParse({ list_id: 'l', new_name: 'Copy' }).success, true);
  });
});

describe('OpenProspect schemas', () => {
  it('keep unknown fields, accept nulls and numeric ids', () => {
    const order = O.OrderSchema.parse({ id: 42, status: 'IN_PROGRESS', title: null, eta: '2026-01-01' });
    assert.equal(order.id, 42);
    assert.equal(order.eta, '2026-01-01');
    for (const schema of [O.ProspectSearchSchema, O.OpCompanySchema, O.OpProspectSchema, O.BlacklistSchema, O.BlacklistEntrySchema, O.SearchProfileCreationSchema]) {
      assert.deepEqual(schema.parse({ id: 'a', surprise: { nested: true } }), { id: 'a', surprise: { nested: true } });
      assert.equal(schema.safeParse({ name: 'no id' }).success, false);
    }
    assert.equal(O.JobListingSchema.safeParse({ title: 'Engineer' }).success, true, 'job listings need no id');
    assert.equal(O.ValidateResponseSchema.safeParse({ key_id: 'k', scopes: 'orders:read orders:write' }).success, true);
  });

  it('require company_name and external_id for each enrichment company, website optional but a URL', () => {
    const ok = { title: 'Q3', features: ['COMPANY_DATA'], companies: [{ company_name: 'Acme', external_id: 'crm-1' }] };
    assert.equal(O.EnrichmentOrderSchema.safeParse(ok).success, true);
    const got = messages(O.EnrichmentOrderSchema, { ...ok, companies: [{ company_name: '', website_url: 'acme dot com' }] });
    assert.equal(got['companies.0.company_name'], 'Company name is required.');
    assert.equal(got['companies.0.external_id'], 'External id is required.');
    assert.match(got['companies.0.website_url'] ?? '', /web address/);
    assert.match(messages(O.EnrichmentOrderSchema, { ...ok, companies: [] }).companies ?? '', /at least one company/);
  });

  it('require a profile and a whole briefing_quantity of at least 1 for discovery', () => {
    assert.equal(O.DiscoveryOrderSchema.safeParse({ title: 'Find', profile_id: 'p1', briefing_quantity: 25 }).success, true);
    const got = messages(O.DiscoveryOrderSchema, { title: 'Find', briefing_quantity: 0 });
    assert.equal(got.profile_id, 'Search profile is required.');
    assert.equal(got.briefing_quantity, 'Quantity must be at least 1.');
    assert.equal(messages(O.DiscoveryOrderSchema, { title: 'Find', profile_id: 'p', briefing_quantity: 2.5 }).briefing_quantity, 'Quantity must be a whole number.');
  });

  it('need one identifier per blacklist entry', () => {
    assert.equal(O.BlacklistEntryInputSchema.safeParse({ website_url: 'https://acme.co' }).success, true);
    assert.equal(O.BlacklistEntryInputSchema.safeParse({ external_id: 'x' }).success, true);
    assert.match(messages(O.BlacklistEntryInputSchema, { city: 'Bogotá' }).company_name ?? '', /at least one of/);
    assert.equal(O.BlacklistCreateSchema.safeParse({ name: 'Competitors' }).success, true);
    assert.equal(O.BlacklistCreateSchema.safeParse({ name: ' ' }).success, false);
  });
});
