// Turns the raw measurements into bench/results.json (budgets + figures + machine) and bench/RESULTS.md.
import { summarize, fmtSummary, round, KB, MB } from './stats.mjs';

const cmp = { le: (v, l) => v <= l, ge: (v, l) => v >= l };
const sym = { le: '≤', ge: '≥' };

/** A budget row: value is the median (or a single measurement); pass is null when there is nothing to judge. */
function budget({ key, name, sum, value, limit, unit, op = 'le', note, digits = 1 }) {
  const v = value !== undefined ? value : sum ? sum.median : null;
  const has = typeof v === 'number' && Number.isFinite(v);
  const row = { name, value: has ? round(v, digits) : null, limit, unit, pass: has ? cmp[op](v, limit) : null, key, op };
  if (sum && sum.n) Object.assign(row, { min: sum.min, max: sum.max, runs: sum.n });
  if (note) row.note = note;
  return row;
}

const perfField = (runs, who, field) => summarize(runs.map((r) => r.activation?.[who]?.startupPerformance?.[field]), 1);

/**
 * raw = { selected: Set, runs, sizes, ui: [session results], rps: [..], baseline: [..], export, bulk, errors, machine,
 *         date, seconds }
 */
export function buildResults(raw) {
  const sel = raw.selected;
  const notRun = () => `not measured in this run (--only ${[...sel].join(',')})`;
  const ui = raw.ui || [];
  const acts = ui.filter((r) => r.activation);
  const ours = summarize(acts.map((r) => r.activation.ours.runningExtensionsMs), 1);
  const control = summarize(acts.map((r) => r.activation.control.runningExtensionsMs), 1);
  const perRunRatio = summarize(
    acts.map((r) => {
      const o = r.activation.ours.runningExtensionsMs;
      const c = r.activation.control.runningExtensionsMs;
      return typeof o === 'number' && typeof c === 'number' ? o / Math.max(c, 1) : null;
    }),
    2,
  );
  const ratioOfMedians = ours.median !== null && control.median !== null ? ours.median / Math.max(control.median, 1) : null;

  const trees = ui.filter((r) => r.tree);
  const tree = (part, field) => summarize(trees.map((r) => r.tree[part]?.[field]), 1);
  const firstPage = tree('firstPage', 'ms');

  const rps = raw.rps || [];
  const base = raw.baseline || [];
  const baseSeconds = summarize(base.map((b) => b.seconds), 2);
  const baseMem = summarize(base.map((b) => b.memoryGrowth / MB), 1);
  const sizes = raw.sizes;

  const exportNote = `the extension's export is ${raw.export.status}; the sequential-fetch baseline is ready` +
    (baseSeconds.median !== null ? ` (${baseSeconds.median} s for ${base[0].records.toLocaleString('en-US')} contacts)` : '');

  const budgets = [
    sel.has('activation')
      ? budget({ key: 'activation', name: 'Activation (Running Extensions)', sum: ours, limit: 20, unit: 'ms' })
      : budget({ key: 'activation', name: 'Activation (Running Extensions)', value: null, limit: 20, unit: 'ms', note: notRun() }),
    sel.has('activation')
      ? { ...budget({ key: 'activationVsControl', name: 'Activation vs control extension', value: ratioOfMedians, limit: 2, unit: '×', digits: 2,
          note: 'median(ours) / median(control); min–max are the per-run ratios' }), ...(perRunRatio.n ? { min: perRunRatio.min, max: perRunRatio.max, runs: perRunRatio.n } : {}) }
      : budget({ key: 'activationVsControl', name: 'Activation vs control extension', value: null, limit: 2, unit: '×', note: notRun() }),
    budget({ key: 'extensionJsSize', name: 'dist/extension.js size (minified)', value: sizes ? sizes.extensionJsBytes / KB : null, limit: 250, unit: 'KB',
      note: sizes ? undefined : notRun() }),
    budget({ key: 'vsixSize', name: 'VSIX size', value: sizes ? sizes.vsixBytes / KB : null, limit: 600, unit: 'KB', note: sizes ? undefined : notRun() }),
    sel.has('tree')
      ? budget({ key: 'firstPage', name: 'First page of Contacts rendered', sum: firstPage, limit: 300, unit: 'ms' })
      : budget({ key: 'firstPage', name: 'First page of Contacts rendered', value: null, limit: 300, unit: 'ms', note: notRun() }),
    budget({ key: 'exportSpeedup', name: 'Export 100,000 contacts vs sequential fetch', value: raw.export.speedup ?? null, limit: 2, unit: '×', op: 'ge', digits: 2, note: raw.export.status === 'measured' ? (raw.export.ratioPerPair ? `median of the per-run ratios, each export against the baseline run just before it (${raw.export.ratioPerPair.samples.join(', ')}); export ${raw.export.seconds} s, paired baseline ${raw.export.baselineSeconds} s (medians)` : `export ${raw.export.seconds} s vs baseline ${raw.export.baselineSeconds} s (median)`) + `; ${raw.export.note}` : exportNote }),
    budget({ key: 'exportMemory', name: 'Export memory growth (extension host)', value: raw.export.memoryGrowthMB ?? null, limit: 100, unit: 'MB',
      note: `the extension's export is ${raw.export.status}` + (baseMem.median !== null ? `; the baseline process grew ${baseMem.median} MB` : '') }),
  ];

  const figures = {
    activation: sel.has('activation')
      ? {
          runs: acts.length,
          oursRunningExtensionsMs: ours,
          controlRunningExtensionsMs: control,
          ratioOfMedians: round(ratioOfMedians, 2),
          ratioPerRun: perRunRatio,
          oursStartupPerformance: { loadCodeMs: perfField(acts, 'ours', 'loadCodeMs'), callActivateMs: perfField(acts, 'ours', 'callActivateMs'), finishActivateMs: perfField(acts, 'ours', 'finishActivateMs') },
          controlStartupPerformance: { loadCodeMs: perfField(acts, 'control', 'loadCodeMs'), callActivateMs: perfField(acts, 'control', 'callActivateMs'), finishActivateMs: perfField(acts, 'control', 'finishActivateMs') },
          events: [...new Set(acts.flatMap((r) => [r.activation.ours.startupPerformance?.event, r.activation.control.startupPerformance?.event]).filter(Boolean))],
          perRun: acts.map((r) => ({ run: r.index + 1, openedFirst: r.order[0], ours: r.activation.ours.runningExtensionsMs, control: r.activation.control.runningExtensionsMs,
            oursStartupPerformance: r.activation.ours.startupPerformance, controlStartupPerformance: r.activation.control.startupPerformance })),
        }
      : { status: notRun() },
    sizes: sizes || { status: notRun() },
    tree: sel.has('tree')
      ? {
          runs: trees.length,
          firstPageMs: firstPage,
          firstPageDomMs: tree('firstPage', 'domMs'),
          firstPagePlaywrightMs: tree('firstPage', 'playwrightMs'),
          loadMoreMs: tree('loadMore', 'ms'),
          loadMoreDomMs: tree('loadMore', 'domMs'),
          loadMorePlaywrightMs: tree('loadMore', 'playwrightMs'),
          pageSize: 50,
          contactsInSandbox: 100000,
          loadMoreRuns: trees.filter((r) => r.tree.loadMore).length,
          lastLoadMoreRow: trees.map((r) => r.tree.loadMore?.row).filter(Boolean).at(-1),
        }
      : { status: notRun() },
    sandbox: sel.has('sandbox')
      ? {
          runs: rps.length,
          requestsPerSecond: summarize(rps.map((r) => r.rps), 0),
          latencyP50Ms: summarize(rps.map((r) => r.p50Ms), 2),
          latencyP95Ms: summarize(rps.map((r) => r.p95Ms), 2),
          requestsPerRun: rps[0]?.requests, concurrency: rps[0]?.concurrency, limit: rps[0]?.limit, warmupRequests: rps[0]?.warmup,
          errors: rps.reduce((a, r) => a + r.errors, 0),
          request: 'POST /api/ext/contacts/list {filters: {}, paginate: {page: 1…2000, limit: 50}}, Authorization: X-API-Key mnt_sandbox_full, Node fetch',
        }
      : { status: notRun() },
    exportBaseline: sel.has('baseline')
      ? {
          runs: base.length,
          seconds: baseSeconds,
          recordsPerSecond: summarize(base.map((b) => b.recordsPerSecond), 0),
          memoryGrowthMB: baseMem,
          heapGrowthAtEndMB: summarize(base.map((b) => b.heapGrowthAtEnd / MB), 1),
          clientCpuSeconds: summarize(base.map((b) => b.clientCpuSeconds).filter((v) => typeof v === 'number'), 2),
          sandboxCpuSeconds: summarize(base.map((b) => b.sandboxCpuSeconds).filter((v) => typeof v === 'number'), 2),
          records: base[0]?.records, requests: base[0]?.requests, limit: base[0]?.limit,
          responseMB: base[0] ? round(base[0].bytes / MB, 1) : undefined,
          method: 'one process per run; pages of 100 fetched one after another with plain fetch + JSON.parse, records counted and dropped; memory growth = peak RSS - RSS before the first timed request',
        }
      : { status: notRun() },
    lazyChunks: ui.length
      ? {
          runs: ui.length,
          loadMs: Object.fromEntries(
            [...new Set(ui.flatMap((r) => Object.keys(r.chunkLoads || {})))].sort().map((chunk) => [chunk, summarize(ui.map((r) => r.chunkLoads?.[chunk]), 1)]),
          ),
          note: 'from the extension log ("loaded dist/<chunk>.js in N ms"): the one-time cost the first command or expand pays when that chunk is not loaded yet. In these sessions the core chunk loads right after activation (the sandbox auto-connect), before the first page is timed',
        }
      : { status: notRun() },
    export: raw.export,
    bulk: raw.bulk,
  };
  if (raw.errors.length) figures.errors = raw.errors;

  return { budgets, figures, machine: raw.machine, date: raw.date, runs: raw.runs, durationSeconds: round(raw.seconds, 0), only: raw.only || null };
}

