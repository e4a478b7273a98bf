// The split of the extension into an entry (dist/extension.js) and lazily loaded chunks (src/lazy.ts,
// src/commandGroups.ts): every command VS Code knows from package.json has a stub at activation, each group's
// implementation registers exactly the ids it declared, and the chunks run against the one loaded entry module.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, testApi } from './support/extension';

describe('lazy loading: command groups', () => {
  it('declares every contributed command in exactly one lazily loaded group', async () => {
    const api = await testApi();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const contributed = (extension.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command).sort();
    const declared = Object.values(api.commandGroups).flatMap((group) => [...group.ids]);
    assert.deepEqual([...declared].sort(), contributed, 'the groups in src/commandGroups.ts and package.json disagree');
    assert.equal(new Set(declared).size, declared.length, 'a command id is declared by two groups');
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of contributed) assert.ok(registered.has(id), `${id} has no command registered`);
  });

  it('loads each group: its implementation registers exactly the ids it declared', async () => {
    const api = await testApi();
    for (const [name, group] of Object.entries(api.commandGroups)) {
      assert.doesNotThrow(() => group.load(), `loading the "${name}" group failed`);
      assert.equal(group.loaded, true, `the "${name}" group does not say it is loaded`);
    }
  });

  it('runs the chunks next to the one loaded entry module (no second copy of its classes)', async () => {
    const api = await testApi();
    for (const group of Object.values(api.commandGroups)) group.load();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    // Node keys its module cache by real path: one entry per file means the chunks' `require("./extension.js")`
    // found the module VS Code loaded, not a second copy.
    const dist = fs.realpathSync(path.join(extension.extensionPath, 'dist'));
    const loaded = Object.keys(require.cache).filter((file) => path.dirname(file) === dist);
    assert.deepEqual(loaded.map((file) => path.basename(file)).sort(), ['core.js', 'extension.js', 'openprospect.js']);
  });
});
