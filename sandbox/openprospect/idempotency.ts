/**
 * `Idempotency-Key` on creating POSTs: the first request creates (201); a repeat with the same key and body
 * answers the same resource (200, header `Idempotent-Replayed: true`), never a duplicate; the same key with a
 * different body is a client bug and answers 409 IDEMPOTENCY_KEY_REUSED. Failed validations are not remembered.
 */
import { header, json, type ApiRequest, type ApiResponse } from '../http';
import { opError } from './errors';
import type { OpContext } from './context';

export function withIdempotency(req: ApiRequest, ctx: OpContext, endpoint: string, create: () => { id: string; view: unknown }, replay: (id: string) => unknown): ApiResponse {
  const idemKey = header(req.headers, 'idempotency-key');
  if (idemKey === undefined) {
    const { view } = create();
    return json(201, view);
  }
  if (idemKey.length < 1 || idemKey.length > 255)
    throw opError(422, 'VALIDATION_ERROR', 'Invalid Idempotency-Key header', { errors: [{ field: 'Idempotency-Key', message: 'Should have 1 to 255 characters' }] });
  const slot = `${ctx.key} ${endpoint} ${idemKey}`;
  const fingerprint = JSON.stringify(req.body ?? null);
  const previous = ctx.store.idempotency.get(slot);
  if (previous) {
    if (previous.fingerprint !== fingerprint)
      throw opError(409, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request body', { idempotency_key: idemKey });
    return json(200, replay(previous.id), { 'Idempotent-Replayed': 'true' });
  }
  const { id, view } = create();
  ctx.store.idempotency.set(slot, { id, fingerprint });
  return json(201, view);
}
