/**
 * Credit-consuming jobs in the real extension host against the sandbox: the confirmation modal, exactly one request
 * per confirmed job (never a retry, never a double send), the balance, the Jobs list, and the refusals (balance too
 * low, missing permission). Request counts come from the sandbox's own stats and ledger.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { PickItem, Prompter } from '../../src/ui/prompter';
import type { ExplorerNode } from '../../src/views/tree/node';
import type { RecordNode } from '../../src/views/tree/recordNode';
import { adminGet, adminPost, children, isRecord, label, removeAllConnections, sandboxUrl, testApi } from './support/extension';
import { ScriptedPrompter, byLabel } from './support/scriptedPrompter';

const UNLOCK_SELECTED = 'POST /api/ext/service-handler/unlock-selected-contacts';
const UNLOCK_MATCHING = 'POST /api/ext/service-handler/unlock-contacts';
const VERIFY_EMAILS = 'POST /api/ext/service-handler/verify-email';

type Outcome = { status: string; reason?: string; job?: { id: string; status: string; records?: number; creditsEstimated?: number } } | undefined;
type Row = RecordNode<Record<string, unknown>>;
interface Stats {
  requests: { by_route: Record<string, number> };
  ledger: Array<{ key: string; endpoint: string; status: number; credits: number; records: number; job_id: string | null }>;
  faults_injected: { total: number };
}

async function stats(): Promise<Stats> {
  return (await adminGet('stats')) as Stats;
}

async function sent(route: string): Promise<number> {
  return (await stats()).requests.by_route[route] ?? 0;
}

async function balanceOf(key: string): Promise<number> {
  const response = await fetch(`${sandboxUrl()}/api/ext/customer/summary`, { headers: { Authorization: `X-API-Key ${key}` } });
  assert.equal(response.status, 200);
  const body = (await response.json()) as { subscription: { balance: number } };
  return body.subscription.balance;
}

async function lockedMatching(filters: Record<string, string[]>): Promise<number> {
  const response = await fetch(`${sandboxUrl()}/api/ext/prospect/list`, {
    method: 'POST',
    headers: { Authorization: 'X-API-Key mnt_sandbox_full', 'content-type': 'application/json' },
    body: JSON.stringify({ filters, paginate: { page: 1, limit: 1 }, all_contacts: false }),
  });
  return ((await response.json()) as { pagination: { total_records: number } }).pagination.total_records;
}

function run(command: string, ...args: unknown[]): Thenable<Outcome> {
  return vscode.commands.executeCommand<Outcome>(command, ...args);
}

/** A prompter whose modal stays open until the test answers it (to act while "the dialog is open"). */
class HeldModalPrompter implements Prompter {
  readonly opened: Promise<{ message: string; detail: string; actions: string[] }>;
  private markOpened!: (value: { message: string; detail: string; actions: string[] }) => void;
  private answer!: (value: string | undefined) => void;
  confirms = 0;

  constructor() {
    this.opened = new Promise((resolve) => (this.markOpened = resolve));
  }

  release(value: string | undefined): void {
    this.answer(value);
  }

  confirm(message: string, detail: string, actions: string[]): Promise<string | undefined> {
    this.confirms += 1;
    if (this.confirms > 1) throw new Error('a second confirmation modal was shown');
    return new Promise((resolve) => {
      this.answer = resolve;
      this.markOpened({ message, detail, actions });
    });
  }

  pick<T>(_items: PickItem<T>[]): Promise<T | undefined> {
    throw new Error('unexpected pick');
  }
  pickMany<T>(_items: PickItem<T>[]): Promise<T[] | undefined> {
    throw new Error('unexpected pickMany');
  }
  input(): Promise<string | undefined> {
    throw new Error('unexpected input');
  }
}

