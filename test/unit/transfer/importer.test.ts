import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import { ApiError } from '../../../src/api/http/errors';
import { parseCsv } from '../../../src/transfer/csv/read';
import { dryRun, dryRunReport, runImport } from '../../../src/transfer/import/importer';
import { ImportJournal } from '../../../src/transfer/import/journal';
import { guessMapping } from '../../../src/transfer/import/mapping';
import type { ImportTarget } from '../../../src/transfer/import/targets';
import { ContactCreateSchema, type ContactCreate } from '../../../src/api/minotaur/schemas';
import { CONTACT_FIELDS } from '../../../src/transfer/import/targets';

/** A fake server: creates records, can lose the answer of one request (after or before doing the work). */
function fakeTarget(options: { loseAnswerOf?: string; workDoneBeforeLoss?: boolean; refuse?: string } = {}) {
  const server = new Map<string, ContactCreate>();
  const calls: string[] = [];
  let lost = false;
  const target: ImportTarget<ContactCreate> = {
    kind: 'contacts',
    key: 'conn/contacts',
    noun: 'contact',
    plural: 'contacts',
    fields: CONTACT_FIELDS,
    schema: ContactCreateSchema,
    defaults: (r) => void (r.phone_numbers ??= []),
    batchSize: 1,
    async send([c]) {
      calls.push(c!.work_email);
      if (c!.work_email === options.refuse) throw new ApiError({ kind: 'validation', message: 'work_email is blocked' });
      if (c!.work_email === options.loseAnswerOf && !lost) {
        lost = true;
        if (options.workDoneBeforeLoss) server.set(`id-${server.size}`, c!);
        throw new ApiError({ kind: 'network', message: 'socket hang up' });
      }
      const id = `id-${server.size}`;
      server.set(id, c!);
      return { ids: [id] };
    },
    async findExisting(c) {
      for (const [id, v] of server) if (v.work_email === c.work_email) return id;
      return undefined;
    },
  };
  return { target, server, calls };
}

const CSV = [
  'First Name,Last Name,Email,Score',
  'Ana,Ruiz,ana@acme.io,10',
  'Bo,,bo@acme.io,20', // no last name
  'Cy,Lee,not-an-email,30',
  'Di,Park,di@acme.io,abc', // bad score
  'Ed,Stone,ed@acme.io,50',
  'Fa,Moss,fa@acme.io,60',
  'Gu,Hale,gu@acme.io,70',
].join('\n');

