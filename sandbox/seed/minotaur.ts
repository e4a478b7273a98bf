/**
 * Minotaur seed data: companies, contacts, the prospect catalog, lists, products, pipelines and opportunities.
 * Deterministic from the seed; the first records always carry showcase unicode names and hostile strings.
 */
import { Rng } from './prng';
import { deeplyNested, DEEP_NESTING_INDEX, hostileFor, HUGE_VALUE_INDEX, hugeString } from './hostile';
import { domainFor, emailFor, isoDaysBefore, makePerson, pickCountry, type Person } from './people';
import {
  COMPANY_SIZES, COMPANY_SUFFIX_BY_COUNTRY, COMPANY_WORDS_A, COMPANY_WORDS_B, COUNTRIES, INDUSTRIES, LEAD_SOURCES,
  PIPELINES, PRODUCT_NAMES, VERIFICATION_STATUSES, type Country,
} from './words';
import type { Obj, Rec } from '../records';

export interface MinotaurSeedOptions {
  seed: number;
  contacts: number;
  companies: number;
  prospects: number;
}

export interface MinotaurSeed {
  companies: Rec[];
  contacts: Rec[];
  /** Masked catalog records; `prospectFull` regenerates the person behind one when it is unlocked. */
  prospects: Rec[];
  lists: Rec[];
  /** Explicit list members (list id → contact ids), besides the rule matches. */
  listMembers: Map<string, Set<string>>;
  products: Rec[];
  pipelines: Rec[];
  opportunities: Rec[];
}

/** The first contacts show off unicode names from several scripts, regardless of the seed. */
const SHOWCASE: ReadonlyArray<{ country: string; first: string; last: string }> = [
  { country: 'ES', first: 'José', last: 'Muñoz' },
  { country: 'DE', first: 'Jürgen', last: 'Müller' },
  { country: 'FR', first: 'Éloïse', last: 'Lefèvre' },
  { country: 'CN', first: '伟', last: '王' },
  { country: 'AE', first: 'محمد', last: 'العلي' },
];

function countryByCode(code: string): Country {
  return COUNTRIES.find((c) => c.code === code) ?? (COUNTRIES[0] as Country);
}

export function seedCompanies(seed: number, count: number): Rec[] {
  const out: Rec[] = [];
  for (let i = 0; i < count; i++) {
    const rng = Rng.for(seed, 'company', i);
    const country = pickCountry(rng);
    const hostile = hostileFor(i, rng);
    const base = `${rng.pick(COMPANY_WORDS_A)} ${rng.pick(COMPANY_WORDS_B)}`;
    const suffix = rng.pick(COMPANY_SUFFIX_BY_COUNTRY[country.code] ?? ['Inc.']);
    const name = hostile ?? `${base} ${suffix}`;
    const city = rng.pick(country.cities);
    out.push({
      id: rng.uuid(),
      type: 'company',
      company_name: name,
      size: rng.pick(COMPANY_SIZES),
      industry: rng.pick(INDUSTRIES),
      location_locality: city.locality,
      location_country: country.code,
      verification_status: rng.pick(VERIFICATION_STATUSES),
      score: rng.int(0, 100),
      domain: domainFor(base, country.tld),
      website: `https://www.${domainFor(base, country.tld)}`,
      custom_fields: { account_tier: rng.pick(['A', 'B', 'C']), employees_estimate: rng.int(1, 20000) },
      created_at: isoDaysBefore(rng, 900),
      updated_at: isoDaysBefore(rng, 60),
    });
  }
  return out;
}

