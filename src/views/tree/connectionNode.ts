/** A root row per connection. Its children are the provider's folders, built once and kept across refreshes. */
import * as vscode from 'vscode';
import { escapeMarkdownLines } from './displayText';
import { PROVIDER_LABEL, type Connection } from '../../connections/model';
import type { FolderSpec } from './folderSpec';
import type { ExplorerNode, NodeChanged } from './node';
import type { PagedFolderNode, PagedFolderDeps } from './pagedFolderNode';
import type { RowCommands } from './rowCommands';

export interface ConnectionNodeDeps<C> {
  client(): Promise<C>;
  /** The provider's folders; called on first expansion (the specs live in a lazily loaded chunk, src/lazy.ts). */
  folders(): FolderSpec<C, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any -- folders of different record types
  /**
   * Builds a folder row; called with folders(). A dependency rather than an import because the folder, record and
   * message rows come with the core chunk like the folder specs: the entry (dist/extension.js) only lists the
   * connection roots, and every KB it holds is compiled at each activation (docs/benchmarks.md).
   */
  folderNode(parent: ConnectionNode<C>, spec: FolderSpec<C, unknown>, deps: PagedFolderDeps<C>): PagedFolderNode<C, unknown>;
  pageSize(): number;
  isActive(): boolean;
  isKeyRejected(): boolean;
  onChanged: NodeChanged;
  /** Passed on to the folders (see rowCommands.ts). */
  rowCommands: RowCommands;
  /** Rows that follow the paged folders (Minotaur's Jobs); built once per connection node. Optional. */
  extraChildren?(parent: ConnectionNode<C>): ExplorerNode[];
  /** Extra tooltip lines (an OpenProspect key's scopes); plain text, escaped here. Optional. */
  tooltipLines?(): string[];
}

export class ConnectionNode<C = unknown> implements ExplorerNode {
  readonly id: string;
  readonly parent = undefined;
  private folderNodes: PagedFolderNode<C, unknown>[] | undefined;
  private extraNodes: ExplorerNode[] | undefined;

  constructor(
    readonly connection: Connection,
    private readonly deps: ConnectionNodeDeps<C>,
  ) {
    this.id = `conn:${connection.id}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.connection.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const rejected = this.deps.isKeyRejected();
    const parts = [PROVIDER_LABEL[this.connection.provider]];
    if (this.deps.isActive()) parts.push(vscode.l10n.t('active'));
    if (rejected) parts.push(vscode.l10n.t('key rejected'));
    item.description = parts.join(' · ');
    item.iconPath = rejected
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
      : new vscode.ThemeIcon(this.deps.isActive() ? 'plug' : 'debug-disconnect');
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.isTrusted = false;
    tooltip.appendMarkdown(escapeMarkdownLines(`${this.connection.name}\n\n${PROVIDER_LABEL[this.connection.provider]} — ${this.connection.baseUrl}`));
    const lines = this.deps.tooltipLines?.() ?? [];
    if (lines.length) tooltip.appendMarkdown('\n\n' + lines.map((line) => escapeMarkdownLines(line)).join('\n\n'));
    if (rejected) tooltip.appendMarkdown('\n\n' + escapeMarkdownLines(vscode.l10n.t('The API key was rejected. Right-click → Replace API Key.')));
    item.tooltip = tooltip;
    item.contextValue = `crm.connection.${this.connection.provider}${rejected ? '.rejected' : ''}`;
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    this.folderNodes ??= this.deps.folders().map(
      (spec) =>
        this.deps.folderNode(this, spec as FolderSpec<C, unknown>, {
          connectionId: this.connection.id,
          client: this.deps.client,
          pageSize: this.deps.pageSize,
          onChanged: this.deps.onChanged,
          rowCommands: this.deps.rowCommands,
        }),
    );
    this.extraNodes ??= this.deps.extraChildren?.(this) ?? [];
    return [...this.folderNodes, ...this.extraNodes];
  }

  /** Drop loaded pages so every folder reloads on next expansion. */
  reset(): void {
    this.folderNodes?.forEach((folder) => folder.reset());
  }

  folder(key: string): PagedFolderNode<C, unknown> | undefined {
    return this.folderNodes?.find((f) => f.spec.key === key);
  }
}