describe('CSV import', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-import-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const prepare = (target: ImportTarget<ContactCreate>) => {
    const [header, ...rows] = parseCsv(CSV);
    return dryRun(rows, target, guessMapping(header!.cells, target.fields));
  };

  it('dry run: every bad row with its line and reason; nothing sent', () => {
    const { target, calls } = fakeTarget();
    const run = prepare(target);
    assert.equal(run.rows.length, 7);
    assert.equal(run.valid, 4);
    assert.deepEqual(run.invalid.map((r) => r.line), [3, 4, 5]);
    assert.match(run.invalid[0]!.errors!.join(), /last_name: Last name is required/);
    assert.match(run.invalid[1]!.errors!.join(), /work_email: .*email address/);
    assert.match(run.invalid[2]!.errors!.join(), /score: Score must be a number/);
    const report = dryRunReport('Dry run', run, 'x');
    assert.match(report, /7 data rows: 4 valid, 3 would fail/);
    assert.match(report, /^line 4: work_email/m);
    assert.equal(calls.length, 0);
  });

  it('a lost answer stops the import; the resumed run checks that row on the server and sends each row once', async () => {
    for (const workDone of [true, false]) {
      const { target, server, calls } = fakeTarget({ loseAnswerOf: 'ed@acme.io', workDoneBeforeLoss: workDone });
      const run = prepare(target);
      const journal = ImportJournal.open(dir, `file-${workDone}`, target.key);
      journal.begin(`file-${workDone}`, target.key, run.rows.length);
      const first = await runImport({ target, rows: run.rows, journal, concurrency: 1, signal: new AbortController().signal });
      assert.match(first.stopped ?? '', /answer for line 6 was lost/);
      assert.equal(first.created, 1);
      assert.ok(first.remaining >= 1);

      // A new window: the journal is read back from disk.
      const reopened = ImportJournal.open(dir, `file-${workDone}`, target.key);
      assert.ok(reopened.exists);
      assert.deepEqual(reopened.counts(), { done: 1, failed: 0, unknown: 1 });
      const second = await runImport({ target, rows: run.rows, journal: reopened, concurrency: 2, signal: new AbortController().signal });
      assert.equal(second.stopped, undefined);
      assert.equal(second.alreadySent, 1);
      assert.equal(second.foundOnServer, workDone ? 1 : 0);
      assert.equal(second.remaining, 0);
      const emails = [...server.values()].map((c) => c.work_email).sort();
      assert.deepEqual(emails, ['ana@acme.io', 'ed@acme.io', 'fa@acme.io', 'gu@acme.io'], `each row exactly once (work done before loss: ${workDone})`);
      assert.equal(calls.filter((e) => e === 'ed@acme.io').length, workDone ? 1 : 2);
    }
  });

  it('a row the server refuses is reported and the rest goes on; a resume does not re-send it', async () => {
    const { target, server } = fakeTarget({ refuse: 'fa@acme.io' });
    const run = prepare(target);
    const journal = ImportJournal.open(dir, 'f', target.key);
    journal.begin('f', target.key, run.rows.length);
    const outcome = await runImport({ target, rows: run.rows, journal, concurrency: 3, signal: new AbortController().signal });
    assert.equal(outcome.created, 3);
    assert.deepEqual(outcome.failed.map((f) => f.line), [7]);
    const again = await runImport({ target, rows: run.rows, journal: ImportJournal.open(dir, 'f', target.key), concurrency: 3, signal: new AbortController().signal });
    assert.equal(again.created, 0);
    assert.equal(again.alreadySent, 4);
    assert.equal(server.size, 3);
  });

  it('cancelling stops sending; the journal holds no e-mail addresses or names', async () => {
    const { target, server } = fakeTarget();
    const run = prepare(target);
    const journal = ImportJournal.open(dir, 'g', target.key);
    journal.begin('g', target.key, run.rows.length);
    const abort = new AbortController();
    const outcome = await runImport({ target, rows: run.rows, journal, concurrency: 1, signal: abort.signal, onProgress: (p) => p.sent >= 2 && abort.abort() });
    assert.ok(outcome.cancelled);
    assert.equal(server.size, 2);
    assert.equal(outcome.remaining, 2);
    const text = fs.readFileSync(journal.file, 'utf8');
    assert.doesNotMatch(text, /acme\.io|Ana|Ruiz/);
    assert.match(text, /"s":"done","id":"id-0"/);
  });

  it('bulk targets send batches and count what the server skipped', async () => {
    const sent: number[] = [];
    const target: ImportTarget<{ company_name: string }> = {
      kind: 'blacklistEntries',
      key: 'k',
      noun: 'entry',
      plural: 'entries',
      fields: [{ name: 'company_name', label: 'Company name' }],
      schema: z.object({ company_name: z.string() }),
      batchSize: 3,
      send: async (batch) => (sent.push(batch.length), { created: batch.length - 1, skipped: 1 }),
    };
    const rows = Array.from({ length: 7 }, (_, i) => ({ cells: [`C${i}`], line: i + 2 }));
    const run = dryRun(rows, target, { company_name: 0 });
    const journal = ImportJournal.open(dir, 'h', 'k');
    journal.begin('h', 'k', 7);
    const outcome = await runImport({ target, rows: run.rows, journal, concurrency: 1, signal: new AbortController().signal });
    assert.deepEqual(sent, [3, 3, 1]);
    assert.equal(outcome.created, 4);
    assert.equal(outcome.skippedByServer, 3);
  });
});
