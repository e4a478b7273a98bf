/**
 * Chaos: credit-consuming calls (unlock selected, unlock matching, verify emails) under every fault kind. The sandbox
 * counts each request that reached it (faulted ones included) and keeps a ledger of the calls that reached the credit
 * handler: per confirmed user action exactly ONE request, at most one charge, one confirmation, one notification.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/views/tree/node';
import type { RecordNode } from '../../src/views/tree/recordNode';
import { adminPost, children, connectSandbox, isRecord, label, testApi } from '../inhost/support/extension';
import { ScriptedPrompter } from '../inhost/support/scriptedPrompter';
import { FailureRecorder, assertResponsive, queueFaults, randomFaults, recordFigures, stats, tallyFaults, type FaultKind } from './support';

const UNLOCK_SELECTED = 'POST /api/ext/service-handler/unlock-selected-contacts';
const UNLOCK_MATCHING = 'POST /api/ext/service-handler/unlock-contacts';
const VERIFY_EMAILS = 'POST /api/ext/service-handler/verify-email';
const READS = '^(POST /api/ext/prospect/(list|metadata)|POST /api/ext/contacts/(list|metadata)|GET /api/ext/customer/summary)$';
type Row = RecordNode<Record<string, unknown>>;
type Outcome = { status: string } | undefined;

describe('Chaos: credit-consuming calls', function () {
  this.timeout(120_000);
  let api: TestApi;
  let root: ExplorerNode;
  let recorder: FailureRecorder;
  const faults: Record<string, number> = {};
  let flows = 0;
  let creditActions = 0;

  before(async () => {
    api = await testApi();
  });

  beforeEach(async () => {
    await connectSandbox(api);
    [root] = (await children(api)) as [ExplorerNode];
    recorder = new FailureRecorder(api).install();
  });

  afterEach(async () => {
    await tallyFaults(faults);
    recorder.uninstall();
    api.services.prompter = new ScriptedPrompter();
    await adminPost('reset', {});
  });

  after(() => recordFigures('credits', { flows, creditActions, faults }));

  async function folder(name: string): Promise<ExplorerNode> {
    const found = (await children(api, root)).find((n) => label(n) === name);
    assert.ok(found, `no ${name} folder`);
    return found;
  }

  const KINDS: FaultKind[] = ['drop', '500', '502', '503', '429', 'malformed', 'latency'];
  for (const kind of KINDS) {
    it(`unlock selected under ${kind} (reads faulted too): one request, at most one charge, one confirmation, surfaced once`, async () => {
      flows++;
      const selected = ((await children(api, await folder('Prospect Catalog'))).filter(isRecord) as Row[]).filter((r) => r.getTreeItem().contextValue === 'crm.record.prospect').slice(0, 2);
      assert.equal(selected.length, 2);
      // reads around the action fail too (the client retries those), the credit call gets its fault from the queue
      await randomFaults(READS, 0.3, ['latency', '500', '503'], 11 + KINDS.indexOf(kind));
      await queueFaults(`^${UNLOCK_SELECTED}$`, kind);
      const prompter = new ScriptedPrompter({ confirm: 'Unlock 2 Prospects' });
      api.services.prompter = prompter;
      creditActions++;
      const outcome = await vscode.commands.executeCommand<Outcome>('crm.unlockSelected', selected[0], selected);
      const after = await stats();
      assert.equal(after.requests.by_route[UNLOCK_SELECTED], 1, 'the credit call was sent more than once');
      assert.equal(prompter.remaining, 0);
      assert.equal(prompter.asked.filter((p) => p.kind === 'confirm').length, 1);
      const charged = after.ledger.filter((l) => l.endpoint.includes('unlock-selected'));
      assert.ok(charged.length <= 1);
      const shown = recorder.take();
      if (kind === 'latency') {
        assert.equal(outcome?.status, 'started');
        assert.equal(charged.length, 1);
        assert.deepEqual(shown, []);
      } else {
        assert.notEqual(outcome?.status, 'started', `a failed call reported success: ${JSON.stringify(outcome)}`);
        // malformed: the server charged and only the answer broke; every other kind failed before the handler
        assert.equal(charged.length, kind === 'malformed' ? 1 : 0);
        assert.equal(shown.length, 1, `failure shown ${shown.length} times: ${JSON.stringify(shown)}`);
      }
      await assertResponsive(api);
    });
  }

  it('a second click after a dropped unlock is a new confirmed action with its own single request', async () => {
    flows++;
    const selected = ((await children(api, await folder('Prospect Catalog'))).filter(isRecord) as Row[]).filter((r) => r.getTreeItem().contextValue === 'crm.record.prospect').slice(0, 1);
    await queueFaults(`^${UNLOCK_SELECTED}$`, 'drop');
    api.services.prompter = new ScriptedPrompter({ confirm: 'Unlock 1 Prospect' }, { confirm: 'Unlock 1 Prospect' });
    creditActions += 2;
    await vscode.commands.executeCommand('crm.unlockSelected', selected[0], selected);
    const outcome = await vscode.commands.executeCommand<Outcome>('crm.unlockSelected', selected[0], selected);
    assert.equal(outcome?.status, 'started');
    const after = await stats();
    assert.equal(after.requests.by_route[UNLOCK_SELECTED], 2);
    assert.equal(after.ledger.length, 1);
    assert.equal(recorder.take().length, 1);
  });

  it('unlock matching under 503 and verify emails under drop: one request each, nothing charged, each shown once', async () => {
    flows += 2;
    await queueFaults(`^${UNLOCK_MATCHING}$`, '503');
    api.services.prompter = new ScriptedPrompter({ input: '3' }, { confirm: 'Unlock 3 Prospects' });
    creditActions++;
    await vscode.commands.executeCommand('crm.unlockMatching', await folder('Prospect Catalog'));
    const contacts = (await children(api, await folder('Contacts'))).filter(isRecord).slice(0, 3) as Row[];
    await queueFaults(`^${VERIFY_EMAILS}$`, 'drop');
    api.services.prompter = new ScriptedPrompter({ confirm: 'Verify 3 Emails' });
    creditActions++;
    await vscode.commands.executeCommand('crm.verifyEmails', contacts[0], contacts);
    const after = await stats();
    assert.equal(after.requests.by_route[UNLOCK_MATCHING], 1);
    assert.equal(after.requests.by_route[VERIFY_EMAILS], 1);
    assert.equal(after.ledger.length, 0);
    assert.equal(recorder.take().length, 2);
    await assertResponsive(api);
  });
});
