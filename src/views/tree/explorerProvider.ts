/**
 * The Connections tree: one TreeDataProvider for everything. Roots are connections; below them the nodes
 * answer for themselves (ExplorerNode.getChildren). One change emitter; nodes ask for their own refresh.
 */
import * as vscode from 'vscode';
import type { Connection } from '../../connections/model';
import { ConnectionNode } from './connectionNode';
import type { ExplorerNode } from './node';

export interface ExplorerDeps {
  connections(): Connection[];
  /** Builds the node for one connection (provider-specific folders, client access). */
  createConnectionNode(connection: Connection, onChanged: (node?: ExplorerNode) => void): ConnectionNode;
  /** Called when the view asks for its roots and there are none (the demo auto-connects the sandbox). */
  onEmpty?(): void;
}

export class ExplorerProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots = new Map<string, ConnectionNode>();
  private built = false;

  constructor(private readonly deps: ExplorerDeps) {}

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  /** On hover: the tooltip of rows that leave it out of getTreeItem() (record rows). */
  resolveTreeItem(item: vscode.TreeItem, node: ExplorerNode): vscode.TreeItem {
    if (item.tooltip === undefined && node.resolveTooltip) item.tooltip = node.resolveTooltip();
    return item;
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (node) return node.getChildren ? node.getChildren() : [];
    return this.rootNodes();
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.parent;
  }

  /** Refresh one node (or everything). */
  refresh(node?: ExplorerNode): void {
    this.changed.fire(node);
  }

  /** The connections changed: keep nodes (and their loaded pages) of connections that still exist. */
  connectionsChanged(): void {
    this.rebuild();
    this.refresh();
  }

  private rebuild(): void {
    this.built = true;
    const next = new Map<string, ConnectionNode>();
    for (const connection of this.deps.connections()) {
      const existing = this.roots.get(connection.id);
      const same = existing && existing.connection.baseUrl === connection.baseUrl && existing.connection.name === connection.name;
      next.set(connection.id, same ? existing : this.deps.createConnectionNode(connection, (n) => this.refresh(n)));
    }
    this.roots = next;
  }

  connectionNode(connectionId: string): ConnectionNode | undefined {
    return this.roots.get(connectionId);
  }

  private rootNodes(): ExplorerNode[] {
    if (!this.built) this.rebuild();
    if (this.roots.size === 0) this.deps.onEmpty?.();
    return [...this.roots.values()];
  }

  dispose(): void {
    this.changed.dispose();
  }
}
