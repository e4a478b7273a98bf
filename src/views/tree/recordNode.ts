/** A record row (a contact, a company, …) presented by its folder's spec. */
import * as vscode from 'vscode';
import type { RecordView } from './folderSpec';
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
  ) {
    this.id = `${parent.id}/${view.id}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(
      this.view.label || '(no name)',
      this.view.collapsible ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = this.id;
    item.description = this.view.description;
    item.tooltip = this.view.tooltip;
    item.iconPath = this.view.icon;
    item.contextValue = this.view.contextValue;
    return item;
  }
}
