#!/usr/bin/env node
// `npm test`: the project's ONE test command (also what .ci/run calls).
//   0. dependencies: `npm ci` when node_modules is missing or older than package-lock.json
//   1. harness: bash scripts/setup-harness.sh (code-server 4.100.3 + Debian packages; cached, ~0 s when warm)
//   2. build: node scripts/build.mjs (dev build incl. tests) and, for e2e, npm run package (the production VSIX)
//   3. tiers, each in its own child process, counts read from a JSON summary file:
//        unit    mocha out/test/unit/**/*.test.js
//        api     mocha --require out/test/api/setup.js out/test/api/**/*.test.js   (clients against the sandbox)
//        inhost  scripts/harness/run-inhost-tests.mjs (mocha inside the VS Code extension host; starts the sandbox)
//        e2e     scripts/harness/run-e2e.mjs <vsix> (Playwright flows on the packaged extension; starts the sandbox;
//                keeps each flow's user data and logs, with the log level at trace, for the secrets tier)
//        chaos   scripts/harness/run-chaos.mjs (test/chaos: main flows under injected faults, in a real VS Code)
//        secrets scripts/scan-secrets.mjs (the demo keys in the e2e and chaos artifacts and the VSIX: one test per class)
// A tier without test files, or one that crashes or times out, counts as failed (at least 1). The last line printed is
// exactly "N passed, N failed" (sums over all tiers); exit 1 if anything failed.
// Flags: --tier=unit,api,inhost,e2e,chaos,secrets (subset)  --skip-setup (skip steps 0-1)
// Uses only Node built-ins (it runs before dependencies are installed).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ALL_TIERS = ['unit', 'api', 'inhost', 'e2e', 'chaos', 'secrets']; // secrets last: it also scans the chaos logs
const argv = process.argv.slice(2);
const tierArg = argv.find((a) => a.startsWith('--tier='));
const tiers = tierArg ? tierArg.slice(7).split(',').map((s) => s.trim()).filter(Boolean) : ALL_TIERS;
const skipSetup = argv.includes('--skip-setup');
const unknown = tiers.filter((t) => !ALL_TIERS.includes(t));
if (unknown.length) {
  console.error(`unknown tier(s): ${unknown.join(', ')} (use ${ALL_TIERS.join(',')})`);
  process.exit(2);
}
const SUMMARY_DIR = path.join(ROOT, 'test-results/summary');
const REPORTER = path.join(ROOT, 'scripts/harness/mocha-json-summary.cjs');
const MOCHA = path.join(ROOT, 'node_modules/mocha/bin/mocha.js');
const t0 = Date.now();

// node-gyp (npm ci, harness build) cannot download Node headers offline: point it at the local ones when present.
// Only for those two steps: npm 11 warns about the unknown `nodedir` config everywhere else.
const nodePrefix = path.resolve(path.dirname(process.execPath), '..');
const nodedirEnv = !process.env.npm_config_nodedir && fs.existsSync(path.join(nodePrefix, 'include/node')) ? { npm_config_nodedir: nodePrefix } : {};

const say = (msg) => console.log(`\n[test-all] ${msg}`);
const secs = (ms) => `${(ms / 1000).toFixed(1)}s`;

// ---- child processes -----------------------------------------------------------------------------------------
const running = new Set();
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    for (const p of running) try { process.kill(-p.pid, 'SIGKILL'); } catch { /* gone */ }
    process.exit(130);
  });
}
/** Run a command (own process group, output inherited); resolves {code, timedOut, ms}. */
function run(cmd, args, { env = {}, timeoutSec = 600 } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const p = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env }, detached: true });
    running.add(p);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`[test-all] ${cmd} ${args.join(' ')} timed out after ${timeoutSec} s; killing it`);
      try { process.kill(-p.pid, 'SIGKILL'); } catch { /* gone */ }
    }, timeoutSec * 1000);
    const done = (code) => {
      clearTimeout(timer);
      running.delete(p);
      // the child is a group leader: take any straggler (e.g. a sandbox it forgot) with it
      try { process.kill(-p.pid, 'SIGKILL'); } catch { /* gone */ }
      resolve({ code, timedOut, ms: Date.now() - started });
    };
    p.on('error', (e) => { console.error(`[test-all] cannot run ${cmd}: ${e.message}`); done(127); });
    p.on('exit', (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}
const npm = (args, opts) => run(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, opts);

function listFiles(dir, suffix) {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { recursive: true }).map(String).filter((f) => f.endsWith(suffix));
}

