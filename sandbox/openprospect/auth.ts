/** `GET /auth/validate`: who the key is and what it may do (exact shape undefined in the docs; this is ours). */
import { json } from '../http';
import { Rng } from '../seed/prng';
import { RATE_LIMIT_PER_HOUR } from '../keys';
import type { OpRoute } from './context';
import type { Router } from '../router';

export function registerAuth(router: Router<OpRoute>, remaining: (key: string, now: number) => number | undefined): void {
  router.add('GET', '/auth/validate', {
    scopes: [],
    handle: (req, ctx) => {
      const rng = Rng.for(ctx.store.seed, `op-key:${ctx.key}`, 0);
      const limited = ctx.profile.behaviour === 'ratelimited';
      return json(200, {
        valid: true,
        key: { id: rng.uuid(), name: ctx.profile.description, prefix: `${ctx.key.slice(0, 11)}…`, environment: 'sandbox' },
        organization: { id: Rng.for(ctx.store.seed, 'op-org', 0).uuid(), name: 'Sandbox Organisation' },
        scopes: ctx.profile.grants,
        rate_limit: limited
          ? { tier: 'sandbox-limited', limit_per_hour: RATE_LIMIT_PER_HOUR, remaining: remaining(ctx.key, req.now) ?? 0 }
          : { tier: 'pro', limit_per_hour: 1000, remaining: 1000 },
      });
    },
  });
}
