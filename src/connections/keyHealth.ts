/**
 * Remembers which connections had their key rejected (401), so the tree and status bar can show it and
 * "Replace Key" is offered ONCE per rejection, not after every failing call (no prompt loops).
 */
import * as vscode from 'vscode';

export class KeyHealth implements vscode.Disposable {
  private readonly rejected = new Set<string>();
  private readonly offered = new Set<string>();
  private readonly changed = new vscode.EventEmitter<string>();
  readonly onDidChange = this.changed.event;

  isRejected(connectionId: string): boolean {
    return this.rejected.has(connectionId);
  }

  /** Record a rejection (any 401 seen by the HTTP layer). */
  markRejected(connectionId: string): void {
    if (this.rejected.has(connectionId)) return;
    this.rejected.add(connectionId);
    this.changed.fire(connectionId);
  }

  /** True once per rejection: the caller should offer Replace Key now, and nobody else after it. */
  takeOffer(connectionId: string): boolean {
    if (this.offered.has(connectionId)) return false;
    this.offered.add(connectionId);
    return true;
  }

  /** A new key was stored: forget the rejection. */
  clear(connectionId: string): void {
    const had = this.rejected.delete(connectionId);
    this.offered.delete(connectionId);
    if (had) this.changed.fire(connectionId);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
