// Shared helpers for the real-VS-Code harness (code-server 4.100.3 = VS Code 1.100.3 + Debian Chromium via playwright-core).
//   startCodeServer / installVsix / csCli    code-server on a free 127.0.0.1 port, per-run user-data/extensions/config
//   launchBrowser                            headless Debian Chromium through playwright-core (never downloads a browser)
//   startSandbox                             the project's API sandbox (out/sandbox/main.js) as a child process
//   freePort / findFreePort / killOnExit     process and port plumbing; every child is its own process group and is
//                                            killed (group-wide) when this process exits or gets SIGINT/SIGTERM
// The harness itself is built by scripts/setup-harness.sh into .harness/cs. Tools come from the repo's node_modules.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const HARNESS = path.resolve(process.env.HARNESS || path.join(ROOT, '.harness'));
export const CS_ENTRY = path.join(HARNESS, 'cs/node_modules/code-server/out/node/entry.js');
export const SANDBOX_MAIN = path.resolve(process.env.CRM_SANDBOX_MAIN || path.join(ROOT, 'out/sandbox/main.js'));
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const requireFromRoot = createRequire(path.join(ROOT, 'package.json'));

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const log = (...a) => console.log(`[${new Date().toISOString().slice(11, 23)}]`, ...a);

/** Parse `--key=value` / `--flag` arguments. */
export function parseArgs(argv = process.argv.slice(2)) {
  const out = { _: [] };
  for (const a of argv) {
    const m = /^--([^=]+)(?:=(.*))?$/s.exec(a);
    if (m) out[m[1]] = m[2] === undefined ? true : m[2];
    else out._.push(a);
  }
  return out;
}

export function writeJsonAtomic(file, data) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file + '.tmp', JSON.stringify(data, null, 2));
  fs.renameSync(file + '.tmp', file);
}

