#!/usr/bin/env node
// UI end-to-end tests of the PACKAGED extension (.vsix) in a real VS Code 1.100.3 web workbench (code-server 4.100.3),
// driven by playwright-core on Debian's Chromium. Packages nothing itself.
//
// usage: node scripts/harness/run-e2e.mjs [path/to/crm-explorer-<version>.vsix] [--flow=substr[,substr]] [--summary=FILE]
//          [--flowsDir=DIR] [--outDir=DIR] [--timeout=SEC] [--no-sandbox] [--keep-state] [--log=LEVEL]
//   --keep-state: keep each flow's user data (settings, global/workspace state, extension logs) and workspace under
//     <outDir>/_state/<flow>/ for scripts/scan-secrets.mjs (the installed extension copy is still removed: the VSIX is
//     scanned on its own); --log: code-server / VS Code log level (default info; the secrets tier uses trace)
//   default VSIX: crm-explorer-<package.json version>.vsix in the repo root; flows: test/e2e/*.flow.mjs (sorted);
//   outDir: test-results/e2e (wiped first): <flow>/<NN>-<step>.png screenshots, <flow>/console.log, results.json, logs
// exit: 0 all checks passed, 1 some failed, 2 harness error / overall timeout.
//
// A flow module exports `name`, `async run(ctx)` and optionally `env` (object or (sandboxUrl) => object, added to the
// code-server environment = the extension host's), `settings` (VS Code user settings), `timeout` (seconds), `locale`
// (display language, e.g. 'es': see prepareLocale in lib.mjs) and `codeServerArgs` (extra code-server arguments).
// Each flow gets a fresh code-server (own user-data and extensions dir with the VSIX installed, own workspace) and a
// fresh browser context. ctx = { page, context, vsc, sandboxUrl, serverUrl, workspace, extensionId, outDir,
//   shot(step), check(name, fn), record(key, value), log, open() }   (open() loads the workbench and waits for it).  Every check() is one counted test; a failing check takes
// a FAIL screenshot and the flow continues; a flow that throws outside check() counts as one more failure.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ROOT, parseArgs, log, installVsix, startCodeServer, startSandbox, launchBrowser, workbenchUrl, runDirs, writeJsonAtomic, sleep,
} from './lib.mjs';
import * as vsc from './vscode-page.mjs';

const args = parseArgs();
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const VSIX = path.resolve(args._[0] || args.vsix || path.join(ROOT, `${pkg.name}-${pkg.version}.vsix`));
const FLOWS_DIR = path.resolve(args.flowsDir || path.join(ROOT, 'test/e2e'));
const OUT = path.resolve(args.outDir || path.join(ROOT, 'test-results/e2e'));
const overallTimeoutSec = Number(args.timeout || 900);
const summaryFile = args.summary ? path.resolve(args.summary) : null;
const keepState = Boolean(args['keep-state']);
const logLevel = typeof args.log === 'string' ? args.log : 'info';
const flowFilter = typeof args.flow === 'string' ? args.flow.split(',').filter(Boolean) : null;

fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(OUT, { recursive: true });

const results = { vsix: VSIX, passed: [], failed: [], flows: [], metrics: {}, startedAt: new Date().toISOString() };
const fail = (title, err) => {
  const error = String((err && err.message) || err).split('\n')[0];
  results.failed.push({ title, error });
  log('FAIL', title, '-', error);
};

function finish(code) {
  results.finishedAt = new Date().toISOString();
  writeJsonAtomic(path.join(OUT, 'results.json'), results);
  if (summaryFile) {
    writeJsonAtomic(summaryFile, { passed: results.passed.length, failed: results.failed.length, pending: 0, failures: results.failed });
  }
  log(`e2e: ${results.passed.length} passed, ${results.failed.length} failed; screenshots and logs in ${path.relative(ROOT, OUT)}`);
  process.exit(code);
}

const overall = setTimeout(() => {
  fail('e2e run', new Error(`overall timeout after ${overallTimeoutSec} s`));
  finish(2);
}, overallTimeoutSec * 1000);
overall.unref();

async function withTimeout(promise, sec, what) {
  let t;
  const timer = new Promise((_, rej) => (t = setTimeout(() => rej(new Error(`${what} timed out after ${sec} s`)), sec * 1000)));
  try {
    return await Promise.race([promise, timer]);
  } finally {
    clearTimeout(t);
  }
}

/**
 * For the secret scan: the HTML of every webview frame still open (dir/webview-<page>-<frame>.html), and the browser's
 * storage (local storage + IndexedDB, where the web workbench keeps global/workspace state and SecretStorage) as
 * dir/../browser-storage.json.
 */
async function dumpFrames(context, dir) {
  fs.mkdirSync(dir, { recursive: true });
  for (const [p, pg] of context.pages().entries()) {
    for (const [f, frame] of pg.frames().entries()) {
      if (!/vscode-cdn\.net|\/webview\/|vscode-webview:/.test(frame.url())) continue;
      const html = await frame.content().catch(() => null);
      if (html) fs.writeFileSync(path.join(dir, `webview-${p}-${f}.html`), html);
    }
  }
  await context.storageState({ path: path.join(dir, '..', 'browser-storage.json'), indexedDB: true });
}

