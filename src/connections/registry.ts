/**
 * The list of connections (name, provider, URL) in global state and their keys in SecretStorage.
 * A connection is only ever saved together with its key, key first, so a failure leaves nothing half-saved:
 * if storing the key fails nothing is listed; if listing fails the key is deleted again.
 */
import * as vscode from 'vscode';
import { secretKeyFor, type Connection } from './model';

const LIST_KEY = 'crm.connections';
const ACTIVE_KEY = 'crm.activeConnectionId';

export class ConnectionRegistry implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after any add, remove, rename, key change or active switch. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
  ) {}

  list(): Connection[] {
    const stored = this.state.get<unknown>(LIST_KEY, []);
    return Array.isArray(stored) ? stored.filter(isConnection) : [];
  }

  get(id: string): Connection | undefined {
    return this.list().find((c) => c.id === id);
  }

  active(): Connection | undefined {
    const all = this.list();
    const id = this.state.get<string>(ACTIVE_KEY);
    return all.find((c) => c.id === id) ?? all[0];
  }

  async setActive(id: string): Promise<void> {
    await this.state.update(ACTIVE_KEY, id);
    this.changed.fire();
  }

  async add(connection: Connection, apiKey: string): Promise<void> {
    await this.secrets.store(secretKeyFor(connection.id), apiKey);
    try {
      await this.state.update(LIST_KEY, [...this.list().filter((c) => c.id !== connection.id), connection]);
      if (!this.state.get<string>(ACTIVE_KEY) || !this.get(this.state.get<string>(ACTIVE_KEY) ?? '')) {
        await this.state.update(ACTIVE_KEY, connection.id);
      }
    } catch (error) {
      await this.secrets.delete(secretKeyFor(connection.id));
      throw error;
    }
    this.changed.fire();
  }

  async replaceKey(id: string, apiKey: string): Promise<void> {
    await this.secrets.store(secretKeyFor(id), apiKey);
    this.changed.fire();
  }

  async remove(id: string): Promise<void> {
    await this.state.update(
      LIST_KEY,
      this.list().filter((c) => c.id !== id),
    );
    await this.secrets.delete(secretKeyFor(id));
    if (this.state.get<string>(ACTIVE_KEY) === id) await this.state.update(ACTIVE_KEY, this.list()[0]?.id);
    this.changed.fire();
  }

  getKey(id: string): Thenable<string | undefined> {
    return this.secrets.get(secretKeyFor(id));
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function isConnection(value: unknown): value is Connection {
  if (!value || typeof value !== 'object') return false;
  const c = value as Record<string, unknown>;
  return (
    typeof c.id === 'string' &&
    (c.provider === 'minotaur' || c.provider === 'openprospect') &&
    typeof c.name === 'string' &&
    typeof c.baseUrl === 'string'
  );
}

export function newConnectionId(): string {
  return Math.random().toString(36).slice(2, 10) + Date.now().toString(36);
}