export function requireHarness() {
  if (!fs.existsSync(CS_ENTRY) || !fs.existsSync(path.join(HARNESS, 'cs/.harness-complete'))) {
    throw new Error(`code-server harness not built in ${HARNESS}/cs: run "bash scripts/setup-harness.sh"`);
  }
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM=/path)`);
}

// ---- ports ---------------------------------------------------------------------------------------------------------
export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

export function isPortFree(port) {
  return new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen(port, '127.0.0.1', () => s.close(() => res(true)));
  });
}

/** `start` if free, else the next free port above it. */
export async function findFreePort(start, tries = 100) {
  for (let p = start; p < start + tries; p++) if (await isPortFree(p)) return p;
  throw new Error(`no free port in ${start}..${start + tries - 1}`);
}

// ---- process-group cleanup ----------------------------------------------------------------------------------------
const killers = new Set();
let hooked = false;
function killAll() {
  for (const k of killers) k();
  killers.clear();
}
/** Register a child spawned with `detached: true`: its whole process group is SIGKILLed when we exit. */
export function killOnExit(proc) {
  const k = () => {
    try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* gone */ }
  };
  killers.add(k);
  proc.once('exit', () => killers.delete(k));
  if (!hooked) {
    hooked = true;
    process.once('exit', killAll);
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
      process.once(sig, () => {
        killAll();
        process.exit(sig === 'SIGINT' ? 130 : 143);
      });
    }
  }
  return k;
}

/** SIGTERM the process group, wait up to `graceMs`, then SIGKILL it. */
export async function stopGroup(proc, graceMs = 5000) {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  try { process.kill(-proc.pid, 'SIGTERM'); } catch { return; }
  const t = Date.now();
  while (proc.exitCode === null && proc.signalCode === null && Date.now() - t < graceMs) await sleep(100);
  try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* gone */ }
}

async function waitForHttp(url, { proc, timeout = 60000, what, logFile }) {
  const t0 = Date.now();
  for (;;) {
    if (proc && (proc.exitCode !== null || proc.signalCode !== null)) {
      throw new Error(`${what} exited early (${proc.exitCode ?? proc.signalCode})${logFile ? `; see ${logFile}` : ''}`);
    }
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return Date.now() - t0;
    } catch { /* not up yet */ }
    if (Date.now() - t0 > timeout) throw new Error(`${what} did not answer ${url} within ${timeout / 1000} s`);
    await sleep(150);
  }
}

// ---- code-server -------------------------------------------------------------------------------------------------
// Settings that keep the workbench quiet, offline and deterministic for automation.
export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'npm.fetchOnlinePackageInfo': false,
  'git.enabled': false,
  'workbench.editor.enablePreview': false,
  'window.confirmBeforeClose': 'never',
  'chat.commandCenter.enabled': false,
};

export function prepareUserData(userDataDir, settings = {}) {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2));
}

// No extension gallery: code-server would otherwise query open-vsx.org. Point it at a dead loopback address.
const OFFLINE_ENV = {
  EXTENSIONS_GALLERY: JSON.stringify({
    serviceUrl: 'http://127.0.0.1:9/gallery',
    itemUrl: 'http://127.0.0.1:9/items',
    resourceUrlTemplate: 'http://127.0.0.1:9/resource/{publisher}/{name}/{version}/{path}',
  }),
};

/** Directories for one code-server run under `runDir`. */
export function runDirs(runDir) {
  return {
    userDataDir: path.join(runDir, 'user-data'),
    extensionsDir: path.join(runDir, 'extensions'),
    configFile: path.join(runDir, 'config.yaml'), // keeps code-server from creating ~/.config/code-server/config.yaml
    workspace: path.join(runDir, 'workspace'),
    logFile: path.join(runDir, 'code-server.log'),
  };
}

/** One-shot code-server CLI command (e.g. --install-extension); resolves with its output. */
export function csCli(args, { env = {} } = {}) {
  return new Promise((res, rej) => {
    const p = spawn(process.execPath, [CS_ENTRY, ...args], { env: { ...process.env, ...OFFLINE_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('error', rej);
    p.on('exit', (c) => (c === 0 ? res(out) : rej(new Error(`code-server ${args.join(' ')} exited ${c}\n${out}`))));
  });
}

/** Install a .vsix into the given user-data/extensions dirs. Returns the CLI's last line. */
export async function installVsix({ vsix, userDataDir, extensionsDir, configFile }) {
  if (!fs.existsSync(vsix)) throw new Error(`VSIX not found: ${vsix}`);
  const out = await csCli(['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--config', configFile, '--install-extension', path.resolve(vsix), '--force']);
  if (!/successfully installed|already installed/i.test(out)) throw new Error(`installing ${vsix} failed:\n${out}`);
  return out.trim().split('\n').pop();
}

/**
 * Make `--locale <locale>` take effect without a core language pack (the marketplace is unreachable here).
 * code-server only switches the workbench language — and so `vscode.env.language`, the extensions' package.nls.<locale>.json
 * and their l10n/bundle.l10n.<locale>.json — when <user-data>/languagepacks.json lists a pack for that locale whose core
 * translation file exists. An empty core translation ({"contents": {}}) is enough: VS Code's own strings fall back to
 * English message by message, while extensions are shown in <locale>. See docs/localisation.md.
 */
export function prepareLocale(userDataDir, locale) {
  const dir = path.join(userDataDir, 'harness-locale', locale);
  fs.mkdirSync(dir, { recursive: true });
  const core = path.join(dir, 'main.i18n.json');
  fs.writeFileSync(core, JSON.stringify({ contents: {} }));
  const packsFile = path.join(userDataDir, 'languagepacks.json');
  let packs = {};
  try { packs = JSON.parse(fs.readFileSync(packsFile, 'utf8')); } catch { /* none yet */ }
  // `extensions` must name an extension: the server's "installed languages" list reads extensions[0].extensionIdentifier
  packs[locale] = { hash: `crm-harness-${locale}-1`, label: locale, extensions: [{ extensionIdentifier: { id: `crm-harness.core-${locale}` }, version: '0.0.0' }], translations: { vscode: core } };
  writeJsonAtomic(packsFile, packs);
}

/**
 * Start code-server on 127.0.0.1 (free port unless `port` given) with its own user-data/extensions/config.
 * `env` is added to the server's environment; the extension host inherits it. `locale` (e.g. 'es') starts the
 * workbench in that display language (see prepareLocale).
 */
export async function startCodeServer({ port, userDataDir, extensionsDir, configFile, folder, env = {}, logFile, extraArgs = [], settings, logLevel = 'info', locale } = {}) {
  requireHarness();
  port = port || (await freePort());
  if (settings !== false && !fs.existsSync(path.join(userDataDir, 'User', 'settings.json'))) prepareUserData(userDataDir, settings || {});
  fs.mkdirSync(extensionsDir, { recursive: true });
  if (locale && !/^en\b/.test(locale)) prepareLocale(userDataDir, locale);
  const args = [CS_ENTRY, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--config', configFile,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--log', logLevel, ...(locale ? ['--locale', locale] : []), ...extraArgs];
  if (folder) {
    fs.mkdirSync(folder, { recursive: true });
    args.push(folder);
  }
  if (logFile) fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = logFile ? fs.openSync(logFile, 'a') : 'ignore';
  const proc = spawn(process.execPath, args, {
    env: { ...process.env, ...OFFLINE_ENV, ...env },
    stdio: ['ignore', out, out],
    detached: true, // own process group: stop() takes the extension host and pty host with it
  });
  if (typeof out === 'number') fs.closeSync(out);
  killOnExit(proc);
  const url = `http://127.0.0.1:${port}`;
  try {
    const ms = await waitForHttp(`${url}/healthz`, { proc, what: 'code-server', logFile });
    log(`code-server (pid ${proc.pid}) up on ${url} after ${ms} ms`);
  } catch (e) {
    await stopGroup(proc, 0);
    throw e;
  }
  return { proc, port, url, stop: () => stopGroup(proc) };
}

