/**
 * Entry point: only wiring and registration (SPEC §8: activation ≤ 20 ms). This file and what it imports become
 * dist/extension.js; the heavy layers (ky, zod, schemas, clients, the commands' implementations, the form, the
 * OpenProspect layer) load on first use through src/lazy.ts, and every command is registered as a stub that loads
 * its implementation (src/commandGroups.ts). The build refuses to put zod or ky in here. Nothing calls an API here.
 */
import * as vscode from 'vscode';
import type { ClientFactory } from './api/clientFactory';
import { registerCommandGroups } from './commandGroups';
import { registerJsonDocuments } from './documents/register';
import { ErrorPresenter } from './commands/errorPresenter';
import type { CommandContext } from './commands/registerCommand';
import { onSettingsChanged, readSettings, type CrmSettings } from './config/settings';
import { KeyHealth } from './connections/keyHealth';
import { PermissionMemory } from './connections/permissionMemory';
import { JobStore } from './jobs/jobStore';
import { SingleFlight } from './jobs/singleFlight';
import type { Connection } from './connections/model';
import { ConnectionRegistry } from './connections/registry';
import { loadCore, loadOpenProspect, reportChunkLoads } from './lazy';
import type { LazyCommandGroup } from './lazyCommands';
import type { OrderWatcher } from './orders/orderWatcher';
import type { Services } from './services';
import { lazyLogChannel } from './ui/logChannel';
import { vscodePrompter } from './ui/prompter';
import { redactingLogger } from './util/logger';
import type { FormManager } from './views/form/formManager';
import { StatusBar } from './views/status/statusBar';
import { ConnectionNode } from './views/tree/connectionNode';
import { ExplorerProvider } from './views/tree/explorerProvider';
import { RowCommands } from './views/tree/rowCommands';
import type { NodeChanged } from './views/tree/node';
import type { FolderSpec } from './views/tree/folderSpec';
import type { PagedFolderDeps } from './views/tree/pagedFolderNode';
import type { JobsNodes } from './views/tree/minotaur/jobsNode';
import { ScopeStore } from './views/tree/openprospect/scopes';

