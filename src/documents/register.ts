/**
 * Registers the `crm:` file system at activation — registration only. The implementation (recordFileSystem.ts:
 * record kinds, schemas, the save flow) comes with the lazily loaded core chunk (src/lazy.ts) on the first `crm:`
 * access, so activation does not evaluate it and an editor restored after a window reload still finds its provider.
 * "Open as JSON" is a lazily loaded command group (src/commandGroups.ts) that receives the returned loader.
 */
import * as vscode from 'vscode';
import type { CommandContext } from '../commands/registerCommand';
import { loadCore } from '../lazy';
import type { Services } from '../services';
import { CRM_SCHEME } from './scheme';
import type { RecordFileSystem } from './recordFileSystem';

/** Gives the loaded file system (loading it on first call). */
export type RecordDocuments = () => Promise<RecordFileSystem>;

export function registerJsonDocuments(ctx: CommandContext, services: Services): RecordDocuments {
  const changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  let loaded: Promise<RecordFileSystem> | undefined;
  const documents: RecordDocuments = () =>
    (loaded ??= Promise.resolve().then(() => {
      const fs = new (loadCore().RecordFileSystem)(services, changed);
      ctx.subscriptions.push(fs);
      return fs;
    }));

  // Every call forwards to the real provider once it is loaded; `watch` has nothing to do (changes are fired by
  // the provider itself when a save or a comparison changes what a document should show).
  const provider: vscode.FileSystemProvider = {
    onDidChangeFile: changed.event,
    watch: () => new vscode.Disposable(() => undefined),
    stat: async (uri) => (await documents()).stat(uri),
    readDirectory: async () => (await documents()).readDirectory(),
    createDirectory: async () => (await documents()).createDirectory(),
    readFile: async (uri) => (await documents()).readFile(uri),
    writeFile: async (uri, content) => (await documents()).writeFile(uri, content),
    delete: async () => (await documents()).delete(),
    rename: async () => (await documents()).rename(),
  };
  ctx.subscriptions.push(changed, vscode.workspace.registerFileSystemProvider(CRM_SCHEME, provider, { isCaseSensitive: true }));
  return documents;
}
