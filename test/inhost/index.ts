// In-extension-host mocha runner: the module VS Code loads as `extensionTestsPath` (the @vscode/test-electron
// contract). VS Code awaits run(); resolve = exit code 0, reject = 1.
// It loads every out/test/inhost/**/*.test.js next to this bundle and, as a second channel for the outer harness,
// writes {passed: [], failed: [{title, error}], pending: []} to $CRM_TEST_RESULT_FILE.
// Optional: CRM_TEST_GREP=<regexp> runs a subset.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

interface InHostResults {
  passed: string[];
  failed: { title: string; error: string }[];
  pending: string[];
  startedAt: string;
  finishedAt?: string;
  vscodeVersion?: string;
  nodeVersion: string;
}

function testFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.js'))
    .sort()
    .map((f) => path.join(dir, f));
}

function writeResults(results: InHostResults): void {
  const file = process.env.CRM_TEST_RESULT_FILE;
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file + '.tmp', JSON.stringify(results, null, 2));
  fs.renameSync(file + '.tmp', file); // atomic: the outer harness never reads a half-written file
}

export async function run(): Promise<void> {
  const results: InHostResults = { passed: [], failed: [], pending: [], startedAt: new Date().toISOString(), nodeVersion: process.version };
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 20000, reporter: 'spec' });
  if (process.env.CRM_TEST_GREP) mocha.grep(new RegExp(process.env.CRM_TEST_GREP));
  const files = testFiles(__dirname);
  for (const f of files) mocha.addFile(f);
  try {
    if (files.length === 0) throw new Error(`no *.test.js files found under ${__dirname}`);
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      runner.on('pass', (t) => results.passed.push(t.fullTitle()));
      runner.on('fail', (t, err: unknown) => results.failed.push({ title: t.fullTitle(), error: String((err as Error)?.stack ?? err) }));
      runner.on('pending', (t) => results.pending.push(t.fullTitle()));
    });
  } catch (err) {
    results.failed.push({ title: 'in-host mocha runner', error: String((err as Error)?.stack ?? err) });
  }
  results.finishedAt = new Date().toISOString();
  writeResults(results);
  if (results.failed.length > 0) throw new Error(`${results.failed.length} in-host test(s) failed`);
}
