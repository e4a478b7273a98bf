/**
 * OpenProspect seed data: prospect searches with delivered companies (jobs, web technologies, prospects),
 * orders in several statuses, search profiles and blacklists (one with 1,200 entries so paging shows).
 */
import { Rng } from './prng';
import { HOSTILE_STRINGS } from './hostile';
import { domainFor, emailFor, isoDaysBefore, makePerson, pickCountry } from './people';
import {
  COMPANY_SIZES, COMPANY_SUFFIX_BY_COUNTRY, COMPANY_WORDS_A, COMPANY_WORDS_B, DEPARTMENTS, ICP_KEYWORDS, INDUSTRIES,
  JOB_TITLES, SENIORITIES, TECHNOLOGIES,
} from './words';
import type { Obj, Rec } from '../records';

export interface SeedOrder {
  rec: Rec;
  path: string[];
  startIndex: number;
  companies: Obj[];
}

export interface OpenProspectSeed {
  searches: Rec[];
  companies: Rec[];
  jobs: Map<string, Rec[]>;
  webtech: Map<string, Obj[]>;
  prospects: Rec[];
  orders: SeedOrder[];
  profiles: Rec[];
  blacklists: Rec[];
  entries: Map<string, Rec[]>;
  assignments: Map<string, string[]>;
}

const SEARCHES = [
  { name: 'DACH SaaS CTOs', status: 'ACTIVE', countries: ['DE', 'AT', 'CH'], industries: ['Software'] },
  { name: 'LATAM fintech founders', status: 'ACTIVE', countries: ['CO', 'MX', 'BR'], industries: ['Financial Services'] },
  { name: 'UK logistics ops leaders', status: 'PAUSED', countries: ['GB'], industries: ['Logistics'] },
  { name: 'US healthtech VPs', status: 'ACTIVE', countries: ['US'], industries: ['Healthcare'] },
  { name: 'Iberia e-commerce — España & Portugal', status: 'ARCHIVED', countries: ['ES', 'PT'], industries: ['Retail'] },
  { name: `${HOSTILE_STRINGS[1]} search`, status: 'ACTIVE', countries: ['FR'], industries: ['Media'] },
] as const;

const COMPANIES_PER_SEARCH = 50;

export function opCompanyName(rng: Rng, country: string): string {
  return `${rng.pick(COMPANY_WORDS_A)} ${rng.pick(COMPANY_WORDS_B)} ${rng.pick(COMPANY_SUFFIX_BY_COUNTRY[country] ?? ['Inc.'])}`;
}

/** A person as OpenProspect delivers it (prospects and order-result contacts). */
export function opPerson(rng: Rng, index: number, domain: string): Obj {
  const person = makePerson(rng);
  return {
    first_name: person.first[0],
    last_name: person.last[0],
    full_name: `${person.first[0]} ${person.last[0]}`,
    job_title: person.jobTitle,
    seniority: rng.pick(SENIORITIES),
    department: rng.pick(DEPARTMENTS),
    email: emailFor(person, domain, index),
    phone: rng.chance(0.5) ? person.phone : null,
    linkedin_url: rng.chance(0.8) ? `https://www.linkedin.com/in/${person.first[1]}-${person.last[1]}-${index}` : null,
    city: person.city.locality,
    country: person.country.code,
  };
}

function seedCompanyDetails(seed: number, company: Rec, index: number, jobs: Map<string, Rec[]>, webtech: Map<string, Obj[]>): void {
  const rng = Rng.for(seed, 'op-company-details', index);
  const jobList: Rec[] = [];
  for (let j = 0, n = rng.int(0, 9); j < n; j++) {
    jobList.push({
      id: rng.uuid(),
      company_id: company.id,
      title: rng.pick(JOB_TITLES),
      department: rng.pick(DEPARTMENTS),
      location: company.city,
      employment_type: rng.pick(['FULL_TIME', 'PART_TIME', 'CONTRACT']),
      remote: rng.chance(0.3),
      posted_at: isoDaysBefore(rng, 90),
      url: `https://careers.${String(company.domain)}/jobs/${j + 1}`,
    });
  }
  jobs.set(company.id, jobList);
  webtech.set(
    company.id,
    rng.sample(TECHNOLOGIES, rng.int(3, 10)).map(([name, category]) => ({
      name,
      category,
      confidence: Math.round(rng.next() * 50 + 50) / 100,
      first_detected_at: isoDaysBefore(rng, 700),
      last_detected_at: isoDaysBefore(rng, 20),
    })),
  );
}

