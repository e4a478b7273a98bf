/**
 * One Idempotency-Key per user action: created when a create is first sent, and reused when the same action is
 * retried after a failure whose outcome is unknown (network drop, timeout, 5xx, unreadable answer) — by the Retry
 * button, or by running the command again with the same input. The server then answers the retry with the order it
 * already made, so a retried create never makes two. A definite answer (success, 4xx) ends the action. No `vscode`.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../api/http/errors';

export class IdempotencyKeys {
  private readonly pending = new Map<string, { fingerprint: string; key: string }>();

  /** The key for `scope` (connection + operation) and this exact body: the pending one, else a new one. */
  keyFor(scope: string, body: unknown): string {
    const fingerprint = JSON.stringify(body);
    const pending = this.pending.get(scope);
    if (pending && pending.fingerprint === fingerprint) return pending.key;
    const key = randomUUID();
    this.pending.set(scope, { fingerprint, key });
    return key;
  }

  /** The action ended with a definite answer: the next create gets a new key. */
  settle(scope: string): void {
    this.pending.delete(scope);
  }
}

/**
 * Whether a failed create may still have reached the server (so a retry must reuse the key). A 429 is not: the
 * server refused it before doing anything, and says when to try again.
 */
export function outcomeUnknown(error: unknown): boolean {
  return error instanceof ApiError && ['network', 'timeout', 'server', 'badResponse'].includes(error.kind);
}
