/** Access to the running extension's test API and small helpers shared by the in-host suites. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension';
import type { ExplorerNode } from '../../../src/views/tree/node';
import type { RecordNode } from '../../../src/views/tree/recordNode';
import { admin, sandboxUrl } from '../../support/sandboxAdmin';

export const EXTENSION_ID = 'crm-explorer.crm-explorer';

export async function testApi(): Promise<TestApi> {
  const extension = vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not installed`);
  const api = await extension.activate();
  assert.ok(api, 'the extension did not return its test API (not in development/test mode?)');
  return api;
}

export { sandboxUrl };

/** Remove every connection (and its secret) so each test starts from an empty explorer. */
export async function removeAllConnections(api: TestApi): Promise<void> {
  for (const connection of api.services.registry.list()) await api.services.registry.remove(connection.id);
  assert.equal(api.services.registry.list().length, 0);
}

/**
 * The common starting point of a suite: the sandbox reset to its seed, no connections, then the sandbox
 * connections added through the real "Try the Local Sandbox" command. Returns the active (Minotaur) connection id.
 */
export async function connectSandbox(api: TestApi): Promise<string> {
  await adminPost('reset', {});
  await removeAllConnections(api);
  await vscode.workspace.getConfiguration('crm').update('sandboxUrl', sandboxUrl(), vscode.ConfigurationTarget.Global);
  const connection = (await vscode.commands.executeCommand('crm.trySandbox')) as { id: string } | undefined;
  assert.ok(connection, 'Try the Local Sandbox connected nothing');
  return connection.id;
}

export async function children(api: TestApi, node?: ExplorerNode): Promise<ExplorerNode[]> {
  return api.services.explorer.getChildren(node);
}

/** The Contacts folder of the first connection (the Minotaur one that connectSandbox makes first). */
export async function contactsFolderOf(api: TestApi): Promise<ExplorerNode> {
  const [root] = await children(api);
  const contacts = (await children(api, root)).find((f) => /^crm\.folder\.contacts\b/.test(String(f.getTreeItem().contextValue)));
  assert.ok(contacts, 'no Contacts folder');
  return contacts;
}

export function label(node: ExplorerNode): string {
  const item = node.getTreeItem();
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

/** POST /__admin/`path` of the sandbox (test/support/sandboxAdmin.ts has the typed helpers). */
export const adminPost = (path: string, body: unknown): Promise<unknown> => admin<unknown>('POST', `/${path}`, body);
export const adminGet = (path: string): Promise<unknown> => admin<unknown>('GET', `/${path}`);

/** Record rows, told apart by contextValue: test bundles have their own copies of the classes, so no instanceof. */
export function isRecord(node: ExplorerNode): node is RecordNode<unknown> {
  return String(node.getTreeItem().contextValue).startsWith('crm.record.');
}