// ---- rows of the final table ------------------------------------------------------------------------------------
const rows = [];
function addRow(name, { passed = 0, failed = 0, pending = 0, ms = 0, note = '', failures = [] }) {
  rows.push({ name, passed, failed, pending, ms, note, failures });
}

// ---- step 0: dependencies ---------------------------------------------------------------------------------------
let setupFailed = false;
if (!skipSetup) {
  const lock = path.join(ROOT, 'package-lock.json');
  const stamp = path.join(ROOT, 'node_modules/.package-lock.json');
  const mtime = (f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0);
  const need = !fs.existsSync(path.join(ROOT, 'node_modules')) || mtime(stamp) < mtime(lock);
  if (need) {
    say('installing dependencies: npm ci');
    const r = await npm(['ci', '--no-audit', '--no-fund'], { env: nodedirEnv, timeoutSec: 600 });
    if (r.code !== 0) {
      setupFailed = true;
      addRow('npm ci', { failed: 1, ms: r.ms, note: `exit ${r.code}` });
    }
  } else say('dependencies up to date (node_modules newer than package-lock.json)');
}

// ---- step 1: harness (only needed by the real-VS-Code tiers) -------------------------------------------------------
const needsHarness = tiers.includes('inhost') || tiers.includes('e2e') || tiers.includes('chaos');
if (!skipSetup && !setupFailed && needsHarness) {
  say('harness: bash scripts/setup-harness.sh');
  const r = await run('bash', [path.join(ROOT, 'scripts/setup-harness.sh')], { env: nodedirEnv, timeoutSec: 900 });
  if (r.code !== 0) addRow('harness setup', { failed: 1, ms: r.ms, note: `exit ${r.code}${r.timedOut ? ' (timeout)' : ''}` });
}

// ---- step 2: build ---------------------------------------------------------------------------------------------
let buildOk = !setupFailed;
let packageOk = buildOk;
if (buildOk) {
  say('build: node scripts/build.mjs');
  const r = await run(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { timeoutSec: 300 });
  if (r.code !== 0) {
    buildOk = packageOk = false;
    addRow('build', { failed: 1, ms: r.ms, note: `exit ${r.code}` });
  }
}
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const vsix = path.join(ROOT, `${pkg.name}-${pkg.version}.vsix`);
if (buildOk && (tiers.includes('e2e') || tiers.includes('secrets'))) {
  say('package: npm run package');
  fs.rmSync(vsix, { force: true }); // never test a stale VSIX
  const r = await npm(['run', 'package'], { timeoutSec: 300 });
  if (r.code !== 0 || !fs.existsSync(vsix)) {
    packageOk = false;
    addRow('package', { failed: 1, ms: r.ms, note: `exit ${r.code}` });
  }
  // the production build replaced dist/ with the minified bundle; the in-host tier loads the extension from dist/ too,
  // which is fine (same code), so nothing to rebuild here.
}

