/**
 * The credit jobs started from this machine, per connection, kept in global state (no secret in them). There is no
 * documented endpoint to read a job later, so a job keeps the status the server returned when it was started
 * (`PENDING`), or `UNKNOWN` when the request's outcome could not be known (network error, timeout, 5xx).
 * No `vscode` import: the store takes any Memento-like object, so it is unit-tested in Node.
 */
import type { CreditAction } from './creditActions';

export const JOBS_STATE_KEY = 'crm.jobs';
/** Jobs kept per connection; older ones are dropped. */
export const MAX_JOBS_PER_CONNECTION = 100;
/**
 * With no job-status endpoint a PENDING job never changes locally; "Clear Finished" treats one as finished once it
 * is this old (the sandbox completes jobs within seconds; the vendor documents nothing).
 */
export const ASSUME_FINISHED_AFTER_MS = 24 * 60 * 60 * 1000;
/** Status recorded when the request failed in a way that leaves the outcome unknown. */
export const UNKNOWN_OUTCOME = 'UNKNOWN';

export interface JobRecord {
  /** The server's job id, or a local id (`local-…`) when the server did not give one. */
  id: string;
  connectionId: string;
  kind: CreditAction;
  /** Records the job covers (undefined: known to the server only, e.g. a list's members). */
  records?: number;
  /** Credits estimated before sending (undefined when the record count was unknown). */
  creditsEstimated?: number;
  /** As returned when started (`PENDING`), or UNKNOWN_OUTCOME. */
  status: string;
  /** ISO timestamp. */
  startedAt: string;
  /** What was sent, in words ("3 prospects", "list Leads"). */
  subject?: string;
  /** For UNKNOWN_OUTCOME: what went wrong. */
  note?: string;
}

export interface MementoLike {
  get(key: string): unknown;
  update(key: string, value: unknown): PromiseLike<void>;
}

const TERMINAL = /^(COMPLETED?|DONE|SUCCESS|SUCCEEDED|FINISHED|FAILED|FAILURE|ERROR|CANCELL?ED|REJECTED|UNKNOWN)$/i;

export function isFinished(job: JobRecord, now: number): boolean {
  if (TERMINAL.test(job.status)) return true;
  const started = Date.parse(job.startedAt);
  return Number.isFinite(started) && now - started >= ASSUME_FINISHED_AFTER_MS;
}

export class JobStore {
  private jobs: JobRecord[];
  private readonly listeners = new Set<(connectionId: string) => void>();
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly state: MementoLike) {
    const stored = state.get(JOBS_STATE_KEY);
    this.jobs = Array.isArray(stored) ? stored.filter(isJobRecord) : [];
  }

  /** The connection's jobs, newest first (ties: the one recorded later first). */
  list(connectionId: string): JobRecord[] {
    return this.jobs
      .map((job, index) => ({ job, index }))
      .filter(({ job }) => job.connectionId === connectionId)
      .sort((a, b) => Date.parse(b.job.startedAt) - Date.parse(a.job.startedAt) || b.index - a.index)
      .map(({ job }) => job);
  }

  async add(job: JobRecord): Promise<void> {
    this.jobs = [...this.jobs.filter((j) => !(j.connectionId === job.connectionId && j.id === job.id)), job];
    const dropped = new Set(this.list(job.connectionId).slice(MAX_JOBS_PER_CONNECTION));
    if (dropped.size) this.jobs = this.jobs.filter((j) => !dropped.has(j));
    await this.save(job.connectionId);
  }

  /** Remove one job from the list (nothing changes on the server). Returns whether it was there. */
  async forget(connectionId: string, id: string): Promise<boolean> {
    const before = this.jobs.length;
    this.jobs = this.jobs.filter((j) => !(j.connectionId === connectionId && j.id === id));
    if (this.jobs.length === before) return false;
    await this.save(connectionId);
    return true;
  }

  /** Remove the connection's finished jobs (see isFinished); returns how many went. */
  async clearFinished(connectionId: string, now = Date.now()): Promise<number> {
    const before = this.jobs.length;
    this.jobs = this.jobs.filter((j) => j.connectionId !== connectionId || !isFinished(j, now));
    const removed = before - this.jobs.length;
    if (removed) await this.save(connectionId);
    return removed;
  }

  /** Drop the jobs of connections that no longer exist. */
  async retainConnections(connectionIds: ReadonlySet<string>): Promise<void> {
    const gone = [...new Set(this.jobs.map((j) => j.connectionId))].filter((id) => !connectionIds.has(id));
    if (!gone.length) return;
    this.jobs = this.jobs.filter((j) => connectionIds.has(j.connectionId));
    for (const id of gone) await this.save(id);
  }

  onDidChange(listener: (connectionId: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private async save(connectionId: string): Promise<void> {
    const snapshot = [...this.jobs];
    // Writes are chained so an older snapshot can never land after a newer one.
    this.writes = this.writes.then(() => this.state.update(JOBS_STATE_KEY, snapshot)).catch(() => undefined);
    for (const listener of this.listeners) listener(connectionId);
    await this.writes;
  }
}

function isJobRecord(value: unknown): value is JobRecord {
  if (!value || typeof value !== 'object') return false;
  const j = value as Record<string, unknown>;
  return typeof j.id === 'string' && typeof j.connectionId === 'string' && typeof j.kind === 'string' && typeof j.status === 'string' && typeof j.startedAt === 'string';
}
