/** A record row (a contact, a company, …) presented by its folder's spec. */
import * as vscode from 'vscode';
import type { RecordView } from './folderSpec';
import { ApiError } from '../../api/http/errors';
import { ErrorNode, MessageNode } from './messageNodes';
import type { ExplorerNode } from './node';

export class RecordNode<T> implements ExplorerNode {
  readonly id: string;

  constructor(
    readonly parent: ExplorerNode,
    readonly record: T,
    readonly view: RecordView,
    /** The connection this record came from (commands need it). */
    readonly connectionId: string,
    readonly folderKey: string,
    private readonly loadChildren?: () => Promise<RecordView[]>,
    /** Paged folders below the row (FolderSpec.subfolders); built once. */
    private readonly childFolders?: (parent: RecordNode<T>) => ExplorerNode[],
  ) {
    this.id = `${parent.id}/${view.id}`;
  }

  private folders: ExplorerNode[] | undefined;

  /** Child rows (a pipeline's stages, a blacklist's entries folder); a failure shows as one error row. */
  async getChildren(): Promise<ExplorerNode[]> {
    if (this.childFolders) return (this.folders ??= this.childFolders(this));
    if (!this.loadChildren) return [];
    try {
      const views = await this.loadChildren();
      if (views.length === 0) return [new MessageNode(`${this.id}/empty`, this, vscode.l10n.t('Nothing here'))];
      return views.map((view) => new RecordNode(this, view, view, this.connectionId, this.folderKey));
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError({ kind: 'server', message: String(error) });
      return [new ErrorNode(`${this.id}/error`, this, vscode.l10n.t('Could not load'), apiError)];
    }
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(
      this.view.label || vscode.l10n.t('(no name)'),
      this.view.collapsible || this.loadChildren || this.childFolders ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = this.id;
    item.description = this.view.description;
    // No tooltip here: resolveTooltip() gives it on hover (see ExplorerNode.resolveTooltip).
    item.iconPath = this.view.icon;
    item.contextValue = this.view.contextValue;
    return item;
  }

  resolveTooltip(): vscode.TreeItem['tooltip'] {
    return this.view.tooltip;
  }
}
