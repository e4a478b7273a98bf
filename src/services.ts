/**
 * The services every command and view gets, built once in extension.ts and passed down (no module
 * singletons). `prompter` is a field so in-host tests can swap in a scripted one through the test API.
 */
import type * as vscode from 'vscode';
import type { ClientFactory } from './api/clientFactory';
import type { ErrorPresenter } from './commands/errorPresenter';
import type { CrmSettings } from './config/settings';
import type { KeyHealth } from './connections/keyHealth';
import type { PermissionMemory } from './connections/permissionMemory';
import type { ConnectionRegistry } from './connections/registry';
import type { LogChannel } from './ui/logChannel';
import type { Prompter } from './ui/prompter';
import type { Logger } from './util/logger';
import type { ExplorerProvider } from './views/tree/explorerProvider';

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly logger: Logger;
  /** The extension's log (also behind `logger`, which redacts): `output.show()` opens it. */
  readonly output: LogChannel;
  settings(): CrmSettings;
  readonly registry: ConnectionRegistry;
  readonly keyHealth: KeyHealth;
  /** Permissions each key is known to lack (learned from 403s); actions needing them refuse before sending. */
  readonly permissions: PermissionMemory;
  readonly clients: ClientFactory;
  readonly explorer: ExplorerProvider;
  readonly treeView: vscode.TreeView<unknown>;
  readonly errors: ErrorPresenter;
  prompter: Prompter;
}
