/**
 * Chaos: Minotaur flows under injected faults (latency, 429 + Retry-After, 500/502/503, dropped connections,
 * malformed JSON, schema-violating records), asserting against the sandbox's own state and counters: no record lost
 * or duplicated, writes never re-sent by the client, each failed user action surfaced once, the extension responsive.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { FormPanel } from '../../src/views/form/formPanel';
import type { ExtensionMessage, FormValues, InitMessage } from '../../src/views/form/protocol';
import type { ExplorerNode } from '../../src/views/tree/node';
import type { RecordNode } from '../../src/views/tree/recordNode';
import { adminGet, adminPost, children, connectSandbox, contactsFolderOf, isRecord, label, testApi } from '../inhost/support/extension';
import { ScriptedPrompter } from '../inhost/support/scriptedPrompter';
import { FailureRecorder, assertResponsive, clearFaults, minotaur, queueFaults, randomFaults, recordFigures, routeCount, stats, tallyFaults } from './support';

const LIST_ROUTES = '^POST /api/ext/contacts/(list|metadata)$';
const CREATE = 'POST /api/ext/contacts';
const PATCH = 'PATCH /api/ext/contacts/:id';
const DELETE = 'DELETE /api/ext/contacts/:id';
type Row = RecordNode<Record<string, unknown>>;

function lastOf<T extends ExtensionMessage['type']>(form: FormPanel, type: T): Extract<ExtensionMessage, { type: T }> | undefined {
  return [...form.sent].reverse().find((m): m is Extract<ExtensionMessage, { type: T }> => m.type === type);
}

async function contactTotal(): Promise<number> {
  const body = await minotaur<{ pagination: { total_records: number } }>('POST', '/contacts/metadata', { filters: {}, paginate: { page: 1, limit: 1 } });
  return body.pagination.total_records;
}

async function contactsWithEmail(email: string): Promise<Array<{ id: string }>> {
  return minotaur<Array<{ id: string }>>('POST', '/contacts/list', { filters: { work_email: [email] }, paginate: { page: 1, limit: 100 } });
}

describe('Chaos: Minotaur', function () {
  this.timeout(120_000);
  let api: TestApi;
  let contacts: ExplorerNode;
  let recorder: FailureRecorder;
  const faults: Record<string, number> = {};
  let flows = 0;

  before(async () => {
    api = await testApi();
  });

  beforeEach(async () => {
    await connectSandbox(api);
    contacts = await contactsFolderOf(api);
    recorder = new FailureRecorder(api).install();
  });

  afterEach(async () => {
    await tallyFaults(faults);
    recorder.uninstall();
    for (const form of api.forms.openForms) form.closeQuietly();
    for (const draft of api.forms.drafts.all()) await api.forms.drafts.discard(draft.identity);
    api.services.prompter = new ScriptedPrompter();
    await adminPost('reset', {});
  });

  after(() => recordFigures('minotaur', { flows, faults }));

  it('pages through 600 contacts with 40 % of list calls failing: every record exactly once, in server order', async () => {
    flows++;
    await randomFaults(LIST_ROUTES, 0.4, ['latency', '429', '500', '502', '503', 'drop', 'malformed'], 6);
    let rows = await children(api, contacts);
    let errorRows = 0;
    for (let step = 0; step < 80 && rows.filter(isRecord).length < 600; step++) {
      const errors = rows.filter((r) => label(r).startsWith('Could not load'));
      assert.ok(errors.length <= 1, `more than one error row for one failure: ${rows.map(label).join(' | ')}`);
      const next = errors[0] ?? rows.at(-1)!;
      if (errors.length) errorRows++;
      else assert.match(label(next), /^Load more — /);
      const command = next.getTreeItem().command;
      assert.ok(command, `row "${label(next)}" has no command`);
      await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
      rows = await children(api, contacts);
    }
    const ids = rows.filter(isRecord).map((r) => (r as Row).view.id);
    const injected = (await stats()).faults_injected.total;
    await clearFaults();
    const truth: string[] = [];
    for (let page = 1; page <= 6; page++) truth.push(...(await minotaur<Array<{ id: string }>>('POST', '/contacts/list', { filters: {}, paginate: { page, limit: 100 } })).map((c) => c.id));
    assert.equal(new Set(ids).size, ids.length, 'a contact is listed twice');
    assert.deepEqual(ids.slice(0, 600), truth, 'the paged rows differ from the server\'s first 600 contacts');
    assert.ok(injected >= 5, `only ${injected} faults were injected: the rate did not hit the flow`);
    assert.ok(errorRows >= 1, 'no load failed even after retries: raise the rate');
    assert.deepEqual(recorder.take(), [], 'folder load failures belong in the tree row, not in notifications');
    await assertResponsive(api);
  });

  it('shows schema-violating records as "Unreadable record" rows and keeps every valid one', async () => {
    flows++;
    await queueFaults('^POST /api/ext/contacts/list$', 'schema');
    const rows = await children(api, contacts);
    const unreadable = rows.filter((r) => label(r).startsWith('Unreadable record'));
    assert.equal(unreadable.length, 25, 'every other record of the page was broken');
    assert.equal(rows.filter(isRecord).length, 25);
    await assertResponsive(api);
  });

  async function createForm(): Promise<{ form: FormPanel; init: InitMessage }> {
    const connectionId = api.services.registry.list()[0]!.id;
    await vscode.commands.executeCommand('crm.createRecord', contacts);
    const form = api.forms.find({ connectionId, kind: 'contact' });
    assert.ok(form, 'no create form');
    await form.receive({ type: 'ready' });
    const init = lastOf(form, 'init');
    assert.ok(init);
    return { form, init };
  }

  for (const kind of ['drop', '503', '500', '502', '429'] as const) {
    it(`create under a ${kind}: one POST, nothing stored, one notification; the user's retry stores exactly one contact`, async () => {
      flows++;
      const total = await contactTotal();
      const email = `chaos.create.${kind}@chaos.test`;
      const { form, init } = await createForm();
      const values: FormValues = { ...init.values, first_name: 'Chaos', last_name: `Create ${kind}`, work_email: email };
      await queueFaults(`^${CREATE}$`, kind);
      await form.receive({ type: 'submit', values });
      assert.equal(await routeCount(CREATE), 1, 'the create was re-sent by the client');
      assert.ok(lastOf(form, 'formError'), `no error in the form: ${JSON.stringify(form.sent.at(-1))}`);
      assert.ok(!form.isDisposed);
      assert.equal(recorder.take().length, 1, 'the failure was not shown exactly once');
      assert.equal(await contactTotal(), total, 'a record appeared although the server failed');

      await form.receive({ type: 'submit', values });
      assert.ok(form.isDisposed, `the retry did not save: ${JSON.stringify(form.sent.at(-1))}`);
      assert.equal(await routeCount(CREATE), 2);
      assert.equal((await contactsWithEmail(email)).length, 1, 'duplicated or lost');
      assert.equal(await contactTotal(), total + 1);
      assert.deepEqual(recorder.take(), []);
      await assertResponsive(api);
    });
  }

  it('create answered with malformed JSON: the client does not re-send, the failure is shown once, one contact exists', async () => {
    flows++;
    const email = 'chaos.malformed@chaos.test';
    const { form, init } = await createForm();
    await queueFaults(`^${CREATE}$`, 'malformed');
    await form.receive({ type: 'submit', values: { ...init.values, first_name: 'Chaos', last_name: 'Malformed', work_email: email } });
    assert.equal(await routeCount(CREATE), 1);
    // The server did store it (only the answer was broken): exactly once.
    assert.equal((await contactsWithEmail(email)).length, 1);
    const shown = recorder.take();
    assert.equal(shown.length, 1, JSON.stringify(shown));
    // "Try again" here would store it twice: the message must say it was probably done.
    assert.match(shown[0]!.text, /probably carried out\. Refresh and check before trying again/);
    assert.doesNotMatch(shown[0]!.text, /Try again;/);
    await assertResponsive(api);
  });

  it('double Save under latency sends one create', async () => {
    flows++;
    const email = 'chaos.double@chaos.test';
    const { form, init } = await createForm();
    await queueFaults(`^${CREATE}$`, 'latency');
    const values = { ...init.values, first_name: 'Chaos', last_name: 'Double', work_email: email };
    await Promise.all([form.receive({ type: 'submit', values }), form.receive({ type: 'submit', values })]);
    assert.equal(await routeCount(CREATE), 1);
    assert.equal((await contactsWithEmail(email)).length, 1);
  });

  it('edit under 500 then drop: one PATCH per Save, the record unchanged until the save that succeeds', async () => {
    flows++;
    const row = (await children(api, contacts)).filter(isRecord)[0] as Row;
    const before = (await adminGet(`state/contacts/${row.view.id}`)) as Record<string, unknown>;
    await vscode.commands.executeCommand('crm.editRecord', row);
    const connectionId = api.services.registry.list()[0]!.id;
    const form = api.forms.find({ connectionId, kind: 'contact', recordId: row.view.id });
    assert.ok(form, 'no edit form');
    await form.receive({ type: 'ready' });
    const init = lastOf(form, 'init')!;
    const values = { ...init.values, job_title: 'Chaos Engineer' };
    await form.receive({ type: 'changed', values });
    await queueFaults('^PATCH /api/ext/contacts/', '500', 'drop');
    for (let attempt = 1; attempt <= 2; attempt++) {
      await form.receive({ type: 'submit', values });
      assert.equal(await routeCount(PATCH), attempt);
      assert.ok(lastOf(form, 'formError'));
      assert.equal(((await adminGet(`state/contacts/${row.view.id}`)) as Record<string, unknown>).job_title, before.job_title);
    }
    assert.equal(recorder.take().length, 2, 'each failed Save is shown once');
    await form.receive({ type: 'submit', values });
    assert.ok(lastOf(form, 'saved'));
    assert.equal(await routeCount(PATCH), 3);
    assert.equal(((await adminGet(`state/contacts/${row.view.id}`)) as Record<string, unknown>).job_title, 'Chaos Engineer');
    assert.deepEqual(recorder.take(), []);
  });

  it('delete 4 contacts with a drop and a 503 among them: one DELETE each, exactly the 2 others gone, one summary', async () => {
    flows++;
    const total = await contactTotal();
    const targets = (await children(api, contacts)).filter(isRecord).slice(0, 4) as Row[];
    await queueFaults('^DELETE /api/ext/contacts/', 'latency', 'drop', '503');
    api.services.prompter = new ScriptedPrompter({ confirm: 'Delete' });
    const deleted = await vscode.commands.executeCommand('crm.deleteRecords', targets[0], targets);
    assert.equal(deleted, 2);
    assert.equal(await routeCount(DELETE), 4, 'a delete was re-sent');
    const present = await Promise.all(targets.map(async (t) => (await fetch(`${process.env.CRM_SANDBOX_URL}/__admin/state/contacts/${t.view.id}`)).status));
    assert.deepEqual(present, [404, 200, 200, 404], 'the wrong contacts are gone');
    assert.equal(await contactTotal(), total - 2);
    const shown = recorder.take();
    assert.equal(shown.length, 1, JSON.stringify(shown));
    assert.match(shown[0]!.text, /^Deleted 2 of 4; 2 failed/);
    await assertResponsive(api);
  });
});
