#!/usr/bin/env node
// Run mocha INSIDE the extension host of a real VS Code 1.100.3 (code-server 4.100.3 + headless Debian Chromium),
// with the same contract as @vscode/test-electron: extensionDevelopmentPath + extensionTestsPath (a module exporting run()).
//
// usage: node scripts/harness/run-inhost-tests.mjs [--extensionDevelopmentPath=DIR] [--extensionTestsPath=FILE]
//          [--workspace=DIR] [--timeout=SEC] [--runDir=DIR] [--summary=FILE] [--no-sandbox] [--result-file-optional]
//   defaults: extensionDevelopmentPath = repo root, extensionTestsPath = out/test/inhost/index.js,
//             runDir = test-results/inhost (wiped first), timeout = 300 s
// exit: 0 all passed, 1 a test failed (or run() rejected), 2 harness error or timeout.
// Our runner (test/inhost/index.ts) always writes the result file, so a "pass" without it counts as a harness error,
// unless --result-file-optional (foreign runners such as @vscode/test-cli's runner.cjs, via code-web-shim.mjs).
//
// How: code-server does not accept --extensionDevelopmentPath/--extensionTestsPath; the web workbench reads them from
// the `payload` URL parameter as vscode-remote://<host:port>/<abs path> URIs, so the server's Node extension host loads
// the dev extension and awaits run(). When run() settles, the workbench calls window.codeAutomationExit(code) (exposed
// here with Playwright); extension-host console output arrives via window.codeAutomationLog. Second channel: the runner
// writes $CRM_TEST_RESULT_FILE (the extension host inherits code-server's environment, as do CRM_SANDBOX_URL and any
// CRM_* variable set for this script).
// The sandbox (out/sandbox/main.js) is started as a child process unless CRM_SANDBOX_URL is already set or --no-sandbox.
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { ROOT, parseArgs, log, startCodeServer, startSandbox, launchBrowser, workbenchUrl, runDirs, writeJsonAtomic } from './lib.mjs';

const args = parseArgs();
const devPath = path.resolve(args.extensionDevelopmentPath || ROOT);
const testsPath = path.resolve(args.extensionTestsPath || path.join(ROOT, 'out/test/inhost/index.js'));
const timeoutSec = Number(args.timeout || 300);
const RUN = path.resolve(args.runDir || path.join(ROOT, 'test-results/inhost'));
const summaryFile = args.summary ? path.resolve(args.summary) : null;
fs.rmSync(RUN, { recursive: true, force: true });
const dirs = runDirs(RUN);
const WS = path.resolve(args.workspace || dirs.workspace);
fs.mkdirSync(WS, { recursive: true });
const RESULT_FILE = path.join(RUN, 'inhost-results.json');