export function workbenchUrl(base, folder, payload) {
  let u = `${base}/?folder=${encodeURIComponent(folder)}`;
  if (payload) u += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return u;
}

// ---- Chromium --------------------------------------------------------------------------------------------------
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-domain-reliability', '--disable-client-side-phishing-detection',
  '--no-pings', '--no-first-run', '--no-default-browser-check', '--disable-features=Translate,OptimizationHints,MediaRouter'];

export async function launchBrowser({ persistentDir, viewport = { width: 1600, height: 1000 } } = {}) {
  const { chromium } = requireFromRoot('playwright-core');
  // keep Chromium's crash-report/config dirs out of $HOME
  const xdg = path.join(HARNESS, 'chromium-xdg');
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(xdg, 'config'), XDG_CACHE_HOME: path.join(xdg, 'cache') };
  const opts = { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, env };
  const ctxOpts = { viewport, permissions: ['clipboard-read', 'clipboard-write'] };
  if (persistentDir) {
    const context = await chromium.launchPersistentContext(persistentDir, { ...opts, ...ctxOpts });
    return { browser: null, context, close: () => context.close() };
  }
  const browser = await chromium.launch(opts);
  const context = await browser.newContext(ctxOpts);
  return { browser, context, close: () => browser.close() };
}

// ---- sandbox ---------------------------------------------------------------------------------------------------
/**
 * Start the API sandbox (`node out/sandbox/main.js --port <p> --quiet ...args`) and wait until it listens
 * (its "Sandbox listening on http://127.0.0.1:PORT" line, or GET /__admin/keys answering).
 */
export async function startSandbox({ port, args = ['--quiet'], logFile, env = {}, timeout = 30000, unref = false } = {}) {
  if (!fs.existsSync(SANDBOX_MAIN)) throw new Error(`sandbox not built: ${SANDBOX_MAIN} is missing (node scripts/build.mjs --only=sandbox)`);
  port = port || (await freePort());
  if (logFile) fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const logStream = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : null;
  const proc = spawn(process.execPath, [SANDBOX_MAIN, '--port', String(port), ...args], {
    cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  killOnExit(proc);
  let url = `http://127.0.0.1:${port}`;
  let printed = '';
  const onData = (d) => {
    printed += d;
    logStream?.write(d);
    const m = /Sandbox listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(printed);
    if (m) url = m[1];
  };
  proc.stdout.on('data', onData);
  proc.stderr.on('data', onData);
  proc.once('exit', () => logStream?.end());
  try {
    const ms = await waitForHttp(`${url}/__admin/keys`, { proc, timeout, what: 'sandbox', logFile });
    log(`sandbox (pid ${proc.pid}) up on ${url} after ${ms} ms`);
  } catch (e) {
    await stopGroup(proc, 0);
    throw new Error(`${e.message}\n--- sandbox output ---\n${printed.slice(-2000)}`);
  }
  if (unref) {
    // don't keep the parent alive (e.g. from a config file); it is still killed when the parent exits
    proc.unref();
    proc.stdout.unref?.();
    proc.stderr.unref?.();
  }
  return { proc, port, url, output: () => printed, stop: () => stopGroup(proc) };
}
