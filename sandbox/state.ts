/**
 * Everything the sandbox remembers, rebuilt from the settings by `reset()` (the admin reset endpoint): both
 * vendors' stores, rotated keys, rate-limit windows, statistics and faults.
 */
import { FaultController, type FaultConfig } from './faults';
import { MinotaurStore } from './minotaur/store';
import { OpenProspectStore } from './openprospect/store';
import { RequestLog } from './requestLog';
import { Stats } from './stats';

export interface SandboxSettings {
  seed: number;
  contacts: number;
  companies: number;
  prospects: number;
  orderStepMs: number;
  jobStepMs: number;
  faults?: FaultConfig;
}

export class SandboxState {
  minotaur!: MinotaurStore;
  openprospect!: OpenProspectStore;
  stats!: Stats;
  /** Bodies of non-GET API requests (GET /__admin/requests). */
  requestLog!: RequestLog;
  faults!: FaultController;
  /** Keys made invalid through `POST /__admin/rotate`. */
  rotated!: Set<string>;
  /** Rate-limit windows per key (start time, requests counted). */
  rateWindows!: Map<string, { start: number; count: number }>;

  constructor(readonly settings: SandboxSettings) {
    this.build();
    if (settings.faults) this.faults.configure(settings.faults);
  }

  /** Back to the seeded start state; faults and statistics cleared (including faults given at start). */
  reset(): void {
    this.build();
  }

  private build(): void {
    const s = this.settings;
    this.minotaur = new MinotaurStore({ seed: s.seed, contacts: s.contacts, companies: s.companies, prospects: s.prospects, jobStepMs: s.jobStepMs });
    this.openprospect = new OpenProspectStore({ seed: s.seed, orderStepMs: s.orderStepMs });
    this.stats = new Stats();
    this.requestLog = new RequestLog();
    this.faults = new FaultController(s.faults?.seed ?? s.seed);
    this.rotated = new Set();
    this.rateWindows = new Map();
  }
}
