/**
 * Request counters for tests ("was the unlock sent exactly once?", "did the client retry the 503?"):
 * per `METHOD /template`, per key, and the faults injected. Credit-consuming calls come from the Minotaur ledger.
 */
import type { LedgerEntry } from './minotaur/store';

export class Stats {
  private total = 0;
  private readonly byRoute = new Map<string, number>();
  private readonly byKey = new Map<string, number>();
  private faultsTotal = 0;
  private readonly faultsByKind = new Map<string, number>();

  count(route: string, key: string): void {
    this.total++;
    this.byRoute.set(route, (this.byRoute.get(route) ?? 0) + 1);
    this.byKey.set(key, (this.byKey.get(key) ?? 0) + 1);
  }

  fault(kind: string): void {
    this.faultsTotal++;
    this.faultsByKind.set(kind, (this.faultsByKind.get(kind) ?? 0) + 1);
  }

  snapshot(ledger: readonly LedgerEntry[]): Record<string, unknown> {
    const creditByKey: Record<string, number> = {};
    for (const entry of ledger) creditByKey[entry.key] = (creditByKey[entry.key] ?? 0) + 1;
    return {
      requests: { total: this.total, by_route: Object.fromEntries(this.byRoute), by_key: Object.fromEntries(this.byKey) },
      credit_calls: { total: ledger.length, by_key: creditByKey, credits_charged: ledger.reduce((sum, e) => sum + e.credits, 0) },
      ledger,
      faults_injected: { total: this.faultsTotal, by_kind: Object.fromEntries(this.faultsByKind) },
    };
  }
}
