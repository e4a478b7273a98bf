/** Account summary and the key check (`GET /ping`, undocumented in the reference, used by the vendor's n8n node). */
import { json } from '../http';
import type { MinotaurRoute } from './context';
import type { Router } from '../router';

export function registerCustomer(router: Router<MinotaurRoute>): void {
  router.add('GET', '/customer/summary', {
    permission: 'customer:read',
    handle: (_req, ctx) => json(200, ctx.customer?.summary ?? {}),
  });
  router.add('GET', '/ping', {
    handle: () => json(200, { status: 'ok' }),
  });
}