describe('Credit-consuming jobs', () => {
  let api: TestApi;
  let presented: Array<{ error: { message: string; kind?: string; requirement?: string }; what: string }>;
  const presenter = () => api.services.errors as unknown as { present: (error: unknown, what: string) => Promise<void> };

  before(async () => {
    api = await testApi();
  });

  beforeEach(async () => {
    await adminPost('reset', {});
    await removeAllConnections(api);
    await vscode.workspace.getConfiguration('crm').update('sandboxUrl', sandboxUrl(), vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('crm.trySandbox');
    // Errors go to the command wrapper's presenter: record them instead of showing notifications.
    presented = [];
    presenter().present = async (error, what) => {
      presented.push({ error: error as { message: string }, what });
    };
  });

  afterEach(async () => {
    delete (presenter() as { present?: unknown }).present; // back to the class's method
    api.services.prompter = new ScriptedPrompter();
    await adminPost('reset', {});
  });

  async function rootNamed(name?: string): Promise<ExplorerNode> {
    const roots = await children(api);
    const root = name ? roots.find((r) => label(r) === name) : roots[0];
    assert.ok(root, `no connection ${name ?? ''} among ${roots.map(label).join(', ')}`);
    return root;
  }

  async function folder(name: string, root?: ExplorerNode): Promise<ExplorerNode> {
    const nodes = await children(api, root ?? (await rootNamed()));
    const found = nodes.find((n) => label(n) === name);
    assert.ok(found, `no "${name}" under the connection: ${nodes.map(label).join(', ')}`);
    return found;
  }

  async function lockedProspects(root?: ExplorerNode): Promise<Row[]> {
    const rows = (await children(api, await folder('Prospect Catalog', root))).filter(isRecord) as Row[];
    const locked = rows.filter((r) => r.getTreeItem().contextValue === 'crm.record.prospect');
    assert.ok(locked.length >= 3, `only ${locked.length} locked prospects on the first page`);
    return locked;
  }

  async function jobRows(root?: ExplorerNode): Promise<ExplorerNode[]> {
    return (await children(api, await folder('Jobs', root))).filter((n) => n.getTreeItem().contextValue === 'crm.job');
  }

  async function addConnection(name: string, key: string): Promise<ExplorerNode> {
    api.services.prompter = new ScriptedPrompter({ pick: byLabel('Local sandbox') }, { input: name }, { input: key });
    const added = await vscode.commands.executeCommand<{ id: string } | undefined>('crm.addConnection');
    assert.ok(added, `could not add the ${key} connection: ${JSON.stringify(presented.map((p) => p.error.message))}`);
    return rootNamed(name);
  }

  it('lists the Prospect Catalog (paged, with the total) and a Jobs row under a Minotaur connection', async () => {
    const root = await rootNamed();
    const labels = (await children(api, root)).map(label);
    assert.ok(labels.includes('Prospect Catalog') && labels.at(-1) === 'Jobs', labels.join(', '));
    const catalog = await folder('Prospect Catalog', root);
    const rows = await children(api, catalog);
    assert.equal(rows.filter(isRecord).length, api.services.settings().pageSize);
    assert.match(label(rows.at(-1)!), /^Load more — \d+ of [\d,]+$/);
    assert.match(String(catalog.getTreeItem().description), /^[\d,]+/);
    const jobs = await children(api, await folder('Jobs', root));
    assert.deepEqual(jobs.map(label), ['No credit jobs started from this machine yet']);
  });

  it('unlocks the selected prospects after a modal with count, cost and balance: ONE request, balance down, job listed', async () => {
    const before = await balanceOf('mnt_sandbox_full');
    const selected = (await lockedProspects()).slice(0, 3);
    const prompter = new ScriptedPrompter({ confirm: 'Unlock 3 Prospects' });
    api.services.prompter = prompter;

    const outcome = await run('crm.unlockSelected', selected[0], selected);

    assert.equal(outcome?.status, 'started', JSON.stringify({ outcome, presented }));
    assert.equal(prompter.remaining, 0);
    const modal = prompter.asked[0]!;
    assert.equal(modal.kind, 'confirm');
    assert.equal(modal.title, 'Unlock 3 prospects for 3 credits?');
    assert.match(modal.text, /^Records: 3 prospects$/m);
    assert.match(modal.text, new RegExp(`^Balance: ${before.toLocaleString('en-US')} credits → ${(before - 3).toLocaleString('en-US')} credits after$`, 'm'));
    assert.deepEqual(modal.items, ['Unlock 3 Prospects']);

    const after = await stats();
    assert.equal(after.requests.by_route[UNLOCK_SELECTED], 1);
    assert.equal(after.ledger.length, 1);
    assert.equal(after.ledger[0]!.credits, 3);
    assert.equal(await balanceOf('mnt_sandbox_full'), before - 3);
    assert.equal(api.statusBar.currentSummary?.subscription?.balance, before - 3, 'the status bar balance was not refreshed');

    const jobs = await jobRows();
    assert.equal(jobs.length, 1);
    const item = jobs[0]!.getTreeItem();
    const tooltip = (item.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ').replace(/\\/g, '');
    assert.equal(outcome?.job?.id, after.ledger[0]!.job_id);
    assert.ok(tooltip.includes(`Job ${outcome!.job!.id}`), tooltip);
    assert.match(tooltip, /status as returned when started/);
    assert.match(String(item.description), /^PENDING · /);
    assert.match(label(jobs[0]!), /Unlock selected · 3 prospects/);

    // Forget Job removes it from the list only.
    assert.equal(await vscode.commands.executeCommand('crm.forgetJob', jobs[0], [jobs[0]]), 1);
    assert.equal((await jobRows()).length, 0);
  });

  it('sends nothing when the modal is cancelled', async () => {
    const before = await balanceOf('mnt_sandbox_full');
    const prompter = new ScriptedPrompter({ confirm: undefined });
    api.services.prompter = prompter;
    const selected = (await lockedProspects()).slice(0, 2);
    const outcome = await run('crm.unlockSelected', selected[0], selected);
    assert.equal(outcome?.status, 'cancelled');
    assert.equal(prompter.asked.length, 1);
    assert.equal(await sent(UNLOCK_SELECTED), 0);
    assert.equal(await balanceOf('mnt_sandbox_full'), before);
    assert.equal((await jobRows()).length, 0);
  });

  it('ignores a second invocation while the first is in flight, the modal open included: one request', async () => {
    const selected = (await lockedProspects()).slice(0, 2);
    const prompter = new HeldModalPrompter();
    api.services.prompter = prompter;
    const first = run('crm.unlockSelected', selected[0], selected);
    const modal = await prompter.opened;
    assert.equal(modal.message, 'Unlock 2 prospects for 2 credits?');
    // The user clicks again (twice) while the dialog is still open.
    const [second, third] = await Promise.all([run('crm.unlockSelected', selected[0], selected), run('crm.unlockSelected', selected[1], selected)]);
    assert.equal(second?.status, 'busy');
    assert.equal(third?.status, 'busy');
    prompter.release('Unlock 2 Prospects');
    assert.equal((await first)?.status, 'started');
    assert.equal(prompter.confirms, 1);
    assert.equal(await sent(UNLOCK_SELECTED), 1);

    // Two clicks in the same moment: still one modal and one request.
    const again = (await lockedProspects()).filter((r) => !selected.some((s) => s.view.id === r.view.id)).slice(0, 1);
    const scripted = new ScriptedPrompter({ confirm: 'Unlock 1 Prospect' });
    api.services.prompter = scripted;
    const both = await Promise.all([run('crm.unlockSelected', again[0], again), run('crm.unlockSelected', again[0], again)]);
    assert.deepEqual(both.map((o) => o?.status).sort(), ['busy', 'started']);
    assert.equal(await sent(UNLOCK_SELECTED), 2);
    assert.equal(presented.length, 0, JSON.stringify(presented));
  });

  it('does not retry a 503: exactly one request, a clear "outcome unknown" error, listed in Jobs', async () => {
    await adminPost('faults', { next: [{ kind: '503' }], match: UNLOCK_SELECTED });
    const before = await balanceOf('mnt_sandbox_full');
    api.services.prompter = new ScriptedPrompter({ confirm: 'Unlock 2 Prospects' });
    const selected = (await lockedProspects()).slice(0, 2);
    const outcome = await run('crm.unlockSelected', selected[0], selected);
    assert.equal(outcome, undefined, 'the failure should reach the error presenter');
    const after = await stats();
    assert.equal(after.requests.by_route[UNLOCK_SELECTED], 1, 'the unlock was resent');
    assert.equal(after.faults_injected.total, 1);
    assert.equal(after.ledger.length, 0);
    assert.equal(await balanceOf('mnt_sandbox_full'), before);
    assert.equal(presented.length, 1);
    assert.match(presented[0]!.error.message, /not known whether the job started or credits were spent/);
    assert.match(presented[0]!.error.message, /NOT resent\. Check Jobs and the credit balance before trying again/);
    assert.match(presented[0]!.error.message, /503/);
    const jobs = await jobRows();
    assert.equal(jobs.length, 1);
    assert.match(String(jobs[0]!.getTreeItem().description), /^outcome unknown/);
    // Clear Finished removes it (an unknown outcome is over as far as the request goes).
    assert.equal(await vscode.commands.executeCommand('crm.clearFinishedJobs', await folder('Jobs')), 1);
    assert.equal((await jobRows()).length, 0);
  });

  it('verifies the emails of the selected contacts: one request, 1 credit per email', async () => {
    const contacts = (await children(api, await folder('Contacts'))).filter(isRecord).slice(0, 4) as Row[];
    const before = await balanceOf('mnt_sandbox_full');
    const prompter = new ScriptedPrompter({ confirm: 'Verify 4 Emails' });
    api.services.prompter = prompter;
    const outcome = await run('crm.verifyEmails', contacts[1], contacts);
    assert.equal(outcome?.status, 'started', JSON.stringify({ outcome, presented }));
    assert.equal(prompter.asked[0]?.title, 'Verify 4 emails for 4 credits?');
    assert.match(prompter.asked[0]!.text, /^Records: 4 emails$/m);
    assert.doesNotMatch(prompter.asked[0]!.text, /Skipped/);
    const after = await stats();
    assert.equal(after.requests.by_route[VERIFY_EMAILS], 1);
    assert.equal(after.ledger[0]?.credits, 4);
    assert.equal(after.ledger[0]?.records, 4);
    assert.equal(await balanceOf('mnt_sandbox_full'), before - 4);
    const jobs = (await adminGet('jobs')) as Array<{ id: string; kind: string; records: number }>;
    assert.deepEqual(
      jobs.map((j) => [j.id, j.kind, j.records]),
      [[outcome!.job!.id, 'verify-email', 4]],
    );
  });

  it("verifies a list's contacts through verify-contacts/:id: one request, charged per member with an email", async () => {
    const lists = (await children(api, await folder('Lists'))).filter(isRecord) as Row[];
    const sized = lists
      .map((row) => ({ row, count: row.record.contacts_count }))
      .filter((l): l is { row: Row; count: number } => typeof l.count === 'number' && l.count > 0)
      .sort((a, b) => a.count - b.count);
    assert.ok(sized.length > 0, `no list with contacts: ${lists.map(label).join(', ')}`);
    const { row, count } = sized[0]!;
    const before = await balanceOf('mnt_sandbox_full');
    const button = `Verify ${count.toLocaleString('en-US')} List Contact${count === 1 ? '' : 's'}`;
    const prompter = new ScriptedPrompter({ confirm: button });
    api.services.prompter = prompter;
    const outcome = await run('crm.verifyList', row);
    assert.equal(outcome?.status, 'started', JSON.stringify({ outcome, presented, asked: prompter.asked }));
    assert.match(prompter.asked[0]!.title, new RegExp(`for up to ${count.toLocaleString('en-US')} credits?`));
    const after = await stats();
    assert.equal(after.requests.by_route['POST /api/ext/list-contact/verify-contacts/:id'], 1);
    const charged = after.ledger[0]!.credits;
    assert.ok(charged >= 1 && charged <= count, `charged ${charged} for a list of ${count}`);
    assert.equal(await balanceOf('mnt_sandbox_full'), before - charged);
    assert.equal(outcome?.job?.id, after.ledger[0]!.job_id);
    assert.equal((await jobRows()).length, 1);
  });

  it('unlocks matching prospects with the folder filter and a count, best score first', async () => {
    const catalog = await folder('Prospect Catalog');
    const [first] = await lockedProspects();
    const country = String(first!.record.location_country);
    const filter = { location_country: [country] };
    (catalog as unknown as { reset(query: { filter: Record<string, string[]> }): void }).reset({ filter });
    const matching = await lockedMatching(filter);
    assert.ok(matching > 3, `only ${matching} locked prospects in ${country}`);

    // A count above the matching total is refused by the InputBox, and nothing is sent.
    const tooMany = new ScriptedPrompter({ input: String(Math.min(matching, 10_000) + 1), expectValidationError: true });
    api.services.prompter = tooMany;
    assert.equal((await run('crm.unlockMatching', catalog))?.status, 'cancelled');
    assert.match(tooMany.asked[0]?.validation ?? '', /^At most/);
    assert.match(tooMany.asked[0]?.text ?? '', new RegExp(`${matching.toLocaleString('en-US')} locked prospects matching the filter location_country ∈ ${country}`));

    const before = await balanceOf('mnt_sandbox_full');
    const prompter = new ScriptedPrompter({ input: '3' }, { confirm: 'Unlock 3 Prospects' });
    api.services.prompter = prompter;
    const outcome = await run('crm.unlockMatching', catalog);
    assert.equal(outcome?.status, 'started', JSON.stringify({ outcome, presented }));
    assert.match(prompter.asked[1]!.text, new RegExp(`^Filter: location_country ∈ ${country}$`, 'm'));
    assert.match(prompter.asked[1]!.text, /^Order: score, best first$/m);
    const after = await stats();
    assert.equal(after.requests.by_route[UNLOCK_MATCHING], 1);
    assert.equal(after.ledger[0]?.credits, 3);
    assert.equal(await balanceOf('mnt_sandbox_full'), before - 3);
    const jobs = (await adminGet('jobs')) as Array<{ id: string; kind: string; records: number }>;
    assert.deepEqual(
      jobs.map((j) => [j.id, j.kind, j.records]),
      [[outcome!.job!.id, 'unlock-contacts', 3]],
    );
  });

  it('refuses when the balance is too low (nothing sent), and names the missing permission on a 403 (the no-credits demo key)', async () => {
    const root = await addConnection('No credits', 'mnt_sandbox_nocredits');
    const selected = (await lockedProspects(root)).slice(0, 2);

    // Balance 0: refused before any modal (a ScriptedPrompter with no answers fails on any prompt).
    api.services.prompter = new ScriptedPrompter();
    const poor = await run('crm.unlockSelected', selected[0], selected);
    assert.equal(poor?.status, 'refused', JSON.stringify({ poor, presented }));
    assert.match(poor?.reason ?? '', /Not enough credits on "No credits": unlocking 2 prospects needs 2 credits and the balance is 0 credits\. Nothing was sent/);
    assert.equal(await sent(UNLOCK_SELECTED), 0);

    // With credits, the key still lacks payment_prospect:create: the 403 names it.
    await adminPost('balance', { key: 'mnt_sandbox_nocredits', balance: 100 });
    api.services.prompter = new ScriptedPrompter({ confirm: 'Unlock 2 Prospects' });
    assert.equal(await run('crm.unlockSelected', selected[0], selected), undefined);
    assert.equal(presented.length, 1);
    assert.equal(presented[0]!.error.kind, 'forbidden');
    assert.match(presented[0]!.error.message, /lacks the "payment_prospect:create" permission/);
    assert.match(presented[0]!.error.message, /create or rotate a key/);
    assert.equal(await sent(UNLOCK_SELECTED), 1);
    assert.equal((await stats()).ledger.length, 0);
    assert.equal(await balanceOf('mnt_sandbox_nocredits'), 100);

    // Now known: refused at once, no modal, no request.
    api.services.prompter = new ScriptedPrompter();
    const known = await run('crm.unlockSelected', selected[0], selected);
    assert.equal(known?.status, 'refused');
    assert.match(known?.reason ?? '', /lacks the "payment_prospect:create" permission/);
    assert.equal(await sent(UNLOCK_SELECTED), 1);
  });

  it('answers a read-only key with a 403 naming payment_prospect:create (and verify_email:create)', async () => {
    const root = await addConnection('Read only', 'mnt_sandbox_readonly');
    const selected = (await lockedProspects(root)).slice(0, 1);
    api.services.prompter = new ScriptedPrompter({ confirm: 'Unlock 1 Prospect' });
    assert.equal(await run('crm.unlockSelected', selected[0], selected), undefined);
    assert.equal(presented.length, 1);
    assert.equal(presented[0]!.error.requirement, 'payment_prospect:create');
    assert.match(presented[0]!.error.message, /"payment_prospect:create"/);

    const contacts = (await children(api, await folder('Contacts', root))).filter(isRecord).slice(0, 1) as Row[];
    api.services.prompter = new ScriptedPrompter({ confirm: 'Verify 1 Email' });
    assert.equal(await run('crm.verifyEmails', contacts[0], contacts), undefined);
    assert.match(presented[1]?.error.message ?? '', /"verify_email:create"/);
    const s = await stats();
    assert.equal(s.requests.by_route[UNLOCK_SELECTED], 1);
    assert.equal(s.requests.by_route[VERIFY_EMAILS], 1);
    assert.equal(s.ledger.length, 0);
  });

  it('reports an insufficient-credits refusal from the server clearly and lists no job', async () => {
    const selected = (await lockedProspects()).slice(0, 3);
    // The balance drops while the modal is open (another client spent it): the server refuses with 400.
    const scripted = new ScriptedPrompter();
    api.services.prompter = Object.assign(scripted, {
      confirm: async (message: string, detail: string, actions: string[]) => {
        scripted.asked.push({ kind: 'confirm', title: message, text: detail, items: actions });
        await adminPost('balance', { key: 'mnt_sandbox_full', balance: 1 });
        return 'Unlock 3 Prospects';
      },
    });
    assert.equal(await run('crm.unlockSelected', selected[0], selected), undefined);
    assert.equal(presented.length, 1);
    assert.match(presented[0]!.error.message, /Insufficient credits/);
    assert.match(presented[0]!.error.message, /No job was started/);
    const s = await stats();
    assert.equal(s.requests.by_route[UNLOCK_SELECTED], 1);
    assert.equal(s.ledger[0]?.status, 400);
    assert.equal(await balanceOf('mnt_sandbox_full'), 1);
    assert.equal((await jobRows()).length, 0);
  });
});
