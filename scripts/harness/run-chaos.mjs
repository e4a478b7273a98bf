#!/usr/bin/env node
// The chaos tier: builds test/chaos (esbuild, same settings as the in-host tests; scripts/build.mjs does not know this
// directory) into out/test/chaos, then runs it inside a real VS Code with run-inhost-tests.mjs.
// usage: node scripts/harness/run-chaos.mjs [--summary=FILE] [--timeout=SEC]   (CRM_TEST_GREP=<regexp> for a subset)
// The extension itself must already be built (node scripts/build.mjs, or npm run package).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, parseArgs, log, requireFromRoot } from './lib.mjs';

const args = parseArgs();
const esbuild = requireFromRoot('esbuild');
const entries = fs
  .readdirSync(path.join(ROOT, 'test/chaos'), { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.test.ts') || f === 'index.ts')
  .map((f) => path.join('test/chaos', f));
fs.rmSync(path.join(ROOT, 'out/test/chaos'), { recursive: true, force: true });
await esbuild.build({
  absWorkingDir: ROOT,
  entryPoints: entries,
  outbase: 'test',
  outdir: 'out/test',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
log(`chaos: built ${entries.length} file(s) into out/test/chaos`);

const child = spawn(
  process.execPath,
  [
    path.join(ROOT, 'scripts/harness/run-inhost-tests.mjs'),
    `--extensionTestsPath=${path.join(ROOT, 'out/test/chaos/index.js')}`,
    `--runDir=${path.join(ROOT, 'test-results/chaos')}`,
    `--timeout=${args.timeout || 300}`,
    ...(args.summary ? [`--summary=${args.summary}`] : []),
  ],
  { stdio: 'inherit', cwd: ROOT },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 2 : 1)));
