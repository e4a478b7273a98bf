/**
 * CSV import in the extension host against the sandbox: the dry run reports the bad rows and sends nothing; an
 * import interrupted by a dropped connection and then resumed leaves each row on the server exactly once.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { ImportResult } from '../../src/transfer/import/importCommand';
import type { ExplorerNode } from '../../src/views/tree/node';
import { adminGet, adminPost, children, connectSandbox, label, sandboxUrl, testApi } from './support/extension';
import { ScriptedPrompter, byLabel } from './support/scriptedPrompter';
import { folderOf, sandboxContacts } from './support/transfer';
import { clearFaults } from '../support/sandboxAdmin';

interface Stats {
  requests: { total: number; by_route: Record<string, number> };
}

describe('Import from CSV', function () {
  this.timeout(180_000);
  let api: TestApi;
  let connectionId: string;
  let dir: string;

  before(async () => {
    api = await testApi();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-import-'));
  });

  beforeEach(async () => {
    connectionId = await connectSandbox(api);
  });

  afterEach(async () => {
    api.services.prompter = new ScriptedPrompter();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await adminPost('reset', {});
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('dry run: lists every row that would fail with its line and reason, and sends nothing', async () => {
    const file = path.join(dir, 'dry.csv');
    fs.writeFileSync(
      file,
      [
        'First Name,Last Name,Email,Phone,Score',
        'Ana,Ruiz,ana.dry@acme.io,+57 300 555 0101,10',
        'Bo,,bo.dry@acme.io,,20',
        'Cy,Lee,not-an-email,,30',
        '"Di, Jr.",Park,di.dry@acme.io,12,abc',
        'Ed,Stone,ed.dry@acme.io,,50',
      ].join('\r\n'),
    );
    const contacts = await folderOf(api, connectionId, 'Contacts');
    const before = (await adminGet('stats')) as Stats;
    const prompter = new ScriptedPrompter({ pick: byLabel('Use this mapping') }, { confirm: undefined });
    api.services.prompter = prompter;
    const result = await vscode.commands.executeCommand<ImportResult>('crm.import', contacts, undefined, { file });
    assert.ok(result, 'the import returned nothing (an error was shown?)');
    assert.equal(result.rows, 5);
    assert.equal(result.valid, 2);
    assert.deepEqual(result.invalid.map((r) => r.line), [3, 4, 5]);
    assert.match(result.invalid[0]!.errors.join(), /last_name: Last name is required/);
    assert.match(result.invalid[1]!.errors.join(), /work_email/);
    assert.match(result.invalid[2]!.errors.join(), /phone_numbers\.0: A phone number needs at least 5 digits.*|score: Score must be a number/);
    assert.equal(result.outcome, undefined, 'nothing sent after the confirmation was dismissed');
    // The report is an untitled document listing each bad row.
    const report = vscode.window.visibleTextEditors.map((e) => e.document).find((d) => d.isUntitled && d.getText().startsWith('Dry run'));
    assert.ok(report, 'the dry-run report was opened');
    assert.match(report.getText(), /5 data rows: 2 valid, 3 would fail/);
    assert.match(report.getText(), /^line 4: work_email/m);
    assert.doesNotMatch(report.getText(), /acme\.io/, 'the report names rows and reasons, not their data');
    // The modal said what would happen.
    assert.match(prompter.asked[1]!.text, /2 valid rows of 5\. 3 invalid rows are left out/);
    const after = (await adminGet('stats')) as Stats;
    assert.equal(after.requests.total, before.requests.total, 'not one request reached the sandbox');
  });

  it('an import interrupted by a dropped connection resumes and creates each row exactly once', async () => {
    const rows = 60;
    const file = path.join(dir, 'resume.csv');
    const lines = ['first_name,last_name,work_email,job_title'];
    for (let i = 0; i < rows; i++) lines.push(`Imp${i},Resume,imp${i}@resume-import.io,"Tester, ""QA"""`);
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const contacts = await folderOf(api, connectionId, 'Contacts');

    // The 21st create loses its connection (the sandbox hangs up before handling it).
    const pass = Array.from({ length: 20 }, () => ({ kind: 'latency', latencyMs: 0 }));
    await adminPost('faults', { next: [...pass, { kind: 'drop' }], match: '^POST /api/ext/contacts$' });
    api.services.prompter = new ScriptedPrompter({ pick: byLabel('Use this mapping') }, { confirm: `Import ${rows} contacts` });
    const first = await vscode.commands.executeCommand<ImportResult>('crm.import', contacts, undefined, { file });
    assert.ok(first?.outcome, 'the first run sent something');
    assert.match(first.outcome.stopped ?? '', /was lost/);
    assert.ok(first.outcome.created >= 20 && first.outcome.created < rows, `created ${first.outcome.created}`);
    assert.ok(first.outcome.remaining > 0);
    await clearFaults();

    const afterFirst = await sandboxContacts({ work_email: ['@resume-import.io'] });
    assert.equal(afterFirst.length, first.outcome.created);

    // Run again on the same file: the modal offers to resume, naming how many were sent.
    const prompter = new ScriptedPrompter({ pick: byLabel('Use this mapping') }, { confirm: `Resume (${first.outcome.created} of ${rows} already sent)` });
    api.services.prompter = prompter;
    const second = await vscode.commands.executeCommand<ImportResult>('crm.import', contacts, undefined, { file });
    assert.ok(second?.outcome, 'the resumed run sent nothing');
    assert.match(prompter.asked[1]!.text, /had no answer last time/);
    assert.equal(second.outcome.stopped, undefined);
    assert.equal(second.outcome.alreadySent, first.outcome.created);
    assert.equal(second.outcome.created + second.outcome.foundOnServer, rows - first.outcome.created);
    assert.equal(second.outcome.remaining, 0);
    console.log(`[import figures] ${second.outcome.created} contacts created one request each in ${second.seconds?.toFixed(2)} s (${((second.outcome.created) / (second.seconds || 1)).toFixed(0)} rows/s, concurrency ${api.services.settings().maxConcurrentRequests})`);

    const all = await sandboxContacts({ work_email: ['@resume-import.io'] });
    const emails = all.map((c) => String(c.work_email)).sort();
    assert.equal(emails.length, rows, 'no duplicates and nothing missing');
    assert.deepEqual(emails, Array.from({ length: rows }, (_, i) => `imp${i}@resume-import.io`).sort());
    assert.ok(all.every((c) => c.job_title === 'Tester, "QA"'));

    // A third run finds the import complete and offers only to send everything again.
    const third = new ScriptedPrompter({ pick: byLabel('Use this mapping') }, { confirm: undefined });
    api.services.prompter = third;
    await vscode.commands.executeCommand('crm.import', contacts, undefined, { file });
    assert.deepEqual(third.asked[1]!.items, ['Send All Again']);
  });

  it('imports 2,000 contacts (one create each, within the concurrency limit): each exactly once on the server', async () => {
    const rows = 2000;
    const file = path.join(dir, 'bulk-contacts.csv');
    const lines = ['First Name,Last Name,Email,Job Title,City'];
    for (let i = 0; i < rows; i++) lines.push(`Bulk${i},Importer,bulk${i}@bulk-import.io,"Buyer, ""Tier ${i % 3}""",Bogotá`);
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const contacts = await folderOf(api, connectionId, 'Contacts');
    const before = (await adminGet('stats')) as Stats;
    api.services.prompter = new ScriptedPrompter({ pick: byLabel('Use this mapping') }, { confirm: `Import ${rows.toLocaleString('en-US')} contacts` });
    const result = await vscode.commands.executeCommand<ImportResult>('crm.import', contacts, undefined, { file });
    assert.ok(result?.outcome, 'nothing was sent');
    assert.equal(result.outcome.created, rows);
    assert.equal(result.outcome.remaining, 0);
    assert.equal(result.outcome.stopped, undefined);
    const after = (await adminGet('stats')) as Stats;
    const creates = (after.requests.by_route['POST /api/ext/contacts'] ?? 0) - (before.requests.by_route['POST /api/ext/contacts'] ?? 0);
    assert.equal(creates, rows, 'one create request per row, none repeated');
    const stored = await sandboxContacts({ work_email: ['@bulk-import.io'] });
    assert.equal(new Set(stored.map((c) => String(c.work_email))).size, rows, 'each row once');
    assert.ok(stored.every((c) => /^Buyer, "Tier [0-2]"$/.test(String(c.job_title))));
    // A figure for docs/export-import.md (printed, not asserted: timings belong in the bench).
    console.log(`[import figures] ${rows} contacts created one request each in ${result.seconds?.toFixed(2)} s (${(rows / (result.seconds || 1)).toFixed(0)} rows/s, concurrency ${api.services.settings().maxConcurrentRequests})`);
  });

  it('imports 10,000 blacklist entries in one bulk request; a re-import of the file adds nothing twice', async () => {
    const root = (await children(api)).find((r) => String(r.getTreeItem().description).startsWith('OpenProspect'));
    assert.ok(root, 'no OpenProspect connection');
    const blacklists = (await children(api, root)).find((f) => label(f) === 'Blacklists');
    assert.ok(blacklists);
    const row = (await children(api, blacklists)).find((r) => label(r) === 'Existing customers') as (ExplorerNode & { view: { id: string } }) | undefined;
    assert.ok(row, 'no "Existing customers" blacklist');
    const count = async () => ((await (await fetch(`${sandboxUrl()}/api/v1/blacklists/${row.view.id}`, { headers: { Authorization: 'Bearer op_sandbox_full' } })).json()) as { entries_count: number }).entries_count;
    const before = await count();
    const file = path.join(dir, 'blacklist.csv');
    const lines = ['Company,Website,City'];
    for (let i = 0; i < 10_000; i++) lines.push(`Bulk Import ${i},bulk-import-${i}.example.io,Lyon`);
    lines.push('"",,Nowhere'); // no identifier: the dry run reports it
    fs.writeFileSync(file, lines.join('\n'));
    const stats0 = (await adminGet('stats')) as Stats;
    api.services.prompter = new ScriptedPrompter({ pick: byLabel('Use this mapping') }, { confirm: 'Import 10,000 entries' });
    const result = await vscode.commands.executeCommand<ImportResult>('crm.import', row, undefined, { file });
    assert.ok(result?.outcome);
    assert.deepEqual(result.invalid.map((r) => r.line), [10_002]);
    assert.equal(result.outcome.created, 10_000);
    assert.equal(await count(), before + 10_000);
    const stats1 = (await adminGet('stats')) as Stats;
    assert.equal((stats1.requests.by_route['POST /api/v1/blacklists/:id/entries'] ?? 0) - (stats0.requests.by_route['POST /api/v1/blacklists/:id/entries'] ?? 0), 1, 'one bulk request');
    console.log(`[import figures] 10,000 blacklist entries in ${result.seconds?.toFixed(2)} s (${(10_000 / (result.seconds || 1)).toFixed(0)} rows/s, one bulk request)`);

    // "Send All Again": the server skips what it has, so nothing is duplicated even then.
    api.services.prompter = new ScriptedPrompter({ pick: byLabel('Use this mapping') }, { confirm: 'Send All Again' });
    const again = await vscode.commands.executeCommand<ImportResult>('crm.import', row, undefined, { file });
    assert.equal(again?.outcome?.created, 0);
    assert.equal(again?.outcome?.skippedByServer, 10_000);
    assert.equal(await count(), before + 10_000);
  });
});