/** Fields shared by contacts and prospects. */
function personFields(rng: Rng, index: number, kind: 'contact' | 'prospect', companies: Rec[]): Rec {
  const showcase = kind === 'contact' ? SHOWCASE[index] : undefined;
  let person: Person = makePerson(rng, showcase ? countryByCode(showcase.country) : undefined);
  if (showcase) {
    const first = person.country.firstNames.find((n) => n[0] === showcase.first) ?? person.first;
    const last = person.country.lastNames.find((n) => n[0] === showcase.last) ?? person.last;
    person = { ...person, first, last };
  }
  const company = companies.length ? (companies[rng.int(0, companies.length - 1)] as Rec) : undefined;
  const companyName = typeof company?.company_name === 'string' ? company.company_name : null;
  const domain = typeof company?.domain === 'string' ? company.domain : `example.${person.country.tld}`;
  const verified = rng.pick(VERIFICATION_STATUSES);
  const hasMiddle = rng.chance(0.15);
  const rec: Rec = {
    id: rng.uuid(),
    first_name: person.first[0],
    middle_name: hasMiddle ? rng.pick(person.country.firstNames)[0] : null,
    last_name: person.last[0],
    gender: rng.pick(['male', 'female', null]),
    birth_year: rng.chance(0.6) ? rng.int(1955, 2002) : null,
    linkedin_url: rng.chance(0.8) ? `https://www.linkedin.com/in/${person.first[1]}-${person.last[1]}-${index}` : null,
    facebook_url: rng.chance(0.1) ? `https://www.facebook.com/${person.first[1]}.${person.last[1]}.${index}` : null,
    twitter_url: rng.chance(0.2) ? `https://twitter.com/${person.first[1]}${index}` : null,
    work_email: emailFor(person, domain, index),
    personal_email: rng.chance(0.3) ? emailFor(person, 'gmail.com', index) : null,
    other_emails: rng.chance(0.1) ? [emailFor(person, 'outlook.com', index)] : null,
    industry: person.industry,
    job_title: person.jobTitle,
    location_locality: person.city.locality,
    location_country: person.country.code,
    location_region: person.city.region,
    location_postal_code: person.city.postal,
    phone_numbers: rng.chance(0.85) ? [person.phone] : [],
    company: companyName,
    company_id: company ? company.id : null,
    mobile_phone: rng.chance(0.4) ? person.phone : null,
    score: rng.int(0, 100),
    verification_status: verified,
    last_verified: verified === 'unverified' ? null : isoDaysBefore(rng, 365),
    custom_fields: { lead_source: rng.pick(LEAD_SOURCES), newsletter: rng.chance(0.5) },
    created_at: isoDaysBefore(rng, 730),
    updated_at: isoDaysBefore(rng, 30),
  };
  const hostile = hostileFor(index, rng);
  if (hostile !== undefined) {
    const field = rng.pick(['first_name', 'last_name', 'job_title', 'company'] as const);
    // Fixed slots always hit a visible name field so the first page shows them.
    rec[index < 50 ? (index % 2 ? 'first_name' : 'last_name') : field] = hostile;
  }
  if (index === HUGE_VALUE_INDEX) rec.custom_fields = { ...(rec.custom_fields as object), notes: hugeString() };
  if (index === DEEP_NESTING_INDEX) rec.custom_fields = { ...(rec.custom_fields as object), nested: deeplyNested(20) };
  return rec;
}

export function seedContacts(seed: number, count: number, companies: Rec[]): Rec[] {
  const out = new Array<Rec>(count);
  for (let i = 0; i < count; i++) out[i] = personFields(Rng.for(seed, 'contact', i), i, 'contact', companies);
  return out;
}

/** Masks `jane.doe12@acme.com` as `j***@acme.com` (the catalog hides contact data until unlocked). */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  return at <= 0 ? '***' : `${email[0]}***${email.slice(at)}`;
}

/** Keeps the country prefix and the last two digits: `+49 ••• ••• •12`. */
export function maskPhone(phone: string): string {
  const space = phone.indexOf(' ');
  const head = space > 0 ? phone.slice(0, space) : '';
  return `${head} ••• ••• •${phone.slice(-2)}`;
}

/** The full (unmasked) person behind prospect `index`: regenerated on unlock instead of kept in memory. */
export function prospectFull(seed: number, index: number, companies: Rec[]): Rec {
  return personFields(Rng.for(seed, 'prospect', index), index, 'prospect', companies);
}

export function seedProspects(seed: number, count: number, companies: Rec[]): Rec[] {
  const prospects = new Array<Rec>(count);
  for (let i = 0; i < count; i++) {
    const full = prospectFull(seed, i, companies);
    const mobile = full.mobile_phone as string | null;
    prospects[i] = {
      id: full.id,
      first_name: full.first_name,
      last_name: full.last_name,
      job_title: full.job_title,
      industry: full.industry,
      company: full.company,
      location_locality: full.location_locality,
      location_country: full.location_country,
      location_region: full.location_region,
      location_postal_code: full.location_postal_code,
      linkedin_url: full.linkedin_url,
      work_email: maskEmail(full.work_email as string),
      phone_numbers: (full.phone_numbers as string[]).map(maskPhone),
      mobile_phone: mobile === null ? null : maskPhone(mobile),
      score: full.score,
      is_unlocked: false,
      contact_id: null,
      created_at: full.created_at,
    };
  }
  return prospects;
}

