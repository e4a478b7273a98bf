#!/usr/bin/env node
// Secret scan (issue #6): after an E2E run kept with `--keep-state --log=trace` (what `npm test` does), look for every
// sandbox demo key — raw and encoded (base64 / base64url at every alignment, percent-encoded, UTF-16LE, hex) — in each
// class of artifact a key could leak into. One counted test per artifact class; it passes when the class was found
// (an empty class fails: nothing scanned proves nothing) and holds zero hits.
//
// usage: node scripts/scan-secrets.mjs [--e2e=test-results/e2e] [--vsix=crm-explorer-0.1.0.vsix] [--summary=FILE]
//          [--report=test-results/secrets/report.json]
// Classes: settings · global state · workspace state · extension host logs (incl. the CRM Explorer output channel) ·
//   output channel (the CRM Explorer log file must exist and be clean) · webview HTML (frames dumped by the E2E runner) ·
//   test artifacts (results, console logs, code-server logs, in-host/chaos results) · VSIX (every entry, unzipped).
// No allowance in the VSIX: "Try the Local Sandbox" reads the demo key from the sandbox (GET /__admin/keys) and the
// README does not list the keys, so the package carries no key at all.
// SecretStorage itself is where keys belong: code-server keeps it in the browser, which is not part of the user data.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(process.argv.slice(2).map((a) => /^--([^=]+)(?:=(.*))?$/.exec(a)).filter(Boolean).map((m) => [m[1], m[2] ?? true]));
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const E2E = path.resolve(ROOT, args.e2e || 'test-results/e2e');
const VSIX = path.resolve(ROOT, args.vsix || `${pkg.name}-${pkg.version}.vsix`);
const REPORT = path.resolve(ROOT, args.report || 'test-results/secrets/report.json');

// ---- the keys and their encodings ----------------------------------------------------------------------------------
const keysSource = fs.readFileSync(path.join(ROOT, 'sandbox/keys.ts'), 'utf8');
const KEYS = [...new Set([...keysSource.matchAll(/'((?:mnt|op)_sandbox_[a-z0-9_]+)'/g)].map((m) => m[1]))];
if (KEYS.length < 5) throw new Error(`found only ${KEYS.length} demo keys in sandbox/keys.ts: ${KEYS.join(', ')}`);

