/**
 * The local sandbox (`npm run sandbox`). Its demo keys only work against the sandbox on this machine, and they are
 * read from the sandbox itself (`GET /__admin/keys`) rather than shipped in the extension: the VSIX then carries no
 * key at all, demo or not, which keeps the "no key in any artifact" scan free of exceptions.
 */
import { z } from 'zod';
import { API_PREFIX, type Provider } from './model';
import { t } from '../util/l10n';
import { isLoopbackHost } from './urlPolicy';

export function sandboxBaseUrl(serverUrl: string, provider: Provider): string {
  return serverUrl.replace(/\/+$/, '') + API_PREFIX[provider];
}

// Only the fields we use; the sandbox's answer is untrusted like any other.
const demoKeysSchema = z.array(
  z.looseObject({
    key: z.string().min(1).max(200),
    provider: z.string(),
    grants: z.array(z.string()).nullish(),
    behaviour: z.string().nullish(),
    rotated: z.boolean().nullish(),
    balance: z.number().nullish(),
  }),
);

export class SandboxKeysError extends Error {}

/**
 * The sandbox's full-access demo key for a provider: the key with the most grants and no special behaviour
 * (rate-limited, revoked, rotated…), the one with credits first. Refuses a non-loopback server: the admin endpoint exists only on the sandbox.
 */
export async function fetchSandboxDemoKey(serverUrl: string, provider: Provider, fetchImpl: typeof fetch = fetch): Promise<string> {
  const url = new URL('/__admin/keys', serverUrl);
  if (!isLoopbackHost(url.hostname)) throw new SandboxKeysError(t('The sandbox URL must be a loopback address (localhost or 127.0.0.1), not {0}.', url.host));
  const response = await fetchImpl(url, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new SandboxKeysError(t('The sandbox at {0} answered {1} for its demo keys.', url.origin, response.status));
  const parsed = demoKeysSchema.safeParse(await response.json());
  if (!parsed.success) throw new SandboxKeysError(t('The sandbox at {0} sent an unreadable list of demo keys.', url.origin));
  const candidates = parsed.data
    .filter((k) => k.provider === provider && (!k.behaviour || k.behaviour === 'normal') && !k.rotated)
    // most grants first; among equals the one with credits (a no-credits key is a demo of its own)
    .sort((a, b) => (b.grants?.length ?? 0) - (a.grants?.length ?? 0) || (b.balance ?? 0) - (a.balance ?? 0));
  const best = candidates[0];
  if (!best) throw new SandboxKeysError(t('The sandbox at {0} offers no full-access {1} demo key.', url.origin, provider));
  return best.key;
}
