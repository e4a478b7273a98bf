/** What a connection is. The key is NOT part of it: it lives only in SecretStorage, under `secretKeyFor(id)`. */
import { t } from '../util/l10n';

export type Provider = 'minotaur' | 'openprospect';

export interface Connection {
  /** Stable id (random), used for the secret's name and tree node ids. */
  id: string;
  provider: Provider;
  name: string;
  /** Base URL including the API prefix, no trailing slash: `https://api.minotaursales.io/api/ext`. */
  baseUrl: string;
}

export const PROVIDER_LABEL: Record<Provider, string> = {
  minotaur: 'Minotaur Sales',
  openprospect: 'OpenProspect',
};

/** A choice whose label is looked up in the user's language when it is shown. */
const knownUrl = (label: () => string, url: string) => ({
  get label() {
    return label();
  },
  url,
});

/** The documented production and staging URLs, offered when adding a connection. */
export const KNOWN_BASE_URLS: Record<Provider, { readonly label: string; url: string }[]> = {
  minotaur: [
    knownUrl(() => t('Production'), 'https://api.minotaursales.io/api/ext'),
    knownUrl(() => t('Staging'), 'https://api-staging.minotaursales.io/api/ext'),
  ],
  openprospect: [knownUrl(() => t('Production'), 'https://api.openprospect.io/api/v1')],
};

/** API path prefix of each provider on a server root (the sandbox serves both under one port). */
export const API_PREFIX: Record<Provider, string> = {
  minotaur: '/api/ext',
  openprospect: '/api/v1',
};

export function secretKeyFor(connectionId: string): string {
  return `crm.connection.${connectionId}.apiKey`;
}

/** The Authorization header value for a provider (the documented formats). */
export function authorizationHeader(provider: Provider, apiKey: string): string {
  return provider === 'minotaur' ? `X-API-Key ${apiKey}` : `Bearer ${apiKey}`;
}
