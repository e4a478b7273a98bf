/** Connection lifecycle inside the real extension host, against the sandbox over HTTP. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { secretKeyFor } from '../../src/connections/model';
import { adminPost, children, label, removeAllConnections, sandboxUrl, testApi } from './support/extension';
import { ScriptedPrompter, byLabel } from './support/scriptedPrompter';

describe('Connections', () => {
  let api: TestApi;

  before(async () => {
    api = await testApi();
  });

  beforeEach(async () => {
    await removeAllConnections(api);
    await vscode.workspace.getConfiguration('crm').update('sandboxUrl', sandboxUrl(), vscode.ConfigurationTarget.Global);
  });

  afterEach(() => {
    api.services.prompter = new ScriptedPrompter();
  });

  it('adds a Minotaur connection: key checked, stored only in SecretStorage', async () => {
    const prompter = new ScriptedPrompter(
      { pick: byLabel('Local sandbox') },
      { input: 'My sandbox' },
      { input: 'mnt_sandbox_full' },
    );
    api.services.prompter = prompter;
    const connection = (await vscode.commands.executeCommand('crm.addConnection')) as { id: string; baseUrl: string } | undefined;
    assert.ok(connection, 'addConnection returned nothing');
    assert.equal(prompter.remaining, 0);
    assert.equal(connection.baseUrl, `${sandboxUrl()}/api/ext`);
    const listed = api.services.registry.list();
    assert.deepEqual(listed.map((c) => c.name), ['My sandbox']);
    assert.equal(await api.services.context.secrets.get(secretKeyFor(connection.id)), 'mnt_sandbox_full');
    // The key must not be anywhere else: not in global state, not in settings.
    const state = JSON.stringify(api.services.context.globalState.keys().map((k) => api.services.context.globalState.get(k)));
    assert.ok(!state.includes('mnt_sandbox_full'), 'key leaked into global state');
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('crm')).includes('mnt_sandbox_full'), 'key leaked into settings');
    // The key prompt was a password box and offered the production/staging URLs too.
    // One pick for service and URL, grouped by service (the group labels are separators).
    assert.deepEqual(prompter.asked[0]?.items, ['Minotaur Sales', 'Production', 'Staging', 'Local sandbox', 'Other URL…', 'OpenProspect', 'Production', 'Local sandbox', 'Other URL…']);
  });

  it('the ky-based client works on the extension host\'s Node 20 (ky 1.x, not 2.x which needs Node 22)', async () => {
    assert.match(process.version, /^v20\./);
    const connection = (await vscode.commands.executeCommand('crm.trySandbox')) as { id: string } | undefined;
    assert.ok(connection);
    const client = await api.services.clients.minotaur(api.services.registry.get(connection.id)!);
    const summary = await client.customerSummary();
    assert.equal(typeof summary.subscription?.balance, 'number');
  });

  it('refuses a wrong key with the server reason and saves nothing', async () => {
    const prompter = new ScriptedPrompter(
      { pick: byLabel('Local sandbox') },
      { input: 'Bad key' },
      { input: 'mnt_sandbox_rotated' },
      { confirm: undefined },
    );
    api.services.prompter = prompter;
    const result = await vscode.commands.executeCommand('crm.addConnection');
    assert.equal(result, undefined);
    const refusal = prompter.asked.find((p) => p.kind === 'confirm');
    assert.match(refusal?.title ?? '', /invalid or unauthorized/);
    assert.equal(api.services.registry.list().length, 0);
  });

  it('refuses plain http to a non-loopback host before asking for a key', async () => {
    const prompter = new ScriptedPrompter({ pick: byLabel('Other URL…') }, { input: 'http://crm.example.com/api/ext', expectValidationError: true });
    api.services.prompter = prompter;
    const result = await vscode.commands.executeCommand('crm.addConnection');
    assert.equal(result, undefined);
    assert.match(prompter.asked[1]?.validation ?? '', /Refusing to send an API key over plain http/);
    assert.equal(api.services.registry.list().length, 0);
  });

  it('Try the Local Sandbox connects both sandbox APIs with their demo keys; Minotaur becomes active', async () => {
    const connection = (await vscode.commands.executeCommand('crm.trySandbox')) as { id: string } | undefined;
    assert.ok(connection);
    assert.equal(api.services.registry.active()?.id, connection.id);
    const roots = await children(api);
    assert.equal(roots.length, 2);
    assert.match(String(roots[0]?.getTreeItem().description), /Minotaur Sales · active/);
    assert.match(String(roots[1]?.getTreeItem().description), /^OpenProspect$/);
  });

  it('Replace Key checks the new key, then swaps it; Remove deletes the secret', async () => {
    const connection = (await vscode.commands.executeCommand('crm.trySandbox')) as { id: string };
    api.services.prompter = new ScriptedPrompter({ input: 'mnt_sandbox_readonly' });
    assert.equal(await vscode.commands.executeCommand('crm.replaceKey', connection.id), true);
    assert.equal(await api.services.context.secrets.get(secretKeyFor(connection.id)), 'mnt_sandbox_readonly');

    api.services.prompter = new ScriptedPrompter({ confirm: 'Remove' });
    assert.equal(await vscode.commands.executeCommand('crm.removeConnection', connection.id), true);
    assert.equal(api.services.registry.get(connection.id), undefined);
    assert.equal(await api.services.context.secrets.get(secretKeyFor(connection.id)), undefined);
  });

  it('a rotated key marks the connection and shows one error row instead of records', async () => {
    const connection = (await vscode.commands.executeCommand('crm.trySandbox')) as { id: string };
    // Give this connection a key of its own, then rotate it on the server.
    api.services.prompter = new ScriptedPrompter({ input: 'mnt_sandbox_contacts' });
    await vscode.commands.executeCommand('crm.replaceKey', connection.id);
    await adminPost('rotate', { key: 'mnt_sandbox_contacts' });
    try {
      const [root] = await children(api);
      assert.ok(root);
      const [contacts] = await children(api, root);
      assert.ok(contacts);
      const rows = await children(api, contacts);
      assert.equal(rows.length, 1);
      assert.equal(label(rows[0]!), 'Could not load Contacts');
      assert.match(String(rows[0]!.getTreeItem().description), /key rejected/);
      assert.equal(api.services.keyHealth.isRejected(connection.id), true);
      assert.match(String(root.getTreeItem().description), /key rejected/);
    } finally {
      await adminPost('reset', {});
    }
  });
});
