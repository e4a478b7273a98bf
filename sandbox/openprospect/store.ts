/**
 * OpenProspect's state, shared by all OpenProspect demo keys (one organisation). Orders and search-profile
 * creations carry a Lifecycle evaluated lazily against the request time.
 */
import { Collection } from '../collection';
import { Lifecycle } from '../lifecycle';
import { hash32, IdSource } from '../seed/prng';
import { seedOpenProspect } from '../seed/openprospect';
import type { Obj, Rec } from '../records';

export interface OrderState {
  rec: Rec;
  lifecycle: Lifecycle;
  /** Companies sent with an enrichment order (results are built from them). */
  companies: Obj[];
}

export interface ProfileCreationState {
  rec: Rec;
  lifecycle: Lifecycle;
  /** Set when the creation succeeded and its profile exists. */
  profileId?: string;
}

export interface OpenProspectStoreOptions {
  seed: number;
  orderStepMs: number;
}

export const ORDER_PATH = ['RECEIVED', 'ACCEPTED', 'IN_PROGRESS', 'COMPLETED'];
export const ORDER_REJECT_PATH = ['RECEIVED', 'REJECTED'];
export const ORDER_FAIL_PATH = ['RECEIVED', 'ACCEPTED', 'IN_PROGRESS', 'FAILED'];
export const PROFILE_PATH = ['PENDING', 'RUNNING', 'SUCCEEDED'];
export const PROFILE_FAIL_PATH = ['PENDING', 'RUNNING', 'FAILED'];

export class OpenProspectStore {
  readonly searches: Collection;
  readonly companies: Collection;
  readonly prospects: Collection;
  readonly jobs: Map<string, Rec[]>;
  readonly webtech: Map<string, Obj[]>;
  readonly orders = new Map<string, OrderState>();
  /** Newest last; lists answer newest first. */
  readonly orderIds: string[] = [];
  readonly profileCreations = new Map<string, ProfileCreationState>();
  /** Search profiles usable by discovery orders (`profile_id`). */
  readonly profiles = new Map<string, Rec>();
  readonly blacklists: Collection;
  readonly entries = new Map<string, Collection>();
  /** prospect search id → assigned blacklist ids. */
  readonly assignments: Map<string, string[]>;
  /** `${key} ${endpoint} ${Idempotency-Key}` → the resource created first, and a fingerprint of its body. */
  readonly idempotency = new Map<string, { id: string; fingerprint: string }>();
  readonly ids: IdSource;
  readonly seed: number;

  constructor(readonly options: OpenProspectStoreOptions) {
    const seed = seedOpenProspect(options.seed);
    this.seed = options.seed;
    this.searches = new Collection(seed.searches);
    this.companies = new Collection(seed.companies);
    this.prospects = new Collection(seed.prospects);
    this.jobs = seed.jobs;
    this.webtech = seed.webtech;
    for (const profile of seed.profiles) this.profiles.set(profile.id, profile);
    for (const order of seed.orders) {
      const created = Date.parse(String(order.rec.created_at));
      // Seed orders are frozen in their status (history spaced by a day); the admin endpoint can still advance them.
      const history = order.path.slice(0, order.startIndex + 1).map((status, i) => ({ status, at: new Date(created + i * 86_400_000).toISOString() }));
      const lifecycle = new Lifecycle(order.path, created, options.orderStepMs, { frozen: true, startIndex: order.startIndex, history });
      this.addOrder({ rec: order.rec, lifecycle, companies: order.companies });
    }
    this.blacklists = new Collection(seed.blacklists);
    for (const [id, list] of seed.entries) this.entries.set(id, new Collection(list));
    this.assignments = seed.assignments;
    this.ids = new IdSource(hash32(`${options.seed}:openprospect-runtime`));
  }

  addOrder(order: OrderState): void {
    this.orders.set(order.rec.id, order);
    this.orderIds.push(order.rec.id);
  }

  /** The order as the API shows it, with its status caught up to `now`. */
  orderView(order: OrderState, now: number, detailed: boolean): Rec {
    order.lifecycle.sync(now);
    const view: Rec = {
      ...order.rec,
      status: order.lifecycle.status,
      companies_count: order.companies.length,
      status_history: order.lifecycle.history,
      updated_at: order.lifecycle.updatedAt,
    };
    if (detailed && order.companies.length) view.companies = order.companies;
    return view;
  }

  profileCreationView(creation: ProfileCreationState, now: number): Rec {
    creation.lifecycle.sync(now);
    const status = creation.lifecycle.status;
    const view: Rec = { ...creation.rec, status, updated_at: creation.lifecycle.updatedAt, profile_id: null, error: null };
    if (status === 'SUCCEEDED') view.profile_id = this.ensureProfile(creation);
    if (status === 'FAILED') view.error = { code: 'PROFILE_GENERATION_FAILED', message: 'The profile could not be generated. Retry with a new Idempotency-Key.' };
    return view;
  }

  /** A succeeded creation yields a profile (and its prospect search) the first time it is read. */
  private ensureProfile(creation: ProfileCreationState): string {
    if (creation.profileId) return creation.profileId;
    const searchId = this.ids.uuid();
    const at = creation.lifecycle.updatedAt;
    this.searches.add({ id: searchId, name: String(creation.rec.name), status: 'ACTIVE', description: String(creation.rec.description ?? ''), icp: creation.rec.icp ?? {}, created_at: at, updated_at: at });
    const profileId = this.ids.uuid();
    this.profiles.set(profileId, { id: profileId, name: creation.rec.name, prospect_search_id: searchId, created_at: at });
    creation.profileId = profileId;
    return profileId;
  }
}
