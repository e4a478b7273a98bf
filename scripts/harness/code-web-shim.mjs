#!/usr/bin/env node
// A stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }) and for
// @vscode/test-cli's `useInstallation: { fromPath }`, for machines where desktop VS Code cannot be downloaded.
// test-electron spawns:  <exe> [launchArgs...] --no-sandbox ... --extensionTestsPath=X --extensionDevelopmentPath=Y
//                              [--extensions-dir=... --user-data-dir=...]
// We translate that into a code-server + headless Chromium run (run-inhost-tests.mjs) and exit with its code
// (0 pass, 1 test failure, 2 harness error). The environment (test-electron's extensionTestsEnv) is passed through to
// code-server and so to the extension host.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const value = (k) => argv.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3);
const devPaths = argv.filter((a) => a.startsWith('--extensionDevelopmentPath=')).map((a) => a.slice('--extensionDevelopmentPath='.length));
const testsPath = value('extensionTestsPath');
if (!testsPath || devPaths.length === 0) {
  console.error('code-web-shim: expected --extensionTestsPath=... and --extensionDevelopmentPath=... (as passed by @vscode/test-electron)');
  process.exit(2);
}
if (devPaths.length > 1) console.error(`code-web-shim: only the first extensionDevelopmentPath is loaded (${devPaths[0]})`);
// the first non-flag argument that is an existing folder is the workspace (test-electron launchArgs)
const folder = argv.find((a) => !a.startsWith('-') && fs.existsSync(a) && fs.statSync(a).isDirectory());
const ownRunner = path.resolve(testsPath) === path.resolve(here, '../../out/test/inhost/index.js');

const args = [path.join(here, 'run-inhost-tests.mjs'), `--extensionDevelopmentPath=${devPaths[0]}`, `--extensionTestsPath=${testsPath}`,
  `--runDir=${path.resolve(here, '../../test-results/inhost-shim')}`];
if (folder) args.push(`--workspace=${path.resolve(folder)}`);
if (!ownRunner) args.push('--result-file-optional'); // e.g. @vscode/test-cli's runner.cjs writes no result file
const r = spawnSync(process.execPath, args, { stdio: 'inherit', env: process.env });
process.exit(r.status ?? 2);
