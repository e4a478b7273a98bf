/**
 * The local sandbox (`npm run sandbox`) and its public demo keys. These keys only work against the sandbox on
 * this machine; they are listed in the README and printed by the sandbox itself, so they are not secrets.
 */
import { API_PREFIX, type Provider } from './model';

export const SANDBOX_DEMO_KEYS: Record<Provider, string> = {
  minotaur: 'mnt_sandbox_full',
  openprospect: 'op_sandbox_full',
};

export function sandboxBaseUrl(serverUrl: string, provider: Provider): string {
  return serverUrl.replace(/\/+$/, '') + API_PREFIX[provider];
}
