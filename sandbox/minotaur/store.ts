/**
 * Minotaur's state: one shared dataset (every Minotaur demo key sees the same contacts, as users of one account
 * would) and one customer per key (so each key has its own credit balance and tests do not interfere).
 * Credit-consuming jobs take effect lazily: `settle(now)` applies whatever became due, called at the start of each
 * request — no timers, so nothing keeps the process alive.
 */
import { Collection } from '../collection';
import { hash32, IdSource, Rng } from '../seed/prng';
import { prospectFull, seedMinotaur } from '../seed/minotaur';
import { KEY_PROFILES } from '../keys';
import type { Obj, Rec } from '../records';

export interface CustomerState {
  key: string;
  /** The documented customer summary; `subscription.balance` is the credit balance jobs draw from. */
  summary: { customer: Record<string, unknown>; users_count: number; subscription: { balance: number } & Record<string, unknown> };
}

export type JobKind = 'unlock-contacts' | 'unlock-selected-contacts' | 'verify-email' | 'verify-list';

export interface Job {
  id: string;
  kind: JobKind;
  key: string;
  status: 'PENDING' | 'COMPLETED';
  credits: number;
  records: number;
  sync_hubspot: boolean;
  created_at: string;
  completed_at: string | null;
  dueAt: number;
  apply: (at: number) => void;
}

/** One line per call that reached a credit-consuming handler, refused or not. */
export interface LedgerEntry {
  at: string;
  key: string;
  endpoint: string;
  status: number;
  credits: number;
  records: number;
  job_id: string | null;
}

export interface MinotaurStoreOptions {
  seed: number;
  contacts: number;
  companies: number;
  prospects: number;
  jobStepMs: number;
}

export class MinotaurStore {
  readonly contacts: Collection;
  readonly companies: Collection;
  readonly prospects: Collection;
  readonly lists: Collection;
  readonly products: Collection;
  readonly pipelines: Collection;
  readonly opportunities: Collection;
  /** Explicit members per list id (rule matches are computed). */
  readonly listMembers: Map<string, Set<string>>;
  readonly customers = new Map<string, CustomerState>();
  readonly jobs: Job[] = [];
  readonly ledger: LedgerEntry[] = [];
  readonly ids: IdSource;
  /** Prospects being unlocked by a pending job: never selected or charged twice. */
  readonly pendingUnlock = new Set<string>();
  private readonly prospectIndex = new Map<string, number>();
  /** List membership by list id, valid while neither contacts nor lists change (rules scan every contact). */
  private readonly membershipCache = new Map<string, { revision: string; ids: string[] }>();
  /** Seed-time copies of companies: unlocked prospects are regenerated from them (see prospectFull). */
  private readonly seedCompanies: Rec[];

  constructor(readonly options: MinotaurStoreOptions) {
    const seed = seedMinotaur(options);
    this.seedCompanies = seed.companies.map((c) => ({ ...c }));
    this.contacts = new Collection(seed.contacts);
    this.companies = new Collection(seed.companies);
    this.prospects = new Collection(seed.prospects);
    seed.prospects.forEach((p, i) => this.prospectIndex.set(p.id, i));
    this.lists = new Collection(seed.lists);
    this.listMembers = seed.listMembers;
    this.products = new Collection(seed.products);
    this.pipelines = new Collection(seed.pipelines);
    this.opportunities = new Collection(seed.opportunities);
    this.ids = new IdSource(hash32(`${options.seed}:minotaur-runtime`));
    for (const profile of KEY_PROFILES) {
      if (profile.provider === 'minotaur' && profile.balance !== undefined) this.customers.set(profile.key, makeCustomer(options.seed, profile.key, profile.businessName ?? profile.key, profile.balance));
    }
  }

  customer(key: string): CustomerState | undefined {
    return this.customers.get(key);
  }

  /** Apply the effects of every job that became due. */
  settle(now: number): void {
    for (const job of this.jobs) {
      if (job.status === 'PENDING' && job.dueAt <= now) {
        job.apply(job.dueAt);
        job.status = 'COMPLETED';
        job.completed_at = new Date(job.dueAt).toISOString();
      }
    }
  }

  addJob(job: Omit<Job, 'id' | 'status' | 'completed_at' | 'created_at' | 'dueAt'>, now: number): Job {
    const full: Job = {
      ...job,
      id: this.ids.uuid(),
      status: 'PENDING',
      created_at: new Date(now).toISOString(),
      completed_at: null,
      dueAt: now + this.options.jobStepMs,
    };
    this.jobs.push(full);
    return full;
  }

  /** The unmasked person behind a catalog prospect. */
  prospectSource(prospectId: string): Rec | undefined {
    const index = this.prospectIndex.get(prospectId);
    return index === undefined ? undefined : prospectFull(this.options.seed, index, this.seedCompanies);
  }

  /** Contact ids of a list: explicit members plus contacts matching every rule (when it has rules). */
  listContactIds(list: Rec): string[] {
    const revision = `${this.contacts.revision}:${this.lists.revision}`;
    const cached = this.membershipCache.get(list.id);
    if (cached && cached.revision === revision) return cached.ids;
    const ids = this.computeListContactIds(list);
    this.membershipCache.set(list.id, { revision, ids });
    return ids;
  }

  private computeListContactIds(list: Rec): string[] {
    const explicit = this.listMembers.get(list.id) ?? new Set<string>();
    const rules = Array.isArray(list.rules) ? (list.rules as Obj[]) : [];
    const ids = new Set<string>([...explicit].filter((id) => this.contacts.get(id)));
    if (rules.length) {
      for (const contact of this.contacts.all()) if (rules.every((r) => ruleMatches(contact, r))) ids.add(contact.id);
    }
    return [...ids];
  }
}

/** Rules use free-form operators (the set is undefined); the common spellings are understood, others match nothing. */
export function ruleMatches(rec: Rec, rule: Obj): boolean {
  const field = typeof rule.field === 'string' ? rule.field : '';
  const op = String(rule.operator ?? '').toLowerCase().replace(/[\s-]+/g, '_');
  const want = String(rule.value ?? '').toLowerCase();
  const raw = rec[field];
  const have = raw === null || raw === undefined ? '' : Array.isArray(raw) ? raw.join(' ').toLowerCase() : String(raw).toLowerCase();
  switch (op) {
    case 'contains': return have.includes(want);
    case 'not_contains': case 'does_not_contain': return !have.includes(want);
    case 'equals': case 'eq': case 'is': case '=': return have === want;
    case 'not_equals': case 'neq': case 'is_not': case '!=': return have !== want;
    case 'starts_with': return have.startsWith(want);
    case 'ends_with': return have.endsWith(want);
    case 'greater_than': case 'gt': case '>': return Number(raw) > Number(rule.value);
    case 'less_than': case 'lt': case '<': return Number(raw) < Number(rule.value);
    default: return false;
  }
}

function makeCustomer(seed: number, key: string, businessName: string, balance: number): CustomerState {
  const rng = Rng.for(seed, `customer:${key}`, 0);
  return {
    key,
    summary: {
      customer: { id: rng.uuid(), business_name: businessName, status: 'active', country: 'CO', city: 'Medellín' },
      users_count: rng.int(1, 12),
      subscription: {
        id: rng.uuid(),
        status: 'active',
        balance,
        price: '99.00',
        periodicity: 'monthly',
        currency: 'USD',
        tier: { id: rng.uuid(), title: 'Growth', tier: 2, is_free: false, price: '99.00' },
        active_seats: rng.int(1, 5),
      },
    },
  };
}
