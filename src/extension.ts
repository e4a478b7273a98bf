/**
 * Entry point: only wiring. Services are built once and handed to the register functions; nothing calls an
 * API here (the first request happens when the user opens the view or runs a command).
 */
import * as vscode from 'vscode';
import { ClientFactory } from './api/clientFactory';
import { registerAccountCommands } from './commands/account';
import { registerConnectionCommands, trySandbox } from './commands/connections';
import { ErrorPresenter } from './commands/errorPresenter';
import { registerExplorerCommands } from './commands/explorer';
import { registerFilterCommands } from './commands/filters';
import { registerListCommands } from './commands/lists';
import { registerRecordCommands } from './commands/records';
import type { CommandContext } from './commands/registerCommand';
import { onSettingsChanged, readSettings } from './config/settings';
import { KeyHealth } from './connections/keyHealth';
import type { Connection } from './connections/model';
import { ConnectionRegistry } from './connections/registry';
import type { Services } from './services';
import { vscodePrompter } from './ui/prompter';
import { redactingLogger } from './util/logger';
import { StatusBar } from './views/status/statusBar';
import { ConnectionNode } from './views/tree/connectionNode';
import { ExplorerProvider } from './views/tree/explorerProvider';
import type { NodeChanged } from './views/tree/node';
import { minotaurFolders } from './views/tree/minotaur';

/** What activate() returns to in-host tests (only outside production mode, or when CRM_EXPLORER_TEST_API=1). */
export interface TestApi {
  services: Services;
  statusBar: StatusBar;
}

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const output = vscode.window.createOutputChannel('CRM Explorer', { log: true });
  const logger = redactingLogger(output);
  const registry = new ConnectionRegistry(context.globalState, context.secrets);
  const keyHealth = new KeyHealth();
  let settings = readSettings();
  const clients = new ClientFactory({
    getKey: (id) => registry.getKey(id),
    settings: () => settings,
    logger,
    onKeyRejected: (id) => keyHealth.markRejected(id),
  });

  // Services is filled in two steps because the tree needs the services for its nodes and vice versa.
  const services = { context, logger, output, registry, keyHealth, clients, prompter: vscodePrompter, settings: () => settings } as Partial<Services> &
    Pick<Services, 'context' | 'logger' | 'output' | 'registry' | 'keyHealth' | 'clients' | 'prompter' | 'settings'>;

  let autoSandboxTried = false;
  const explorer = new ExplorerProvider({
    connections: () => registry.list(),
    createConnectionNode: (connection, onChanged) => createConnectionNode(services as Services, connection, onChanged),
    onEmpty: () => {
      // `npm run demo` sets this so the demo opens with the sandbox connected; a user's own setup never does.
      if (autoSandboxTried || !process.env.CRM_EXPLORER_SANDBOX_URL) return;
      autoSandboxTried = true;
      void trySandbox(services as Services, { quiet: true }).catch((error) => logger.warn(`Sandbox auto-connect failed: ${String(error)}`));
    },
  });
  const treeView = vscode.window.createTreeView('crm.connections', { treeDataProvider: explorer, showCollapseAll: true, canSelectMany: true });
  const errors = new ErrorPresenter({
    logger,
    keyHealth,
    showLog: () => output.show(true),
    replaceKey: (connectionId) => vscode.commands.executeCommand('crm.replaceKey', connectionId),
  });
  Object.assign(services, { explorer, treeView, errors });
  const full = services as Services;
  const statusBar = new StatusBar(full);

  context.subscriptions.push(output, registry, keyHealth, explorer, treeView, statusBar);
  const ctx: CommandContext = { subscriptions: context.subscriptions, logger, errors };
  registerConnectionCommands(ctx, full);
  registerExplorerCommands(ctx, full);
  registerAccountCommands(ctx, full);
  registerFilterCommands(ctx, full);
  registerRecordCommands(ctx, full);
  registerListCommands(ctx, full);

  const syncContext = () => void vscode.commands.executeCommand('setContext', 'crm.hasConnections', registry.list().length > 0);
  syncContext();
  context.subscriptions.push(
    registry.onDidChange(() => {
      syncContext();
      explorer.connectionsChanged();
      void statusBar.update();
    }),
    keyHealth.onDidChange((id) => {
      explorer.refresh(explorer.connectionNode(id));
      void statusBar.update();
    }),
    onSettingsChanged(() => {
      settings = readSettings();
      clients.invalidate();
    }),
  );
  // The status bar needs one summary call; it waits until activation is over so startup stays registration-only.
  setTimeout(() => void statusBar.update(), 0);

  const exposeTestApi = context.extensionMode !== vscode.ExtensionMode.Production || process.env.CRM_EXPLORER_TEST_API === '1';
  return exposeTestApi ? { services: full, statusBar } : undefined;
}

function createConnectionNode(services: Services, connection: Connection, onChanged: NodeChanged): ConnectionNode {
  const common = {
    pageSize: () => services.settings().pageSize,
    isActive: () => services.registry.active()?.id === connection.id,
    isKeyRejected: () => services.keyHealth.isRejected(connection.id),
    onChanged,
  };
  if (connection.provider === 'minotaur') {
    return new ConnectionNode(connection, { ...common, client: () => services.clients.minotaur(connection), folders: minotaurFolders });
  }
  return new ConnectionNode(connection, { ...common, client: () => services.clients.openProspect(connection), folders: [] });
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
