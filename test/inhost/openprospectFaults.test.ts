/**
 * OpenProspect when things go wrong, inside the extension host against the sandbox: the rate-limited key (429 with
 * an hour-long Retry-After: shown with its time, nothing retried, cached rows kept), a short 429 (reads wait it out,
 * writes are never retried), a failed batch of blacklist entries (what was added and what was not, nothing lost),
 * the revoked key (at Add Connection and at run time), and a 403 naming the missing scope for each restricted key.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { OpenProspectClient } from '../../src/api/openprospect/client';
import { adminPost, children, isRecord, label, testApi, connectSandbox } from './support/extension';
import { ScriptedPrompter } from './support/scriptedPrompter';
import { addOpConnection, connectionIdOf, folderMap, op, opRoot, rawOp, recordErrors, routeCount } from './openprospectSupport';

const OP_FOLDERS = ['Prospect Searches', 'Companies', 'Prospects', 'Orders', 'Blacklists'];

describe('OpenProspect faults and restricted keys', () => {
  let api: TestApi;
  let errors: ReturnType<typeof recordErrors>;

  before(async () => {
    api = await testApi();
  });

  beforeEach(async () => {
    await connectSandbox(api);
    errors = recordErrors(api);
  });

  afterEach(async () => {
    errors.restore();
    api.services.prompter = new ScriptedPrompter();
    await adminPost('reset', {});
  });

  const clientOf = (name: string): Promise<OpenProspectClient> =>
    api.services.clients.openProspect(api.services.registry.list().find((c) => c.name === name)!);

  it('the rate-limited key: a 429 with an hour-long Retry-After shows "rate limited until HH:MM", is not retried, and a write is not resent', async () => {
    await addOpConnection(api, 'op_sandbox_ratelimited', 'Rate limited');
    const root = await opRoot(api, 'Rate limited');
    const folders = await folderMap(api, root);
    // The rows loaded before the limit stay usable.
    const orders = (await children(api, folders.get('Orders'))).filter(isRecord);
    assert.ok(orders.length > 0);
    // Use up the rest of the key's 3 requests per hour.
    let limited: Response | undefined;
    for (let i = 0; i < 3 && !limited; i++) {
      const response = await rawOp('GET', '/auth/validate', undefined, 'op_sandbox_ratelimited');
      if (response.status === 429) limited = response;
    }
    assert.ok(limited, 'the rate-limited key was never limited');
    assert.ok(Number(limited.headers.get('retry-after')) > 60, `Retry-After: ${limited.headers.get('retry-after')}`);

    const before = await routeCount('GET /api/v1/blacklists');
    const rows = await children(api, folders.get('Blacklists'));
    assert.equal(rows.length, 1);
    assert.match(String(rows[0]!.getTreeItem().description), /^rate limited until \d{1,2}:\d{2}/);
    assert.equal(await routeCount('GET /api/v1/blacklists'), before + 1, 'a rate-limited read was retried');
    assert.deepEqual((await children(api, folders.get('Orders'))).filter(isRecord).map(label), orders.map(label), 'cached orders were dropped');

    const prompter = new ScriptedPrompter({ input: 'Never made' }, { input: '' });
    api.services.prompter = prompter;
    assert.equal(await vscode.commands.executeCommand('crm.op.createBlacklist', folders.get('Blacklists')), undefined);
    assert.equal(prompter.remaining, 0, 'a refused create asked more (a 429 is a definite answer, not "Retry?")');
    assert.equal(errors.presented.length, 1);
    assert.equal(errors.presented[0]!.kind, 'rateLimited');
    assert.match(errors.presented[0]!.message, /^Rate limited by the server until \d{1,2}:\d{2}( [AP]M)?\. Cached data stays usable/);
    assert.equal(await routeCount('POST /api/v1/blacklists'), 1);
  });

  it('a short 429 is waited out for a read (Retry-After honoured) but a write gets exactly one request', async () => {
    const folders = await folderMap(api, await opRoot(api));
    await adminPost('faults', { next: [{ kind: '429', retryAfterSeconds: 1 }], match: '^GET /api/v1/blacklists$' });
    const rows = (await children(api, folders.get('Blacklists'))).filter(isRecord);
    assert.ok(rows.length > 0, 'the read did not recover after Retry-After');
    assert.equal(await routeCount('GET /api/v1/blacklists'), 2);

    await adminPost('faults', { next: [{ kind: '429', retryAfterSeconds: 1 }], match: '^POST /api/v1/blacklists$' });
    api.services.prompter = new ScriptedPrompter({ input: 'Throttled' }, { input: '' });
    await vscode.commands.executeCommand('crm.op.createBlacklist', folders.get('Blacklists'));
    assert.equal(await routeCount('POST /api/v1/blacklists'), 1, 'a write was retried');
    assert.equal(errors.presented[0]?.kind, 'rateLimited');
    const { items } = await op<{ items: Array<{ name: string }> }>('GET', '/blacklists?limit=100');
    assert.ok(!items.some((b) => b.name === 'Throttled'));
  });

  it('a 500 on the second batch of Add Entries says what was added and what was not; adding the list again completes it without duplicates', async () => {
    const blacklist = await op<{ id: string }>('POST', '/blacklists', { name: 'Batch fault' });
    const folders = await folderMap(api, await opRoot(api));
    const row = (await children(api, folders.get('Blacklists'))).filter(isRecord).find((b) => label(b) === 'Batch fault');
    assert.ok(row, 'the new blacklist is not listed');
    const csv = ['company_name,website_url,external_id', ...Array.from({ length: 12_500 }, (_, i) => `Fault Co ${i},f${i}.example.com,F-${i}`)].join('\n');
    // The queue: the first matching request answers normally (latency 0), the second fails with a 500.
    await adminPost('faults', { next: [{ kind: 'latency', latencyMs: 0 }, { kind: '500' }], match: '^POST /api/v1/blacklists/[^/]+/entries$' });
    api.services.prompter = new ScriptedPrompter({ confirm: 'Add 12,500 Entries' });
    assert.equal(await vscode.commands.executeCommand('crm.op.addBlacklistEntries', row, undefined, { text: csv }), undefined);
    assert.equal(errors.presented.length, 1, JSON.stringify(errors.presented));
    const message = errors.presented[0]!.message;
    assert.match(message, /^Batch 2 of 2 failed: /);
    assert.match(message, /10,000 entries of earlier batches were added \(lines 2–10,001\)\./);
    assert.match(message, /The other 2,500 entries \(from line 10,002 on\) are not confirmed/);
    assert.match(message, /Run Add Entries again with the same list/);
    assert.equal(await routeCount('POST /api/v1/blacklists/:id/entries'), 2, 'the failed batch was retried');
    assert.equal((await op<{ entries_count: number }>('GET', `/blacklists/${blacklist.id}`)).entries_count, 10_000);

    api.services.prompter = new ScriptedPrompter({ confirm: 'Add 12,500 Entries' });
    const again = (await vscode.commands.executeCommand('crm.op.addBlacklistEntries', row, undefined, { text: csv })) as { created: number; skipped: number };
    assert.deepEqual([again.created, again.skipped], [2_500, 10_000]);
    assert.equal((await op<{ entries_count: number }>('GET', `/blacklists/${blacklist.id}`)).entries_count, 12_500);
  });

  it('the revoked key is refused at Add Connection (nothing saved); a key revoked later marks the connection and its folders', async () => {
    await addOpConnection(api, 'op_sandbox_revoked', 'Revoked', { refused: true });
    assert.equal(api.services.registry.list().filter((c) => c.name === 'Revoked').length, 0, 'a refused key was saved');
    const asked = (api.services.prompter as ScriptedPrompter).asked.at(-1)!;
    assert.match(asked.title, /^The key was refused: The API key was rejected \(401/);

    const root = await opRoot(api);
    await adminPost('rotate', { key: 'op_sandbox_full' });
    const folders = await folderMap(api, root);
    const rows = await children(api, folders.get('Orders'));
    assert.equal(rows.length, 1);
    assert.equal(String(rows[0]!.getTreeItem().description), 'key rejected — replace the key');
    assert.ok(api.services.keyHealth.isRejected(connectionIdOf(root)));
  });

  it('each restricted key: folders it cannot read say which scope they need, and the server’s 403 names it too', async () => {
    await addOpConnection(api, 'op_sandbox_orders', 'Orders only');
    const ordersOnly = await folderMap(api, await opRoot(api, 'Orders only'));
    const needs = new Map<string, string>();
    for (const name of OP_FOLDERS) {
      const rows = await children(api, ordersOnly.get(name));
      if (rows.some(isRecord)) continue;
      needs.set(name, String(rows[0]?.getTreeItem().description));
    }
    assert.deepEqual(Object.fromEntries(needs), {
      'Prospect Searches': 'needs prospect_searches:read',
      Companies: 'needs companies:read',
      Prospects: 'needs prospects:read',
      Blacklists: 'needs blacklists:read',
    });
    const orders = await clientOf('Orders only');
    const refusals: Array<[string, () => Promise<unknown>]> = [
      ['companies:read', () => orders.listCompanies({ limit: 1 })],
      ['prospects:read', () => orders.listProspects({ limit: 1 })],
      ['prospect_searches:read', () => orders.listProspectSearches({ limit: 1 })],
      ['blacklists:read', () => orders.listBlacklists({ limit: 1 })],
    ];
    for (const [scope, call] of refusals) {
      await assert.rejects(call(), (error: { kind: string; requirement?: string; code?: string; message: string }) => {
        assert.deepEqual([error.kind, error.requirement, error.code], ['forbidden', scope, 'AUTHORIZATION_ERROR']);
        assert.ok(error.message.includes(scope), error.message);
        return true;
      });
    }

    await addOpConnection(api, 'op_sandbox_readonly', 'Read only');
    const readonlyRoot = await opRoot(api, 'Read only');
    const readonly = await folderMap(api, readonlyRoot);
    const [blacklist] = (await children(api, readonly.get('Blacklists'))).filter(isRecord);
    // The commands refuse before sending, naming the scope.
    api.services.prompter = new ScriptedPrompter();
    await vscode.commands.executeCommand('crm.op.createBlacklist', readonly.get('Blacklists'));
    await vscode.commands.executeCommand('crm.op.addBlacklistEntries', blacklist, undefined, { text: 'acme.com' });
    await vscode.commands.executeCommand('crm.op.createSearchProfile', { connectionId: connectionIdOf(readonlyRoot) });
    assert.deepEqual(
      errors.presented.map((p) => p.requirement),
      ['blacklists:write', 'blacklists:write', 'orders:write'],
    );
    for (const p of errors.presented) assert.match(p.message, new RegExp(`needs the scope ${p.requirement}`));
    const client = await clientOf('Read only');
    for (const [scope, call] of [
      ['orders:write', () => client.createOrder({ title: 'x', features: ['COMPANY_DATA'], companies: [{ company_name: 'A', external_id: '1' }] }, 'k-ro-1')],
      ['blacklists:write', () => client.createBlacklist({ name: 'x' }, 'k-ro-2')],
      ['prospect_searches:write', () => client.updateProspectSearch('00000000-0000-4000-8000-000000000000', { name: 'x' })],
    ] as Array<[string, () => Promise<unknown>]>) {
      await assert.rejects(call(), (error: { kind: string; requirement?: string }) => {
        assert.deepEqual([error.kind, error.requirement], ['forbidden', scope]);
        return true;
      });
    }
  });
});

