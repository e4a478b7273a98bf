/**
 * Permissions a connection's key is KNOWN to lack: a 403 naming a permission is remembered here, so later actions
 * that need it are refused (or hidden) before anything is sent. Keys are immutable, so the knowledge holds as long
 * as the key does: it is tied to a token (the connection's cached API client, which ClientFactory replaces when the
 * key or the settings change), and a different token means "forget and learn again". Memory only; nothing persisted.
 * No `vscode` import (unit-tested in Node).
 */
export class PermissionMemory {
  private readonly entries = new Map<string, { token: object; denied: Set<string> }>();
  private readonly listeners = new Set<(connectionId: string) => void>();

  /** Record that the key behind `token` was refused `permission` (several may be comma-separated). */
  remember(connectionId: string, token: object, permission: string): void {
    const permissions = permission
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    if (!permissions.length) return;
    let entry = this.entries.get(connectionId);
    if (!entry || entry.token !== token) {
      entry = { token, denied: new Set() };
      this.entries.set(connectionId, entry);
    }
    const before = entry.denied.size;
    for (const p of permissions) entry.denied.add(p);
    if (entry.denied.size !== before) this.fire(connectionId);
  }

  /** Whether the key behind `token` is known to lack `permission`. */
  isDenied(connectionId: string, token: object, permission: string): boolean {
    const entry = this.entries.get(connectionId);
    return !!entry && entry.token === token && entry.denied.has(permission);
  }

  /** Permissions known to be missing for the key behind `token` (empty when unknown or the key changed). */
  denied(connectionId: string, token: object): string[] {
    const entry = this.entries.get(connectionId);
    return entry && entry.token === token ? [...entry.denied].sort() : [];
  }

  forget(connectionId: string): void {
    if (this.entries.delete(connectionId)) this.fire(connectionId);
  }

  onDidChange(listener: (connectionId: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private fire(connectionId: string): void {
    for (const listener of this.listeners) listener(connectionId);
  }
}
