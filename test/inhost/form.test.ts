/**
 * The record form (SPEC §5) inside the real extension host, against the sandbox. The form is driven through its
 * protocol: `FormPanel.receive()` takes the messages the webview would send and `sent` holds what the extension
 * posted back (no DOM here; the Playwright flows drive the real page).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { FormPanel } from '../../src/views/form/formPanel';
import type { ExtensionMessage, FormIdentity, FormValues, InitMessage } from '../../src/views/form/protocol';
import type { ExplorerNode } from '../../src/views/tree/node';
import type { RecordNode } from '../../src/views/tree/recordNode';
import { adminGet, adminPost, children, contactsFolderOf, isRecord, testApi, connectSandbox } from './support/extension';

const CREATE_ROUTE = 'POST /api/ext/contacts';
const PATCH_ROUTE = 'PATCH /api/ext/contacts/:id';

async function routeCount(route: string): Promise<number> {
  const stats = (await adminGet('stats')) as { requests: { by_route: Record<string, number> } };
  return stats.requests.by_route[route] ?? 0;
}

function lastOf<T extends ExtensionMessage['type']>(form: FormPanel, type: T): Extract<ExtensionMessage, { type: T }> | undefined {
  return [...form.sent].reverse().find((m): m is Extract<ExtensionMessage, { type: T }> => m.type === type);
}

async function ready(form: FormPanel): Promise<InitMessage> {
  await form.receive({ type: 'ready' });
  const init = lastOf(form, 'init');
  assert.ok(init, 'no init message after ready');
  return init;
}

describe('Record form', () => {
  let api: TestApi;
  let connectionId: string;
  let contactsFolder: ExplorerNode;

  before(async () => {
    api = await testApi();
  });

  beforeEach(async () => {
    await connectSandbox(api);
    connectionId = api.services.registry.list()[0]!.id;
    contactsFolder = await contactsFolderOf(api);
  });

  afterEach(async () => {
    for (const form of api.forms.openForms) form.closeQuietly();
    for (const draft of api.forms.drafts.all()) await api.forms.drafts.discard(draft.identity);
    await adminPost('reset', {});
  });

  async function firstContact(): Promise<RecordNode<Record<string, unknown>>> {
    const rows = (await children(api, contactsFolder)).filter(isRecord) as RecordNode<Record<string, unknown>>[];
    assert.ok(rows.length > 0, 'no contacts in the sandbox');
    return rows[0]!;
  }

  async function openEdit(row: RecordNode<Record<string, unknown>>): Promise<FormPanel> {
    await vscode.commands.executeCommand('crm.editRecord', row);
    const form = api.forms.find({ connectionId, kind: 'contact', recordId: row.view.id });
    assert.ok(form, 'Edit did not open a form');
    return form;
  }

  it('serves a page with a nonce CSP, no inline or eval script, and resources only from media/ and dist/webview/', async () => {
    await vscode.commands.executeCommand('crm.createRecord', contactsFolder);
    const form = api.forms.find({ connectionId, kind: 'contact' });
    assert.ok(form);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(form.html)?.[1];
    assert.ok(csp, 'no CSP meta tag');
    assert.match(csp, /default-src 'none'/);
    const nonce = /script-src 'nonce-([A-Za-z0-9]+)'/.exec(csp)?.[1];
    assert.ok(nonce && nonce.length >= 16, `no script nonce in ${csp}`);
    assert.ok(!/unsafe-inline|unsafe-eval/.test(csp), `unsafe source in ${csp}`);
    const scripts = [...form.html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1] ?? '');
    assert.ok(scripts.length > 0);
    for (const attrs of scripts) {
      assert.ok(attrs.includes(`nonce="${nonce}"`), `script without the nonce: ${attrs}`);
      assert.match(attrs, /src="[^"]+\/dist\/webview\/form\.js"/);
    }
    assert.ok(!/\son[a-z]+=/i.test(form.html), 'inline event handler in the HTML');
    assert.ok(!/style=/.test(form.html), 'inline style in the HTML');
    const roots = (form.panel.webview.options.localResourceRoots ?? []).map((u) => u.path.replace(/\/+$/, ''));
    assert.equal(roots.length, 2);
    assert.ok(roots[0]!.endsWith('/media') && roots[1]!.endsWith('/dist/webview'), `roots: ${roots.join(', ')}`);

    // A fresh nonce for every render.
    const row = await firstContact();
    const edit = await openEdit(row);
    const other = /script-src 'nonce-([A-Za-z0-9]+)'/.exec(edit.html)?.[1];
    assert.ok(other && other !== nonce, 'the nonce was reused');
  });

  it('creates a contact from the Contacts folder and closes the form', async () => {
    const created: string[] = [];
    const client = await api.services.clients.minotaur(api.services.registry.get(connectionId)!);
    const original = client.createContact;
    client.createContact = async (input, signal) => {
      const result = await original.call(client, input, signal);
      if (result.id) created.push(result.id);
      return result;
    };
    try {
      await vscode.commands.executeCommand('crm.createRecord', contactsFolder);
      const form = api.forms.find({ connectionId, kind: 'contact' });
      assert.ok(form);
      const init = await ready(form);
      assert.equal(init.mode, 'create');
      assert.equal(init.kind, 'contact');
      assert.deepEqual(
        init.fields.filter((f) => f.required).map((f) => f.name),
        ['first_name', 'last_name', 'work_email'],
      );
      const values: FormValues = {
        ...init.values,
        first_name: 'Formy',
        last_name: 'McFormface',
        work_email: 'formy@example.com',
        phone_numbers: ['+34 600 111 222'],
        job_title: 'Tester',
        score: '42',
      };
      await form.receive({ type: 'submit', values });
      assert.ok(form.isDisposed, `the create form stayed open: ${JSON.stringify(form.sent.at(-1))}`);
      assert.equal(created.length, 1);
      const stored = (await adminGet(`state/contacts/${created[0]}`)) as Record<string, unknown>;
      assert.equal(stored.first_name, 'Formy');
      assert.equal(stored.last_name, 'McFormface');
      assert.equal(stored.work_email, 'formy@example.com');
      assert.deepEqual(stored.phone_numbers, ['+34 600 111 222']);
      assert.equal(stored.score, 42);
      assert.equal(api.forms.drafts.get({ connectionId, kind: 'contact' }), undefined, 'the draft outlived a successful save');
    } finally {
      client.createContact = original;
    }
  });

  it('edits one field: the PATCH holds only that field, the folder reloads, the form keeps the new baseline', async () => {
    const row = await firstContact();
    const before = (await adminGet(`state/contacts/${row.view.id}`)) as Record<string, unknown>;
    const client = await api.services.clients.minotaur(api.services.registry.get(connectionId)!);
    const original = client.updateContact;
    const patches: unknown[] = [];
    client.updateContact = (id, changes, signal) => {
      patches.push(changes);
      return original.call(client, id, changes, signal);
    };
    const folder = contactsFolder as unknown as { reset(): void };
    const reset = folder.reset;
    let resets = 0;
    folder.reset = function (this: unknown, ...args: unknown[]) {
      resets++;
      return (reset as (...a: unknown[]) => void).apply(this, args);
    };
    try {
      const form = await openEdit(row);
      const init = await ready(form);
      assert.equal(init.mode, 'edit');
      assert.equal(init.values.work_email, before.work_email);
      const patchesBefore = await routeCount(PATCH_ROUTE);
      await form.receive({ type: 'changed', values: { ...init.values, job_title: 'Chief Form Officer' } });
      await form.receive({ type: 'submit', values: { ...init.values, job_title: 'Chief Form Officer' } });
      const saved = lastOf(form, 'saved');
      assert.ok(saved, `not saved: ${JSON.stringify(form.sent.at(-1))}`);
      assert.deepEqual(patches, [{ job_title: 'Chief Form Officer' }]);
      assert.equal((await routeCount(PATCH_ROUTE)) - patchesBefore, 1);
      const after = (await adminGet(`state/contacts/${row.view.id}`)) as Record<string, unknown>;
      assert.equal(after.job_title, 'Chief Form Officer');
      assert.equal(after.first_name, before.first_name);
      assert.equal(resets, 1, 'the Contacts folder was not reloaded');
      assert.ok(!form.isDisposed, 'an edit form stays open after saving');
      assert.equal(form.dirty, false);
      assert.equal(form.baseline.job_title, 'Chief Form Officer');
      // Saving again with nothing changed sends nothing.
      await form.receive({ type: 'submit', values: form.values });
      assert.equal(patches.length, 1);
    } finally {
      client.updateContact = original;
      folder.reset = reset;
    }
  });

  it("maps the server's 400 onto the field it names and keeps the draft", async () => {
    const row = await firstContact();
    const form = await openEdit(row);
    const init = await ready(form);
    // The client schema lets a score be cleared; the sandbox refuses null ("score must be an integer number").
    const values = { ...init.values, score: '' };
    await form.receive({ type: 'changed', values });
    await form.receive({ type: 'submit', values });
    const refused = lastOf(form, 'fieldErrors');
    assert.ok(refused, `no fieldErrors: ${JSON.stringify(form.sent.at(-1))}`);
    assert.deepEqual(refused.errors.map((e) => e.field), ['score']);
    assert.match(refused.errors[0]!.message, /score/);
    assert.equal(form.isSaving, false);
    assert.ok(!form.isDisposed);
    const draft = api.forms.drafts.get({ connectionId, kind: 'contact', recordId: row.view.id });
    assert.equal(draft?.values.score, '', 'the failed save lost the draft');
  });

  it('refuses an invalid submit without sending anything', async () => {
    await vscode.commands.executeCommand('crm.createRecord', { connectionId, kind: 'contact' });
    const form = api.forms.find({ connectionId, kind: 'contact' })!;
    const init = await ready(form);
    const before = await routeCount(CREATE_ROUTE);
    await form.receive({ type: 'submit', values: { ...init.values, first_name: 'A', work_email: 'not-an-email' } });
    const validation = lastOf(form, 'validation');
    assert.ok(validation);
    assert.deepEqual(validation.errors.map((e) => e.field).sort(), ['last_name', 'work_email']);
    assert.equal(await routeCount(CREATE_ROUTE), before);
  });

  it('sends one request when Save is pressed twice while the first is in flight', async () => {
    await vscode.commands.executeCommand('crm.createRecord', { connectionId, kind: 'contact' });
    const form = api.forms.find({ connectionId, kind: 'contact' })!;
    const init = await ready(form);
    await adminPost('faults', { next: [{ kind: 'latency', latencyMs: 600 }], match: `^${CREATE_ROUTE}$` });
    const before = await routeCount(CREATE_ROUTE);
    const values = { ...init.values, first_name: 'Double', last_name: 'Click', work_email: 'double.click@example.com' };
    await Promise.all([form.receive({ type: 'submit', values }), form.receive({ type: 'submit', values })]);
    assert.equal((await routeCount(CREATE_ROUTE)) - before, 1);
    assert.equal(form.sent.filter((m) => m.type === 'saving').length, 1);
    assert.ok(form.isDisposed);
  });

  it('keeps the draft when a dirty form is closed, and restores it on reopen', async () => {
    const identity: FormIdentity = { connectionId, kind: 'contact' };
    await vscode.commands.executeCommand('crm.createRecord', identity);
    const form = api.forms.find(identity)!;
    const init = await ready(form);
    await form.receive({ type: 'changed', values: { ...init.values, first_name: 'Drafty', phone_numbers: ['+1 555 000 1234'] } });
    form.dispose(); // as the tab's X would
    assert.ok(form.isDisposed);
    assert.equal(api.forms.find(identity), undefined);
    assert.equal(api.forms.drafts.get(identity)?.values.first_name, 'Drafty');

    await vscode.commands.executeCommand('crm.createRecord', identity);
    const reopened = api.forms.find(identity)!;
    assert.notEqual(reopened, form);
    const again = await ready(reopened);
    assert.ok(again.draft?.restored, 'the reopened form does not say its draft was restored');
    assert.equal(again.draft?.values.first_name, 'Drafty');
    assert.deepEqual(again.draft?.values.phone_numbers, ['+1 555 000 1234']);

    // Discard: back to a blank form, draft gone.
    await reopened.receive({ type: 'discardDraft' });
    assert.equal(lastOf(reopened, 'init')?.draft, undefined);
    assert.equal(api.forms.drafts.get(identity), undefined);
  });

  it('replays an edit draft onto the current record after a window reload (serializer)', async () => {
    const row = await firstContact();
    const identity: FormIdentity = { connectionId, kind: 'contact', recordId: row.view.id };
    const form = await openEdit(row);
    const init = await ready(form);
    await form.receive({ type: 'changed', values: { ...init.values, job_title: 'Reloaded' } });
    form.closeQuietly();
    // Someone else changes another field meanwhile: the draft must not revert it.
    const client = await api.services.clients.minotaur(api.services.registry.get(connectionId)!);
    await client.updateContact(row.view.id, { last_name: 'Changed-Elsewhere' });

    const panel = vscode.window.createWebviewPanel('crm.recordForm', 'restored', vscode.ViewColumn.Active);
    await api.forms.restore(panel, { identity, values: { ...init.values, job_title: 'Reloaded' }, savedAt: new Date().toISOString() });
    const restored = api.forms.find(identity);
    assert.ok(restored, 'the serializer did not adopt the panel');
    const after = await ready(restored);
    assert.ok(after.draft?.restored);
    assert.equal(after.draft?.values.job_title, 'Reloaded');
    assert.equal(after.draft?.values.last_name, 'Changed-Elsewhere');
    assert.equal(after.values.last_name, 'Changed-Elsewhere');
  });

  it('ignores messages that are not in the protocol', async () => {
    await vscode.commands.executeCommand('crm.createRecord', { connectionId, kind: 'contact' });
    const form = api.forms.find({ connectionId, kind: 'contact' })!;
    await ready(form);
    const count = form.sent.length;
    for (const raw of [{ type: 'eval', code: '1' }, { type: 'submit', values: 'x' }, 'submit', null]) await form.receive(raw);
    assert.equal(form.sent.length, count);
    assert.ok(!form.isDisposed);
  });

  it('opens one panel per record: Create twice reveals the same form', async () => {
    await vscode.commands.executeCommand('crm.createRecord', { connectionId, kind: 'contact' });
    const first = api.forms.find({ connectionId, kind: 'contact' });
    await vscode.commands.executeCommand('crm.createRecord', contactsFolder);
    assert.equal(api.forms.find({ connectionId, kind: 'contact' }), first);
    assert.equal(api.forms.openForms.length, 1);
  });
});
