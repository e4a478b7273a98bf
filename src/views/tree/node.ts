/** Every row of the explorer is an ExplorerNode: it knows its own TreeItem and, if it has any, its children. */
import type * as vscode from 'vscode';

export interface ExplorerNode {
  /** Unique and stable across refreshes (used as the TreeItem id). */
  readonly id: string;
  readonly parent?: ExplorerNode;
  getTreeItem(): vscode.TreeItem;
  getChildren?(): Promise<ExplorerNode[]>;
  /**
   * The tooltip, asked for only when the row is hovered (TreeDataProvider.resolveTreeItem). For rows that come by the
   * thousand: the extension host runs a Markdown lexer over every MarkdownString tooltip it sends, so a tooltip in
   * getTreeItem() costs that for every row on every refresh of its folder.
   */
  resolveTooltip?(): vscode.TreeItem['tooltip'];
}

/** Called by nodes when their own subtree changed (e.g. a folder loaded its next page). */
export type NodeChanged = (node?: ExplorerNode) => void;
