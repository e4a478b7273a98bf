/**
 * One function builds a person (name, country, city, job, email…) from a record generator. Minotaur contacts,
 * prospects, OpenProspect prospects and order results all use it, so every kind of person looks alike.
 */
import { COUNTRIES, COUNTRY_WEIGHTS, INDUSTRIES, JOB_TITLES, type Country, type Name } from './words';
import type { Rng } from './prng';

/** Fixed reference time: seed data never depends on the clock, so the same seed gives byte-identical data. */
export const SEED_EPOCH_MS = Date.UTC(2025, 5, 1);

/**
 * Timestamps come from a shared pool of pre-formatted strings (one per ~hour over three years): formatting a Date
 * per field for 300,000 records dominated start-up time, and shared strings keep memory down.
 */
const POOL_SIZE = 3 * 365 * 24;
let pool: string[] | undefined;

export function isoDaysBefore(rng: Rng, maxDays: number): string {
  if (!pool) {
    pool = new Array<string>(POOL_SIZE);
    for (let i = 0; i < POOL_SIZE; i++) pool[i] = new Date(SEED_EPOCH_MS - i * 3_600_000 - ((i * 7919) % 3600) * 1000).toISOString();
  }
  return pool[rng.int(0, Math.min(POOL_SIZE - 1, maxDays * 24))] as string;
}

export function pickCountry(rng: Rng): Country {
  const total = COUNTRY_WEIGHTS.reduce((a, b) => a + b, 0);
  let roll = rng.next() * total;
  for (let i = 0; i < COUNTRIES.length; i++) {
    roll -= COUNTRY_WEIGHTS[i] ?? 0;
    if (roll < 0) return COUNTRIES[i] as Country;
  }
  return COUNTRIES[0] as Country;
}

export interface Person {
  first: Name;
  last: Name;
  country: Country;
  city: Country['cities'][number];
  jobTitle: string;
  industry: string;
  phone: string;
}

export function makePerson(rng: Rng, country = pickCountry(rng)): Person {
  const digits = Array.from({ length: 9 }, () => rng.int(0, 9)).join('');
  return {
    first: rng.pick(country.firstNames),
    last: rng.pick(country.lastNames),
    country,
    city: rng.pick(country.cities),
    jobTitle: rng.pick(JOB_TITLES),
    industry: rng.pick(INDUSTRIES),
    phone: `${country.phonePrefix} ${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`,
  };
}

/** `first.last<n>@domain`: the index keeps emails unique across 100,000 records. */
export function emailFor(person: Person, domain: string, index: number): string {
  const local = `${person.first[1] || 'user'}.${person.last[1] || 'x'}`.replace(/[^a-z.]/g, '');
  return `${local}${index}@${domain}`;
}

export function domainFor(companyAscii: string, tld: string): string {
  const slug = companyAscii.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '');
  return `${slug || 'company'}.${tld}`;
}
