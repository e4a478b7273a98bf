/**
 * Chaos: Export… (crm.export, bulk-read transport) while the sandbox injects seeded faults on the contacts list route,
 * asserting against the sandbox's own data and counters: either the file matches the sandbox row for row (no record
 * lost, none duplicated) or the export fails with ONE error shown and neither the file nor its .partial left behind;
 * requests stay within crm.maxRetries retries per page; the extension still answers afterwards.
 *
 * Why the outcome is the same every run: the sandbox's random mode draws one decision per MATCHING request from a
 * seeded generator, so the k-th list request always gets the same fault. The first test exports with one request in
 * flight, so request k is always the same page and the whole run (faults by kind, retries, requests) is fixed; the
 * seed was chosen so that one page needs all its retries but none runs out. The second keeps the default concurrency
 * (the real parallel path) with two malformed 200s, which a read asks again; the last keeps one page malformed on
 * every try, so the export fails once, with no file left.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { parseCsv } from '../../src/transfer/csv/read';
import { csvCell } from '../../src/transfer/csv/write';
import type { ExportResult } from '../../src/transfer/export/exportCommand';
import { PARTIAL_SUFFIX } from '../../src/transfer/export/fileSink';
import { OTHER_FIELDS_COLUMN } from '../../src/transfer/export/formats';
import { adminPost, connectSandbox, testApi } from '../inhost/support/extension';
import { folderOf, sandboxContacts } from '../inhost/support/transfer';
import { FailureRecorder, assertResponsive, clearFaults, queueFaults, randomFaults, recordFigures, stats, tallyFaults, type FaultKind } from './support';

const CONTACTS = 3_000;
const PAGE = 100;
/** 3,000 / 100 full pages, then the empty page that ends the export. */
const LIST_REQUESTS_WITHOUT_FAULTS = CONTACTS / PAGE + 1;
const LIST = 'POST /api/ext/contacts/list';
const TRANSIENT: FaultKind[] = ['latency', '429', '500', '502', '503', 'drop'];

