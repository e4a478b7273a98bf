/** The other Minotaur folders and the record commands on them, against the sandbox. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/views/tree/node';
import { adminGet, adminPost, children, isRecord, label, sandboxUrl, testApi, connectSandbox } from './support/extension';
import { ScriptedPrompter, byLabel } from './support/scriptedPrompter';

async function minotaur<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${sandboxUrl()}/api/ext${path}`, {
    method,
    headers: { Authorization: 'X-API-Key mnt_sandbox_full', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(response.ok, `${method} ${path} answered ${response.status}`);
  return (await response.json()) as T;
}

describe('Minotaur explorer folders and record commands', () => {
  let api: TestApi;
  let folders: Map<string, ExplorerNode>;

  before(async () => {
    api = await testApi();
  });

  beforeEach(async () => {
    await connectSandbox(api);
    const [root] = await children(api);
    folders = new Map((await children(api, root)).map((f) => [label(f), f]));
  });

  afterEach(async () => {
    api.services.prompter = new ScriptedPrompter();
    await adminPost('reset', {});
  });

  it('lists companies, lists, products, opportunities with totals, and pipeline stages', async () => {
    for (const name of ['Companies', 'Lists', 'Products', 'Opportunities']) {
      const folder = folders.get(name);
      assert.ok(folder, `no ${name} folder`);
      const rows = await children(api, folder);
      assert.ok(rows.filter(isRecord).length > 0, `${name} is empty: ${rows.map(label).join(', ')}`);
      assert.match(String(folder.getTreeItem().description), /^\d[\d,]*/, `${name} shows no total`);
    }
    const pipelines = (await children(api, folders.get('Pipelines'))).filter(isRecord);
    assert.ok(pipelines.length > 0);
    const stages = await children(api, pipelines[0]);
    assert.ok(stages.length > 0 && stages.every((s) => s.getTreeItem().contextValue === 'crm.record.stage'), stages.map(label).join(', '));
  });

  it('filters contacts by a field with "is any of" values and clears the filter', async () => {
    const contacts = folders.get('Contacts')!;
    const all = await children(api, contacts);
    const firstRecord = all.find(isRecord)!.record as { location_country?: string };
    const country = firstRecord.location_country!;
    api.services.prompter = new ScriptedPrompter(
      { pick: byLabel('location_country') },
      { input: country },
      { pickMany: (items) => items.filter((i) => i.label.toLowerCase() === country.toLowerCase()).map((i) => i.value) },
    );
    const filter = (await vscode.commands.executeCommand('crm.filterFolder', contacts)) as Record<string, string[]>;
    assert.deepEqual(Object.keys(filter), ['location_country']);
    const rows = (await children(api, contacts)).filter(isRecord);
    assert.ok(rows.length > 0);
    for (const row of rows) assert.match(String((row.record as { location_country?: string }).location_country), new RegExp(country, 'i'));
    assert.match(String(contacts.getTreeItem().description), /filter: location_country/);
    assert.match(String(contacts.getTreeItem().contextValue), /\.filtered/);

    await vscode.commands.executeCommand('crm.clearFilter', contacts);
    assert.doesNotMatch(String(contacts.getTreeItem().description), /filter:/);
  });

  it('sorts contacts by score, highest first', async () => {
    const contacts = folders.get('Contacts')!;
    api.services.prompter = new ScriptedPrompter({ pick: byLabel('Highest score first') });
    await vscode.commands.executeCommand('crm.sortByScore', contacts);
    const scores = (await children(api, contacts)).filter(isRecord).map((r) => Number((r.record as { score?: number }).score ?? 0));
    assert.ok(scores.length > 1);
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
  });

  it('searches companies by name', async () => {
    const companies = folders.get('Companies')!;
    const first = (await children(api, companies)).find(isRecord)!;
    const word = String((first.record as { company_name: string }).company_name).split(/\s+/)[0]!;
    api.services.prompter = new ScriptedPrompter({ input: word });
    await vscode.commands.executeCommand('crm.searchFolder', companies);
    const names = (await children(api, companies)).filter(isRecord).map((r) => String((r.record as { company_name: string }).company_name));
    assert.ok(names.length > 0);
    for (const name of names) assert.ok(name.toLowerCase().includes(word.toLowerCase()), name);
  });

  it('deletes several selected contacts after a modal naming them', async () => {
    const contacts = folders.get('Contacts')!;
    const rows = (await children(api, contacts)).filter(isRecord).slice(0, 2);
    const prompter = new ScriptedPrompter({ confirm: 'Delete' });
    api.services.prompter = prompter;
    const deleted = await vscode.commands.executeCommand('crm.deleteRecords', rows[0], rows);
    assert.equal(deleted, 2);
    assert.match(prompter.asked[0]!.title, /Delete 2 contacts\?/);
    for (const row of rows) {
      assert.match(prompter.asked[0]!.text, new RegExp(row.view.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      const response = await fetch(`${sandboxUrl()}/api/ext/contacts/${row.view.id}`, { headers: { Authorization: 'X-API-Key mnt_sandbox_full' } });
      assert.equal(response.status, 404, `contact ${row.view.id} still exists`);
    }
  });

  it('cancelling the delete modal deletes nothing', async () => {
    const contacts = folders.get('Contacts')!;
    const [row] = (await children(api, contacts)).filter(isRecord);
    api.services.prompter = new ScriptedPrompter({ confirm: undefined });
    assert.equal(await vscode.commands.executeCommand('crm.deleteRecords', row, [row]), 0);
    const stats = (await adminGet('stats')) as { requests: Record<string, number> } & Record<string, unknown>;
    assert.ok(!JSON.stringify(stats).includes('DELETE /api/ext/contacts'), 'a DELETE was sent');
  });

  it('a key refused contacts:delete once is not asked again: the next Delete refuses before the modal', async () => {
    const [root] = await children(api);
    const connectionId = api.services.registry.list()[0]!.id;
    api.services.prompter = new ScriptedPrompter({ input: 'mnt_sandbox_readonly' });
    await vscode.commands.executeCommand('crm.replaceKey', connectionId);
    const contacts = (await children(api, root)).find((f) => label(f) === 'Contacts')!;
    const [row] = (await children(api, contacts)).filter(isRecord);

    api.services.prompter = new ScriptedPrompter({ confirm: 'Delete' });
    assert.equal(await vscode.commands.executeCommand('crm.deleteRecords', row, [row]), 0);
    const client = await api.services.clients.minotaur(api.services.registry.get(connectionId)!);
    assert.deepEqual(api.services.permissions.denied(connectionId, client), ['contacts:delete']);

    const second = new ScriptedPrompter();
    api.services.prompter = second;
    assert.equal(await vscode.commands.executeCommand('crm.deleteRecords', row, [row]), undefined);
    assert.equal(second.asked.length, 0, 'the modal was shown although the permission is known to be missing');
    const stats = JSON.stringify(await adminGet('stats'));
    const deletes = stats.match(/DELETE \/api\/ext\/contacts\/:id"?:\s*(\d+)/);
    assert.ok(deletes, `no DELETE in the stats: ${stats.slice(0, 300)}`);
    assert.equal(deletes[1], '1', 'the second Delete reached the server');
  });

  it('copies the e-mail of a contact', async () => {
    const [row] = (await children(api, folders.get('Contacts'))).filter(isRecord);
    const emails = (await vscode.commands.executeCommand('crm.copyEmail', row, [row])) as string[];
    assert.equal(emails[0], (row!.record as { work_email: string }).work_email);
    assert.equal(await vscode.env.clipboard.readText(), emails[0]);
  });

  it('duplicates a list under a new name and adds selected contacts to a list', async () => {
    const lists = folders.get('Lists')!;
    const [list] = (await children(api, lists)).filter(isRecord);
    api.services.prompter = new ScriptedPrompter({ input: 'Copy made by the test' });
    await vscode.commands.executeCommand('crm.duplicateList', list);
    const found = await minotaur<{ data: Array<{ name: string }> }>('POST', '/list-contact/list', { filters: { name: ['Copy made by the test'] }, paginate: { page: 1, limit: 10 } });
    assert.equal(found.data.length, 1);

    const contacts = (await children(api, folders.get('Contacts'))).filter(isRecord).slice(0, 3);
    api.services.prompter = new ScriptedPrompter({ pick: byLabel('Copy made by the test') });
    await vscode.commands.executeCommand('crm.addToList', contacts[0], contacts);
    const listId = (found.data[0] as unknown as { id: string }).id;
    const members = await minotaur<unknown[]>('POST', '/contacts/list', { filters: { list_id: [listId] }, paginate: { page: 1, limit: 100 } });
    const memberIds = (members as Array<{ id: string }>).map((m) => m.id);
    for (const contact of contacts) assert.ok(memberIds.includes(contact.view.id), `${contact.view.id} not in the list`);
  });
});
