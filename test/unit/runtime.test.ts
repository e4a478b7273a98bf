/**
 * The runtime contract of the VSIX: VS Code 1.100's extension host runs Node 20, so every runtime dependency must
 * support Node 20, and engines.vscode must match the @types/vscode the code was compiled against.
 */
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;

/** Does an engines.node range such as ">=18", "^18.18.0 || >=20" or ">= 22" admit Node 20.x? */
function admitsNode20(range: string): boolean {
  return range.split('||').some((part) => {
    const match = /(>=|\^|~)?\s*(\d+)/.exec(part.trim());
    if (!match) return false;
    const major = Number(match[2]);
    return match[1] === '>=' ? major <= 20 : major === 20;
  });
}

describe('runtime contract', () => {
  const pkg = readJson('package.json') as { engines: { vscode: string }; dependencies: Record<string, string>; devDependencies: Record<string, string> };

  it('every runtime dependency supports Node 20 (ky must stay on 1.x: ky 2 needs Node 22)', () => {
    for (const name of Object.keys(pkg.dependencies)) {
      const dep = readJson(`node_modules/${name}/package.json`) as { engines?: { node?: string }; version: string };
      if (dep.engines?.node) assert.ok(admitsNode20(dep.engines.node), `${name}@${dep.version} needs node ${dep.engines.node}`);
    }
    assert.match(pkg.dependencies.ky ?? '', /^1\./);
  });

  it('engines.vscode matches @types/vscode', () => {
    const types = pkg.devDependencies['@types/vscode'] ?? '';
    assert.equal(pkg.engines.vscode.replace(/^\^/, ''), types.replace(/^\^/, ''));
  });

  it('the range check itself tells Node 20 apart', () => {
    assert.equal(admitsNode20('>=18'), true);
    assert.equal(admitsNode20('>= 22'), false);
    assert.equal(admitsNode20('^18.18.0 || ^20.9.0 || >=21.1.0'), true);
  });
});
