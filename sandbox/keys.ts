/**
 * The fixed demo keys. Each one exists to show one behaviour of the real services: full access, read-only,
 * a restriction, a rotated/revoked key, the older 403 wording, a rate-limited key. Strings never change so docs,
 * tests and the "Try the local sandbox" button can rely on them.
 */

/** Every Minotaur permission the permissions reference names (`subject:action`). */
export const MINOTAUR_PERMISSIONS = [
  'customer:read',
  'contacts:read', 'contacts:create', 'contacts:update', 'contacts:delete',
  'companies:read', 'companies:create', 'companies:update', 'companies:delete',
  'list_contacts:read', 'list_contacts:create', 'list_contacts:update', 'list_contacts:delete',
  'list_contact_details:update',
  'prospect:read', 'payment_prospect:create', 'verify_email:create',
  'products:read', 'products:create', 'products:update', 'products:delete',
  'opportunities:read', 'opportunities:create', 'opportunities:update', 'opportunities:delete',
  'pipelines:read', 'stages:read',
] as const;

/** Every OpenProspect scope (prospect_searches:write by analogy, as the reference says). */
export const OPENPROSPECT_SCOPES = [
  'orders:read', 'orders:write', 'companies:read', 'prospects:read',
  'prospect_searches:read', 'prospect_searches:write', 'blacklists:read', 'blacklists:write',
] as const;

export type Provider = 'minotaur' | 'openprospect';

export interface DemoKey {
  key: string;
  provider: Provider;
  description: string;
  grants: string[];
}

/** How a key behaves beyond its grants. */
export type KeyBehaviour = 'normal' | 'rotated' | 'legacy403' | 'revoked' | 'ratelimited';

export interface KeyProfile extends DemoKey {
  behaviour: KeyBehaviour;
  /** Minotaur only: the customer's starting credit balance. */
  balance?: number;
  /** Minotaur only: the customer's business name in the account summary. */
  businessName?: string;
}

const reads = <T extends string>(all: readonly T[]) => all.filter((p) => p.endsWith(':read'));

export const KEY_PROFILES: readonly KeyProfile[] = [
  {
    key: 'mnt_sandbox_full', provider: 'minotaur', behaviour: 'normal', balance: 5000, businessName: 'Sandbox Full Access S.A.S.',
    description: 'Every permission; 5,000 credits', grants: [...MINOTAUR_PERMISSIONS],
  },
  {
    key: 'mnt_sandbox_readonly', provider: 'minotaur', behaviour: 'normal', balance: 5000, businessName: 'Sandbox Read Only Ltd',
    description: 'Every :read permission (403 on any write, unlock or verify)', grants: reads(MINOTAUR_PERMISSIONS),
  },
  {
    key: 'mnt_sandbox_nocredits', provider: 'minotaur', behaviour: 'normal', balance: 0, businessName: 'Sandbox No Credits GmbH',
    description: 'Everything except payment_prospect:create and verify_email:create; balance 0',
    grants: MINOTAUR_PERMISSIONS.filter((p) => p !== 'payment_prospect:create' && p !== 'verify_email:create'),
  },
  {
    key: 'mnt_sandbox_contacts', provider: 'minotaur', behaviour: 'normal', balance: 1000, businessName: 'Sandbox Contacts Only Inc.',
    description: 'contacts:* and customer:read only', grants: MINOTAUR_PERMISSIONS.filter((p) => p.startsWith('contacts:') || p === 'customer:read'),
  },
  {
    key: 'mnt_sandbox_rotated', provider: 'minotaur', behaviour: 'rotated',
    description: 'A rotated key: always 401', grants: [],
  },
  {
    key: 'mnt_sandbox_legacy403', provider: 'minotaur', behaviour: 'legacy403',
    description: 'Rejected the way the older docs page says: 403 "The provided API key is invalid or unauthorized."', grants: [],
  },
  {
    key: 'op_sandbox_full', provider: 'openprospect', behaviour: 'normal',
    description: 'All scopes, including prospect_searches:write', grants: [...OPENPROSPECT_SCOPES],
  },
  {
    key: 'op_sandbox_readonly', provider: 'openprospect', behaviour: 'normal',
    description: 'Every :read scope', grants: reads(OPENPROSPECT_SCOPES),
  },
  {
    key: 'op_sandbox_orders', provider: 'openprospect', behaviour: 'normal',
    description: 'orders:read and orders:write only', grants: ['orders:read', 'orders:write'],
  },
  {
    key: 'op_sandbox_ratelimited', provider: 'openprospect', behaviour: 'ratelimited',
    description: 'All scopes, but only 3 requests per hour: then 429 with Retry-After', grants: [...OPENPROSPECT_SCOPES],
  },
  {
    key: 'op_sandbox_revoked', provider: 'openprospect', behaviour: 'revoked',
    description: 'A revoked key: always 401', grants: [],
  },
];

/** The public view of the demo keys (what the CLI prints and the docs list). */
export const DEMO_KEYS: DemoKey[] = KEY_PROFILES.map(({ key, provider, description, grants }) => ({ key, provider, description, grants: [...grants] }));

export function keyProfile(key: string | undefined, provider: Provider): KeyProfile | undefined {
  if (key === undefined) return undefined;
  return KEY_PROFILES.find((k) => k.key === key && k.provider === provider);
}

/** Requests per hour allowed to the rate-limited OpenProspect key. */
export const RATE_LIMIT_PER_HOUR = 3;
