/**
 * `/__admin`: test and demo controls, no auth (the server binds to 127.0.0.1), never faulted, not counted in stats.
 */
import { z } from 'zod';
import { json, UUID_RE, type ApiResponse } from './http';
import { DEMO_KEYS, KEY_PROFILES } from './keys';
import { faultConfigSchema } from './faults';
import { Router } from './router';
import { registerRequestAdmin } from './requestLog';
import { registerReseed } from './adminReseed';
import type { SandboxState } from './state';

type AdminHandler = (input: { params: Record<string, string>; body: unknown; now: number }, state: SandboxState) => ApiResponse;

const fail = (status: number, message: string, details?: unknown) => json(status, details === undefined ? { error: message } : { error: message, details });

function parse<T>(schema: z.ZodType<T>, body: unknown): T | ApiResponse {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  return fail(400, 'Invalid admin request body', result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
}

const isResponse = (value: unknown): value is ApiResponse => typeof value === 'object' && value !== null && 'status' in value && typeof (value as ApiResponse).status === 'number' && !('key' in value);

export function createAdminRouter(): Router<AdminHandler> {
  const router = new Router<AdminHandler>();

  router.add('GET', '/stats', (_in, state) => json(200, state.stats.snapshot(state.minotaur.ledger)));

  // The sandbox process's own CPU time, so a benchmark can tell the server's share of a figure from the client's
  // (on a small machine both run on the same cores).
  router.add('GET', '/process', () => {
    const cpu = process.cpuUsage();
    return json(200, { cpu_ms: { user: Math.round(cpu.user / 1000), system: Math.round(cpu.system / 1000) }, rss_mb: Math.round(process.memoryUsage().rss / 1048576), uptime_s: Math.round(process.uptime()) });
  });

  router.add('POST', '/reset', (_in, state) => {
    const started = Date.now();
    state.reset();
    return json(200, { reset: true, seed: state.settings.seed, contacts: state.settings.contacts, ms: Date.now() - started });
  });

  registerReseed(router);

  router.add('GET', '/faults', (_in, state) => json(200, state.faults.describe()));
  router.add('POST', '/faults', (input, state) => {
    const config = parse(faultConfigSchema, input.body);
    if (isResponse(config)) return config;
    state.faults.configure(config);
    return json(200, state.faults.describe());
  });
  router.add('DELETE', '/faults', (_in, state) => {
    state.faults.clear();
    return json(200, state.faults.describe());
  });

  router.add('GET', '/keys', (_in, state) =>
    json(
      200,
      DEMO_KEYS.map((k) => {
        const profile = KEY_PROFILES.find((p) => p.key === k.key);
        const customer = state.minotaur.customer(k.key);
        return { ...k, behaviour: profile?.behaviour, rotated: state.rotated.has(k.key), balance: customer ? customer.summary.subscription.balance : null };
      }),
    ),
  );

  router.add('POST', '/rotate', (input, state) => {
    const body = parse(z.strictObject({ key: z.string().min(1) }), input.body);
    if (isResponse(body)) return body;
    state.rotated.add(body.key);
    return json(200, { rotated: body.key });
  });

  router.add('POST', '/balance', (input, state) => {
    const body = parse(z.strictObject({ key: z.string().min(1), balance: z.number().int().min(0) }), input.body);
    if (isResponse(body)) return body;
    const customer = state.minotaur.customer(body.key);
    if (!customer) return fail(404, `No Minotaur customer for key ${body.key}`);
    customer.summary.subscription.balance = body.balance;
    return json(200, { key: body.key, balance: body.balance });
  });

  // Orders, and search-profile creations (same lifecycle), move one step at once.
  router.add('POST', '/orders/:id/advance', (input, state) => {
    const id = input.params.id ?? '';
    const store = state.openprospect;
    const order = store.orders.get(id);
    if (order) {
      order.lifecycle.advance(input.now);
      return json(200, store.orderView(order, input.now, false));
    }
    const creation = store.profileCreations.get(id);
    if (creation) {
      creation.lifecycle.advance(input.now);
      return json(200, store.profileCreationView(creation, input.now));
    }
    return fail(404, `No order or search-profile creation ${id}`);
  });

  router.add('GET', '/jobs', (input, state) => {
    state.minotaur.settle(input.now);
    return json(200, state.minotaur.jobs.map(({ apply: _apply, dueAt: _due, ...job }) => job));
  });

  router.add('GET', '/state/contacts/:id', (input, state) => {
    const id = input.params.id ?? '';
    if (!UUID_RE.test(id)) return fail(400, 'id must be a UUID');
    state.minotaur.settle(input.now);
    const contact = state.minotaur.contacts.get(id);
    return contact ? json(200, contact) : fail(404, `No contact ${id}`);
  });

  registerRequestAdmin(router);
  return router;
}
