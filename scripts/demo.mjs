#!/usr/bin/env node
// `npm run demo`: the API sandbox + CRM Explorer in a real VS Code, with a sandbox connection ready.
//   1. dependencies (npm ci when needed), harness (scripts/setup-harness.sh), npm run package (the VSIX)
//   2. sandbox on 127.0.0.1:4010 (or the next free port), 5,000 contacts
//   3. code-server (VS Code 1.100.3 in the browser) on 127.0.0.1:8080 (or the next free port), with the VSIX installed
//      into a persistent .harness/demo/ profile and workspace, and CRM_EXPLORER_SANDBOX_URL set so the extension
//      creates the sandbox connection (demo key mnt_sandbox_full) on first open
//   Runs until Ctrl+C, then stops both.
// --desktop: when `code` is on PATH, open desktop VS Code with --extensionDevelopmentPath=<repo> (same env) instead.
// --skip-setup: skip the dependency and harness steps.
// --locale=es: VS Code in Spanish (code-server only; see docs/localisation.md).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort, startSandbox, startCodeServer, installVsix, workbenchUrl, runDirs, stopGroup, killOnExit } from './harness/lib.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const desktop = argv.includes('--desktop');
const skipSetup = argv.includes('--skip-setup');
const locale = argv.find((a) => a.startsWith('--locale='))?.slice('--locale='.length);
const DEMO = path.join(process.env.HARNESS ? path.resolve(process.env.HARNESS) : path.join(ROOT, '.harness'), 'demo');
const say = (m) => console.log(`[demo] ${m}`);
const npmCmd = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function step(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`[demo] "${cmd} ${args.join(' ')}" failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}
const onPath = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
const useDesktop = desktop && onPath('code');
if (desktop && !useDesktop) say('--desktop: `code` is not on PATH; using VS Code in the browser (code-server) instead');

// ---- 1. prerequisites ---------------------------------------------------------------------------------------------
const nodePrefix = path.resolve(path.dirname(process.execPath), '..');
const nodedirEnv = !process.env.npm_config_nodedir && fs.existsSync(path.join(nodePrefix, 'include/node')) ? { npm_config_nodedir: nodePrefix } : {};
if (!skipSetup) {
  const mtime = (f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0);
  if (!fs.existsSync(path.join(ROOT, 'node_modules')) || mtime(path.join(ROOT, 'node_modules/.package-lock.json')) < mtime(path.join(ROOT, 'package-lock.json'))) {
    say('installing dependencies (npm ci)');
    step(npmCmd, ['ci', '--no-audit', '--no-fund'], nodedirEnv);
  }
  if (!useDesktop) step('bash', [path.join(ROOT, 'scripts/setup-harness.sh')], nodedirEnv);
}
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const vsix = path.join(ROOT, `${pkg.name}-${pkg.version}.vsix`);
say('building and packaging the extension (npm run package)');
step(npmCmd, ['run', 'package', '--silent']);

// ---- 2. sandbox --------------------------------------------------------------------------------------------------
fs.mkdirSync(DEMO, { recursive: true });
const sandbox = await startSandbox({ port: await findFreePort(4010), args: ['--contacts', '5000', '--quiet'], logFile: path.join(DEMO, 'sandbox.log') });
let keys = [];
try {
  keys = await (await fetch(`${sandbox.url}/__admin/keys`)).json();
} catch { /* printed below as unknown */ }
const env = { CRM_EXPLORER_SANDBOX_URL: sandbox.url };

let child; // code-server or desktop VS Code
let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  if (child) await child.stop();
  await sandbox.stop();
  process.exit(code);
}
process.removeAllListeners('SIGINT');
process.removeAllListeners('SIGTERM');
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
sandbox.proc.on('exit', (c) => { if (!stopping) { console.error(`[demo] the sandbox exited (${c}); see ${path.join(DEMO, 'sandbox.log')}`); shutdown(1); } });

// ---- 3. VS Code --------------------------------------------------------------------------------------------------
const dirs = runDirs(DEMO);
fs.mkdirSync(dirs.workspace, { recursive: true });
let openUrl;
if (useDesktop) {
  const proc = spawn('code', ['--new-window', '--wait', `--extensionDevelopmentPath=${ROOT}`, dirs.workspace], {
    stdio: 'inherit', env: { ...process.env, ...env }, detached: true,
  });
  killOnExit(proc);
  child = { proc, stop: () => stopGroup(proc) };
  proc.on('exit', () => { if (!stopping) shutdown(0); });
  openUrl = '(desktop VS Code window)';
} else {
  say(`installing ${path.basename(vsix)} into ${path.relative(ROOT, DEMO)}/extensions`);
  say(await installVsix({ vsix, ...dirs }));
  const server = await startCodeServer({ ...dirs, port: await findFreePort(8080), folder: dirs.workspace, env, locale, logFile: path.join(DEMO, 'code-server.log') });
  child = server;
  server.proc.on('exit', (c) => { if (!stopping) { console.error(`[demo] code-server exited (${c}); see ${dirs.logFile}`); shutdown(1); } });
  openUrl = workbenchUrl(server.url, dirs.workspace);
}

const rows = keys.map((k) => `    ${String(k.key).padEnd(24)} ${String(k.provider ?? '').padEnd(13)} ${k.description ?? ''}`);
console.log(`
CRM Explorer demo is running.

  Open VS Code:   ${openUrl}
                  (click the "CRM" icon in the activity bar: a connection to the sandbox is already set up)
  Sandbox:        ${sandbox.url}   (Minotaur Sales under /api/ext, OpenProspect under /api/v1)
  Demo keys:
${rows.length ? rows.join('\n') : '    (could not read them from /__admin/keys)'}

  Profile and workspace persist in ${path.relative(ROOT, DEMO)}/ (delete it to start over). Press Ctrl+C to stop.
`);
