/**
 * OpenProspect in the record form (SPEC §4, §5), inside the extension host against the sandbox: Create Order
 * (enrichment from pasted or loaded CSV with per-row validation, discovery with a search profile), the confirmation,
 * the idempotency key kept with the draft across a dropped connection, Create Search Profile, and Edit of a prospect
 * search (PATCH of the changed fields). The form is driven through its protocol, as in form.test.ts.
 */
import * as assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { FormPanel } from '../../src/views/form/formPanel';
import { toCreateInput } from '../../src/views/form/formModel';
import { FORM_SPECS } from '../../src/views/form/formSpecs';
import type { FormValues } from '../../src/views/form/protocol';
import type { ExplorerNode } from '../../src/views/tree/node';
import { adminPost, children, isRecord, testApi, connectSandbox } from './support/extension';
import { ScriptedPrompter } from './support/scriptedPrompter';
import { addOpConnection, connectionIdOf, folderMap, lastOf, op, opRoot, rawOp, ready, recordErrors, routeCount } from './openprospectSupport';

const ORDERS_ROUTE = 'POST /api/v1/orders';

interface ServerOrder {
  id: string;
  title: string;
  type: string;
  status: string;
  features: string[];
  profile_id: string | null;
  prospect_search_id: string | null;
  briefing_quantity: number;
  companies_count?: number;
  companies?: Array<Record<string, unknown>>;
}

async function ordersTitled(title: string): Promise<ServerOrder[]> {
  const { orders } = await op<{ orders: ServerOrder[] }>('GET', '/orders?limit=100');
  return orders.filter((o) => o.title === title);
}

