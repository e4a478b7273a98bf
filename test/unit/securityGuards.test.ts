/**
 * Static guards for the webview and tooltip promises in docs/SECURITY.md: source patterns that would let record data
 * become markup or a clickable command. Cheap to run, and a failure names the file and line that broke the promise.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

function sources(dir: string): Array<{ file: string; lines: string[] }> {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: path.join(dir, f), lines: fs.readFileSync(path.join(ROOT, dir, f), 'utf8').split('\n') }));
}

function hits(pattern: RegExp, dir = 'src'): string[] {
  return sources(dir).flatMap(({ file, lines }) => lines.flatMap((line, i) => (pattern.test(line) && !/^\s*(\/\/|\*)/.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])));
}

describe('security guards (source)', () => {
  it('finds the sources it guards (the scan is not vacuous)', () => {
    assert.ok(sources('src').length > 50);
    assert.ok(sources('src/webview').length > 2);
    assert.ok(hits(/isTrusted = false/).length >= 3, 'tooltips no longer say isTrusted = false explicitly');
  });

  it('no trusted markdown, command URIs or HTML in markdown anywhere in the extension', () => {
    assert.deepEqual(hits(/isTrusted\s*[:=]\s*(true|\{)|enableCommandUris|supportHtml\s*[:=]\s*true|supportThemeIcons\s*[:=]\s*true.*record/), []);
  });

  it('the webview builds DOM with elements and text, never with HTML strings or eval', () => {
    assert.deepEqual(hits(/\.innerHTML\s*=|outerHTML\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function\(/, 'src/webview'), []);
  });

  it('webview options are built in one place, with explicit localResourceRoots and no command URIs', () => {
    const options = hits(/enableScripts\s*:/);
    assert.equal(options.length, 1, options.join('\n'));
    assert.match(options[0]!, /localResourceRoots: formResourceRoots\(/);
    assert.deepEqual(hits(/enableCommandUris|retainContextWhenHidden\s*:\s*true/), []);
  });

  it('the webview CSP is default-src none with a nonce for scripts and no unsafe-* source', () => {
    const html = fs.readFileSync(path.join(ROOT, 'src/views/form/formHtml.ts'), 'utf8');
    const csp = /export function contentSecurityPolicy[\s\S]*?\n}/.exec(html)?.[0] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-\$\{nonce\}'/);
    assert.doesNotMatch(csp, /unsafe-(inline|eval)/);
  });

  it('API keys are only read from and written to SecretStorage (no key in globalState, settings or workspaceState)', () => {
    const stores = hits(/(globalState|workspaceState)\.update\(|getConfiguration\([^)]*\)\.update\(/);
    for (const line of stores) assert.doesNotMatch(line, /key|secret|token/i, line);
    assert.ok(hits(/secrets\.store\(/).length >= 1, 'keys are no longer stored in SecretStorage');
  });
});
