/**
 * Entry point: only wiring. Services are built once and handed to the register functions; nothing calls an
 * API here (the first request happens when the user opens the view or runs a command).
 */
import * as vscode from 'vscode';
import { ClientFactory } from './api/clientFactory';
import { registerAccountCommands } from './commands/account';
import { registerConnectionCommands, trySandbox } from './commands/connections';
import { registerCreditCommands } from './commands/credits';
import { registerJsonDocuments } from './documents/register';
import { ErrorPresenter } from './commands/errorPresenter';
import { registerExplorerCommands } from './commands/explorer';
import { registerFilterCommands } from './commands/filters';
import { registerFormCommands } from './commands/form';
import { registerListCommands } from './commands/lists';
import { registerOpenProspectCommands } from './commands/openprospect';
import { registerRecordCommands } from './commands/records';
import { registerTransferCommands } from './commands/transfer';
import type { CommandContext } from './commands/registerCommand';
import { onSettingsChanged, readSettings } from './config/settings';
import { KeyHealth } from './connections/keyHealth';
import { PermissionMemory } from './connections/permissionMemory';
import { JobStore } from './jobs/jobStore';
import { SingleFlight } from './jobs/singleFlight';
import type { Connection } from './connections/model';
import { ConnectionRegistry } from './connections/registry';
import type { Services } from './services';
import { vscodePrompter } from './ui/prompter';
import { redactingLogger } from './util/logger';
import type { FormManager } from './views/form/formManager';
import { StatusBar } from './views/status/statusBar';
import { ConnectionNode } from './views/tree/connectionNode';
import { ExplorerProvider } from './views/tree/explorerProvider';
import type { NodeChanged } from './views/tree/node';
import { minotaurFolders } from './views/tree/minotaur';
import { JobsNodes } from './views/tree/minotaur/jobsNode';
import { OP_FOLDER, openProspectFolders } from './views/tree/openprospect/folders';
import { ScopeStore } from './views/tree/openprospect/scopes';
import { OrderWatcher } from './orders/orderWatcher';

