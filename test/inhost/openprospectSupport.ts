/** Helpers shared by the OpenProspect in-host suites (bundled into each; not a suite itself). */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { PickItem } from '../../src/ui/prompter';
import type { FormPanel } from '../../src/views/form/formPanel';
import type { ExtensionMessage, InitMessage } from '../../src/views/form/protocol';
import type { ExplorerNode } from '../../src/views/tree/node';
import { adminGet, children, label, sandboxUrl } from './support/extension';
import { ScriptedPrompter } from './support/scriptedPrompter';

/** A direct call to the sandbox's OpenProspect API (what the server holds, independent of the extension). */
export async function op<T>(method: string, path: string, body?: unknown, key = 'op_sandbox_full'): Promise<T> {
  const response = await rawOp(method, path, body, key);
  assert.ok(response.ok, `${method} ${path} answered ${response.status}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export function rawOp(method: string, path: string, body?: unknown, key = 'op_sandbox_full', headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${sandboxUrl()}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** How many requests the sandbox saw for a route (`"POST /api/v1/orders"`). */
export async function routeCount(route: string): Promise<number> {
  const stats = (await adminGet('stats')) as { requests: { by_route: Record<string, number> } };
  return stats.requests.by_route[route] ?? 0;
}

export async function opRoot(api: TestApi, name?: string): Promise<ExplorerNode> {
  const roots = await children(api);
  const root = roots.find((r) => (name ? label(r) === name : String(r.getTreeItem().description).startsWith('OpenProspect')));
  assert.ok(root, `no OpenProspect connection ${name ?? ''} in the tree: ${roots.map(label).join(', ')}`);
  return root;
}

export async function folderMap(api: TestApi, node: ExplorerNode): Promise<Map<string, ExplorerNode>> {
  return new Map((await children(api, node)).map((f) => [label(f), f]));
}

export const connectionIdOf = (node: ExplorerNode) => (node as unknown as { connection: { id: string } }).connection.id;

/** Adds an OpenProspect sandbox connection with `key` through Add Connection. Undefined when the key was refused. */
export async function addOpConnection(api: TestApi, key: string, name: string, options: { refused?: boolean } = {}): Promise<{ id: string } | undefined> {
  const opSandbox = (items: PickItem<unknown>[]) =>
    items.find((i) => i.label === 'Local sandbox' && (i.value as { provider?: string } | undefined)?.provider === 'openprospect')?.value;
  const prompter = new ScriptedPrompter({ pick: opSandbox }, { input: name }, { input: key }, ...(options.refused ? [{ confirm: undefined }] : []));
  api.services.prompter = prompter;
  const connection = (await vscode.commands.executeCommand('crm.addConnection')) as { id: string } | undefined;
  assert.equal(prompter.remaining, 0, `Add Connection asked less than expected: ${JSON.stringify(prompter.asked)}`);
  if (!options.refused) assert.ok(connection, 'addConnection returned nothing');
  return connection;
}

/** The latest message of a type the extension posted to a form. */
export function lastOf<T extends ExtensionMessage['type']>(form: FormPanel, type: T): Extract<ExtensionMessage, { type: T }> | undefined {
  return [...form.sent].reverse().find((m): m is Extract<ExtensionMessage, { type: T }> => m.type === type);
}

/** What the webview would do first: say `ready` and get `init`. */
export async function ready(form: FormPanel): Promise<InitMessage> {
  await form.receive({ type: 'ready' });
  const init = lastOf(form, 'init');
  assert.ok(init, 'no init message after ready');
  return init;
}

/** Errors the command wrapper would show, recorded instead (restore with `restore()`). */
export function recordErrors(api: TestApi): { presented: Array<{ message: string; kind?: string; requirement?: string; what: string }>; restore(): void } {
  const presenter = api.services.errors as unknown as { present: (error: unknown, what: string) => Promise<void> };
  const presented: Array<{ message: string; kind?: string; requirement?: string; what: string }> = [];
  presenter.present = async (error: unknown, what: string) => {
    const e = error as { message: string; kind?: string; requirement?: string };
    presented.push({ message: e.message, kind: e.kind, requirement: e.requirement, what });
  };
  return { presented, restore: () => delete (presenter as { present?: unknown }).present };
}
