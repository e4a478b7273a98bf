/**
 * Where a key may be sent. Keys travel only over https; plain http is allowed for loopback hosts
 * (the local sandbox), because there the traffic never leaves the machine.
 */
import { t } from '../util/l10n';

export type BaseUrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (LOOPBACK_HOSTS.has(host)) return true;
  // The whole 127.0.0.0/8 block is loopback.
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Validate a user-typed base URL. The reason is shown to the user as is. */
export function checkBaseUrl(input: string): BaseUrlCheck {
  const trimmed = input.trim();
  if (!trimmed) return { ok: false, reason: t('Enter the base URL of the API, for example https://api.example.com/api/ext.') };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, reason: t('"{0}" is not a valid URL. It must start with https://.', trimmed.slice(0, 80)) };
  }
  if (url.username || url.password) {
    return { ok: false, reason: t('The URL must not contain a user name or password; the API key is asked for separately.') };
  }
  if (url.protocol === 'https:') return { ok: true, url };
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname)) return { ok: true, url };
    return {
      ok: false,
      reason: t('Refusing to send an API key over plain http to {0}. Use an https:// URL (http is only allowed for localhost / 127.0.0.1).', url.hostname),
    };
  }
  return { ok: false, reason: t('Unsupported URL scheme "{0}". Use https://.', url.protocol) };
}

/** Normalise a base URL for joining paths: no trailing slash, no query or fragment. */
export function normaliseBaseUrl(url: URL): string {
  const copy = new URL(url.toString());
  copy.search = '';
  copy.hash = '';
  return copy.toString().replace(/\/+$/, '');
}
