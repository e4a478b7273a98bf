// Config for @vscode/test-cli (`npx vscode-test`): runs the in-host suite out/test/inhost/**/*.test.js through
// @vscode/test-electron in desktop VS Code 1.100.3 (downloaded; on Linux it needs a display, e.g. xvfb-run).
// With CRM_USE_CODE_SERVER=1 it uses code-server (VS Code 1.100.3 web, scripts/harness/code-web-shim.mjs) instead,
// for machines that cannot download VS Code. Build first: node scripts/build.mjs.
// `npm test` does not use this file; it runs the same suite through scripts/harness/run-inhost-tests.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@vscode/test-cli';
import { startSandbox } from './scripts/harness/lib.mjs';

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const workspaceFolder = path.join(ROOT, 'test-results/vscode-test/workspace');
fs.mkdirSync(workspaceFolder, { recursive: true });

// The tests talk to the API sandbox; start one unless CRM_SANDBOX_URL is given. It is killed when the CLI exits.
let sandboxUrl = process.env.CRM_SANDBOX_URL;
if (!sandboxUrl && fs.existsSync(path.join(ROOT, 'out/sandbox/main.js'))) {
  sandboxUrl = (await startSandbox({ logFile: path.join(ROOT, 'test-results/vscode-test/sandbox.log'), unref: true })).url;
}

export default defineConfig({
  label: 'inhost',
  files: 'out/test/inhost/**/*.test.js',
  version: '1.100.3',
  extensionDevelopmentPath: ROOT,
  workspaceFolder,
  launchArgs: ['--disable-extensions'],
  env: { CRM_SANDBOX_URL: sandboxUrl ?? '' },
  mocha: { ui: 'bdd', timeout: 20000, color: false },
  ...(process.env.CRM_USE_CODE_SERVER === '1' ? { useInstallation: { fromPath: path.join(ROOT, 'scripts/harness/code-web-shim.mjs') } } : {}),
});