/** What activate() returns to in-host tests (only outside production mode, or when CRM_EXPLORER_TEST_API=1). */
export interface TestApi {
  services: Services;
  statusBar: StatusBar;
  /** The open record forms (test hooks: FormPanel.receive / sent / html); reading it loads the form. */
  forms: FormManager;
  /** OpenProspect: the keys' scopes and the order watcher (reading `watcher` loads the OpenProspect chunk). */
  openProspect: { scopes: ScopeStore; watcher: OrderWatcher };
  /** The lazily loaded command groups (the in-host test "command groups" loads each and checks its ids). */
  commandGroups: Record<string, LazyCommandGroup<unknown>>;
}

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const output = lazyLogChannel('CRM Explorer');
  const logger = redactingLogger(output);
  reportChunkLoads((chunk, ms) => logger.info(`loaded dist/${chunk}.js in ${ms.toFixed(1)} ms`));
  const registry = new ConnectionRegistry(context.globalState, context.secrets);
  const keyHealth = new KeyHealth();
  // Credit jobs started from this machine (global state) and the permissions keys are known to lack (memory).
  const jobs = new JobStore(context.globalState);
  const permissions = new PermissionMemory();
  // OpenProspect: each key's scopes (memory only) and the orders being watched (ids in global state).
  const scopes = new ScopeStore();
  // Read on first use (the first client or folder page), not at activation: getConfiguration() costs ~0.3 ms here
  // and nothing at activation needs a setting. A change drops the copy; the next use reads the new values.
  let settings: CrmSettings | undefined;
  const currentSettings = (): CrmSettings => (settings ??= readSettings());
  // The client factory (ky, zod, the clients) is built on first use: reading services.clients loads the core chunk.
  let clients: ClientFactory | undefined;
  const getClients = (): ClientFactory =>
    (clients ??= new (loadCore().ClientFactory)({
      getKey: (id) => registry.getKey(id),
      settings: currentSettings,
      logger,
      onKeyRejected: (id) => keyHealth.markRejected(id),
    }));

  // Services is filled in two steps because the tree needs the services for its nodes and vice versa.
  const services = { context, logger, output, registry, keyHealth, prompter: vscodePrompter, settings: currentSettings } as Partial<Services> &
    Pick<Services, 'context' | 'logger' | 'output' | 'registry' | 'keyHealth' | 'prompter' | 'settings'>;
  Object.defineProperty(services, 'clients', { get: getClients, enumerable: true });

  // Registers nothing until the first "Load more" or error row is built.
  const rowCommands = new RowCommands();
  let autoSandboxTried = false;
  // The Jobs rows (and the folder specs) come with the core chunk, when a connection is first expanded.
  let jobsNodes: JobsNodes | undefined;
  const getJobsNodes = (): JobsNodes => (jobsNodes ??= new (loadCore().JobsNodes)(jobs, (node) => explorer.refresh(node)));
  const explorer = new ExplorerProvider({
    connections: () => registry.list(),
    createConnectionNode: (connection, onChanged) => createConnectionNode(services as Services, connection, onChanged, rowCommands, getJobsNodes, scopes),
    onEmpty: () => {
      // `npm run demo` sets this so the demo opens with the sandbox connected; a user's own setup never does.
      if (autoSandboxTried || !process.env.CRM_EXPLORER_SANDBOX_URL) return;
      autoSandboxTried = true;
      try {
        void loadCore()
          .trySandbox(services as Services, { quiet: true })
          .catch((error) => logger.warn(`Sandbox auto-connect failed: ${String(error)}`));
      } catch (error) {
        logger.warn(`Sandbox auto-connect failed: ${String(error)}`);
      }
    },
  });
  const treeView = vscode.window.createTreeView('crm.connections', { treeDataProvider: explorer, showCollapseAll: true, canSelectMany: true });
  const errors = new ErrorPresenter({
    logger,
    keyHealth,
    showLog: () => output.show(true),
    replaceKey: (connectionId) => vscode.commands.executeCommand('crm.replaceKey', connectionId),
    rememberDenied: (connectionId, requirement) => {
      const client = clients?.cachedClient(connectionId);
      if (client) permissions.remember(connectionId, client, requirement);
    },
  });
  Object.assign(services, { explorer, treeView, errors, permissions });
  const full = services as Services;
  const statusBar = new StatusBar(full);
  const refreshOrders = (connectionId: string) => {
    const folder = explorer.connectionNode(connectionId)?.folder(loadOpenProspect().OP_FOLDER.orders);
    folder?.reset();
    if (folder) explorer.refresh(folder);
  };
  // The order watcher comes with the OpenProspect chunk: created when an order is watched or watches resume.
  let watcher: OrderWatcher | undefined;
  const getWatcher = (): OrderWatcher =>
    (watcher ??= new (loadOpenProspect().OrderWatcher)({
      state: context.globalState,
      logger,
      client: async (connectionId) => {
        const connection = registry.get(connectionId);
        if (!connection) throw new Error(vscode.l10n.t('The connection of this order was removed.'));
        return getClients().openProspect(connection);
      },
      onStatus: (connectionId) => refreshOrders(connectionId),
      onFinished: (watch, order) => {
        const status = String(order.status ?? '').toUpperCase();
        const name = watch.title ? `"${watch.title.slice(0, 80)}"` : watch.orderId;
        if (status === 'COMPLETED') {
          void vscode.window.showInformationMessage(vscode.l10n.t('Order {0} COMPLETED', name), vscode.l10n.t('Open Results')).then((choice) => {
            if (choice) void vscode.commands.executeCommand('crm.op.openOrderResults', { connectionId: watch.connectionId, orderId: watch.orderId, title: watch.title });
          });
        } else void vscode.window.showWarningMessage(vscode.l10n.t('Order {0} ended {1}.', name, status));
      },
    }));

  context.subscriptions.push(output, registry, keyHealth, explorer, treeView, statusBar, rowCommands, { dispose: () => jobsNodes?.dispose() }, { dispose: () => watcher?.dispose() });
  const ctx: CommandContext = { subscriptions: context.subscriptions, logger, errors };
  const commandGroups = registerCommandGroups(ctx, {
    documents: registerJsonDocuments(ctx, full),
    services: full,
    connectionHooks: {
      keyChecked: (connection, result) => {
        if (connection.provider === 'openprospect') scopes.set(connection.id, result.scopes);
      },
    },
    credits: { jobs, permissions, flights: new SingleFlight(), refreshBalance: (id) => statusBar.refreshBalance(id) },
    scopes,
    watcher: getWatcher,
  });

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
      settings = undefined;
      clients?.invalidate();
    }),
  );
  // The status bar needs one summary call; it waits until activation is over so startup stays registration-only
  // (with a Minotaur connection it loads the core chunk then, before the user expands anything).
  setTimeout(() => void statusBar.update(), 0);
  // Order watches of the previous window resume after activation, like the status bar; only OpenProspect
  // connections have orders, so without one the OpenProspect chunk is not loaded.
  setTimeout(() => {
    if (registry.list().some((c) => c.provider === 'openprospect')) getWatcher().resume((id) => registry.get(id) !== undefined);
  }, 0);

  const exposeTestApi = context.extensionMode !== vscode.ExtensionMode.Production || process.env.CRM_EXPLORER_TEST_API === '1';
  if (!exposeTestApi) return undefined;
  return {
    services: full,
    statusBar,
    get forms() {
      return commandGroups.form.load();
    },
    openProspect: {
      scopes,
      get watcher() {
        return getWatcher();
      },
    },
    commandGroups,
  };
}

function createConnectionNode(
  services: Services,
  connection: Connection,
  onChanged: NodeChanged,
  rowCommands: RowCommands,
  jobsNodes?: () => JobsNodes,
  scopes?: ScopeStore,
): ConnectionNode {
  const common = {
    pageSize: () => services.settings().pageSize,
    rowCommands,
    isActive: () => services.registry.active()?.id === connection.id,
    isKeyRejected: () => services.keyHealth.isRejected(connection.id),
    onChanged,
    // The folder rows come with the core chunk, which folders() has loaded by then.
    folderNode: (parent: ConnectionNode, spec: FolderSpec<unknown, unknown>, deps: PagedFolderDeps<unknown>) => new (loadCore().PagedFolderNode)(parent, spec, deps),
  };
  if (connection.provider === 'minotaur') {
    return new ConnectionNode(connection, {
      ...common,
      client: () => services.clients.minotaur(connection),
      folders: () => loadCore().minotaurFolders,
      extraChildren: (parent) => (jobsNodes ? [jobsNodes().create(parent, connection.id)] : []),
    });
  }
  const scopeStore = scopes ?? new ScopeStore();
  return new ConnectionNode(connection, {
    ...common,
    client: () => services.clients.openProspect(connection),
    folders: () => loadOpenProspect().openProspectFolders({ connectionId: connection.id, scopes: scopeStore }),
    tooltipLines: () => {
      const known = scopeStore.get(connection.id);
      return [known ? vscode.l10n.t('Scopes: {0}', known.length ? known.join(', ') : vscode.l10n.t('none')) : vscode.l10n.t('Scopes: not checked yet (expand a folder)')];
    },
  });
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
