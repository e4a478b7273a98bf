/**
 * A status that moves along a path of states as time passes, computed lazily on read (no timers): each step takes
 * `stepMs`; `advance` moves one step at once (admin, for tests that must not wait). Frozen lifecycles (seed orders
 * shown "in several statuses") only move when advanced.
 */
export interface StatusChange {
  status: string;
  at: string;
}

export class Lifecycle {
  private index: number;
  private nextDueAt: number;
  private readonly frozen: boolean;
  readonly history: StatusChange[];

  constructor(
    private readonly path: readonly string[],
    startMs: number,
    private readonly stepMs: number,
    options: { frozen?: boolean; startIndex?: number; history?: StatusChange[] } = {},
  ) {
    this.index = options.startIndex ?? 0;
    this.history = options.history ?? [{ status: path[0] as string, at: new Date(startMs).toISOString() }];
    this.nextDueAt = options.frozen ? Number.POSITIVE_INFINITY : startMs + stepMs;
    this.frozen = options.frozen ?? false;
  }

  get status(): string {
    return this.path[this.index] as string;
  }

  get terminal(): boolean {
    return this.index >= this.path.length - 1;
  }

  get updatedAt(): string {
    return (this.history[this.history.length - 1] as StatusChange).at;
  }

  /** Catch up with the clock. */
  sync(now: number): void {
    while (!this.terminal && now >= this.nextDueAt) this.step(this.nextDueAt);
  }

  /** Move one step now (no-op when terminal). */
  advance(now: number): void {
    this.sync(now);
    if (this.terminal) return;
    this.step(now);
    if (this.frozen) this.nextDueAt = Number.POSITIVE_INFINITY;
  }

  private step(at: number): void {
    this.index++;
    this.history.push({ status: this.status, at: new Date(at).toISOString() });
    this.nextDueAt = at + this.stepMs;
  }
}
