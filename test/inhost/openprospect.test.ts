/** The OpenProspect explorer and its commands, inside the extension host, against the sandbox over HTTP. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/views/tree/node';
import { adminGet, adminPost, children, isRecord, label, sandboxUrl, testApi, connectSandbox } from './support/extension';
import { ScriptedPrompter } from './support/scriptedPrompter';
import { addOpConnection, connectionIdOf, folderMap, op, opRoot } from './openprospectSupport';

const WATCHED_ORDERS_KEY = 'crm.openprospect.watchedOrders';

describe('OpenProspect explorer', () => {
  let api: TestApi;
  let root: ExplorerNode;
  let folders: Map<string, ExplorerNode>;

  before(async () => {
    api = await testApi();
  });

  beforeEach(async () => {
    await connectSandbox(api);
    root = await opRoot(api);
    folders = await folderMap(api, root);
  });

  afterEach(async () => {
    api.services.prompter = new ScriptedPrompter();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await adminPost('reset', {});
  });

  it('Add Connection offers OpenProspect, validates the key and shows its scopes in the tooltip', async () => {
    const connection = (await addOpConnection(api, 'op_sandbox_readonly', 'Read-only OP'))!;
    const scopes = api.openProspect.scopes.get(connection.id);
    assert.ok(scopes?.includes('orders:read') && !scopes.includes('orders:write'), String(scopes));
    const node = (await children(api)).find((r) => label(r) === 'Read-only OP')!;
    const tooltip = node.getTreeItem().tooltip as vscode.MarkdownString;
    assert.match(tooltip.value, /Scopes\\: orders\\:read/);
    assert.doesNotMatch(tooltip.value, /orders\\:write/);
  });

  it('lists every folder with totals; searches → delivered companies → prospects; blacklists → entries with Load more', async () => {
    assert.deepEqual([...folders.keys()], ['Prospect Searches', 'Companies', 'Prospects', 'Orders', 'Blacklists']);
    for (const [name, folder] of folders) {
      const rows = await children(api, folder);
      assert.ok(rows.filter(isRecord).length > 0, `${name} is empty: ${rows.map(label).join(', ')}`);
      assert.match(String(folder.getTreeItem().description), /^\d[\d,]*$/, `${name} shows no total`);
    }
    const orders = (await children(api, folders.get('Orders'))).filter(isRecord);
    assert.ok(orders.some((o) => String(o.getTreeItem().contextValue) === 'crm.record.opOrder.completed'));
    assert.ok(orders.every((o) => (o.getTreeItem().iconPath as vscode.ThemeIcon).id !== 'question'));

    const [search] = (await children(api, folders.get('Prospect Searches'))).filter(isRecord);
    const [delivered] = await children(api, search);
    assert.equal(label(delivered!), 'Delivered Companies');
    const companies = (await children(api, delivered)).filter(isRecord);
    assert.ok(companies.length > 0);
    const withProspects = companies.find((c) => /prospects/.test(String(c.getTreeItem().description)) && !/\b0 prospects/.test(String(c.getTreeItem().description)))!;
    const prospects = await children(api, withProspects);
    assert.ok(prospects.length > 0 && prospects.every((p) => String(p.getTreeItem().contextValue) === 'crm.record.opProspect'), prospects.map(label).join(', '));

    const blacklists = (await children(api, folders.get('Blacklists'))).filter(isRecord);
    const existing = blacklists.find((b) => label(b) === 'Existing customers')!;
    assert.match(String(existing.getTreeItem().description), /1,200 entries/);
    const [entries] = await children(api, existing);
    const firstPage = await children(api, entries);
    const more = firstPage.at(-1)!;
    assert.match(label(more), /^Load more — 50 of 1,200$/);
    await vscode.commands.executeCommand('crm.loadMore', entries);
    assert.equal((await children(api, entries)).filter(isRecord).length, 100);
  });

  it('a restricted key sees "needs <scope>" rows instead of failing calls, and no write actions', async () => {
    const orders = (await addOpConnection(api, 'op_sandbox_orders', 'Orders only'))!;
    const node = (await children(api)).find((r) => label(r) === 'Orders only')!;
    const byName = await folderMap(api, node);
    const blacklistRows = await children(api, byName.get('Blacklists'));
    assert.equal(blacklistRows.length, 1);
    assert.match(String(blacklistRows[0]!.getTreeItem().description), /needs blacklists:read/);
    assert.ok((await children(api, byName.get('Orders'))).filter(isRecord).length > 0);
    const stats = (await adminGet('stats')) as { requests: { by_key?: Record<string, number>; by_route: Record<string, number> } };
    assert.equal(stats.requests.by_route['GET /api/v1/blacklists'] ?? 0, 0, 'a refused list was still requested');
    assert.ok(api.services.registry.get(orders.id));

    await addOpConnection(api, 'op_sandbox_readonly', 'Read only');
    const readonly = await folderMap(api, (await children(api)).find((r) => label(r) === 'Read only')!);
    const [blacklist] = (await children(api, readonly.get('Blacklists'))).filter(isRecord);
    assert.equal(blacklist!.getTreeItem().contextValue, 'crm.record.opBlacklist', 'write actions offered to a read-only key');
    // And the server's own 403 names the missing scope.
    const client = await api.services.clients.openProspect(api.services.registry.list().find((c) => c.name === 'Read only')!);
    await assert.rejects(client.createBlacklist({ name: 'x' }, 'k-1'), (error: { kind: string; requirement?: string; message: string; code?: string }) => {
      assert.equal(error.kind, 'forbidden');
      assert.equal(error.requirement, 'blacklists:write');
      assert.equal(error.code, 'AUTHORIZATION_ERROR');
      return true;
    });
  });

  it('shows company details with job listings, jobs summary, technologies and their summary', async () => {
    const [company] = (await children(api, folders.get('Companies'))).filter(isRecord);
    const document = (await vscode.commands.executeCommand('crm.op.showCompanyDetails', company)) as vscode.TextDocument;
    const text = document.getText();
    assert.equal(document.languageId, 'markdown');
    for (const heading of ['## Jobs summary', '## Job listings', '## Web technologies summary', '## Web technologies']) assert.ok(text.includes(heading), heading);
    assert.match(text, /total\\_jobs|total_jobs/);
    assert.match(text, /\| Technology \| Category/);
  });

  it('watches an order to COMPLETED (advanced by the admin endpoint), keeps the watch in global state, then opens its results', async () => {
    const { orders } = await op<{ orders: Array<{ id: string; title: string }> }>('GET', '/orders?status=RECEIVED&limit=1');
    const order = orders[0]!;
    const target = { connectionId: connectionIdOf(root), orderId: order.id, title: order.title };
    const watching = vscode.commands.executeCommand('crm.op.watchOrder', target) as Thenable<{ status: string } | undefined>;
    for (let i = 0; i < 3; i++) await adminPost(`orders/${order.id}/advance`, {});
    // Watching it again polls at once instead of waiting for the backoff (and shares the one watch).
    const again = (await vscode.commands.executeCommand('crm.op.watchOrder', target)) as { status: string };
    assert.equal(again.status, 'COMPLETED');
    assert.equal((await watching)?.status, 'COMPLETED');
    assert.deepEqual(api.services.context.globalState.get(WATCHED_ORDERS_KEY), []);

    const opened = (await vscode.commands.executeCommand('crm.op.openOrderResults', target)) as { markdown: vscode.TextDocument; json: vscode.TextDocument };
    assert.match(opened.markdown.getText(), /^# Results of order/);
    const json = JSON.parse(opened.json.getText()) as { status: string; items: Array<{ company_name: string }> };
    assert.equal(opened.json.languageId, 'json');
    assert.equal(json.status, 'COMPLETED');
    assert.ok(json.items.length > 0);
    assert.ok(opened.markdown.getText().includes(json.items[0]!.company_name.split(' ')[0]!));
  });

  it('resumes a watch kept in global state (as after a window reload)', async () => {
    const { orders } = await op<{ orders: Array<{ id: string }> }>('GET', '/orders?status=ACCEPTED&limit=1');
    const orderId = orders[0]!.id;
    const connectionId = connectionIdOf(root);
    await api.services.context.globalState.update(WATCHED_ORDERS_KEY, [{ connectionId, orderId }]);
    api.openProspect.watcher.resume((id) => id === connectionId);
    assert.ok(api.openProspect.watcher.isWatching(connectionId, orderId));
    await adminPost(`orders/${orderId}/advance`, {});
    await adminPost(`orders/${orderId}/advance`, {});
    const done = (await vscode.commands.executeCommand('crm.op.watchOrder', { connectionId, orderId })) as { status: string };
    assert.equal(done.status, 'COMPLETED');
    assert.deepEqual(api.services.context.globalState.get(WATCHED_ORDERS_KEY), []);
  });

  it('creates a blacklist, adds 2,500 entries from CSV in one batch and 10,001 in two, removes selected entries, renames and deletes it', async () => {
    api.services.prompter = new ScriptedPrompter({ input: 'Test blacklist' }, { input: 'made in-host' });
    await vscode.commands.executeCommand('crm.op.createBlacklist', folders.get('Blacklists'));
    let blacklist = (await children(api, folders.get('Blacklists'))).filter(isRecord).find((b) => label(b) === 'Test blacklist')!;
    assert.ok(blacklist, 'the new blacklist is not listed');
    assert.equal(blacklist.getTreeItem().contextValue, 'crm.record.opBlacklist.writable');
    const blacklistId = blacklist.view.id;

    const rows = (n: number, prefix: string) => ['company_name,website_url,external_id', ...Array.from({ length: n }, (_, i) => `${prefix} Company ${i},${prefix}${i}.example.com,${prefix}-${i}`)];
    const first = [...rows(2500, 'a'), 'broken,not a url,'].join('\n');
    let prompter = new ScriptedPrompter({ confirm: 'Add the 2,500 Valid Rows' });
    api.services.prompter = prompter;
    const one = (await vscode.commands.executeCommand('crm.op.addBlacklistEntries', blacklist, undefined, { text: first })) as { batches: number; created: number; invalid: number };
    assert.deepEqual([one.batches, one.created, one.invalid], [1, 2500, 1]);
    assert.match(prompter.asked[0]!.text, /2,500 valid rows, 1 invalid row.*line 2502/);

    prompter = new ScriptedPrompter({ confirm: 'Add 10,001 Entries' });
    api.services.prompter = prompter;
    const two = (await vscode.commands.executeCommand('crm.op.addBlacklistEntries', blacklist, undefined, { text: rows(10_001, 'b').join('\n') })) as { batches: number; created: number };
    assert.deepEqual([two.batches, two.created], [2, 10_001]);
    assert.match(prompter.asked[0]!.text, /2 requests of at most 10,000/);
    assert.equal((await op<{ entries_count: number }>('GET', `/blacklists/${blacklistId}`)).entries_count, 12_501);

    blacklist = (await children(api, folders.get('Blacklists'))).filter(isRecord).find((b) => label(b) === 'Test blacklist')!;
    assert.match(String(blacklist.getTreeItem().description), /12,501 entries/);
    const [entriesFolder] = await children(api, blacklist);
    const entries = (await children(api, entriesFolder)).filter(isRecord).slice(0, 3);
    prompter = new ScriptedPrompter({ confirm: 'Remove' });
    api.services.prompter = prompter;
    assert.equal(await vscode.commands.executeCommand('crm.op.removeBlacklistEntries', entries[0], entries), 3);
    assert.match(prompter.asked[0]!.title, /Remove 3 entries from "Test blacklist"/);
    assert.equal((await op<{ entries_count: number }>('GET', `/blacklists/${blacklistId}`)).entries_count, 12_498);

    blacklist = (await children(api, folders.get('Blacklists'))).filter(isRecord).find((b) => label(b) === 'Test blacklist')!;
    api.services.prompter = new ScriptedPrompter({ input: 'Renamed blacklist' }, { input: 'made in-host' });
    await vscode.commands.executeCommand('crm.op.editBlacklist', blacklist);
    assert.equal((await op<{ name: string }>('GET', `/blacklists/${blacklistId}`)).name, 'Renamed blacklist');

    blacklist = (await children(api, folders.get('Blacklists'))).filter(isRecord).find((b) => label(b) === 'Renamed blacklist')!;
    api.services.prompter = new ScriptedPrompter({ confirm: 'Delete' });
    assert.equal(await vscode.commands.executeCommand('crm.deleteRecords', blacklist, [blacklist]), 1);
    const gone = await fetch(`${sandboxUrl()}/api/v1/blacklists/${blacklistId}`, { headers: { Authorization: 'Bearer op_sandbox_full' } });
    assert.equal(gone.status, 404);
  });

  it('assigns blacklists to a prospect search, pre-selected with the current assignment', async () => {
    const [search] = (await children(api, folders.get('Prospect Searches'))).filter(isRecord);
    assert.match(String(search!.getTreeItem().contextValue), /^crm\.record\.opSearch\.assignable/);
    const searchId = search!.view.id;
    const before = await op<{ items: Array<{ id: string }> }>('GET', `/prospect-searches/${searchId}/blacklists`);
    const { items: all } = await op<{ items: Array<{ id: string; name: string }> }>('GET', '/blacklists?limit=100');
    let picked: string[] = [];
    api.services.prompter = new ScriptedPrompter({
      pickMany: (items) => {
        picked = items.filter((i) => i.picked).map((i) => String(i.value));
        return all.map((b) => b.id);
      },
    });
    const chosen = (await vscode.commands.executeCommand('crm.op.assignBlacklists', search)) as string[];
    assert.deepEqual(picked.sort(), before.items.map((b) => b.id).sort());
    assert.deepEqual(chosen.sort(), all.map((b) => b.id).sort());
    const after = await op<{ items: Array<{ id: string }> }>('GET', `/prospect-searches/${searchId}/blacklists`);
    assert.deepEqual(after.items.map((b) => b.id).sort(), all.map((b) => b.id).sort());
  });
});