/** Base64 of `key` as it appears inside a longer base64 text, for each of the 3 byte alignments. */
function base64Forms(key) {
  const forms = [];
  for (let pad = 0; pad < 3; pad++) {
    const b64 = Buffer.from('x'.repeat(pad) + key).toString('base64');
    // drop the characters that depend on the padding before, and the last (partial) group
    const start = Math.ceil((pad * 4) / 3);
    const end = Math.floor(((pad + key.length) * 4) / 3);
    const core = b64.slice(start, end);
    if (core.length >= 12) forms.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}

function encodings(key) {
  const bytes = [...Buffer.from(key)];
  const pct = (hex) => bytes.map((b) => `%${hex(b)}`).join('');
  return [
    { how: 'raw', needle: Buffer.from(key) },
    { how: 'raw (case-insensitive)', needle: Buffer.from(key.toUpperCase()), upper: true },
    ...base64Forms(key).map((f) => ({ how: 'base64', needle: Buffer.from(f) })),
    { how: 'percent-encoded', needle: Buffer.from(pct((b) => b.toString(16).toUpperCase().padStart(2, '0'))) },
    { how: 'percent-encoded', needle: Buffer.from(pct((b) => b.toString(16).padStart(2, '0'))) },
    { how: 'utf-16le', needle: Buffer.from(key, 'utf16le') },
    { how: 'hex', needle: Buffer.from(Buffer.from(key).toString('hex')) },
  ];
}
const NEEDLES = KEYS.flatMap((key) => encodings(key).map((e) => ({ key, ...e })));

/** Every hit of every needle in a buffer (raw needles also match case-insensitively via the upper-cased copy). */
function scanBuffer(buf) {
  const hits = [];
  let upper;
  for (const n of NEEDLES) {
    const hay = n.upper ? (upper ??= Buffer.from(buf.toString('latin1').toUpperCase(), 'latin1')) : buf;
    let at = hay.indexOf(n.needle);
    while (at >= 0) {
      hits.push({ key: n.key, how: n.how, offset: at });
      at = hay.indexOf(n.needle, at + 1);
    }
  }
  // the case-insensitive form also finds every raw hit: keep one per offset
  const seen = new Set();
  return hits.filter((h) => {
    const id = `${h.key}@${h.offset}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function walk(dir, filter = () => true) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath ?? d.path, d.name))
    .filter(filter);
}

// ---- artifact classes ------------------------------------------------------------------------------------------------
const STATE = path.join(E2E, '_state');
const flowStates = fs.existsSync(STATE) ? fs.readdirSync(STATE, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.join(STATE, d.name)) : [];
const inUserData = (sub, filter) => flowStates.flatMap((s) => walk(path.join(s, 'user-data', sub), filter));
const notBinaryMedia = (f) => !/\.(png|jpe?g|webm|vsix)$/i.test(f);

const classes = [
  { name: 'settings', files: () => [...inUserData('User', (f) => /settings\.json$|keybindings\.json$|argv\.json$/.test(f)), ...flowStates.flatMap((s) => walk(path.join(s, 'workspace'), (f) => f.includes(`${path.sep}.vscode${path.sep}`)))] },
  // the web workbench keeps global state in the browser (IndexedDB), dumped per flow by the E2E runner
  { name: 'global state', files: () => [...inUserData(path.join('User', 'globalStorage')), ...walk(E2E, (f) => path.basename(f) === 'browser-storage.json')] },
  { name: 'workspace state', files: () => inUserData(path.join('User', 'workspaceStorage')), optional: true },
  { name: 'extension host and VS Code logs (trace)', files: () => inUserData('logs') },
  { name: 'output channel "CRM Explorer"', files: () => inUserData('logs', (f) => /CRM Explorer\.log$/.test(f)) },
  { name: 'webview HTML', files: () => walk(E2E, (f) => f.endsWith('.html') && f.includes(`${path.sep}frames${path.sep}`)) },
  { name: 'chaos and in-host run logs', files: () => ['inhost', 'chaos'].flatMap((d) => walk(path.join(ROOT, 'test-results', d), notBinaryMedia)), optional: true },
  {
    name: 'test artifacts (results, console and server logs)',
    files: () => [
      ...walk(E2E, (f) => notBinaryMedia(f) && !f.startsWith(STATE + path.sep) && !f.includes(`${path.sep}frames${path.sep}`) && path.basename(f) !== 'browser-storage.json'),
      ...walk(path.join(ROOT, 'test-results', 'summary'), notBinaryMedia),
      ...flowStates.flatMap((s) => walk(s, (f) => notBinaryMedia(f) && !f.includes(`${path.sep}user-data${path.sep}`))),
    ],
  },
  { name: 'VSIX', vsix: true },
];

function scanVsix() {
  if (!fs.existsSync(VSIX)) return { scanned: 0, hits: [], missing: `no VSIX at ${path.relative(ROOT, VSIX)}` };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-vsix-scan-'));
  try {
    execFileSync('unzip', ['-q', '-o', VSIX, '-d', dir]);
    const entries = walk(dir).map((f) => path.relative(dir, f).split(path.sep).join('/'));
    const hits = [];
    const allowed = [];
    for (const entry of entries) {
      for (const hit of scanBuffer(fs.readFileSync(path.join(dir, entry)))) {
        hits.push({ file: `${path.basename(VSIX)}:${entry}`, ...hit });
      }
    }
    return { scanned: entries.length, hits, allowed };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A file's bytes as scanned. Two parts are set aside, each counted under "allowed" in the report:
 *  - the sandbox's start-up banner, which lists its public demo keys by design (requests are logged without headers);
 *  - SecretStorage entries (`secret://…`) in the browser-storage dump: that is where keys belong.
 */
function contentOf(file, allowed) {
  const buf = fs.readFileSync(file);
  if (path.basename(file) === 'sandbox.log') {
    const text = buf.toString('utf8');
    const cut = text.replace(/\nDemo keys:\n[\s\S]*?\nPress Ctrl\+C to stop\.\n/g, () => {
      allowed.push({ file: path.relative(ROOT, file), what: 'sandbox start-up banner' });
      return '\n';
    });
    return Buffer.from(cut);
  }
  if (path.basename(file) === 'browser-storage.json') {
    const state = JSON.parse(buf.toString('utf8'));
    const strip = (value) => {
      if (Array.isArray(value)) return value.map(strip);
      if (value && typeof value === 'object') {
        const text = JSON.stringify(value);
        if (/"secret:\/\//.test(text) && !Array.isArray(value) && Object.keys(value).length <= 4) {
          allowed.push({ file: path.relative(ROOT, file), what: 'SecretStorage entry' });
          return '(SecretStorage entry)';
        }
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strip(v)]));
      }
      return value;
    };
    return Buffer.from(JSON.stringify(strip(state)));
  }
  return buf;
}

const results = { keys: KEYS, encodingsPerKey: encodings(KEYS[0]).length, classes: [], passed: [], failed: [] };
for (const c of classes) {
  let scanned = 0;
  let hits = [];
  const allowed = [];
  let missing;
  if (c.vsix) {
    const vsix = scanVsix();
    ({ scanned, hits, missing } = vsix);
    allowed.push(...(vsix.allowed ?? []));
  }
  else {
    const files = [...new Set(c.files())];
    scanned = files.length;
    for (const f of files) for (const hit of scanBuffer(contentOf(f, allowed))) hits.push({ file: path.relative(ROOT, f), ...hit });
    if (!files.length) missing = `no files (was the E2E tier run with --keep-state? looked under ${path.relative(ROOT, E2E)})`;
  }
  const title = `secret scan › ${c.name}: zero demo keys in ${scanned} file(s)`;
  results.classes.push({ name: c.name, scanned, hits, allowed });
  if (hits.length) {
    const sample = hits.slice(0, 3).map((h) => `${h.key} (${h.how}) in ${h.file}@${h.offset}`).join('; ');
    results.failed.push({ title, error: `${hits.length} hit(s): ${sample}` });
  } else if (missing && !c.optional) results.failed.push({ title, error: missing });
  else results.passed.push(title);
  console.log(`[scan-secrets] ${c.name}: ${scanned} file(s), ${hits.length} hit(s)${allowed.length ? `, ${allowed.length} allowed public demo-key occurrence(s)` : ''}${missing ? ` (${missing})` : ''}`);
}

fs.mkdirSync(path.dirname(REPORT), { recursive: true });
fs.writeFileSync(REPORT, JSON.stringify(results, null, 2));
if (args.summary) {
  const summary = path.resolve(args.summary);
  fs.mkdirSync(path.dirname(summary), { recursive: true });
  fs.writeFileSync(summary + '.tmp', JSON.stringify({ passed: results.passed.length, failed: results.failed.length, pending: 0, failures: results.failed }));
  fs.renameSync(summary + '.tmp', summary);
}
for (const f of results.failed) console.log(`[scan-secrets] FAIL ${f.title}: ${f.error}`);
console.log(`[scan-secrets] ${KEYS.length} keys × ${results.encodingsPerKey} encodings; ${results.passed.length} passed, ${results.failed.length} failed; report ${path.relative(ROOT, REPORT)}`);
process.exitCode = results.failed.length ? 1 : 0;
