/**
 * Shared by the chaos suites: fault control, the sandbox's own counters, and a recorder of everything shown to the
 * user as a failure (the ErrorPresenter and direct error/warning notifications), so a suite can assert that each
 * failed action was surfaced exactly once. Figures (faults injected by kind, flows run) are appended to
 * test-results/chaos/figures.jsonl for the closing note in docs/SECURITY.md.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { adminPost } from '../inhost/support/extension';
import { clearFaults, stats } from '../support/sandboxAdmin';

export { clearFaults, stats };
export type { SandboxStats } from '../support/sandboxAdmin';
export const routeCount = async (route: string): Promise<number> => (await stats()).requests.by_route[route] ?? 0;

export type FaultKind = 'latency' | '429' | '500' | '502' | '503' | 'drop' | 'malformed' | 'schema';

/** Random faults at `rate` on the routes matching `match`, seeded (same request sequence → same faults). */
export function randomFaults(match: string, rate: number, kinds: FaultKind[], seed: number): Promise<unknown> {
  return adminPost('faults', { rate, kinds, match, seed, latencyMs: 150, retryAfterSeconds: 1 });
}

/** Exactly these faults on the next requests matching `match`, in order. */
export function queueFaults(match: string, ...kinds: FaultKind[]): Promise<unknown> {
  return adminPost('faults', { next: kinds.map((kind) => ({ kind, latencyMs: 400, retryAfterSeconds: 1 })), match });
}

export interface Surfaced {
  via: 'presenter' | 'error' | 'warning';
  text: string;
}

/** Records failures shown to the user instead of showing them (a test cannot click notifications away). */
export class FailureRecorder {
  readonly shown: Surfaced[] = [];
  private readonly restore: Array<() => void> = [];

  constructor(private readonly api: TestApi) {}

  install(): this {
    const presenter = this.api.services.errors as unknown as { present: (error: unknown, what: string) => Promise<void> };
    presenter.present = async (error, what) => {
      this.shown.push({ via: 'presenter', text: `${what}: ${error instanceof Error ? error.message : String(error)}` });
    };
    this.restore.push(() => delete (presenter as { present?: unknown }).present);
    const window = vscode.window as unknown as Record<string, unknown>;
    for (const [name, via] of [['showErrorMessage', 'error'], ['showWarningMessage', 'warning']] as const) {
      const original = window[name];
      window[name] = (message: string) => {
        this.shown.push({ via, text: String(message) });
        return Promise.resolve(undefined);
      };
      this.restore.push(() => (window[name] = original));
    }
    return this;
  }

  uninstall(): void {
    for (const undo of this.restore.splice(0).reverse()) undo();
  }

  take(): Surfaced[] {
    return this.shown.splice(0);
  }
}

/** Append one suite's figures to the chaos figures file next to the in-host result file. */
export function recordFigures(suite: string, figures: Record<string, unknown>): void {
  const resultFile = process.env.CRM_TEST_RESULT_FILE;
  if (!resultFile) return;
  fs.mkdirSync(path.dirname(resultFile), { recursive: true });
  fs.appendFileSync(path.join(path.dirname(resultFile), 'figures.jsonl'), JSON.stringify({ suite, ...figures }) + '\n');
}

/** Faults injected so far by kind, added into `into` (call before each reset: reset clears the counters). */
export async function tallyFaults(into: Record<string, number>): Promise<void> {
  const s = await stats();
  for (const [kind, n] of Object.entries(s.faults_injected.by_kind)) into[kind] = (into[kind] ?? 0) + n;
}

/** The extension still answers: a tree read and a command round trip complete with the faults cleared. */
export async function assertResponsive(api: TestApi): Promise<void> {
  await clearFaults();
  const roots = await api.services.explorer.getChildren(undefined);
  assert.ok(roots.length > 0, 'the explorer lost its connections');
  const folders = await api.services.explorer.getChildren(roots[0]);
  assert.ok(folders.length > 0, 'the first connection shows no folders');
  await vscode.commands.executeCommand('crm.refresh');
}

export async function minotaur<T>(method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${process.env.CRM_SANDBOX_URL!.replace(/\/+$/, '')}/api/ext${route}`, {
    method,
    headers: { Authorization: 'X-API-Key mnt_sandbox_full', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(response.ok, `${method} ${route} answered ${response.status}`);
  return (await response.json()) as T;
}
