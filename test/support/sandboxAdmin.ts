/**
 * Typed helpers for the sandbox's admin API (`/__admin`, docs/sandbox.md), shared by the API, in-host and chaos tiers.
 * They talk to the sandbox the tier's runner started (CRM_SANDBOX_URL, always 127.0.0.1) with the global fetch.
 */
import type { FaultConfig } from '../../sandbox/faults';

export interface SandboxStats {
  requests: { total: number; by_route: Record<string, number>; by_key: Record<string, number> };
  credit_calls: { total: number; by_key: Record<string, number>; credits_charged: number };
  ledger: Array<{ at: string; key: string; endpoint: string; status: number; credits: number; records: number; job_id: string | null }>;
  faults_injected: { total: number; by_kind: Record<string, number> };
}

export function sandboxUrl(): string {
  const url = process.env.CRM_SANDBOX_URL;
  if (!url) throw new Error('CRM_SANDBOX_URL is not set: the test runner starts the sandbox and sets it (API tier: mocha --require out/test/api/setup.js)');
  return url.replace(/\/+$/, '');
}

/** `method` /__admin`path`; the JSON answer (undefined when empty); a non-2xx answer throws with its body. */
export async function admin<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.headers = { 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  const res = await fetch(`${sandboxUrl()}/__admin${path}`, init);
  const text = await res.text();
  if (!res.ok) throw new Error(`admin ${method} ${path} → ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Back to the seeded start state; faults, stats, rotations and balances reset. */
export const resetSandbox = () => admin<{ reset: boolean }>('POST', '/reset');
export const injectFaults = (config: FaultConfig) => admin<unknown>('POST', '/faults', config);
export const clearFaults = () => admin<unknown>('DELETE', '/faults');
export const stats = () => admin<SandboxStats>('GET', '/stats');
/** Move an order (or a search-profile creation) one status step now. */
export const advanceOrder = (id: string) => admin<{ id: string; status: string }>('POST', `/orders/${encodeURIComponent(id)}/advance`);
/** Make a key invalid from now on (401), like a rotation on the vendor's side. */
export const rotateKey = (key: string) => admin<unknown>('POST', '/rotate', { key });
export const setBalance = (key: string, balance: number) => admin<unknown>('POST', '/balance', { key, balance });
/** The sandbox's own copy of a contact (effects of due jobs applied). */
export const stateContact = (id: string) => admin<Record<string, unknown>>('GET', `/state/contacts/${encodeURIComponent(id)}`);
