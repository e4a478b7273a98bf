/**
 * "Open as JSON" (the `crm:` file system) inside a real VS Code against the sandbox: the edit round trip (only the
 * changed field is PATCHed, proven by the sandbox's request log), the conflict choices through the scripted
 * prompter, refusals (server-owned field, invalid JSON, read-only kind) that keep the buffer dirty, and the JSON
 * schema reaching VS Code's JSON language service (diagnostics and completion on a `crm:` document).
 * Waits are on VS Code events (document changes, diagnostics), never on timers.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { Prompter } from '../../src/ui/prompter';
import type { ExplorerNode } from '../../src/views/tree/node';
import type { RecordNode } from '../../src/views/tree/recordNode';
import { adminGet, children, connectSandbox, contactsFolderOf, isRecord, label, sandboxUrl, testApi } from './support/extension';
import { ScriptedPrompter, byLabel } from './support/scriptedPrompter';

const PATCH_CONTACT = 'PATCH /api/ext/contacts/:id';
type Json = Record<string, unknown>;
type Row = RecordNode<Json>;

interface LoggedRequest {
  route: string;
  path: string;
  body: unknown;
}

async function patchesOf(id: string): Promise<Json[]> {
  const log = (await adminGet('requests')) as LoggedRequest[];
  return log.filter((r) => r.route === PATCH_CONTACT && r.path.endsWith(`/${id}`)).map((r) => r.body as Json);
}

async function serverContact(id: string): Promise<Json> {
  return (await adminGet(`state/contacts/${id}`)) as Json;
}

/** Another user edits the contact (the sandbox's own copy, `updated_at` moves). */
async function changeOnServer(id: string, fields: Json): Promise<void> {
  const response = await fetch(`${sandboxUrl()}/__admin/state/contacts/${id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fields),
  });
  assert.ok(response.ok, `admin PATCH answered ${response.status}`);
}

/** Resolves once `check` holds, re-checking whenever one of `events` fires; fails after a generous limit. */
function until<T>(what: string, check: () => T | undefined | false, events: vscode.Event<unknown>[], limitMs = 30_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const subscriptions: vscode.Disposable[] = [];
    const done = (fn: () => void) => {
      subscriptions.forEach((s) => s.dispose());
      clearTimeout(guard);
      fn();
    };
    const test = () => {
      try {
        const value = check();
        if (value) done(() => resolve(value));
      } catch (error) {
        done(() => reject(error));
      }
    };
    const guard = setTimeout(() => done(() => reject(new Error(`Gave up waiting: ${what}`))), limitMs);
    for (const event of events) subscriptions.push(event(test));
    test();
  });
}

function fullRange(document: vscode.TextDocument): vscode.Range {
  return new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
}

async function replaceText(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, fullRange(document), text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the edit was not applied');
  assert.equal(document.getText(), text);
}

async function editFields(document: vscode.TextDocument, fields: Json): Promise<void> {
  const record = JSON.parse(document.getText()) as Json;
  await replaceText(document, JSON.stringify({ ...record, ...fields }, null, 2) + '\n');
}

/** The reason a save is refused, as the provider gives it (VS Code shows the same text in "Failed to save"). */
async function refusalOf(document: vscode.TextDocument): Promise<string> {
  try {
    await vscode.workspace.fs.writeFile(document.uri, Buffer.from(document.getText(), 'utf8'));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  assert.fail('the save was not refused');
}

describe('JSON documents (crm: file system)', () => {
  let api: TestApi;
  let contactsFolder: ExplorerNode;
  let realPrompter: Prompter;

  before(async () => {
    api = await testApi();
    realPrompter = api.services.prompter;
  });

  beforeEach(async () => {
    await connectSandbox(api);
    contactsFolder = await contactsFolderOf(api);
  });

  afterEach(async () => {
    api.services.prompter = realPrompter;
    // Unsaved test documents are reverted first so closing them asks nothing.
    for (const document of vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'crm' && d.isDirty)) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  async function contactRow(index = 0): Promise<Row> {
    const rows = (await children(api, contactsFolder)).filter(isRecord) as Row[];
    assert.ok(rows.length > index, 'not enough contacts in the sandbox');
    return rows[index]!;
  }

  async function open(row: Row): Promise<vscode.TextDocument> {
    const uri = (await vscode.commands.executeCommand('crm.openAsJson', row)) as vscode.Uri | undefined;
    assert.ok(uri, 'Open as JSON returned no document');
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString(), 'the document is not in the active editor');
    return document;
  }

  it('opens a contact as a readable crm: document holding the server record', async () => {
    const row = await contactRow();
    const document = await open(row);
    assert.equal(document.uri.scheme, 'crm');
    assert.equal(document.languageId, 'json');
    assert.match(document.uri.path, new RegExp(`^/[^/]+/contacts/.+ · ${row.view.id}\\.json$`));
    assert.ok(document.uri.path.includes(row.view.label.slice(0, 20)), `the name is not in ${document.uri.path}`);
    assert.ok(!/mnt_sandbox|X-API-Key/i.test(document.uri.toString()), 'a key in the URI');
    const stored = await serverContact(row.view.id);
    assert.deepEqual(JSON.parse(document.getText()), stored);
    assert.equal(document.isDirty, false);
  });

  it('saves an edited field: the sandbox has it, the PATCH held only that field, the document and the tree row follow', async () => {
    const row = await contactRow();
    const document = await open(row);
    const before = await serverContact(row.view.id);
    await editFields(document, { first_name: 'Jsonina' });
    assert.ok(document.isDirty);

    const reloaded = until('the document reloads with the server version', () => JSON.parse(document.getText()).updated_at !== before.updated_at && !document.isDirty, [
      vscode.workspace.onDidChangeTextDocument,
    ]);
    assert.equal(await document.save(), true, 'the save failed');
    await reloaded;

    const after = await serverContact(row.view.id);
    assert.equal(after.first_name, 'Jsonina');
    assert.equal(after.last_name, before.last_name);
    assert.deepEqual(await patchesOf(row.view.id), [{ first_name: 'Jsonina' }], 'the PATCH body was not exactly the changed field');
    assert.deepEqual(JSON.parse(document.getText()), after, 'the document does not show what the server stored');

    // The folder reloaded: the row's label is the new name.
    const rows = (await children(api, contactsFolder)).filter(isRecord);
    const updated = rows.find((r) => (r as Row).view.id === row.view.id);
    assert.ok(updated, 'the contact row is gone');
    assert.match(label(updated), /^Jsonina /);

    // A second edit of the same document is measured against the new version (no read-only complaint about updated_at).
    await editFields(document, { job_title: 'Chief JSON Officer' });
    assert.equal(await document.save(), true, 'the second save failed');
    assert.deepEqual((await patchesOf(row.view.id)).at(-1), { job_title: 'Chief JSON Officer' });
  });

  it('from the palette asks for the connection, the kind and the id, then opens that record', async () => {
    const row = await contactRow(2);
    const prompter = new ScriptedPrompter(
      { pick: byLabel(/Minotaur/) },
      { pick: byLabel('Contact') },
      { input: row.view.id },
    );
    api.services.prompter = prompter;
    const uri = (await vscode.commands.executeCommand('crm.openAsJson')) as vscode.Uri | undefined;
    assert.ok(uri, 'nothing opened');
    assert.equal(prompter.remaining, 0, `unanswered prompts; asked: ${JSON.stringify(prompter.asked)}`);
    assert.ok(prompter.asked[1]!.items!.includes('Pipeline'), 'read-only kinds are offered too');
    assert.match(uri.path, new RegExp(`/contacts/${row.view.id}\\.json$`));
    const document = await vscode.workspace.openTextDocument(uri);
    assert.deepEqual(JSON.parse(document.getText()), await serverContact(row.view.id));
  });

  it('refuses a changed server-owned field, naming it; nothing is sent and the buffer stays dirty', async () => {
    const row = await contactRow();
    const document = await open(row);
    await editFields(document, { verification_status: 'verified-by-me', job_title: 'Sneaky' });
    assert.equal(await document.save(), false, 'the save went through');
    assert.ok(document.isDirty, 'the buffer was lost');
    assert.match(await refusalOf(document), /"verification_status" is set by the server/);
    assert.deepEqual(await patchesOf(row.view.id), []);
  });

  it('blocks invalid JSON with the position and keeps the buffer', async () => {
    const row = await contactRow();
    const document = await open(row);
    const broken = document.getText().replace(/,\n/, '\n');
    await replaceText(document, broken);
    assert.equal(await document.save(), false, 'invalid JSON was saved');
    assert.ok(document.isDirty);
    assert.equal(document.getText(), broken, 'the text changed');
    assert.match(await refusalOf(document), /not valid JSON at line \d+, column \d+/);
    assert.deepEqual(await patchesOf(row.view.id), []);
  });

  it('blocks a value the zod schema refuses, with the schema message', async () => {
    const row = await contactRow();
    const document = await open(row);
    await editFields(document, { score: 250 });
    assert.equal(await document.save(), false);
    assert.match(await refusalOf(document), /score: Score must be between 0 and 100/);
    assert.deepEqual(await patchesOf(row.view.id), []);
  });

  it('gives the JSON language service the schema: a wrong type is diagnosed and field names are completed', async () => {
    const row = await contactRow();
    const document = await open(row);
    await editFields(document, { score: 'very high' });
    const diagnostics = await until(
      'a schema diagnostic on "score"',
      () => {
        const found = vscode.languages.getDiagnostics(document.uri).filter((d) => document.getText(d.range).includes('very high'));
        return found.length ? found : undefined;
      },
      [vscode.languages.onDidChangeDiagnostics],
    );
    assert.match(diagnostics[0]!.message, /Incorrect type|integer|number/i);

    // Completion of a property name at the start of a new line inside the object.
    await replaceText(document, '{\n  \n}\n');
    const list = (await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(1, 2))) as vscode.CompletionList;
    const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    assert.ok(labels.some((l) => l.includes('job_title')), `no job_title among ${labels.slice(0, 20).join(', ')}`);
    assert.ok(labels.some((l) => l.includes('work_email')), 'no work_email completion');
  });

  describe('when the record changed on the server since it was opened', () => {
    async function conflicted(): Promise<{ row: Row; document: vscode.TextDocument }> {
      const row = await contactRow(1);
      const document = await open(row);
      await changeOnServer(row.view.id, { last_name: 'Theirs' });
      await editFields(document, { job_title: 'Ours' });
      return { row, document };
    }

    it('asks Overwrite / Compare / Cancel; Cancel sends nothing and keeps the buffer', async () => {
      const { row, document } = await conflicted();
      const prompter = new ScriptedPrompter({ confirm: undefined });
      api.services.prompter = prompter;
      assert.equal(await document.save(), false);
      assert.equal(prompter.asked.length, 1);
      assert.deepEqual(prompter.asked[0]!.items, ['Overwrite', 'Compare']);
      assert.match(prompter.asked[0]!.title, /changed on the server/);
      assert.match(prompter.asked[0]!.text, /"last_name".*Your changes: "job_title"/s);
      assert.ok(document.isDirty);
      assert.deepEqual(await patchesOf(row.view.id), []);
      assert.equal((await serverContact(row.view.id)).last_name, 'Theirs');
    });

    it('Overwrite sends only the user’s changed field; the other change on the server survives', async () => {
      const { row, document } = await conflicted();
      api.services.prompter = new ScriptedPrompter({ confirm: 'Overwrite' });
      assert.equal(await document.save(), true);
      assert.deepEqual(await patchesOf(row.view.id), [{ job_title: 'Ours' }]);
      const stored = await serverContact(row.view.id);
      assert.equal(stored.job_title, 'Ours');
      assert.equal(stored.last_name, 'Theirs');
    });

    it('Compare opens the server version beside the buffer and keeps it unsaved; saving again sends the merge', async () => {
      const { row, document } = await conflicted();
      api.services.prompter = new ScriptedPrompter({ confirm: 'Compare' });
      const diffOpened = until(
        'the comparison tab',
        () =>
          vscode.window.tabGroups.all
            .flatMap((g) => g.tabs)
            .find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === document.uri.toString()),
        [vscode.window.tabGroups.onDidChangeTabs],
      );
      assert.equal(await document.save(), false);
      const tab = await diffOpened;
      const input = tab.input as vscode.TabInputTextDiff;
      assert.match(input.original.path, / \(server\)\.json$/);
      const theirs = await vscode.workspace.openTextDocument(input.original);
      assert.equal(JSON.parse(theirs.getText()).last_name, 'Theirs');
      assert.ok(document.isDirty, 'the buffer was lost');
      assert.deepEqual(await patchesOf(row.view.id), []);
      assert.match(await refusalOf(theirs), /server’s version/);

      // The user has seen theirs: the next save goes through without asking and sends only their field.
      api.services.prompter = new ScriptedPrompter();
      assert.equal(await document.save(), true);
      assert.deepEqual(await patchesOf(row.view.id), [{ job_title: 'Ours' }]);
      assert.equal((await serverContact(row.view.id)).last_name, 'Theirs');
    });
  });

  it('works for OpenProspect too: a blacklist saves its changed description only; an order opens read-only', async () => {
    const root = (await children(api)).find((r) => String(r.getTreeItem().description).startsWith('OpenProspect'));
    assert.ok(root, 'no OpenProspect connection');
    const folders = new Map((await children(api, root)).map((f) => [label(f), f]));
    const [blacklist] = (await children(api, folders.get('Blacklists')!)).filter(isRecord) as Row[];
    assert.ok(blacklist, 'no blacklist in the sandbox');
    const document = await open(blacklist);
    assert.match(document.uri.path, /\/op-blacklists\//);
    await editFields(document, { description: 'Edited as JSON' });
    assert.equal(await document.save(), true, 'the blacklist save failed');
    const log = (await adminGet('requests')) as LoggedRequest[];
    assert.deepEqual(
      log.filter((r) => r.route === 'PATCH /api/v1/blacklists/:id').map((r) => r.body),
      [{ description: 'Edited as JSON' }],
    );
    const response = await fetch(`${sandboxUrl()}/api/v1/blacklists/${blacklist.view.id}`, { headers: { Authorization: 'Bearer op_sandbox_full' } });
    assert.equal(((await response.json()) as Json).description, 'Edited as JSON');

    const [order] = (await children(api, folders.get('Orders')!)).filter(isRecord) as Row[];
    assert.ok(order, 'no order in the sandbox');
    const orderDocument = await open(order);
    assert.equal(JSON.parse(orderDocument.getText()).id, order.view.id);
    assert.equal((await vscode.workspace.fs.stat(orderDocument.uri)).permissions, vscode.FilePermission.Readonly);
    assert.match(await refusalOf(orderDocument), /Order documents are read-only/);
  });

  it('opens kinds the API cannot update read-only (a pipeline) and refuses to save them', async () => {
    const [root] = await children(api);
    const folders = await children(api, root);
    const pipelines = folders.find((f) => /^crm\.folder\.pipelines\b/.test(String(f.getTreeItem().contextValue)));
    assert.ok(pipelines, 'no Pipelines folder');
    const [pipeline] = (await children(api, pipelines)).filter(isRecord) as Row[];
    assert.ok(pipeline, 'no pipeline in the sandbox');
    const document = await open(pipeline);
    assert.equal(JSON.parse(document.getText()).id, pipeline.view.id);
    const stat = await vscode.workspace.fs.stat(document.uri);
    assert.equal(stat.permissions, vscode.FilePermission.Readonly);
    assert.match(await refusalOf(document), /read-only: The API has no endpoint to update a pipeline/);
  });
});
