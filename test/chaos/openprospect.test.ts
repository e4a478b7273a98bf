/**
 * Chaos: OpenProspect flows under injected faults — blacklist import in batches (a batch dropped mid-way), order
 * watching through failing polls, order creation (the record form) retried with its idempotency key — asserting on
 * the sandbox's data.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { FormPanel } from '../../src/views/form/formPanel';
import type { ExplorerNode } from '../../src/views/tree/node';
import { adminGet, adminPost, children, connectSandbox, isRecord, label, sandboxUrl, testApi } from '../inhost/support/extension';
import { ScriptedPrompter } from '../inhost/support/scriptedPrompter';
import { FailureRecorder, assertResponsive, clearFaults, queueFaults, randomFaults, recordFigures, routeCount, tallyFaults } from './support';

const ADD_ENTRIES = 'POST /api/v1/blacklists/:id/entries';
const GET_ORDER = 'GET /api/v1/orders/:id';
const CREATE_ORDER = 'POST /api/v1/orders';

async function op<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${sandboxUrl()}/api/v1${path}`, {
    method,
    headers: { Authorization: 'Bearer op_sandbox_full', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(response.ok, `${method} ${path} answered ${response.status}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** Resolves once the sandbox has counted more than `than` requests on `route` (a condition, polled). */
async function routeCountAbove(route: string, than: number): Promise<void> {
  for (;;) {
    if ((await routeCount(route)) > than) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('Chaos: OpenProspect', function () {
  this.timeout(150_000);
  let api: TestApi;
  let root: ExplorerNode;
  let folders: Map<string, ExplorerNode>;
  let recorder: FailureRecorder;
  const faults: Record<string, number> = {};
  let flows = 0;

  before(async () => {
    api = await testApi();
  });

  beforeEach(async () => {
    await connectSandbox(api);
    const found = (await children(api)).find((r) => String(r.getTreeItem().description).startsWith('OpenProspect'));
    assert.ok(found, 'no OpenProspect connection');
    root = found;
    folders = new Map((await children(api, root)).map((f) => [label(f), f]));
    recorder = new FailureRecorder(api).install();
  });

  afterEach(async () => {
    await tallyFaults(faults);
    recorder.uninstall();
    api.services.prompter = new ScriptedPrompter();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await adminPost('reset', {});
  });

  after(() => recordFigures('openprospect', { flows, faults }));

  it('blacklist import of 10,001 rows with batch 2 dropped: batch 1 kept, one POST per batch, shown once; re-import adds only the missing row', async () => {
    flows++;
    const created = await op<{ id: string }>('POST', '/blacklists', { name: 'Chaos blacklist' });
    const blacklist = (await children(api, folders.get('Blacklists'))).filter(isRecord).find((b) => label(b) === 'Chaos blacklist');
    assert.ok(blacklist);
    const csv = ['company_name,website_url,external_id', ...Array.from({ length: 10_001 }, (_, i) => `Chaos ${i},chaos${i}.example.com,C-${i}`)].join('\n');
    await queueFaults('^POST /api/v1/blacklists/[^/]+/entries$', 'latency', 'drop');
    api.services.prompter = new ScriptedPrompter({ confirm: 'Add 10,001 Entries' });
    await vscode.commands.executeCommand('crm.op.addBlacklistEntries', blacklist, undefined, { text: csv });
    assert.equal(await routeCount(ADD_ENTRIES), 2, 'a batch was re-sent');
    assert.equal((await op<{ entries_count: number }>('GET', `/blacklists/${created.id}`)).entries_count, 10_000);
    const shown = recorder.take();
    assert.equal(shown.length, 1, JSON.stringify(shown));

    api.services.prompter = new ScriptedPrompter({ confirm: 'Add 10,001 Entries' });
    const again = (await vscode.commands.executeCommand('crm.op.addBlacklistEntries', blacklist, undefined, { text: csv })) as { created: number; skipped: number };
    assert.deepEqual([again.created, again.skipped], [1, 10_000]);
    assert.equal((await op<{ entries_count: number }>('GET', `/blacklists/${created.id}`)).entries_count, 10_001, 'lost or duplicated entries');
    assert.deepEqual(recorder.take(), []);
    await assertResponsive(api);
  });

  it('watches an order to COMPLETED while half of its polls fail (429, 5xx, drop, malformed): no notification, watch cleared', async () => {
    flows++;
    const { orders } = await op<{ orders: Array<{ id: string; title: string }> }>('GET', '/orders?status=RECEIVED&limit=1');
    const order = orders[0]!;
    for (let i = 0; i < 3; i++) await adminPost(`orders/${order.id}/advance`, {});
    await randomFaults('^GET /api/v1/orders/[^/]+$', 0.5, ['429', '500', '502', '503', 'drop', 'malformed', 'latency'], 21);
    const target = { connectionId: (root as unknown as { connection: { id: string } }).connection.id, orderId: order.id, title: order.title };
    const watching = vscode.commands.executeCommand('crm.op.watchOrder', target) as Thenable<{ status: string } | undefined>;
    let done = false;
    void Promise.resolve(watching).then(() => (done = true));
    // Each new Watch Order polls at once instead of waiting out the backoff (the user clicking it again).
    for (let i = 0; i < 40 && !done; i++) {
      const before = await routeCount(GET_ORDER);
      void vscode.commands.executeCommand('crm.op.watchOrder', target);
      await Promise.race([Promise.resolve(watching), routeCountAbove(GET_ORDER, before)]);
    }
    assert.equal((await watching)?.status, 'COMPLETED');
    const injected = ((await adminGet('stats')) as { faults_injected: { total: number } }).faults_injected.total;
    assert.ok(injected >= 1, 'no poll was faulted');
    assert.deepEqual(api.services.context.globalState.get('crm.openprospect.watchedOrders'), []);
    assert.deepEqual(recorder.take(), [], 'transient poll failures must not raise notifications');
    await assertResponsive(api);
  });

  it('creates an order through a 503 and a dropped connection with two Retries: one order, same idempotency key', async () => {
    flows++;
    const title = 'Chaos enrichment order';
    await queueFaults(`^${CREATE_ORDER}$`, '503', 'drop');
    // Create Order is the record form: each Save is one submit; the key kept with the draft is sent again.
    api.services.prompter = new ScriptedPrompter({ confirm: 'Create Order' }, { confirm: 'Create Order' }, { confirm: 'Create Order' });
    const form = (await vscode.commands.executeCommand('crm.op.createOrder', root)) as FormPanel | undefined;
    assert.ok(form, 'Create Order opened no form');
    await form.receive({ type: 'ready' });
    const init = form.sent.find((m) => m.type === 'init');
    assert.ok(init && init.type === 'init');
    const values = { ...init.values, title, companies: ['company_name,external_id', 'Acme,A-1', 'Globex,G-2'] };
    for (let attempt = 0; attempt < 3 && !form.isDisposed; attempt++) await form.receive({ type: 'submit', values });
    assert.ok(form.isDisposed, `no order created: ${JSON.stringify(form.sent.at(-1))}`);
    assert.equal(await routeCount(CREATE_ORDER), 3);
    const { orders } = await op<{ orders: Array<{ title: string }> }>('GET', '/orders?limit=100');
    assert.equal(orders.filter((o) => o.title === title).length, 1, 'duplicated or lost order');
    await clearFaults();
    await assertResponsive(api);
  });
});
