/**
 * Watch Order: polls `GET /orders/:id` with backoff (1 s doubling to 30 s) until a terminal status, with a
 * cancellable progress notification, then notifies "Order … COMPLETED" with "Open Results". The watched orders are
 * kept in global state (ids only) and resumed after a window reload. Watching an order that is already watched
 * polls it at once instead of starting a second watch.
 */
import * as vscode from 'vscode';
import { ApiError } from '../api/http/errors';
import type { OpenProspectClient } from '../api/openprospect/client';
import { TERMINAL_ORDER_STATUSES, type Order } from '../api/openprospect/schemas';
import { displayText } from '../views/tree/displayText';
import type { Logger } from '../util/logger';
import { interruptibleSleep, pollDelay } from './backoff';

export const WATCHED_ORDERS_KEY = 'crm.openprospect.watchedOrders';

export interface WatchedOrder {
  connectionId: string;
  orderId: string;
  title?: string;
}

export interface OrderWatcherDeps {
  state: vscode.Memento;
  logger: Logger;
  client(connectionId: string): Promise<OpenProspectClient>;
  /** An order's status changed (refresh its Orders folder). */
  onStatus(connectionId: string, order: Order): void;
  /** The order reached a terminal status. */
  onFinished(watch: WatchedOrder, order: Order): void;
}

interface Running {
  promise: Promise<Order | undefined>;
  wake(): void;
  abort: AbortController;
}

export class OrderWatcher implements vscode.Disposable {
  private readonly running = new Map<string, Running>();

  constructor(private readonly deps: OrderWatcherDeps) {}

  /** Orders being watched (persisted). */
  watched(): WatchedOrder[] {
    const stored = this.deps.state.get<unknown>(WATCHED_ORDERS_KEY, []);
    return Array.isArray(stored) ? stored.filter(isWatchedOrder) : [];
  }

  isWatching(connectionId: string, orderId: string): boolean {
    return this.running.has(keyOf({ connectionId, orderId }));
  }

  /** Start (or nudge) a watch; resolves with the terminal order, or undefined when the watch was cancelled. */
  watch(watch: WatchedOrder): Promise<Order | undefined> {
    const key = keyOf(watch);
    const existing = this.running.get(key);
    if (existing) {
      existing.wake();
      return existing.promise;
    }
    const abort = new AbortController();
    let wakeCurrent = () => {};
    const running: Running = { abort, wake: () => wakeCurrent(), promise: Promise.resolve(undefined) };
    this.running.set(key, running);
    running.promise = (async () => {
      await this.store([...this.watched().filter((w) => keyOf(w) !== key), watch]);
      try {
        return await this.withProgress(watch, abort, (setWake, report) => this.poll(watch, abort.signal, setWake, report));
      } finally {
        this.running.delete(key);
        // A dispose (window closing) keeps the order in global state, so the next window resumes it.
        if (!this.disposed) await this.store(this.watched().filter((w) => keyOf(w) !== key));
      }
    })();
    wakeCurrent = () => {
      const waker = this.wakers.get(key);
      if (waker) waker();
      else this.nudged.add(key); // a poll is in flight: skip the next wait
    };
    return running.promise;
  }

  /** Resume the watches of a previous window (called once, after activation). */
  resume(connectionExists: (connectionId: string) => boolean): void {
    for (const watch of this.watched()) {
      if (!connectionExists(watch.connectionId)) continue;
      void this.watch(watch).catch((error) => this.deps.logger.warn(`Watch of order ${watch.orderId} ended: ${String(error)}`));
    }
  }

  cancel(connectionId: string, orderId: string): void {
    this.running.get(keyOf({ connectionId, orderId }))?.abort.abort();
  }

  private disposed = false;
  private readonly wakers = new Map<string, () => void>();
  private readonly nudged = new Set<string>();

  dispose(): void {
    this.disposed = true;
    for (const running of this.running.values()) running.abort.abort();
  }

  private async withProgress(
    watch: WatchedOrder,
    abort: AbortController,
    task: (setWake: (wake: () => void) => void, report: (message: string) => void) => Promise<Order | undefined>,
  ): Promise<Order | undefined> {
    const name = watch.title ? `"${displayText(watch.title, 60)}"` : displayText(watch.orderId, 40);
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Watching order {0}', name), cancellable: true },
      async (progress, token) => {
        const subscription = token.onCancellationRequested(() => abort.abort());
        try {
          return await task(
            (wake) => this.wakers.set(keyOf(watch), wake),
            (message) => progress.report({ message }),
          );
        } finally {
          subscription.dispose();
          this.wakers.delete(keyOf(watch));
        }
      },
    );
  }

  private async poll(
    watch: WatchedOrder,
    signal: AbortSignal,
    setWake: (wake: () => void) => void,
    report: (message: string) => void,
  ): Promise<Order | undefined> {
    let attempt = 0;
    let lastStatus: string | undefined;
    for (;;) {
      if (signal.aborted) return undefined;
      let delay: number;
      try {
        const client = await this.deps.client(watch.connectionId);
        const order = await client.getOrder(watch.orderId, signal);
        const status = String(order.status ?? '').toUpperCase();
        if (status !== lastStatus) {
          lastStatus = status;
          attempt = 0; // progress: poll soon again
          this.deps.onStatus(watch.connectionId, order);
        }
        report(status || vscode.l10n.t('status unknown'));
        if (TERMINAL_ORDER_STATUSES.has(status)) {
          this.deps.onFinished(watch, order);
          return order;
        }
        delay = pollDelay(attempt++);
      } catch (error) {
        if (signal.aborted) return undefined;
        if (!(error instanceof ApiError) || !['network', 'timeout', 'server', 'rateLimited', 'badResponse'].includes(error.kind)) throw error;
        // Transient: keep watching, more slowly; a rate limit waits until the server allows again.
        delay = error.kind === 'rateLimited' && error.retryAt ? Math.max(pollDelay(attempt++), error.retryAt.getTime() - Date.now()) : pollDelay(attempt++);
        report(vscode.l10n.t('{0} — trying again in {1} s', error.message, Math.round(delay / 1000)));
        this.deps.logger.warn(`Watch order ${watch.orderId}: ${error.kind}: ${error.message}`);
      }
      if (this.nudged.delete(keyOf(watch))) continue;
      const sleep = interruptibleSleep(delay, signal);
      setWake(sleep.wake);
      await sleep.done;
      setWake(() => this.nudged.add(keyOf(watch)));
    }
  }

  private async store(watches: WatchedOrder[]): Promise<void> {
    await this.deps.state.update(WATCHED_ORDERS_KEY, watches);
  }
}

function keyOf(watch: Pick<WatchedOrder, 'connectionId' | 'orderId'>): string {
  return `${watch.connectionId}\u0000${watch.orderId}`;
}

function isWatchedOrder(value: unknown): value is WatchedOrder {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.connectionId === 'string' && typeof v.orderId === 'string' && (v.title === undefined || typeof v.title === 'string');
}