function seedBlacklists(seed: number): { blacklists: Rec[]; entries: Map<string, Rec[]> } {
  const defs = [
    { name: 'Competitors', description: 'Never prospect competitors', count: 25 },
    { name: 'Existing customers', description: 'Synced from the CRM every night', count: 1200 },
    { name: `${HOSTILE_STRINGS[0]} Do not contact`, description: HOSTILE_STRINGS[2], count: 5 },
  ];
  const blacklists: Rec[] = [];
  const entries = new Map<string, Rec[]>();
  defs.forEach((def, b) => {
    const rng = Rng.for(seed, 'op-blacklist', b);
    const id = rng.uuid();
    const created = isoDaysBefore(rng, 300);
    const list: Rec[] = [];
    for (let i = 0; i < def.count; i++) {
      const er = Rng.for(seed, `op-blacklist-${b}-entry`, i);
      const country = pickCountry(er);
      const name = opCompanyName(er, country.code);
      const domain = domainFor(`${name}${i}`, country.tld);
      // Entries carry one or more identifiers, like real imports do.
      const shape = er.int(0, 3);
      list.push({
        id: er.uuid(),
        blacklist_id: id,
        company_name: shape === 1 ? null : name,
        website_url: shape === 2 ? null : `https://${domain}`,
        external_id: shape === 0 || shape === 3 ? `CRM-${b}-${String(i).padStart(5, '0')}` : null,
        city: er.chance(0.5) ? er.pick(country.cities).locality : null,
        created_at: isoDaysBefore(er, 200),
      });
    }
    entries.set(id, list);
    blacklists.push({ id, name: def.name, description: def.description, created_at: created, updated_at: created });
  });
  return { blacklists, entries };
}

function seedOrders(seed: number, profiles: Rec[]): SeedOrder[] {
  const normal = ['RECEIVED', 'ACCEPTED', 'IN_PROGRESS', 'COMPLETED'];
  const defs: Array<{ title: string; type: 'enrichment' | 'discovery'; path: string[]; at: number }> = [
    { title: 'Q2 CRM enrichment', type: 'enrichment', path: normal, at: 3 },
    { title: 'Trade fair leads — Köln', type: 'enrichment', path: normal, at: 3 },
    { title: 'DACH discovery batch', type: 'discovery', path: normal, at: 3 },
    { title: 'Partner list refresh', type: 'enrichment', path: normal, at: 2 },
    { title: 'New vertical: logistics', type: 'discovery', path: normal, at: 1 },
    { title: 'Awaiting review', type: 'enrichment', path: normal, at: 0 },
    { title: 'Out of scope request', type: 'enrichment', path: ['RECEIVED', 'REJECTED'], at: 1 },
    { title: 'Broken input file', type: 'enrichment', path: ['RECEIVED', 'ACCEPTED', 'IN_PROGRESS', 'FAILED'], at: 3 },
    { title: 'Cancelled by customer', type: 'discovery', path: ['RECEIVED', 'CANCELLED'], at: 1 },
  ];
  return defs.map((def, i) => {
    const rng = Rng.for(seed, 'op-order', i);
    const companies: Obj[] = [];
    if (def.type === 'enrichment') {
      for (let c = 0, n = rng.int(5, 30); c < n; c++) {
        const country = pickCountry(rng);
        const name = opCompanyName(rng, country.code);
        companies.push({ company_name: name, external_id: `ACC-${i}-${c}`, website_url: `https://${domainFor(name, country.tld)}`, city: rng.pick(country.cities).locality });
      }
    }
    const profile = def.type === 'discovery' ? rng.pick(profiles) : undefined;
    return {
      path: def.path,
      startIndex: def.at,
      companies,
      rec: {
        id: rng.uuid(),
        type: def.type,
        title: def.title,
        features: def.type === 'enrichment' ? ['COMPANY_DATA', 'CONTACTS'] : ['COMPANY_DATA', 'CONTACTS', 'TECHNOLOGIES'],
        profile_name: def.type === 'enrichment' ? 'Default enrichment' : String(profile?.name ?? ''),
        profile_id: profile ? profile.id : null,
        prospect_search_id: profile ? profile.prospect_search_id : null,
        briefing_quantity: def.type === 'enrichment' ? companies.length : rng.int(10, 40),
        created_at: isoDaysBefore(rng, 60),
      },
    };
  });
}

