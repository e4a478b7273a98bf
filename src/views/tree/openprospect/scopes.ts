/**
 * The scopes of each OpenProspect connection's key, from `GET /auth/validate`: learned when the connection is added
 * and again (once per client, i.e. per key) when the explorer or a command first needs them. Memory only — they
 * are not secrets, but they belong to a key, and a replaced key gets a new client and so a new answer.
 */
import { ApiError } from '../../../api/http/errors';
import { t } from '../../../util/l10n';
import type { OpenProspectClient } from '../../../api/openprospect/client';

interface Entry {
  /** The client the scopes were read with; undefined when they came from Add Connection's check. */
  token?: object;
  scopes?: string[];
}

export class ScopeStore {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new WeakMap<object, Promise<string[] | undefined>>();
  private readonly listeners = new Set<(connectionId: string) => void>();

  /** Scopes known for the connection (undefined: not known yet, or the server did not list them). */
  get(connectionId: string): string[] | undefined {
    return this.entries.get(connectionId)?.scopes;
  }

  set(connectionId: string, scopes: string[] | undefined, token?: object): void {
    this.entries.set(connectionId, { token, scopes });
    for (const listener of this.listeners) listener(connectionId);
  }

  forget(connectionId: string): void {
    this.entries.delete(connectionId);
  }

  /** The key's scopes, asking `auth/validate` once per client. A failed check leaves them unknown. */
  async ensure(connectionId: string, client: OpenProspectClient, signal?: AbortSignal): Promise<string[] | undefined> {
    const entry = this.entries.get(connectionId);
    if (entry && (entry.token === client || entry.token === undefined)) {
      if (entry.token === undefined) entry.token = client;
      return entry.scopes;
    }
    let request = this.pending.get(client);
    if (!request) {
      request = client.validate(signal).then(
        (result) => {
          this.set(connectionId, result.scopes, client);
          return result.scopes;
        },
        (error: unknown) => {
          this.pending.delete(client);
          if (error instanceof ApiError && (error.kind === 'unauthorized' || error.kind === 'cancelled')) throw error;
          return undefined; // unknown scopes: let the call itself find out
        },
      );
      this.pending.set(client, request);
    }
    return request;
  }

  /** Scopes of `requirement` ("a:read, b:read") the key is known to lack; [] when it has them or nothing is known. */
  missing(connectionId: string, requirement: string | undefined): string[] {
    const scopes = this.get(connectionId);
    if (!scopes || !requirement) return [];
    return splitScopes(requirement).filter((scope) => !scopes.includes(scope));
  }

  /** Throws the same 403-style error the server would, before anything is sent, when the key lacks a scope. */
  async require(connectionId: string, client: OpenProspectClient, requirement: string, what: string, signal?: AbortSignal): Promise<void> {
    await this.ensure(connectionId, client, signal);
    const missing = this.missing(connectionId, requirement);
    if (missing.length) throw missingScopeError(missing, what);
  }

  onDidChange(listener: (connectionId: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}

export function splitScopes(requirement: string): string[] {
  return requirement
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function missingScopeError(missing: string[], what: string): ApiError {
  const list = missing.join(', ');
  return new ApiError({
    kind: 'forbidden',
    status: 403,
    requirement: list,
    code: 'AUTHORIZATION_ERROR',
    message: t('{0} needs the scope {1}, which this API key does not have. Keys cannot gain scopes: create a key with {1} in OpenProspect and use Replace API Key.', what, list),
  });
}
