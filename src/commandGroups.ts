/**
 * Every command of the extension, as a lazily loaded group (src/lazyCommands.ts): the ids are known now (row-only ones
 * are registered when the core chunk loads), the implementations load on first use from dist/core.js or
 * dist/openprospect.js (src/lazy.ts).
 * To add commands: write `registerXCommands(ctx, services)` as usual, export it from src/core.ts (or another chunk's
 * entry), and add a group below with its ids (docs/architecture.md, "How to add a lazily loaded command").
 */
import * as vscode from 'vscode';
import type { CommandContext } from './commands/registerCommand';
import type { ConnectionHooks } from './commands/connections';
import type { CreditDeps } from './commands/credits/spendCredits';
import type { RecordDocuments } from './documents/register';
import { loadCore, loadOpenProspect, whenCoreLoads } from './lazy';
import { registerLazyCommands, type CommandIds } from './lazyCommands';
import type { OrderWatcher } from './orders/orderWatcher';
import type { Services } from './services';
import { FORM_VIEW_TYPE } from './views/form/viewType';
import type { ScopeStore } from './views/tree/openprospect/scopes';

export interface CommandGroupDeps {
  services: Services;
  connectionHooks: ConnectionHooks;
  credits: Omit<CreditDeps, 'services'>;
  scopes: ScopeStore;
  /** The order watcher, created (with the OpenProspect chunk) on first use. */
  watcher(): OrderWatcher;
  /** The `crm:` file system registered at activation (src/documents/register.ts), loaded on first use. */
  documents: RecordDocuments;
}

export function registerCommandGroups(ctx: CommandContext, deps: CommandGroupDeps) {
  const { services } = deps;
  // Row-only ids (`onRows`) are registered when the core chunk loads, before any row that offers them exists.
  const group = <T>(ids: CommandIds, register: (c: CommandContext) => T) => registerLazyCommands(ctx, ids, register, whenCoreLoads);
  const groups = {
    connections: group({ atActivation: ['crm.addConnection', 'crm.trySandbox', 'crm.replaceKey', 'crm.removeConnection', 'crm.switchActiveConnection'] }, (c) =>
      loadCore().registerConnectionCommands(c, services, deps.connectionHooks),
    ),
    explorer: group({ atActivation: ['crm.refresh', 'crm.refreshAll', 'crm.showLog'], onRows: ['crm.loadMore', 'crm.retryNode', 'crm.copyId'] }, (c) =>
      loadCore().registerExplorerCommands(c, services),
    ),
    account: group({ atActivation: ['crm.showAccount'] }, (c) => loadCore().registerAccountCommands(c, services)),
    filters: group({ atActivation: [], onRows: ['crm.filterFolder', 'crm.searchFolder', 'crm.clearFilter', 'crm.sortByScore'] }, (c) =>
      loadCore().registerFilterCommands(c, services),
    ),
    // crm.deleteRecords has a key binding (Delete in the tree, also on a connection row).
    records: group({ atActivation: ['crm.deleteRecords'], onRows: ['crm.copyEmail', 'crm.openLinkedIn', 'crm.openWebsite'] }, (c) =>
      loadCore().registerRecordCommands(c, services),
    ),
    lists: group({ atActivation: [], onRows: ['crm.duplicateList', 'crm.addToList'] }, (c) => loadCore().registerListCommands(c, services)),
    openProspect: group(
      {
        // crm.op.openOrderResults is also the "Open Results" button of the order-finished notification.
        atActivation: ['crm.op.openOrderResults', 'crm.op.createOrder', 'crm.op.createSearchProfile', 'crm.op.createBlacklist'],
        onRows: [
          'crm.op.showCompanyDetails',
          'crm.op.watchOrder',
          'crm.op.editBlacklist',
          'crm.op.addBlacklistEntries',
          'crm.op.removeBlacklistEntries',
          'crm.op.assignBlacklists',
        ],
      },
      (c) => loadOpenProspect().registerOpenProspectCommands(c, { services, scopes: deps.scopes, watcher: deps.watcher() }),
    ),
    form: group({ atActivation: ['crm.createRecord'], onRows: ['crm.editRecord'] }, (c) => loadCore().registerFormCommands(c, services)),
    transfer: group({ atActivation: ['crm.export'], onRows: ['crm.import'] }, (c) => loadCore().registerTransferCommands(c, services)),
    documents: group({ atActivation: ['crm.openAsJson'] }, (c) => loadCore().registerOpenAsJsonCommand(c, services, deps.documents)),
    credits: group(
      { atActivation: ['crm.unlockMatching'], onRows: ['crm.unlockSelected', 'crm.verifyEmails', 'crm.verifyList', 'crm.forgetJob', 'crm.clearFinishedJobs'] },
      (c) => loadCore().registerCreditCommands(c, { services, ...deps.credits }),
    ),
  };

  // Record forms open before a window reload come back through this serializer (activation event
  // onWebviewPanel:crm.recordForm); the form implementation loads only then.
  ctx.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(FORM_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => groups.form.load().restore(panel, state),
    }),
  );
  return groups;
}
