/**
 * What clients SENT, for tests that must prove a body's shape ("the save PATCHed only `job_title`"): the parsed
 * JSON body of every non-GET request to a vendor API, newest last, capped. Also the admin hook that changes a
 * contact behind the client's back, as another user of the account would (conflict tests).
 * Served under `/__admin` (never faulted, not counted); cleared by `POST /__admin/reset` like the rest of the state.
 */
import { z } from 'zod';
import { json, UUID_RE, type ApiResponse } from './http';
import type { Router } from './router';
import type { SandboxState } from './state';

export interface LoggedRequest {
  /** `PATCH /api/ext/contacts/:id` (the route template, as in /__admin/stats). */
  route: string;
  /** The concrete path, e.g. `/api/ext/contacts/3f…`. */
  path: string;
  body: unknown;
  at: string;
}

const MAX_ENTRIES = 500;

export class RequestLog {
  private readonly entries: LoggedRequest[] = [];

  record(route: string, path: string, body: unknown): void {
    this.entries.push({ route, path, body, at: new Date().toISOString() });
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }

  list(): readonly LoggedRequest[] {
    return this.entries;
  }
}

type AdminHandler = (input: { params: Record<string, string>; body: unknown; now: number }, state: SandboxState) => ApiResponse;

/** `GET /__admin/requests` and `PATCH /__admin/state/contacts/:id`. */
export function registerRequestAdmin(router: Router<AdminHandler>): void {
  router.add('GET', '/requests', (_in, state) => json(200, state.requestLog.list()));

  // Fields are set as given (no validation: a test may want any shape); `updated_at` moves like a real edit's.
  router.add('PATCH', '/state/contacts/:id', (input, state) => {
    const id = input.params.id ?? '';
    if (!UUID_RE.test(id)) return json(400, { error: 'id must be a UUID' });
    const body = z.record(z.string(), z.unknown()).safeParse(input.body);
    if (!body.success) return json(400, { error: 'Body must be a JSON object of field → value' });
    state.minotaur.settle(input.now);
    const updated = state.minotaur.contacts.update(id, { ...body.data, updated_at: new Date(input.now).toISOString() });
    return updated ? json(200, updated) : json(404, { error: `No contact ${id}` });
  });
}