describe('OpenProspect forms', () => {
  let api: TestApi;
  let root: ExplorerNode;
  let folders: Map<string, ExplorerNode>;
  let connectionId: string;
  let errors: ReturnType<typeof recordErrors>;

  before(async () => {
    api = await testApi();
  });

  beforeEach(async () => {
    await connectSandbox(api);
    root = await opRoot(api);
    folders = await folderMap(api, root);
    connectionId = connectionIdOf(root);
    errors = recordErrors(api);
  });

  afterEach(async () => {
    errors.restore();
    for (const form of api.forms.openForms) form.closeQuietly();
    for (const draft of api.forms.drafts.all()) await api.forms.drafts.discard(draft.identity);
    api.services.prompter = new ScriptedPrompter();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await adminPost('reset', {});
  });

  async function openOrderForm(target: unknown = folders.get('Orders')): Promise<FormPanel> {
    const form = (await vscode.commands.executeCommand('crm.op.createOrder', target)) as FormPanel | undefined;
    assert.ok(form, `Create Order opened no form: ${JSON.stringify(errors.presented)}`);
    assert.equal(form.identity.kind, 'opOrder');
    return form;
  }

  it('enrichment: rows refused by line, then created once although the first Save lost its connection (same idempotency key from the draft)', async () => {
    const form = await openOrderForm();
    const init = await ready(form);
    assert.equal(init.title, 'New order');
    assert.deepEqual(init.fields.map((f) => f.name), ['kind', 'title', 'features', 'profile_name', 'companies', 'profile_id', 'briefing_quantity']);
    assert.equal(init.fields.find((f) => f.name === 'companies')!.type, 'rows');
    assert.deepEqual(init.fields.find((f) => f.name === 'companies')!.showWhen, { field: 'kind', values: ['enrichment'] });

    const title = `In-host enrichment ${Date.now()}`;
    const header = 'company_name,external_id,website_url,city';
    const bad: FormValues = { ...init.values, title, features: ['COMPANY_DATA', 'TECHNOLOGIES'], companies: [header, 'Acme GmbH,A-1,acme.de,Berlin', 'No id,,nope.example,'] };
    await form.receive({ type: 'changed', values: bad });
    await form.receive({ type: 'submit', values: bad });
    const refused = lastOf(form, 'validation');
    assert.ok(refused, `no validation message: ${JSON.stringify(form.sent.at(-1))}`);
    assert.deepEqual(refused.errors, [{ field: 'companies', message: 'Line 3: External id is required.' }]);
    assert.equal(await routeCount(ORDERS_ROUTE), 0, 'an order with an invalid row was sent');

    const good: FormValues = { ...bad, companies: [header, 'Acme GmbH,A-1,acme.de,Berlin', 'Globex,G-2,https://globex.example,'] };
    await adminPost('faults', { next: [{ kind: 'drop' }], match: '^POST /api/v1/orders$' });
    const prompter = new ScriptedPrompter({ confirm: 'Create Order' }, { confirm: undefined }, { confirm: 'Create Order' });
    api.services.prompter = prompter;
    await form.receive({ type: 'changed', values: good });
    await form.receive({ type: 'submit', values: good });
    const lost = lastOf(form, 'formError');
    assert.ok(lost, `no error after the dropped connection: ${JSON.stringify(form.sent.at(-1))}`);
    assert.match(lost.message, /Save again sends the same idempotency key/);
    assert.match(prompter.asked[0]!.title, new RegExp(`^Create the enrichment order "${title}" for 2 companies\\?$`));
    assert.match(prompter.asked[0]!.text, /Features: COMPANY_DATA, TECHNOLOGIES\./);
    const kept = api.forms.drafts.get(form.identity)?.idempotency;
    assert.ok(kept, 'the idempotency key was not kept with the draft');

    // Other values after an unknown outcome: the modal warns that the first order may exist (declined here).
    const edited: FormValues = { ...good, title: `${title} (edited)` };
    await form.receive({ type: 'submit', values: edited });
    assert.match(prompter.asked[1]!.text, /An earlier Save with different values got no answer, so that order may exist/);
    assert.equal(lastOf(form, 'notSent')?.message, 'Not sent.');
    await form.receive({ type: 'changed', values: good });
    assert.equal(api.forms.drafts.get(form.identity)?.idempotency?.key, kept.key, 'a declined Save dropped the kept key');

    // Closed and opened again (as after a reload): the draft brings the values and the key back.
    form.closeQuietly();
    const reopened = await openOrderForm();
    const restored = await ready(reopened);
    assert.equal(restored.draft?.restored, true, 'the draft was not restored');
    assert.deepEqual(restored.draft.values.companies, good.companies);
    await reopened.receive({ type: 'submit', values: restored.draft.values });
    assert.ok(reopened.isDisposed, `the form stayed open: ${JSON.stringify(reopened.sent.at(-1))}`);
    assert.equal(prompter.remaining, 0);
    assert.doesNotMatch(prompter.asked[2]!.text, /An earlier Save with different values/);
    assert.equal(await routeCount(ORDERS_ROUTE), 2);
    const made = await ordersTitled(title);
    assert.equal(made.length, 1, 'the retried create made more than one order');
    assert.equal(made[0]!.type, 'enrichment');
    assert.equal(made[0]!.companies_count, 2);
    assert.equal(api.forms.drafts.get(reopened.identity), undefined, 'the draft outlived the created order');

    // The successful Save used the kept key: the server replays that order for the key and the same body.
    const replay = await rawOp('POST', '/orders', toCreateInput(FORM_SPECS.opOrder, good), 'op_sandbox_full', { 'Idempotency-Key': kept.key });
    assert.equal(replay.status, 200);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(((await replay.json()) as { id: string }).id, made[0]!.id);
  });

  it('Load CSV File… reads the chosen file into the rows field; declining the confirmation sends nothing', async () => {
    const form = await openOrderForm();
    const init = await ready(form);
    const dir = await mkdtemp(join(tmpdir(), 'crm-op-'));
    const file = join(dir, 'companies.csv');
    await writeFile(file, '\uFEFFcompany_name;external_id;website_url\r\nInitech;I-1;initech.example\r\nUmbrella;U-2;\r\n');
    let asked: vscode.OpenDialogOptions | undefined;
    form.openDialog = async (options) => {
      asked = options;
      return [vscode.Uri.file(file)];
    };
    await form.receive({ type: 'pickFile', field: 'companies' });
    assert.deepEqual(asked?.filters, { CSV: ['csv', 'txt', 'tsv'] });
    const loaded = lastOf(form, 'fileLoaded');
    assert.ok(loaded, `no fileLoaded: ${JSON.stringify(form.sent.at(-1))}`);
    assert.deepEqual([loaded.field, loaded.name, loaded.lines], ['companies', 'companies.csv', ['company_name;external_id;website_url', 'Initech;I-1;initech.example', 'Umbrella;U-2;']]);

    const values: FormValues = { ...init.values, title: 'Declined order', companies: loaded.lines };
    const prompter = new ScriptedPrompter({ confirm: undefined });
    api.services.prompter = prompter;
    await form.receive({ type: 'submit', values });
    assert.match(prompter.asked[0]!.title, /for 2 companies\?$/);
    assert.equal(lastOf(form, 'notSent')?.message, 'Not sent.');
    assert.equal(form.isDisposed, false);
    assert.equal(await routeCount(ORDERS_ROUTE), 0);
  });

  it('discovery: a search profile of an earlier order and a quantity; the order is watched to COMPLETED', async () => {
    const form = await openOrderForm();
    const init = await ready(form);
    const profiles = init.fields.find((f) => f.name === 'profile_id')!.options ?? [];
    assert.ok(profiles.length > 0, 'no search profiles offered (the seeded discovery orders have some)');
    const title = `In-host discovery ${Date.now()}`;
    const values: FormValues = { ...init.values, kind: 'discovery', title, profile_id: profiles[0]!.value, briefing_quantity: '7', companies: ['not,a,valid,header'] };
    const prompter = new ScriptedPrompter({ confirm: 'Create Order' });
    api.services.prompter = prompter;
    await form.receive({ type: 'submit', values });
    assert.ok(form.isDisposed, `not created: ${JSON.stringify(form.sent.at(-1))}`);
    assert.match(prompter.asked[0]!.title, new RegExp(`^Create the discovery order "${title}" for 7 new companies\\?$`));
    const [order] = await ordersTitled(title);
    assert.ok(order);
    assert.deepEqual([order.type, order.profile_id, order.briefing_quantity], ['discovery', profiles[0]!.value, 7]);
    assert.equal(order.companies_count ?? 0, 0, 'a discovery order carried the hidden companies field');

    const target = { connectionId, orderId: order.id, title };
    const watching = vscode.commands.executeCommand('crm.op.watchOrder', target) as Thenable<{ status: string } | undefined>;
    for (let i = 0; i < 3; i++) await adminPost(`orders/${order.id}/advance`, {});
    const again = (await vscode.commands.executeCommand('crm.op.watchOrder', target)) as { status: string };
    assert.equal(again.status, 'COMPLETED');
    assert.equal((await watching)?.status, 'COMPLETED');
    const results = await op<{ total: number }>('GET', `/orders/${order.id}/results?limit=1`);
    assert.equal(results.total, 7);
  });

  it('Create Search Profile polls the creation to SUCCEEDED; its profile seeds a discovery order form', async () => {
    const name = `In-host profile ${Date.now()}`;
    const prompter = new ScriptedPrompter({ input: name }, { input: 'Mid-size logistics firms in Europe' }, { input: 'logistics.example' });
    api.services.prompter = prompter;
    const created = (await vscode.commands.executeCommand('crm.op.createSearchProfile', folders.get('Prospect Searches'))) as { creationId: string; profileId: string } | undefined;
    assert.ok(created, `no profile: ${JSON.stringify(errors.presented)}`);
    const creation = await op<{ status: string; profile_id: string; website_url?: string }>('GET', `/search-profile-creations/${created.creationId}`);
    assert.equal(creation.status, 'SUCCEEDED');
    assert.equal(creation.profile_id, created.profileId);
    assert.equal(creation.website_url, 'https://logistics.example');

    const form = await openOrderForm({ connectionId, values: { kind: 'discovery', profile_id: created.profileId } });
    const init = await ready(form);
    assert.equal(init.values.kind, 'discovery');
    assert.equal(init.values.profile_id, created.profileId);
    api.services.prompter = new ScriptedPrompter({ confirm: 'Create Order' });
    await form.receive({ type: 'submit', values: { ...init.values, title: name, briefing_quantity: '3' } });
    assert.ok(form.isDisposed, `not created: ${JSON.stringify(form.sent.at(-1))}`);
    const [order] = await ordersTitled(name);
    assert.equal(order?.profile_id, created.profileId);
    assert.ok(order?.prospect_search_id, 'the order of a new profile has no prospect search');
  });

  it('edits a prospect search in the form: only the changed fields are PATCHed (status, one ICP list), nested as the API wants', async () => {
    const [search] = (await children(api, folders.get('Prospect Searches'))).filter(isRecord);
    assert.match(String(search!.getTreeItem().contextValue), /^crm\.record\.opSearch\.assignable\.editable$/);
    const before = await op<{ name: string; status: string; icp: Record<string, string[]> }>('GET', `/prospect-searches/${search!.view.id}`);
    const form = (await vscode.commands.executeCommand('crm.editRecord', search)) as FormPanel;
    const init = await ready(form);
    assert.match(init.title, /^Edit prospect search: ./);
    assert.deepEqual(init.values['icp.industries'], before.icp.industries ?? []);
    const status = before.status === 'PAUSED' ? 'ACTIVE' : 'PAUSED';
    const values: FormValues = { ...init.values, status, 'icp.keywords': ['route optimisation', 'fleet'] };
    await form.receive({ type: 'changed', values });
    await form.receive({ type: 'submit', values });
    assert.equal(lastOf(form, 'saved')?.message, 'Saved 2 changes.', JSON.stringify(form.sent.at(-1)));
    const after = await op<{ name: string; status: string; icp: Record<string, string[]> }>('GET', `/prospect-searches/${search!.view.id}`);
    assert.equal(after.status, status);
    assert.deepEqual(after.icp.keywords, ['route optimisation', 'fleet']);
    assert.deepEqual(after.icp.industries, before.icp.industries, 'an unchanged ICP list was overwritten');
    assert.equal(after.name, before.name);
  });

  it('a read-only key: no Edit on searches, Create Order refused naming orders:write, and the server’s own 403 names prospect_searches:write', async () => {
    const readonly = (await addOpConnection(api, 'op_sandbox_readonly', 'Read only'))!;
    const node = await opRoot(api, 'Read only');
    const byName = await folderMap(api, node);
    const [search] = (await children(api, byName.get('Prospect Searches'))).filter(isRecord);
    assert.equal(search!.getTreeItem().contextValue, 'crm.record.opSearch', 'edit or assign offered to a read-only key');

    assert.equal(await vscode.commands.executeCommand('crm.op.createOrder', { connectionId: readonly.id }), undefined);
    assert.equal(errors.presented.length, 1);
    assert.equal(errors.presented[0]!.requirement, 'orders:write');
    assert.match(errors.presented[0]!.message, /Create Order needs the scope orders:write, which this API key does not have/);
    assert.equal(api.forms.openForms.length, 0, 'a form was opened for a key that cannot send it');

    // Opened anyway (a form restored after a reload, say): the server refuses and the form says which scope.
    const form = (await vscode.commands.executeCommand('crm.editRecord', { connectionId: readonly.id, kind: 'opSearch', recordId: search!.view.id })) as FormPanel;
    const init = await ready(form);
    const values: FormValues = { ...init.values, name: `${String(init.values.name)} (renamed)` };
    await form.receive({ type: 'submit', values });
    const refused = lastOf(form, 'formError');
    assert.ok(refused, JSON.stringify(form.sent.at(-1)));
    assert.match(refused.message, /prospect_searches:write/);
    assert.ok(errors.presented.some((p) => p.kind === 'forbidden' && p.requirement === 'prospect_searches:write'), JSON.stringify(errors.presented));
  });
});
