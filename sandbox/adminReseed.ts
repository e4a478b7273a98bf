/**
 * `POST /__admin/reseed {contacts?}`: rebuild the data with another number of Minotaur contacts (1–200,000), so
 * one sandbox can serve both the 100,000-contact export test and the suites that expect the start-up size;
 * `{}` goes back to the size the sandbox was started with. Everything else is as `POST /__admin/reset`.
 */
import { z } from 'zod';
import { json, type ApiResponse } from './http';
import type { Router } from './router';
import type { SandboxState } from './state';

type AdminHandler = (input: { params: Record<string, string>; body: unknown; now: number }, state: SandboxState) => ApiResponse;

const startSizes = new WeakMap<SandboxState, number>();

export function registerReseed(router: Router<AdminHandler>): void {
  router.add('POST', '/reseed', (input, state) => {
    const parsed = z.strictObject({ contacts: z.number().int().min(1).max(200_000).optional() }).safeParse(input.body ?? {});
    if (!parsed.success) return json(400, { error: 'Invalid admin request body', details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
    if (!startSizes.has(state)) startSizes.set(state, state.settings.contacts);
    const started = Date.now();
    state.settings.contacts = parsed.data.contacts ?? startSizes.get(state)!;
    state.reset();
    return json(200, { reset: true, seed: state.settings.seed, contacts: state.settings.contacts, ms: Date.now() - started });
  });
}