function seedLists(seed: number, contacts: Rec[]): { lists: Rec[]; members: Map<string, Set<string>> } {
  const defs: Array<{ name: string; description: string; rules: Obj[] }> = [
    { name: 'CTOs in Colombia', description: 'Technical decision makers, LATAM', rules: [{ field: 'job_title', operator: 'contains', value: 'CTO' }, { field: 'location_country', operator: 'equals', value: 'CO' }] },
    { name: 'Founders', description: 'Founders and co-founders', rules: [{ field: 'job_title', operator: 'contains', value: 'Founder' }] },
    { name: 'DACH software', description: 'German-speaking software companies', rules: [{ field: 'location_country', operator: 'equals', value: 'DE' }, { field: 'industry', operator: 'equals', value: 'Software' }] },
    { name: 'Not verified yet', description: 'Needs verification', rules: [{ field: 'verification_status', operator: 'not_equals', value: 'verified' }, { field: 'company', operator: 'starts_with', value: 'A' }] },
    { name: 'Webinar follow-up', description: 'Hand-picked after the June webinar', rules: [] },
    { name: 'Conference 2025', description: 'Met at the booth', rules: [] },
    { name: '<b>Bold</b> list', description: '<script>alert(1)</script>', rules: [] },
    { name: 'Empty list', description: '', rules: [] },
  ];
  const lists: Rec[] = [];
  const members = new Map<string, Set<string>>();
  defs.forEach((def, i) => {
    const rng = Rng.for(seed, 'list', i);
    const id = rng.uuid();
    const set = new Set<string>();
    if (def.rules.length === 0 && def.name !== 'Empty list' && contacts.length) {
      for (let k = 0; k < Math.min(40, contacts.length); k++) set.add((contacts[rng.int(0, contacts.length - 1)] as Rec).id as string);
    }
    members.set(id, set);
    lists.push({ id, name: def.name, description: def.description, rules: def.rules, created_at: isoDaysBefore(rng, 200), updated_at: isoDaysBefore(rng, 20) });
  });
  return { lists, members };
}

function seedProducts(seed: number): Rec[] {
  return PRODUCT_NAMES.map((name, i) => {
    const rng = Rng.for(seed, 'product', i);
    return {
      id: rng.uuid(),
      name,
      description: `${name} — sandbox product`,
      sku: `SKU-${String(1000 + i)}`,
      price: rng.int(10, 5000) * 10,
      currency: rng.pick(['USD', 'EUR', 'COP']),
      active: rng.chance(0.85),
      created_at: isoDaysBefore(rng, 500),
      updated_at: isoDaysBefore(rng, 50),
    };
  });
}

function seedPipelines(seed: number): Rec[] {
  return PIPELINES.map((def, i) => {
    const rng = Rng.for(seed, 'pipeline', i);
    const id = rng.uuid();
    return {
      id,
      name: def.name,
      stages: def.stages.map((stage, position) => ({ id: rng.uuid(), pipeline_id: id, name: stage, position })),
      created_at: isoDaysBefore(rng, 600),
    };
  });
}

function seedOpportunities(seed: number, pipelines: Rec[], contacts: Rec[], products: Rec[], count: number): Rec[] {
  const out: Rec[] = [];
  for (let i = 0; i < count; i++) {
    const rng = Rng.for(seed, 'opportunity', i);
    const pipeline = rng.pick(pipelines);
    const stage = rng.pick(pipeline.stages as Rec[]);
    const stageName = String(stage.name);
    out.push({
      id: rng.uuid(),
      name: `${rng.pick(['Expansion', 'New deal', 'Renewal', 'Pilot', 'Upsell'])} #${i + 1}`,
      amount: rng.int(5, 500) * 100,
      currency: rng.pick(['USD', 'EUR']),
      pipeline_id: pipeline.id,
      stage_id: stage.id,
      status: /Won|Renewed|Live/.test(stageName) ? 'won' : /Lost|Churned/.test(stageName) ? 'lost' : 'open',
      contact_ids: contacts.length ? rng.sample(contacts, rng.int(1, 3)).map((c) => c.id) : [],
      product_ids: rng.sample(products, rng.int(0, 2)).map((p) => p.id),
      assignee_id: null,
      expected_close_date: isoDaysBefore(rng, 90).slice(0, 10),
      created_at: isoDaysBefore(rng, 300),
      updated_at: isoDaysBefore(rng, 10),
    });
  }
  return out;
}

export function seedMinotaur(opts: MinotaurSeedOptions): MinotaurSeed {
  const companies = seedCompanies(opts.seed, opts.companies);
  const contacts = seedContacts(opts.seed, opts.contacts, companies);
  const prospects = seedProspects(opts.seed, opts.prospects, companies);
  const { lists, members } = seedLists(opts.seed, contacts);
  const products = seedProducts(opts.seed);
  const pipelines = seedPipelines(opts.seed);
  const opportunities = seedOpportunities(opts.seed, pipelines, contacts, products, 60);
  return { companies, contacts, prospects, lists, listMembers: members, products, pipelines, opportunities };
}