const fmtBudgetValue = (b) => {
  if (b.value === null) return '—';
  const d = b.unit === '×' ? 2 : 1;
  const f = (v) => Number(v).toFixed(d);
  const u = b.unit === '×' ? '×' : ` ${b.unit}`;
  return b.runs > 1 && b.min !== undefined ? `${f(b.value)}${u} (${f(b.min)}–${f(b.max)})` : `${f(b.value)}${u}`;
};
const verdict = (b) => (b.pass === true ? 'PASS' : b.pass === false ? '**MISS**' : 'pending');
export const plainVerdict = (b) => (b.pass === true ? 'PASS' : b.pass === false ? 'MISS' : 'PENDING');

export function budgetLine(b) {
  return `${plainVerdict(b).padEnd(8)} ${b.name.padEnd(46)} ${fmtBudgetValue(b).padEnd(28)} limit ${sym[b.op]} ${b.limit}${b.unit === '×' ? '×' : ' ' + b.unit}${b.pass === null && b.note ? `  (${b.note})` : ''}`;
}

export function renderMarkdown(res) {
  const m = res.machine;
  const f = res.figures;
  const L = [];
  L.push('# CRM Explorer — benchmark results', '');
  L.push(`Generated by \`npm run bench\` on ${res.date} · ${res.runs} runs per measurement · ${res.durationSeconds} s in all  `);
  L.push(`${m.cpus}× ${m.cpuModel}, ${m.memoryGB} GB RAM, ${m.os} · Node ${m.node} · VS Code ${m.vscode} (code-server ${m.codeServer}) · ${m.chromium || 'Chromium ?'}  `);
  L.push(`Commit ${m.commit}${m.dirty ? ' + uncommitted changes' : ''}. How to read this: [docs/benchmarks.md](../docs/benchmarks.md).`, '');
  const loads = (m.loadAverage || []).map((l) => l.load1);
  if (loads.length) {
    L.push(`Load average (1 min) during the run: ${Math.min(...loads)}–${Math.max(...loads)} on ${m.cpus} CPUs` +
      (m.busy ? ' — **the machine was busy with other work: timings are inflated; compare runs made under similar load**.' : '.'), '');
  }
  L.push('| Budget (SPEC §8) | Value (median, min–max) | Limit | Result |', '|---|---|---|---|');
  for (const b of res.budgets) {
    const note = b.pass === null && b.note ? (b.value === null ? `not measured: ${b.note}` : ` — ${b.note}`) : '';
    L.push(`| ${b.name} | ${b.value === null && note ? '' : fmtBudgetValue(b)}${note} | ${sym[b.op]} ${b.limit}${b.unit === '×' ? '×' : ' ' + b.unit} | ${verdict(b)} |`);
  }
  L.push('', '## Figures', '', '| Figure | Value (median, min–max) |', '|---|---|');
  const row = (name, v) => L.push(`| ${name} | ${v} |`);
  if (f.activation.runs) {
    const a = f.activation;
    row('Activation, CRM Explorer (Running Extensions)', fmtSummary(a.oursRunningExtensionsMs, 'ms'));
    row('Activation, control extension (Running Extensions)', fmtSummary(a.controlRunningExtensionsMs, 'ms'));
    row('Ratio ours / control (per run)', fmtSummary(a.ratioPerRun, '×', 2));
    const sp = (s) => `load code ${fmtSummary(s.loadCodeMs, 'ms')} · call activate ${fmtSummary(s.callActivateMs, 'ms')} · finish activate ${fmtSummary(s.finishActivateMs, 'ms')}`;
    row('Startup Performance, CRM Explorer', sp(a.oursStartupPerformance));
    row('Startup Performance, control', sp(a.controlStartupPerformance));
    row('Activation events', a.events.map((e) => `\`${e}\``).join(', ') || '—');
  }
  if (f.sizes.extensionJsBytes) {
    const s = f.sizes;
    row('dist/extension.js', `${s.extensionJsBytes.toLocaleString('en-US')} bytes`);
    if (s.extensionHostChunks) {
      row('Extension host code: the entry + lazily loaded chunks', `${s.extensionHostChunks.map((c) => `${c.name} ${round(c.size / KB, 1)} KB`).join(' + ')} = ${round(s.extensionHostJsBytes / KB, 1)} KB`);
    }
    row('VSIX', `${s.vsixBytes.toLocaleString('en-US')} bytes, ${s.vsixFiles} files (control VSIX: ${s.controlVsixBytes ? s.controlVsixBytes.toLocaleString('en-US') + ' bytes' : '—'})`);
    row('Largest files in the VSIX (uncompressed)', s.vsixLargest.map((e) => `${e.name} ${round(e.size / KB, 1)} KB`).join(', '));
    row('Source maps / sandbox / tests in the VSIX', s.vsixForbidden.length ? s.vsixForbidden.join(', ') : 'none');
  }
  if (f.tree.runs) {
    const t = f.tree;
    row('First page: click "Contacts" → "Load more — 50 of …" rendered', fmtSummary(t.firstPageMs, 'ms'));
    row('… of which until the row is in the DOM', fmtSummary(t.firstPageDomMs, 'ms'));
    row('… as seen from Playwright (incl. its round trips)', fmtSummary(t.firstPagePlaywrightMs, 'ms'));
    row('Load more: click → "Load more — 100 of …" rendered', t.loadMoreRuns ? fmtSummary(t.loadMoreMs, 'ms') + (t.loadMoreRuns < t.runs ? ` (${t.loadMoreRuns} of ${t.runs} runs; see errors)` : '') : 'failed in every run (see errors)');
    if (t.loadMoreRuns) row('… as seen from Playwright', fmtSummary(t.loadMorePlaywrightMs, 'ms'));
  }
  if (f.lazyChunks?.runs) {
    for (const [chunk, sum] of Object.entries(f.lazyChunks.loadMs)) row(`Loading dist/${chunk}.js on first use (extension log)`, fmtSummary(sum, 'ms'));
  }
  if (f.sandbox.runs) {
    const s = f.sandbox;
    row(`Sandbox alone: contacts page (limit ${s.limit}), ${s.requestsPerRun} requests, ${s.concurrency} in flight`, fmtSummary(s.requestsPerSecond, 'req/s', 0));
    row('… latency p50 / p95', `${fmtSummary(s.latencyP50Ms, 'ms', 2)} / ${fmtSummary(s.latencyP95Ms, 'ms', 2)}`);
  }
  if (f.exportBaseline.runs) {
    const b = f.exportBaseline;
    row(`Export baseline: ${b.records.toLocaleString('en-US')} contacts, ${b.requests} sequential fetches of ${b.limit}`, fmtSummary(b.seconds, 's', 2));
    row('… throughput', fmtSummary(b.recordsPerSecond, 'contacts/s', 0));
    row('… memory growth of the fetching process (peak RSS)', fmtSummary(b.memoryGrowthMB, 'MB'));
    if (b.clientCpuSeconds?.n) row('… CPU meanwhile: the fetching process / the sandbox', `${fmtSummary(b.clientCpuSeconds, 's', 2)} / ${fmtSummary(b.sandboxCpuSeconds, 's', 2)}`);
  }
  row('Export (the extension\'s)', f.export.status + (f.export.note ? ` — ${f.export.note}` : ''));
  if (f.export.secondsRange?.n) row('… wall time of each export run', fmtSummary(f.export.secondsRange, 's', 2));
  if (f.export.pairedBaselineSeconds?.n) row('… the baseline run just before each export (same load)', fmtSummary(f.export.pairedBaselineSeconds, 's', 2));
  if (f.export.ratioPerPair?.n) row('… ratio per pair: baseline / export', fmtSummary(f.export.ratioPerPair, '×', 2));
  if (f.export.hostCpuSeconds?.n) row('… CPU meanwhile: the extension host / the sandbox', `${fmtSummary(f.export.hostCpuSeconds, 's', 2)} / ${fmtSummary(f.export.sandboxCpuSeconds, 's', 2)}`);
  row('Verify 10,000 emails', statusText(f.bulk.verifyEmails));
  const v = f.bulk.verifyEmails;
  if (v && v.progress && Object.keys(v.progress).length) {
    row('… contacts in the tree after N s of Load more', Object.entries(v.progress).map(([n, sec]) => `${Number(n).toLocaleString('en-US')} rows: ${sec} s`).join(' · '));
  }
  if (v && v.seconds) {
    row('… requests the sandbox received meanwhile', Object.entries(v.byRoute).map(([k, n]) => `${k} ×${n}`).join(', '));
    row(`… before that: ${v.records.toLocaleString('en-US')} contacts into the tree (Load more, pages of 100)`, fmtSummary(v.loadTenThousandRowsSeconds, 's'));
  }
  row('Add 10,000 blacklist entries', statusText(f.bulk.blacklist));
  const bl = f.bulk.blacklist;
  if (bl && bl.seconds) row('… requests the sandbox received meanwhile', Object.entries(bl.byRoute).map(([k, n]) => `${k} ×${n}`).join(', '));
  if (f.errors?.length) L.push('', '## Errors in this run', '', ...f.errors.map((e) => `- ${e}`));
  L.push('');
  return L.join('\n');
}

function statusText(x) {
  if (!x) return '—';
  if (x.seconds) return `${fmtSummary(x.seconds, 's', 2)}, ${x.requests} request(s)${x.note ? ` — ${x.note}` : ''}`;
  return `${x.status}${x.note ? ` — ${x.note}` : ''}`;
}
