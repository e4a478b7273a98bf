/** Every row of the explorer is an ExplorerNode: it knows its own TreeItem and, if it has any, its children. */
import type * as vscode from 'vscode';

export interface ExplorerNode {
  /** Unique and stable across refreshes (used as the TreeItem id). */
  readonly id: string;
  readonly parent?: ExplorerNode;
  getTreeItem(): vscode.TreeItem;
  getChildren?(): Promise<ExplorerNode[]>;
}

/** Called by nodes when their own subtree changed (e.g. a folder loaded its next page). */
export type NodeChanged = (node?: ExplorerNode) => void;
