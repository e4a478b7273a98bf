/**
 * Leaf rows that are not records: an error row (a failed folder shows ONE child that says why and retries on
 * click, instead of a notification storm), a skipped-record row, a "Load more" row and a plain message row.
 */
import * as vscode from 'vscode';
import type { ApiError } from '../../api/http/errors';
import type { RejectedRecord } from '../../api/http/tolerant';
import { displayText, escapeMarkdownLines } from './displayText';
import type { ExplorerNode } from './node';
import { formatNumber, formatTime } from '../../util/l10n';

export class ErrorNode implements ExplorerNode {
  constructor(
    readonly id: string,
    readonly parent: ExplorerNode,
    private readonly title: string,
    private readonly error: ApiError,
    /** An argument-free id that retries `parent` (RowCommands); without one the click passes `parent` itself. */
    private readonly retryCommand?: string,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.title, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.shortReason();
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(escapeMarkdownLines(this.error.message));
    tooltip.appendMarkdown('\n\n');
    tooltip.appendMarkdown(escapeMarkdownLines(vscode.l10n.t('Click to retry.')));
    item.tooltip = tooltip;
    item.iconPath = new vscode.ThemeIcon(this.error.kind === 'forbidden' ? 'lock' : 'error', new vscode.ThemeColor('list.errorForeground'));
    item.contextValue = 'crm.error';
    item.command = this.retryCommand ? { command: this.retryCommand, title: vscode.l10n.t('Retry') } : { command: 'crm.retryNode', title: vscode.l10n.t('Retry'), arguments: [this.parent] };
    return item;
  }

  private shortReason(): string {
    switch (this.error.kind) {
      case 'forbidden':
        return this.error.requirement ? vscode.l10n.t('needs {0}', this.error.requirement) : vscode.l10n.t('not allowed for this key');
      case 'unauthorized':
        return vscode.l10n.t('key rejected — replace the key');
      case 'notFound':
        return vscode.l10n.t('not available on this server');
      case 'rateLimited':
        // An hour-long Retry-After must not look like a hang: say until when (api-openprospect.md).
        return this.error.retryAt
          ? vscode.l10n.t('rate limited until {0}', formatTime(this.error.retryAt))
          : vscode.l10n.t('rate limited');
      case 'network':
        return vscode.l10n.t('server unreachable');
      case 'timeout':
        return vscode.l10n.t('timed out');
      case 'badResponse':
        return vscode.l10n.t('unexpected answer');
      default:
        return displayText(this.error.message, 80);
    }
  }
}

export class RejectedRecordNode implements ExplorerNode {
  constructor(
    readonly id: string,
    readonly parent: ExplorerNode,
    private readonly rejected: RejectedRecord,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const label = this.rejected.id ? vscode.l10n.t('Unreadable record {0}', displayText(this.rejected.id, 40)) : vscode.l10n.t('Unreadable record #{0}', this.rejected.index + 1);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = displayText(this.rejected.issues[0] ?? '', 80);
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(escapeMarkdownLines(vscode.l10n.t('The server sent a record that does not match the expected schema, so it was skipped:') + '\n'));
    for (const issue of this.rejected.issues) tooltip.appendMarkdown(escapeMarkdownLines(`\n• ${issue}`));
    item.tooltip = tooltip;
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    item.contextValue = 'crm.rejected';
    return item;
  }
}

export class LoadMoreNode implements ExplorerNode {
  constructor(
    readonly id: string,
    readonly parent: ExplorerNode,
    private readonly loaded: number,
    private readonly total: number | undefined,
    /** The argument-free id that loads the next page of `parent` (RowCommands). */
    private readonly loadMoreCommand: string,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const label =
      this.total !== undefined
        ? vscode.l10n.t('Load more — {0} of {1}', formatNumber(this.loaded), formatNumber(this.total))
        : vscode.l10n.t('Load more — {0} loaded', formatNumber(this.loaded));
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.contextValue = 'crm.loadMore';
    item.command = { command: this.loadMoreCommand, title: vscode.l10n.t('Load More') };
    return item;
  }
}

export class MessageNode implements ExplorerNode {
  constructor(
    readonly id: string,
    readonly parent: ExplorerNode | undefined,
    private readonly label: string,
    private readonly icon = 'info',
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = 'crm.message';
    return item;
  }
}
