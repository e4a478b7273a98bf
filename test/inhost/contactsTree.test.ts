/** The Contacts folder: paging with totals, unreadable records, failures as one retryable row. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/views/tree/node';
import type { RecordNode } from '../../src/views/tree/recordNode';
import { adminPost, children, isRecord, label, sandboxUrl, testApi, connectSandbox } from './support/extension';

async function sandboxTotalContacts(): Promise<number> {
  const response = await fetch(`${sandboxUrl()}/api/ext/contacts/metadata`, {
    method: 'POST',
    headers: { Authorization: 'X-API-Key mnt_sandbox_full', 'content-type': 'application/json' },
    body: JSON.stringify({ filters: {}, paginate: { page: 1, limit: 1 } }),
  });
  const body = (await response.json()) as { pagination: { total_records: number } };
  return body.pagination.total_records;
}

describe('Contacts folder', () => {
  let api: TestApi;
  let contacts: ExplorerNode;

  before(async () => {
    api = await testApi();
  });

  beforeEach(async () => {
    await connectSandbox(api);
    const [root] = await children(api);
    const folders = await children(api, root);
    assert.deepEqual(folders.map(label).slice(0, 6), ['Contacts', 'Companies', 'Lists', 'Products', 'Opportunities', 'Pipelines']);
    assert.match(String(folders[0]?.getTreeItem().contextValue), /^crm\.folder\.contacts/);
    contacts = folders[0]!;
  });

  afterEach(async () => {
    await adminPost('reset', {});
  });

  it('loads one page with "Load more — 50 of N" and the next page on Load more', async () => {
    const total = await sandboxTotalContacts();
    assert.ok(total > 100, `sandbox has only ${total} contacts`);
    let rows = await children(api, contacts);
    assert.equal(rows.filter(isRecord).length, 50);
    assert.equal(label(rows.at(-1)!), `Load more — 50 of ${total.toLocaleString('en-US')}`);
    assert.match(String(contacts.getTreeItem().description), new RegExp(total.toLocaleString('en-US')));

    await vscode.commands.executeCommand('crm.loadMore', contacts);
    rows = await children(api, contacts);
    const records = rows.filter(isRecord);
    assert.equal(records.length, 100);
    assert.equal(new Set(records.map((r) => r.id)).size, 100, 'duplicate rows after Load more');
    assert.equal(label(rows.at(-1)!), `Load more — 100 of ${total.toLocaleString('en-US')}`);
  });

  it('keeps the "Load more" click valid after its folder was refreshed: an id of its own, no arguments', async () => {
    // VS Code hands a row command WITH arguments to the workbench under a temporary id and drops it on the folder's
    // next refresh, so a click landing meanwhile (a double click on Load more) failed with "Actual command not found".
    let rows = await children(api, contacts);
    const before = rows.at(-1)!.getTreeItem().command;
    assert.match(String(before?.command), /^crm\.loadMore\.row\d+$/);
    assert.equal(before?.arguments, undefined, 'the Load more click carries arguments');
    await vscode.commands.executeCommand(before!.command);
    rows = await children(api, contacts); // the refresh: new rows and a new "Load more" node
    assert.equal(rows.filter(isRecord).length, 100);
    assert.equal(rows.at(-1)!.getTreeItem().command?.command, before!.command, 'the folder\'s Load more id changed on refresh');
    // The click on the row as it was drawn before the refresh still loads the next page.
    await vscode.commands.executeCommand(before!.command);
    rows = await children(api, contacts);
    assert.equal(rows.filter(isRecord).length, 150);
    assert.equal(new Set(rows.filter(isRecord).map((r) => r.id)).size, 150, 'duplicate rows after the stale click');
  });

  it('shows contacts as "First Last" with "job title · company", escaped tooltips', async () => {
    const rows = (await children(api, contacts)).filter(isRecord) as RecordNode<Record<string, unknown>>[];
    const first = rows[0]!;
    const item = first.getTreeItem();
    const record = first.record;
    assert.equal(item.label, `${String(record.first_name)} ${String(record.last_name)}`.replace(/\s+/g, ' ').trim().slice(0, 120));
    assert.equal(item.contextValue, 'crm.record.contact');
    for (const row of rows) {
      // The tooltip is left out of the row's TreeItem and given on hover (resolveTreeItem), so a folder's refresh does
      // not send (and Markdown-lex) one tooltip per row.
      const item = row.getTreeItem();
      assert.equal(item.tooltip, undefined, 'a record row carries its tooltip in getTreeItem()');
      const tooltip = api.services.explorer.resolveTreeItem(item, row).tooltip as vscode.MarkdownString;
      assert.equal(typeof tooltip?.value, 'string', 'hovering a record row gives no Markdown tooltip');
      assert.equal(tooltip.isTrusted, false);
      assert.ok(!tooltip.supportHtml);
      // No raw markdown link or HTML tag from record data survives unescaped.
      assert.ok(!/\]\(command:/.test(tooltip.value), `command link in tooltip: ${tooltip.value.slice(0, 200)}`);
      assert.ok(!/<(script|img)\b/i.test(tooltip.value), `HTML in tooltip: ${tooltip.value.slice(0, 200)}`);
    }
  });

  it('reports schema-violating records as rows of their own and keeps the rest', async () => {
    await adminPost('faults', { next: [{ kind: 'schema' }], match: 'POST /api/ext/contacts/list' });
    const rows = await children(api, contacts);
    const unreadable = rows.filter((r) => label(r).startsWith('Unreadable record'));
    assert.ok(unreadable.length >= 1, 'no unreadable-record row');
    assert.ok(rows.filter(isRecord).length >= 1, 'valid records were dropped too');
  });

  it('turns a failing folder into one error row that retries on click', async () => {
    // More consecutive 500s than the client retries: the load fails once, visibly.
    await adminPost('faults', { next: [{ kind: '500' }, { kind: '500' }, { kind: '500' }, { kind: '500' }], match: 'POST /api/ext/contacts/list' });
    let rows: ExplorerNode[] = await children(api, contacts);
    assert.equal(rows.length, 1);
    assert.equal(label(rows[0]!), 'Could not load Contacts');
    const command = rows[0]!.getTreeItem().command;
    assert.match(String(command?.command), /^crm\.retryNode\.row\d+$/);
    assert.equal(command?.arguments, undefined, 'the retry click carries arguments, which go stale on a refresh');
    await vscode.commands.executeCommand(command!.command);
    rows = await children(api, contacts);
    assert.equal(rows.filter(isRecord).length, 50);
  });
});