describe('Chaos: Export', function () {
  this.timeout(300_000);
  let api: TestApi;
  let connectionId: string;
  let recorder: FailureRecorder;
  let dir: string;
  const faults: Record<string, number> = {};
  let flows = 0;

  before(async () => {
    api = await testApi();
    await adminPost('reseed', { contacts: CONTACTS });
    connectionId = await connectSandbox(api);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-chaos-export-'));
  });

  beforeEach(async () => {
    // Counters (requests per route, faults by kind) of this flow only; keeps the reseeded size.
    await adminPost('reset', {});
    recorder = new FailureRecorder(api).install();
  });

  afterEach(async () => {
    await tallyFaults(faults);
    await clearFaults();
    recorder.uninstall();
    await vscode.workspace.getConfiguration('crm').update('maxConcurrentRequests', undefined, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    recordFigures('export', { flows, faults });
    fs.rmSync(dir, { recursive: true, force: true });
    // Back to the size the other suites expect.
    await adminPost('reseed', {});
  });

  /** Export the folder to CSV under the faults set up, then: nothing shown, every contact written once, no .partial. */
  async function exportCompletes(contacts: unknown, target: string, why: string) {
    const result = await vscode.commands.executeCommand<ExportResult>('crm.export', contacts, undefined, { target, format: 'csv' });
    const s = await stats();
    await clearFaults();
    assert.deepEqual(recorder.take(), [], `a failure was shown although ${why}`);
    assert.ok(result && !result.cancelled, 'the export did not complete');
    assert.equal(result.written, CONTACTS);
    assert.equal(result.duplicates, 0, 'a page was delivered twice');
    assert.equal(result.rejectedCount, 0);
    assert.ok(fs.existsSync(target), 'no file');
    assert.ok(!fs.existsSync(target + PARTIAL_SUFFIX), 'the partial file was left behind');
    return s;
  }

  it(`exports ${CONTACTS.toLocaleString('en-US')} contacts to CSV with 40 % of list calls faulted: completes, row for row, retries within crm.maxRetries`, async () => {
    flows++;
    await vscode.workspace.getConfiguration('crm').update('maxConcurrentRequests', 1, vscode.ConfigurationTarget.Global);
    const settings = api.services.settings();
    assert.equal(settings.maxConcurrentRequests, 1, 'the setting did not reach the extension');
    const contacts = await folderOf(api, connectionId, 'Contacts');
    const target = path.join(dir, 'contacts.csv');
    await randomFaults(`^${LIST}$`, 0.4, TRANSIENT, 114);
    const s = await exportCompletes(contacts, target, 'every page was retried successfully');

    // The seeded run, fault for fault: 14 retryable faults and 3 slow answers among 45 list requests.
    assert.deepEqual(s.faults_injected.by_kind, { latency: 3, '429': 3, '500': 3, '502': 3, '503': 3, drop: 2 });
    const requests = s.requests.by_route[LIST] ?? 0;
    const retryable = s.faults_injected.total - (s.faults_injected.by_kind.latency ?? 0);
    assert.equal(requests, LIST_REQUESTS_WITHOUT_FAULTS + retryable, 'one extra request per retryable fault, no more');
    assert.ok(requests <= LIST_REQUESTS_WITHOUT_FAULTS * (settings.maxRetries + 1), `${requests} list requests: more than crm.maxRetries retries per page`);

    // Row for row against the sandbox's own data (read without faults, in the API's order).
    const expected = await sandboxContacts();
    assert.equal(expected.length, CONTACTS);
    const rows = parseCsv(fs.readFileSync(target, 'utf8'));
    assert.equal(rows.length, CONTACTS + 1, 'header + one row per contact');
    const header = rows[0]!.cells;
    assert.equal(header.at(-1), OTHER_FIELDS_COLUMN);
    const columns = header.slice(0, -1);
    const idColumn = columns.indexOf('id');
    assert.ok(idColumn >= 0, 'no id column');
    const ids = rows.slice(1).map((r) => r.cells[idColumn]);
    assert.equal(new Set(ids).size, CONTACTS, 'a contact is in the file twice');
    const protect = { protectFormulas: settings.exportCsvFormulaProtection };
    for (let i = 0; i < expected.length; i++) {
      const record = expected[i]!;
      const cells = rows[i + 1]!.cells;
      const [want] = parseCsv(columns.map((c) => csvCell(record[c], protect)).join(',') + '\r\n');
      const wantCells = want?.cells ?? [''];
      for (let c = 0; c < columns.length; c++) {
        if (cells[c] !== (wantCells[c] ?? '')) assert.fail(`row ${i + 1} (${String(record.id)}), column ${columns[c]}: ${JSON.stringify(cells[c]?.slice(0, 80))} ≠ ${JSON.stringify(wantCells[c]?.slice(0, 80))}`);
      }
    }
    await assertResponsive(api);
  });

  it('exports with the default concurrency while two list answers are malformed JSON: each is asked again, the file is complete', async () => {
    flows++;
    const settings = api.services.settings();
    assert.ok(settings.maxConcurrentRequests > 1, 'this flow is about the parallel path');
    assert.ok(settings.maxRetries >= 1, 'a malformed read is only asked again when retries are allowed');
    const contacts = await folderOf(api, connectionId, 'Contacts');
    const target = path.join(dir, 'malformed.csv');
    // Seed 70 at 5 %: the 7th and 13th list requests (pages already fetched in parallel) get a broken 200, and no
    // other request among the first 60, so no page can run out of retries whatever order the pages go in.
    await randomFaults(`^${LIST}$`, 0.05, ['malformed'], 70);
    const s = await exportCompletes(contacts, target, 'each broken page was read on the next try');
    assert.equal(s.faults_injected.by_kind.malformed, 2, 'the two malformed answers were not both injected');
    assert.equal(s.requests.by_route[LIST], LIST_REQUESTS_WITHOUT_FAULTS + 2, 'one extra request per malformed answer, no more');
    const rows = parseCsv(fs.readFileSync(target, 'utf8'));
    const idColumn = rows[0]!.cells.indexOf('id');
    assert.equal(new Set(rows.slice(1).map((r) => r.cells[idColumn])).size, CONTACTS, 'not every contact exactly once');
    await assertResponsive(api);
  });

  it('exports while a list page stays malformed JSON: asked crm.maxRetries more times, then ONE error, no file, no partial file', async () => {
    flows++;
    const settings = api.services.settings();
    const contacts = await folderOf(api, connectionId, 'Contacts');
    const target = path.join(dir, 'broken.csv');
    // The first page is fetched alone (with the total), so it gets every queued answer: broken on each try.
    await queueFaults(`^${LIST}$`, ...Array.from({ length: settings.maxRetries + 1 }, () => 'malformed' as const));
    const result = await vscode.commands.executeCommand<ExportResult>('crm.export', contacts, undefined, { target, format: 'csv' });
    const s = await stats();
    await clearFaults();

    assert.equal(result, undefined, 'the export reported a result although a page could not be read');
    const shown = recorder.take();
    assert.equal(shown.length, 1, `not exactly one failure shown: ${JSON.stringify(shown)}`);
    assert.match(shown[0]!.text, /not valid JSON/, 'the failure shown is not the malformed answer');
    assert.doesNotMatch(shown[0]!.text, /probably carried out/, 'a read was described like a write');
    assert.ok(!fs.existsSync(target), 'a file was left with the target name');
    assert.ok(!fs.existsSync(target + PARTIAL_SUFFIX), 'the partial file was left behind');
    assert.ok(!fs.readdirSync(dir).some((f) => f.startsWith('broken')), `leftovers: ${fs.readdirSync(dir).join(', ')}`);
    assert.equal(s.faults_injected.by_kind.malformed, settings.maxRetries + 1);
    assert.equal(s.requests.by_route[LIST], settings.maxRetries + 1, 'the page was not asked exactly 1 + crm.maxRetries times, or the export went on');
    await assertResponsive(api);
  });
});
