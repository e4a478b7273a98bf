/**
 * Single-flight guard for credit-consuming actions: while one run for a key (connection + action) is under way —
 * from the first prompt, through the confirmation modal, to the server's answer — a second run for the same key
 * does nothing. The check-and-claim happens synchronously when `run` is called, so two clicks in the same tick
 * cannot both get through.
 */
export type FlightResult<T> = { ran: true; value: T } | { ran: false };

export class SingleFlight {
  private readonly held = new Set<string>();

  isBusy(key: string): boolean {
    return this.held.has(key);
  }

  async run<T>(key: string, task: () => Promise<T>): Promise<FlightResult<T>> {
    if (this.held.has(key)) return { ran: false };
    this.held.add(key);
    try {
      return { ran: true, value: await task() };
    } finally {
      this.held.delete(key);
    }
  }
}

export function flightKey(connectionId: string, action: string): string {
  return `${connectionId}\u0000${action}`;
}