const t0 = Date.now();
let srv, br, sandbox, exitCode = 2, how = 'timeout', harnessError;
let timer;
try {
  if (!fs.existsSync(testsPath)) throw new Error(`extensionTestsPath ${testsPath} does not exist (run: node scripts/build.mjs --only=tests)`);
  if (!fs.existsSync(path.join(devPath, 'package.json'))) throw new Error(`extensionDevelopmentPath ${devPath} has no package.json`);

  const env = { CRM_TEST_RESULT_FILE: RESULT_FILE, CRM_TEST_WORKSPACE: WS, CI: process.env.CI || '' };
  for (const [k, v] of Object.entries(process.env)) if (k.startsWith('CRM_') && k !== 'CRM_TEST_RESULT_FILE' && v !== undefined) env[k] = v;
  if (!env.CRM_SANDBOX_URL && !args['no-sandbox']) {
    sandbox = await startSandbox({ logFile: path.join(RUN, 'sandbox.log') });
    env.CRM_SANDBOX_URL = sandbox.url;
  }
  if (env.CRM_SANDBOX_URL) log(`CRM_SANDBOX_URL=${env.CRM_SANDBOX_URL}`);

  srv = await startCodeServer({ ...dirs, folder: WS, env });
  br = await launchBrowser();
  const page = await br.context.newPage();

  let resolveExit;
  const exited = new Promise((r) => (resolveExit = r));
  await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
    const line = util.format(...(logArgs || []));
    if (/open-vsx\.org|127\.0\.0\.1:9\b|Long running operations during shutdown/.test(line)) return; // harmless, offline
    (type === 'error' ? console.error : console.log)(line);
  });
  await page.exposeFunction('codeAutomationExit', (code, logs) => {
    for (const l of logs || []) {
      const p = path.join(RUN, 'vscode-logs', l.relativePath);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, l.contents);
    }
    resolveExit({ code, how: 'codeAutomationExit' });
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && !/%c|vsda|Failed to load resource|127\.0\.0\.1:9\b/.test(m.text())) console.log(`[page:error] ${m.text().slice(0, 500)}`);
  });
  page.on('pageerror', (e) => console.log('[pageerror]', e.message));

  const toRemote = (p) => `vscode-remote://127.0.0.1:${srv.port}${p}`; // authority == location.host == remoteAuthority
  const payload = [['extensionDevelopmentPath', toRemote(devPath)], ['extensionTestsPath', toRemote(testsPath)], ['skipWelcome', 'true']];
  log(`extensionDevelopmentPath=${devPath} extensionTestsPath=${testsPath}`);
  await page.goto(workbenchUrl(srv.url, WS, payload));

  // Second channel: the result file, written atomically by the in-host runner.
  const viaFile = (async () => {
    for (;;) {
      await new Promise((r) => setTimeout(r, 500));
      if (fs.existsSync(RESULT_FILE)) {
        await new Promise((r) => setTimeout(r, 3000)); // give codeAutomationExit the chance to win
        const j = JSON.parse(fs.readFileSync(RESULT_FILE, 'utf8'));
        return { code: j.failed?.length ? 1 : 0, how: 'result-file' };
      }
    }
  })();
  const timeout = new Promise((r) => (timer = setTimeout(() => r({ code: 2, how: `timeout after ${timeoutSec} s` }), timeoutSec * 1000)));
  ({ code: exitCode, how } = await Promise.race([exited, viaFile, timeout]));
} catch (e) {
  harnessError = String((e && e.stack) || e);
  console.error('[inhost] HARNESS ERROR', harnessError);
  exitCode = 2;
  how = 'harness-error';
} finally {
  clearTimeout(timer);
  if (br) await br.close().catch(() => {});
  if (srv) await srv.stop();
  if (sandbox) await sandbox.stop();
}

let results = null;
if (fs.existsSync(RESULT_FILE)) {
  results = JSON.parse(fs.readFileSync(RESULT_FILE, 'utf8'));
  log(`results: ${results.passed.length} passed, ${results.failed.length} failed, ${results.pending.length} pending`);
  for (const f of results.failed) log('  FAILED:', f.title, '-', String(f.error).split('\n')[0]);
  if (exitCode === 0 && results.failed.length) exitCode = 1;
} else {
  log('no in-host result file was written');
  if (exitCode === 0 && !args['result-file-optional']) exitCode = 2; // "passed" without a result file is not trustworthy
}
if (summaryFile) {
  const failures = (results?.failed || []).map((f) => ({ title: f.title, error: String(f.error).split('\n')[0] }));
  if (exitCode !== 0 && failures.length === 0) failures.push({ title: 'in-host run', error: harnessError ? harnessError.split('\n')[0] : `exit ${exitCode} (${how})` });
  writeJsonAtomic(summaryFile, { passed: results?.passed.length || 0, failed: failures.length, pending: results?.pending.length || 0, failures });
}
log(`exit code ${exitCode} (via ${how}) after ${Date.now() - t0} ms; logs in ${path.relative(ROOT, RUN) || RUN}`);
process.exit(exitCode);
