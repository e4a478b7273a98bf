/** Tree housekeeping commands: refresh, load more, retry a failed folder, copy a record id, show the log. */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { ConnectionNode } from '../views/tree/connectionNode';
import { PagedFolderNode } from '../views/tree/pagedFolderNode';
import { RecordNode } from '../views/tree/recordNode';
import { registerCommand, type CommandContext } from './registerCommand';

export function registerExplorerCommands(ctx: CommandContext, services: Services): void {
  const { explorer } = services;

  registerCommand(ctx, 'crm.refresh', (node?: unknown) => {
    if (node instanceof PagedFolderNode || node instanceof ConnectionNode) node.reset();
    explorer.refresh(node instanceof PagedFolderNode || node instanceof ConnectionNode ? node : undefined);
  });

  registerCommand(ctx, 'crm.refreshAll', () => {
    for (const connection of services.registry.list()) explorer.connectionNode(connection.id)?.reset();
    explorer.connectionsChanged();
  });

  registerCommand(ctx, 'crm.loadMore', async (folder?: unknown) => {
    if (!(folder instanceof PagedFolderNode)) return;
    await vscode.window.withProgress({ location: { viewId: 'crm.connections' } }, () => folder.loadNextPage());
    explorer.refresh(folder);
  });

  registerCommand(ctx, 'crm.retryNode', async (node?: unknown) => {
    if (node instanceof RecordNode) return explorer.refresh(node);
    if (!(node instanceof PagedFolderNode)) return;
    await node.retry();
    explorer.refresh(node);
  });

  registerCommand(ctx, 'crm.copyId', async (node?: unknown) => {
    if (!(node instanceof RecordNode)) return;
    await vscode.env.clipboard.writeText(node.view.id);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', node.view.id), 3000);
  });

  registerCommand(ctx, 'crm.showLog', () => services.output.show(true));
}