// ---- step 3: tiers ---------------------------------------------------------------------------------------------
const TIERS = {
  unit: {
    files: () => listFiles('out/test/unit', '.test.js'),
    cmd: () => [process.execPath, [MOCHA, '--reporter', REPORTER, '--timeout', '10000', 'out/test/unit/**/*.test.js']],
    timeoutSec: 300,
  },
  api: {
    files: () => listFiles('out/test/api', '.test.js'),
    cmd: () => {
      const req = fs.existsSync(path.join(ROOT, 'out/test/api/setup.js')) ? ['--require', 'out/test/api/setup.js'] : [];
      return [process.execPath, [MOCHA, '--reporter', REPORTER, '--timeout', '20000', ...req, 'out/test/api/**/*.test.js']];
    },
    timeoutSec: 420,
  },
  inhost: {
    files: () => listFiles('out/test/inhost', '.test.js'),
    cmd: (summary) => [process.execPath, [path.join(ROOT, 'scripts/harness/run-inhost-tests.mjs'), `--summary=${summary}`, '--timeout=360']],
    timeoutSec: 420,
  },
  e2e: {
    files: () => listFiles('test/e2e', '.flow.mjs'),
    cmd: (summary) => [process.execPath, [path.join(ROOT, 'scripts/harness/run-e2e.mjs'), vsix, `--summary=${summary}`, '--timeout=600', '--keep-state', '--log=trace']],
    timeoutSec: 660,
    needsPackage: true,
  },
  secrets: {
    files: () => listFiles('scripts', 'scan-secrets.mjs'),
    // scans test-results/e2e/_state (kept by the e2e tier), its logs and the VSIX; fails when there is nothing to scan
    cmd: (summary) => [process.execPath, [path.join(ROOT, 'scripts/scan-secrets.mjs'), `--summary=${summary}`, `--vsix=${vsix}`]],
    timeoutSec: 120,
    needsPackage: true,
  },
  chaos: {
    files: () => listFiles('test/chaos', '.test.ts'),
    cmd: (summary) => [process.execPath, [path.join(ROOT, 'scripts/harness/run-chaos.mjs'), `--summary=${summary}`, '--timeout=300']],
    timeoutSec: 360,
  },
};

for (const name of tiers) {
  const tier = TIERS[name];
  if (!buildOk || (tier.needsPackage && !packageOk)) {
    addRow(name, { failed: 1, note: `not run: ${buildOk ? 'packaging' : setupFailed ? 'dependency install' : 'build'} failed` });
    continue;
  }
  const files = tier.files();
  if (files.length === 0) {
    addRow(name, { failed: 1, note: 'no test files' });
    say(`tier ${name}: NO TEST FILES (counted as a failure)`);
    continue;
  }
  const summary = path.join(SUMMARY_DIR, `${name}.json`);
  fs.rmSync(summary, { force: true });
  say(`tier ${name} (${files.length} file(s))`);
  const [cmd, args] = tier.cmd(summary);
  const r = await run(cmd, args, { env: { CRM_TEST_RESULT_FILE: summary }, timeoutSec: tier.timeoutSec });
  let s = null;
  try { s = JSON.parse(fs.readFileSync(summary, 'utf8')); } catch { /* crashed before writing */ }
  const row = { passed: s?.passed ?? 0, failed: s?.failed ?? 0, pending: s?.pending ?? 0, failures: s?.failures ?? [], ms: r.ms, note: '' };
  if (r.timedOut) { row.failed = Math.max(row.failed, 1); row.note = `timed out after ${tier.timeoutSec} s`; }
  else if (!s) { row.failed = Math.max(row.failed, 1); row.note = `crashed (exit ${r.code}, no summary)`; }
  else if (r.code !== 0 && row.failed === 0) { row.failed = 1; row.note = `exit ${r.code} without a reported failure`; }
  else if (row.passed + row.failed === 0) { row.failed = 1; row.note = 'no tests ran'; }
  addRow(name, row);
}

// ---- report ----------------------------------------------------------------------------------------------------
const total = rows.reduce((a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed }), { passed: 0, failed: 0 });
const pad = (s, n) => String(s).padEnd(n);
const lines = ['', `[test-all] results (${secs(Date.now() - t0)} total)`,
  `${pad('tier', 14)}${pad('passed', 8)}${pad('failed', 8)}${pad('pending', 9)}${pad('time', 9)}note`];
for (const r of rows) lines.push(`${pad(r.name, 14)}${pad(r.passed, 8)}${pad(r.failed, 8)}${pad(r.pending, 9)}${pad(secs(r.ms), 9)}${r.note}`);
const failures = rows.flatMap((r) => r.failures.map((f) => `  [${r.name}] ${f.title}: ${f.error}`));
if (failures.length) lines.push('', 'failures:', ...failures.slice(0, 50), ...(failures.length > 50 ? [`  … ${failures.length - 50} more`] : []));
fs.mkdirSync(SUMMARY_DIR, { recursive: true });
fs.writeFileSync(path.join(SUMMARY_DIR, 'all.json'), JSON.stringify({ rows, total, seconds: (Date.now() - t0) / 1000 }, null, 2));
lines.push('', `${total.passed} passed, ${total.failed} failed`);
process.stdout.write(lines.join('\n') + '\n');
process.exitCode = total.failed > 0 ? 1 : 0;