let sandbox, browser, exitCode = 0;
try {
  if (!fs.existsSync(VSIX)) throw new Error(`VSIX not found: ${VSIX} (build it with: npm run package)`);
  // install every flow from a private copy: a concurrent `npm run package` replaces (first deletes) the repo's VSIX
  const vsixCopy = path.join(OUT, '_state', path.basename(VSIX));
  fs.mkdirSync(path.dirname(vsixCopy), { recursive: true });
  fs.copyFileSync(VSIX, vsixCopy);
  const flowFiles = fs.existsSync(FLOWS_DIR)
    ? fs.readdirSync(FLOWS_DIR).filter((f) => f.endsWith('.flow.mjs')).sort()
      .filter((f) => !flowFilter || flowFilter.some((s) => f.includes(s)))
    : [];
  if (flowFiles.length === 0) throw new Error(`no *.flow.mjs files in ${FLOWS_DIR}${flowFilter ? ` matching ${flowFilter}` : ''}`);

  let sandboxUrl = process.env.CRM_SANDBOX_URL || '';
  if (!sandboxUrl && !args['no-sandbox']) {
    sandbox = await startSandbox({ logFile: path.join(OUT, 'logs/sandbox.log') });
    sandboxUrl = sandbox.url;
  }
  browser = await launchBrowser();
  let extensionId = `${pkg.publisher}.${pkg.name}`;

  for (const file of flowFiles) {
    const mod = await import(pathToFileURL(path.join(FLOWS_DIR, file)).href);
    const name = String(mod.name || file.replace(/\.flow\.mjs$/, ''));
    const slug = file.replace(/\.flow\.mjs$/, '');
    const flowOut = path.join(OUT, slug);
    const state = path.join(OUT, '_state', slug);
    const dirs = runDirs(state);
    const flowResult = { file, name, passed: 0, failed: 0, ms: 0 };
    results.flows.push(flowResult);
    const t0 = Date.now();
    log(`=== flow ${file}: ${name}`);
    let server, context, page;
    fs.mkdirSync(flowOut, { recursive: true });
    const consoleLog = fs.createWriteStream(path.join(flowOut, 'console.log'));
    try {
      const env = typeof mod.env === 'function' ? mod.env(sandboxUrl) : mod.env || {};
      const settings = typeof mod.settings === 'function' ? mod.settings(sandboxUrl) : mod.settings || {};
      const installed = await installVsix({ vsix: vsixCopy, ...dirs });
      log(installed);
      const listed = fs.readdirSync(dirs.extensionsDir).find((d) => d.startsWith(`${extensionId}-`));
      if (!listed) log(`warning: ${extensionId} not found in ${dirs.extensionsDir} after install`);
      server = await startCodeServer({ ...dirs, settings, logLevel, folder: dirs.workspace, logFile: path.join(OUT, 'logs', `${slug}-code-server.log`),
        env: { CRM_SANDBOX_URL: sandboxUrl, ...env }, locale: mod.locale, extraArgs: mod.codeServerArgs || [] });
      context = await browser.browser.newContext({ viewport: { width: 1600, height: 1000 }, permissions: ['clipboard-read', 'clipboard-write'] });
      page = await context.newPage();
      page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
      page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.stack || e.message}\n`));
      const shot = vsc.makeShooter(page, flowOut);
      let failShots = 0;
      const check = async (checkName, fn) => {
        const title = `${name} › ${checkName}`;
        const t = Date.now();
        try {
          await fn();
          results.passed.push(title);
          flowResult.passed++;
          log('PASS', title, `${Date.now() - t} ms`);
        } catch (e) {
          flowResult.failed++;
          fail(title, e);
          const slugName = checkName.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 50);
          await page.screenshot({ path: path.join(flowOut, `FAIL-${++failShots}-${slugName}.png`) }).catch(() => {});
        }
      };
      const ctx = {
        page, context, vsc, sandboxUrl, serverUrl: server.url, workspace: dirs.workspace, extensionId, outDir: flowOut,
        shot, check, log: (...a) => log(`[${slug}]`, ...a),
        record: (k, v) => { results.metrics[`${slug}.${k}`] = v; },
        open: async () => { await page.goto(workbenchUrl(server.url, dirs.workspace)); await vsc.waitForWorkbench(page); },
      };
      await withTimeout(Promise.resolve(mod.run(ctx)), Number(mod.timeout || 240), `flow ${file}`);
    } catch (e) {
      flowResult.failed++;
      fail(`${name} › (flow aborted)`, e);
      if (page) await page.screenshot({ path: path.join(flowOut, 'FAIL-flow-aborted.png') }).catch(() => {});
    } finally {
      // for the secret scan: the HTML of every frame still open (workbench, webviews) when the flow ended
      if (keepState && context) await dumpFrames(context, path.join(flowOut, 'frames')).catch((e) => log(`frame dump failed: ${e.message}`));
      if (context) await context.close().catch(() => {});
      if (server) await server.stop();
      consoleLog.end();
      flowResult.ms = Date.now() - t0;
      log(`=== flow ${file}: ${flowResult.passed} passed, ${flowResult.failed} failed in ${flowResult.ms} ms`);
    }
  }
  // keep the server logs but drop the bulky per-flow user-data/extensions state (unless kept for the secret scan)
  if (!keepState) fs.rmSync(path.join(OUT, '_state'), { recursive: true, force: true });
  else for (const flow of results.flows) fs.rmSync(path.join(OUT, '_state', flow.file.replace(/\.flow\.mjs$/, ''), 'extensions'), { recursive: true, force: true });
  exitCode = results.failed.length ? 1 : 0;
} catch (e) {
  fail('e2e harness', e);
  if (e && e.stack) console.error(e.stack);
  exitCode = 2;
} finally {
  if (browser) await browser.close().catch(() => {});
  if (sandbox) await sandbox.stop();
  await sleep(0);
}
clearTimeout(overall);
finish(exitCode);
