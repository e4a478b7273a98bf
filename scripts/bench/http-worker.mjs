#!/usr/bin/env node
// One measurement against the sandbox alone, in its own process so nothing else (Playwright, the bench's own state)
// is in its memory or on its event loop. Prints ONE line of JSON on stdout.
//
//   node scripts/bench/http-worker.mjs rps      <sandboxUrl> [--requests=2000] [--concurrency=8] [--limit=50] [--warmup=100]
//     requests per second for POST /api/ext/contacts/list (pages 1, 2, 3, … cycling), Node's fetch, N in flight
//   node scripts/bench/http-worker.mjs baseline <sandboxUrl> [--limit=100] [--max=100000]
//     the export baseline: every contact page by page, one request after another, plain fetch + JSON parse;
//     records are counted and dropped (a baseline for speed: the export must beat it). Wall time and memory growth
//     (peak RSS - RSS before the first timed request; RSS sampled every 10 ms plus the kernel's maxRSS).
// Only ever talks to the URL it is given (the bench passes the loopback sandbox).
const [mode, base, ...rest] = process.argv.slice(2);
const opt = Object.fromEntries(rest.map((a) => /^--([^=]+)=(.*)$/.exec(a)).filter(Boolean).map((m) => [m[1], Number(m[2])]));
const KEY = 'mnt_sandbox_full';
const url = `${base}/api/ext/contacts/list`;
const headers = { Authorization: `X-API-Key ${KEY}`, 'Content-Type': 'application/json' };

if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(base || '')) {
  console.error(`http-worker: refusing a non-loopback sandbox URL: ${base}`);
  process.exit(2);
}

async function page(pageNo, limit) {
  const r = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ filters: {}, paginate: { page: pageNo, limit } }) });
  const text = await r.text();
  if (r.status !== 200 && r.status !== 201) throw new Error(`HTTP ${r.status} for page ${pageNo}: ${text.slice(0, 200)}`);
  const body = JSON.parse(text);
  const items = Array.isArray(body) ? body : body.data || body.items || [];
  return { count: items.length, bytes: text.length };
}

async function rps() {
  const total = opt.requests || 2000;
  const conc = opt.concurrency || 8;
  const limit = opt.limit || 50;
  const warmup = opt.warmup ?? 100;
  const pages = Math.max(1, Math.floor(100000 / limit));
  for (let i = 0; i < warmup; i++) await page((i % pages) + 1, limit);
  let next = 0;
  let errors = 0;
  let bytes = 0;
  const lat = [];
  const t0 = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= total) return;
      const t = performance.now();
      try {
        bytes += (await page((i % pages) + 1, limit)).bytes;
      } catch {
        errors++;
      }
      lat.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: conc }, worker));
  const seconds = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  const pct = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
  return { requests: total, concurrency: conc, limit, warmup, errors, seconds, rps: total / seconds, p50Ms: pct(0.5), p95Ms: pct(0.95), bytes };
}

async function baseline() {
  const limit = opt.limit || 100;
  const max = opt.max || 100000;
  await page(1, 1); // load undici and open a connection outside the timed part
  globalThis.gc?.();
  const rss0 = process.memoryUsage().rss;
  const heap0 = process.memoryUsage().heapUsed;
  let peak = rss0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  let records = 0;
  let requests = 0;
  let bytes = 0;
  const sandbox0 = await sandboxCpuMs();
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  for (let p = 1; records < max; p++) {
    const r = await page(p, limit);
    requests++;
    records += r.count;
    bytes += r.bytes;
    peak = Math.max(peak, process.memoryUsage().rss);
    if (r.count < limit) break;
  }
  const seconds = (performance.now() - t0) / 1000;
  const client = process.cpuUsage(client0);
  const sandbox1 = await sandboxCpuMs();
  clearInterval(sampler);
  const maxRss = process.resourceUsage().maxRSS * 1024; // kernel's peak, bytes
  peak = Math.max(peak, maxRss);
  return {
    records, requests, limit, bytes, seconds, recordsPerSecond: records / seconds,
    rssStart: rss0, rssPeak: peak, memoryGrowth: peak - rss0, heapGrowthAtEnd: process.memoryUsage().heapUsed - heap0,
    // CPU seconds spent meanwhile by this fetching process and by the sandbox (GET /__admin/process, loopback).
    clientCpuSeconds: (client.user + client.system) / 1e6,
    sandboxCpuSeconds: sandbox0 !== undefined && sandbox1 !== undefined ? (sandbox1 - sandbox0) / 1000 : undefined,
  };
}

/** The sandbox process's CPU time so far (ms), or undefined when it cannot say (an older sandbox). */
async function sandboxCpuMs() {
  try {
    const r = await fetch(`${base}/__admin/process`);
    const body = await r.json();
    return r.ok && body?.cpu_ms ? body.cpu_ms.user + body.cpu_ms.system : undefined;
  } catch {
    return undefined;
  }
}

try {
  const out = mode === 'rps' ? await rps() : mode === 'baseline' ? await baseline() : null;
  if (!out) throw new Error(`unknown mode ${mode} (rps | baseline)`);
  process.stdout.write(JSON.stringify(out) + '\n');
} catch (e) {
  console.error(String((e && e.stack) || e));
  process.exit(1);
}
