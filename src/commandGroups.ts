/**
 * Every command of the extension, registered at activation as a lazily loaded group (src/lazyCommands.ts): the ids
 * are known now, the implementations load on first use from dist/core.js or dist/openprospect.js (src/lazy.ts).
 * To add commands: write `registerXCommands(ctx, services)` as usual, export it from src/core.ts (or another chunk's
 * entry), and add a group below with its ids (docs/architecture.md, "How to add a lazily loaded command").
 */
import * as vscode from 'vscode';
import type { CommandContext } from './commands/registerCommand';
import type { ConnectionHooks } from './commands/connections';
import type { CreditDeps } from './commands/credits/spendCredits';
import type { RecordDocuments } from './documents/register';
import { loadCore, loadOpenProspect } from './lazy';
import { registerLazyCommands } from './lazyCommands';
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
  const groups = {
    connections: registerLazyCommands(ctx, ['crm.addConnection', 'crm.trySandbox', 'crm.replaceKey', 'crm.removeConnection', 'crm.switchActiveConnection'], (c) =>
      loadCore().registerConnectionCommands(c, services, deps.connectionHooks),
    ),
    explorer: registerLazyCommands(ctx, ['crm.refresh', 'crm.refreshAll', 'crm.loadMore', 'crm.retryNode', 'crm.copyId', 'crm.showLog'], (c) =>
      loadCore().registerExplorerCommands(c, services),
    ),
    account: registerLazyCommands(ctx, ['crm.showAccount'], (c) => loadCore().registerAccountCommands(c, services)),
    filters: registerLazyCommands(ctx, ['crm.filterFolder', 'crm.searchFolder', 'crm.clearFilter', 'crm.sortByScore'], (c) =>
      loadCore().registerFilterCommands(c, services),
    ),
    records: registerLazyCommands(ctx, ['crm.deleteRecords', 'crm.copyEmail', 'crm.openLinkedIn', 'crm.openWebsite'], (c) =>
      loadCore().registerRecordCommands(c, services),
    ),
    lists: registerLazyCommands(ctx, ['crm.duplicateList', 'crm.addToList'], (c) => loadCore().registerListCommands(c, services)),
    openProspect: registerLazyCommands(
      ctx,
      [
        'crm.op.showCompanyDetails',
        'crm.op.watchOrder',
        'crm.op.openOrderResults',
        'crm.op.createOrder',
        'crm.op.createSearchProfile',
        'crm.op.createBlacklist',
        'crm.op.editBlacklist',
        'crm.op.addBlacklistEntries',
        'crm.op.removeBlacklistEntries',
        'crm.op.assignBlacklists',
      ],
      (c) => loadOpenProspect().registerOpenProspectCommands(c, { services, scopes: deps.scopes, watcher: deps.watcher() }),
    ),
    form: registerLazyCommands(ctx, ['crm.createRecord', 'crm.editRecord'], (c) => loadCore().registerFormCommands(c, services)),
    transfer: registerLazyCommands(ctx, ['crm.export', 'crm.import'], (c) => loadCore().registerTransferCommands(c, services)),
    documents: registerLazyCommands(ctx, ['crm.openAsJson'], (c) => loadCore().registerOpenAsJsonCommand(c, services, deps.documents)),
    credits: registerLazyCommands(ctx, ['crm.unlockSelected', 'crm.unlockMatching', 'crm.verifyEmails', 'crm.verifyList', 'crm.forgetJob', 'crm.clearFinishedJobs'], (c) =>
      loadCore().registerCreditCommands(c, { services, ...deps.credits }),
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