export function seedOpenProspect(seed: number): OpenProspectSeed {
  const searches: Rec[] = [];
  const companies: Rec[] = [];
  const prospects: Rec[] = [];
  const jobs = new Map<string, Rec[]>();
  const webtech = new Map<string, Obj[]>();
  SEARCHES.forEach((def, s) => {
    const rng = Rng.for(seed, 'op-search', s);
    const id = rng.uuid();
    const created = isoDaysBefore(rng, 365);
    searches.push({
      id,
      name: def.name,
      status: def.status,
      description: `Ideal customer profile: ${def.industries.join(', ')} in ${def.countries.join(', ')}`,
      icp: {
        industries: [...def.industries],
        countries: [...def.countries],
        company_sizes: rng.sample(COMPANY_SIZES, 3),
        job_titles: rng.sample(JOB_TITLES, 3),
        keywords: rng.sample(ICP_KEYWORDS, 2),
      },
      created_at: created,
      updated_at: created,
    });
    for (let c = 0; c < COMPANIES_PER_SEARCH; c++) {
      const index = s * COMPANIES_PER_SEARCH + c;
      const cr = Rng.for(seed, 'op-company', index);
      const country = pickCountry(cr);
      const name = c === 7 ? HOSTILE_STRINGS[3] : opCompanyName(cr, country.code);
      const domain = domainFor(name.split(' ').slice(0, 2).join(''), country.tld);
      const company: Rec = {
        id: cr.uuid(),
        prospect_search_id: id,
        name,
        domain,
        website_url: `https://www.${domain}`,
        city: cr.pick(country.cities).locality,
        country: country.code,
        industry: cr.pick(INDUSTRIES),
        employee_count: cr.int(5, 20000),
        size: cr.pick(COMPANY_SIZES),
        match_score: Math.round(cr.next() * 100) / 10,
        description: c === 11 ? HOSTILE_STRINGS[4] : `${name} — ${country.code} company in ${String(def.industries[0])}`,
        delivered_at: isoDaysBefore(cr, 60),
        created_at: isoDaysBefore(cr, 400),
      };
      companies.push(company);
      seedCompanyDetails(seed, company, index, jobs, webtech);
      for (let p = 0, n = cr.int(1, 5); p < n; p++) {
        const pr = Rng.for(seed, `op-prospect-${index}`, p);
        prospects.push({ ...opPerson(pr, index * 10 + p, domain), id: pr.uuid(), company_id: company.id, prospect_search_id: id, delivered_at: company.delivered_at });
      }
    }
  });
  const profiles = searches.slice(0, 3).map((s, i) => {
    const rng = Rng.for(seed, 'op-profile', i);
    return { id: rng.uuid(), name: `${String(s.name)} profile`, prospect_search_id: s.id, created_at: isoDaysBefore(rng, 400) };
  });
  const orders = seedOrders(seed, profiles);
  const { blacklists, entries } = seedBlacklists(seed);
  const assignments = new Map<string, string[]>([[searches[0]?.id as string, [blacklists[0]?.id as string, blacklists[1]?.id as string]]]);
  return { searches, companies, jobs, webtech, prospects, orders, profiles, blacklists, entries, assignments };
}