/** What activate() returns to in-host tests (only outside production mode, or when CRM_EXPLORER_TEST_API=1). */
export interface TestApi {
  services: Services;
  statusBar: StatusBar;
  /** The open record forms (test hooks: FormPanel.receive / sent / html). */
  forms: FormManager;
  /** OpenProspect: the keys' scopes and the order watcher. */
  openProspect: { scopes: ScopeStore; watcher: OrderWatcher };
}

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const output = vscode.window.createOutputChannel('CRM Explorer', { log: true });
  const logger = redactingLogger(output);
  const registry = new ConnectionRegistry(context.globalState, context.secrets);
  const keyHealth = new KeyHealth();
  // Credit jobs started from this machine (global state) and the permissions keys are known to lack (memory).
  const jobs = new JobStore(context.globalState);
  const permissions = new PermissionMemory();
  // OpenProspect: each key's scopes (memory only) and the orders being watched (ids in global state).
  const scopes = new ScopeStore();
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
  const jobsNodes = new JobsNodes(jobs, (node) => explorer.refresh(node));
  const explorer = new ExplorerProvider({
    connections: () => registry.list(),
    createConnectionNode: (connection, onChanged) => createConnectionNode(services as Services, connection, onChanged, jobsNodes, scopes),
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
    rememberDenied: (connectionId, requirement) => {
      const client = clients.cachedClient(connectionId);
      if (client) permissions.remember(connectionId, client, requirement);
    },
  });
  Object.assign(services, { explorer, treeView, errors, permissions });
  const full = services as Services;
  const statusBar = new StatusBar(full);
  const refreshOrders = (connectionId: string) => {
    const folder = explorer.connectionNode(connectionId)?.folder(OP_FOLDER.orders);
    folder?.reset();
    if (folder) explorer.refresh(folder);
  };
  const watcher = new OrderWatcher({
    state: context.globalState,
    logger,
    client: async (connectionId) => {
      const connection = registry.get(connectionId);
      if (!connection) throw new Error(`The connection of this order was removed.`);
      return clients.openProspect(connection);
    },
    onStatus: (connectionId) => refreshOrders(connectionId),
    onFinished: (watch, order) => {
      const status = String(order.status ?? '').toUpperCase();
      const name = watch.title ? `"${watch.title.slice(0, 80)}"` : watch.orderId;
      if (status === 'COMPLETED') {
        void vscode.window.showInformationMessage(`Order ${name} COMPLETED`, 'Open Results').then((choice) => {
          if (choice) void vscode.commands.executeCommand('crm.op.openOrderResults', { connectionId: watch.connectionId, orderId: watch.orderId, title: watch.title });
        });
      } else void vscode.window.showWarningMessage(`Order ${name} ended ${status}.`);
    },
  });

  context.subscriptions.push(output, registry, keyHealth, explorer, treeView, statusBar, jobsNodes, watcher);
  const ctx: CommandContext = { subscriptions: context.subscriptions, logger, errors };
  registerConnectionCommands(ctx, full, {
    keyChecked: (connection, result) => {
      if (connection.provider === 'openprospect') scopes.set(connection.id, result.scopes);
    },
  });
  registerExplorerCommands(ctx, full);
  registerAccountCommands(ctx, full);
  registerFilterCommands(ctx, full);
  registerRecordCommands(ctx, full);
  registerListCommands(ctx, full);
  registerOpenProspectCommands(ctx, { services: full, scopes, watcher });
  const forms = registerFormCommands(ctx, full);
  registerJsonDocuments(ctx, full);
  registerTransferCommands(ctx, full);
  registerCreditCommands(ctx, { services: full, jobs, permissions, flights: new SingleFlight(), refreshBalance: (id) => statusBar.refreshBalance(id) });

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
    scopes.onDidChange((id) => explorer.refresh(explorer.connectionNode(id))),
    onSettingsChanged(() => {
      settings = readSettings();
      clients.invalidate();
    }),
  );
  // The status bar needs one summary call; it waits until activation is over so startup stays registration-only.
  setTimeout(() => void statusBar.update(), 0);
  // Order watches of the previous window resume after activation, like the status bar.
  setTimeout(() => watcher.resume((id) => registry.get(id) !== undefined), 0);

  const exposeTestApi = context.extensionMode !== vscode.ExtensionMode.Production || process.env.CRM_EXPLORER_TEST_API === '1';
  return exposeTestApi ? { services: full, statusBar, forms, openProspect: { scopes, watcher } } : undefined;
}

function createConnectionNode(
  services: Services,
  connection: Connection,
  onChanged: NodeChanged,
  jobsNodes?: JobsNodes,
  scopes?: ScopeStore,
): ConnectionNode {
  const common = {
    pageSize: () => services.settings().pageSize,
    isActive: () => services.registry.active()?.id === connection.id,
    isKeyRejected: () => services.keyHealth.isRejected(connection.id),
    onChanged,
  };
  if (connection.provider === 'minotaur') {
    return new ConnectionNode(connection, {
      ...common,
      client: () => services.clients.minotaur(connection),
      folders: minotaurFolders,
      extraChildren: (parent) => (jobsNodes ? [jobsNodes.create(parent, connection.id)] : []),
    });
  }
  const scopeStore = scopes ?? new ScopeStore();
  return new ConnectionNode(connection, {
    ...common,
    client: () => services.clients.openProspect(connection),
    folders: openProspectFolders({ connectionId: connection.id, scopes: scopeStore }),
    tooltipLines: () => {
      const known = scopeStore.get(connection.id);
      return [known ? `Scopes: ${known.length ? known.join(', ') : 'none'}` : 'Scopes: not checked yet (expand a folder)'];
    },
  });
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
