import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ExportCancelled, exportRecords, type ExportPage, type ExportSource, type TextSink } from '../../../src/transfer/export/exporter';
import { ExportFile, PARTIAL_SUFFIX } from '../../../src/transfer/export/fileSink';
import { createFormatter } from '../../../src/transfer/export/formats';

/** Let `n` rounds of the microtask queue pass: deterministic reordering without timers. */
async function ticks(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await Promise.resolve();
}

interface FakeOptions {
  records: number;
  /** Microtask delay of page i: larger for early pages so answers arrive out of order. */
  delay?: (page: number) => number;
  total?: number | 'none';
  rejectEvery?: number;
  fail?: number;
}

function fakeSource(options: FakeOptions) {
  const stats = { inFlight: 0, maxInFlight: 0, requests: [] as number[], aborted: 0 };
  const all = Array.from({ length: options.records }, (_, i) => ({ id: `r${i}`, n: i }));
  const source: ExportSource = {
    async fetchPage(offset, limit, signal) {
      const page = offset / limit;
      stats.requests.push(page);
      stats.inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      try {
        await ticks(options.delay?.(page) ?? 1);
        if (signal.aborted) {
          stats.aborted++;
          throw new Error('aborted');
        }
        if (options.fail === page) throw new Error(`page ${page} failed`);
        const slice = all.slice(offset, offset + limit);
        const items: object[] = [];
        const rejected: ExportPage['rejected'] = [];
        slice.forEach((r, i) => {
          if (options.rejectEvery && r.n % options.rejectEvery === 0) rejected.push({ index: i, id: r.id, issues: ['score: expected number'] });
          else items.push(r);
        });
        return { items, rejected, received: slice.length };
      } finally {
        stats.inFlight--;
      }
    },
    fetchTotal: options.total === 'none' ? undefined : async () => (typeof options.total === 'number' ? options.total : options.records),
  };
  return { source, stats };
}

class MemorySink implements TextSink {
  text = '';
  async write(text: string): Promise<void> {
    this.text += text;
    await ticks(3); // a slow disk: the engine must wait for each write
  }
}

const jsonl = () => createFormatter({ format: 'jsonl', bom: false, csv: { protectFormulas: true } });
const ids = (text: string) => text.trimEnd().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { id: string }).id);

describe('Export engine', () => {
  it('writes pages in order although they arrive out of order, within the concurrency limit', async () => {
    const { source, stats } = fakeSource({ records: 1050, delay: (p) => 40 - (p % 7) * 5 });
    const sink = new MemorySink();
    const progress: number[] = [];
    const summary = await exportRecords({ source, formatter: jsonl(), sink, pageSize: 100, concurrency: 4, signal: new AbortController().signal, onProgress: (n) => progress.push(n) });
    assert.deepEqual(ids(sink.text), Array.from({ length: 1050 }, (_, i) => `r${i}`));
    assert.equal(summary.written, 1050);
    assert.equal(summary.total, 1050);
    assert.ok(stats.maxInFlight > 1, 'pages were fetched in parallel');
    assert.ok(stats.maxInFlight <= 4, `at most 4 in flight, saw ${stats.maxInFlight}`);
    assert.deepEqual(progress, [...progress].sort((a, b) => a - b), 'progress only grows');
    assert.equal(progress.at(-1), 1050);
    assert.equal(Math.max(...stats.requests), 10, 'no page fetched past the announced end');
  });

  it('follows the data past a stale total until a short page, and de-duplicates by id', async () => {
    const { source } = fakeSource({ records: 450, total: 200 });
    const sink = new MemorySink();
    const summary = await exportRecords({ source, formatter: jsonl(), sink, pageSize: 100, concurrency: 3, signal: new AbortController().signal });
    assert.equal(summary.written, 450);
    // Overlapping pages (data shifted): the repeated record is written once.
    const shifted: ExportSource = {
      fetchPage: async (offset) => ({ items: offset === 0 ? [{ id: 'a' }, { id: 'b' }] : [{ id: 'b' }], rejected: [], received: offset === 0 ? 2 : 1 }),
    };
    const out = new MemorySink();
    const s2 = await exportRecords({ source: shifted, formatter: jsonl(), sink: out, pageSize: 2, concurrency: 2, signal: new AbortController().signal });
    assert.deepEqual(ids(out.text), ['a', 'b']);
    assert.equal(s2.duplicates, 1);
  });

  it('without any total, fetches ahead and stops at the first short page', async () => {
    const { source } = fakeSource({ records: 230, total: 'none' });
    const sink = new MemorySink();
    const summary = await exportRecords({ source, formatter: jsonl(), sink, pageSize: 50, concurrency: 4, signal: new AbortController().signal });
    assert.equal(summary.written, 230);
    assert.equal(summary.total, undefined);
    assert.equal(new Set(ids(sink.text)).size, 230);
  });

  it('reports records that fail the schema instead of writing or crashing', async () => {
    const { source } = fakeSource({ records: 300, rejectEvery: 50 });
    const sink = new MemorySink();
    const summary = await exportRecords({ source, formatter: jsonl(), sink, pageSize: 100, concurrency: 2, signal: new AbortController().signal });
    assert.equal(summary.rejectedCount, 6);
    assert.equal(summary.written, 294);
    assert.deepEqual(summary.rejected.map((r) => r.index), [0, 50, 100, 150, 200, 250]);
    assert.ok(!ids(sink.text).includes('r50'));
  });

  it('a failed page fails the export; cancelling throws ExportCancelled and stops fetching', async () => {
    const { source } = fakeSource({ records: 1000, fail: 4 });
    await assert.rejects(
      exportRecords({ source, formatter: jsonl(), sink: new MemorySink(), pageSize: 100, concurrency: 2, signal: new AbortController().signal }),
      /page 4 failed/,
    );
    const abort = new AbortController();
    const { source: slow, stats } = fakeSource({ records: 10_000 });
    const run = exportRecords({
      source: slow,
      formatter: jsonl(),
      sink: new MemorySink(),
      pageSize: 100,
      concurrency: 4,
      signal: abort.signal,
      onProgress: (n) => n >= 500 && abort.abort(),
    });
    await assert.rejects(run, ExportCancelled);
    assert.ok(stats.requests.length < 20, `stopped soon after the cancel (${stats.requests.length} requests)`);
  });

  it('file sink: the target appears only on commit; discard leaves neither file nor partial file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-export-'));
    try {
      const target = path.join(dir, 'out.csv');
      const file = new ExportFile(target);
      await file.write('a,b\r\n');
      await file.write('x'.repeat(3 << 20)); // more than the stream buffer: exercises 'drain'
      assert.ok(!fs.existsSync(target), 'no target before commit');
      assert.ok(fs.existsSync(target + PARTIAL_SUFFIX));
      await file.commit();
      assert.equal(fs.statSync(target).size, 5 + (3 << 20));
      assert.ok(!fs.existsSync(target + PARTIAL_SUFFIX));

      const second = new ExportFile(target);
      await second.write('half');
      await second.discard();
      assert.ok(!fs.existsSync(target + PARTIAL_SUFFIX));
      assert.equal(fs.statSync(target).size, 5 + (3 << 20), 'the earlier complete file is untouched');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
