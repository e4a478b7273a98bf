/**
 * Checks a key against the API BEFORE anything is saved. Minotaur: `GET /ping` (what the vendor's own client
 * uses), then the account summary when ping is not offered (404); a plain 403 proves the key is recognised but
 * lacks that permission, so it is accepted. OpenProspect: `GET /auth/validate`.
 * Returns what we learned (account name, scopes) or throws the ApiError with the server's reason.
 */
import { ApiError } from '../api/http/errors';
import type { MinotaurClient } from '../api/minotaur/client';
import type { OpenProspectClient } from '../api/openprospect/client';

export interface KeyCheckResult {
  accountName?: string;
  scopes?: string[];
}

export async function checkMinotaurKey(client: MinotaurClient, signal?: AbortSignal): Promise<KeyCheckResult> {
  // A key lacking customer:read is still a recognised key: its 403 on the summary is not a refusal.
  const summaryForbidden = (error: unknown) => error instanceof ApiError && error.kind === 'forbidden' && error.operation === 'customer.summary';
  try {
    const check = await client.checkKey(signal);
    // checkKey already read the summary when the server has no /ping; otherwise read it for the account name.
    const summary = check.summary ?? (await client.customerSummary(signal));
    return { accountName: summary.customer?.business_name ?? undefined };
  } catch (error) {
    if (summaryForbidden(error)) return {};
    throw error;
  }
}

export async function checkOpenProspectKey(client: OpenProspectClient, signal?: AbortSignal): Promise<KeyCheckResult> {
  const identity = await client.validate(signal);
  const raw = identity.raw as Record<string, unknown> | null;
  // The response shape is undefined in the docs: take the first name-like field we find.
  const organization = raw && typeof raw === 'object' && raw.organization && typeof raw.organization === 'object' ? (raw.organization as Record<string, unknown>) : undefined;
  const name = raw && typeof raw === 'object' ? (raw.name ?? organization?.name ?? raw.key_name ?? raw.organization) : undefined;
  return { accountName: typeof name === 'string' ? name : undefined, scopes: identity.scopes };
}
