// Run the in-host suite (out/test/inhost/index.js) with the stock @vscode/test-electron runTests().
//   node test/runTest.mjs                      desktop VS Code 1.100.3, downloaded by test-electron (on Linux it needs
//                                              a display, e.g. xvfb-run); falls back to code-server if that fails
//   CRM_USE_CODE_SERVER=1 node test/runTest.mjs   never download: VS Code 1.100.3 web via scripts/harness/code-web-shim.mjs
// Build first: node scripts/build.mjs. The sandbox is started here; its URL reaches the tests as CRM_SANDBOX_URL.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../scripts/harness/lib.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { runTests, downloadAndUnzipVSCode } = require('@vscode/test-electron');
const SHIM = path.join(ROOT, 'scripts/harness/code-web-shim.mjs');
const VSCODE_VERSION = '1.100.3';

let sandbox;
let code = 0;
try {
  let sandboxUrl = process.env.CRM_SANDBOX_URL;
  if (!sandboxUrl) {
    sandbox = await startSandbox({ logFile: path.join(ROOT, 'test-results/runTest/sandbox.log') });
    sandboxUrl = sandbox.url;
  }
  let vscodeExecutablePath = SHIM;
  if (process.env.CRM_USE_CODE_SERVER !== '1') {
    try {
      vscodeExecutablePath = await downloadAndUnzipVSCode({ version: VSCODE_VERSION, timeout: 30000 });
    } catch (e) {
      console.log(`[runTest] cannot download VS Code ${VSCODE_VERSION} (${e.message}); using code-server ${VSCODE_VERSION} via the shim`);
      vscodeExecutablePath = SHIM;
    }
  }
  const workspace = path.join(ROOT, 'test-results/runTest/workspace');
  fs.mkdirSync(workspace, { recursive: true });
  await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: path.join(ROOT, 'out/test/inhost/index.js'),
    launchArgs: [workspace, '--disable-extensions'],
    extensionTestsEnv: { CRM_SANDBOX_URL: sandboxUrl, CRM_TEST_RESULT_FILE: path.join(ROOT, 'test-results/runTest/results.json') },
  });
} catch (err) {
  console.error('[runTest] failed:', err && err.message ? err.message : err);
  code = 1;
} finally {
  if (sandbox) await sandbox.stop();
}
process.exit(code);
