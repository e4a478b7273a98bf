// The split of the extension into an entry (dist/extension.js) and lazily loaded chunks (src/lazy.ts,
// src/commandGroups.ts): every command VS Code knows from package.json has a stub at activation, each group's
// implementation registers exactly the ids it declared, and the chunks run against the one loaded entry module.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID as COMMAND_TITLES_EXTENSION_ID, commandTitle } from '../../src/commands/commandTitles';
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
    let registered = new Set(await vscode.commands.getCommands(true));
    for (const group of Object.values(api.commandGroups)) {
      for (const id of group.ids.filter((id) => !group.rowIds.includes(id))) assert.ok(registered.has(id), `${id} has no command registered`);
    }
    // The row-only ids are registered once the core chunk is loaded (loading the explorer group loads it).
    api.commandGroups.explorer?.load();
    registered = new Set(await vscode.commands.getCommands(true));
    for (const id of contributed) assert.ok(registered.has(id), `${id} has no command registered`);
  });

  it('registers late only commands that nothing but a row below a connection offers', async () => {
    const api = await testApi();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const contributes = extension.packageJSON.contributes as {
      menus: Record<string, { command: string; when?: string }[]>;
      keybindings?: { command: string }[];
    };
    // Connection rows are built by the entry (dist/extension.js), before the core chunk: a row-only command must not
    // be offered on them, in the palette, in a view's title bar, by a key or by a link in the welcome view or walkthrough.
    const connectionRows = ['minotaur', 'openprospect'].flatMap((p) => [`crm.connection.${p}`, `crm.connection.${p}.rejected`]);
    const texts = fs.readFileSync(path.join(extension.extensionPath, 'package.nls.json'), 'utf8');
    const rowIds = Object.values(api.commandGroups).flatMap((group) => [...group.rowIds]);
    assert.ok(rowIds.length >= 20, `only ${rowIds.length} row-only commands: the split in src/commandGroups.ts was lost`);
    for (const id of rowIds) {
      const palette = contributes.menus.commandPalette?.find((m) => m.command === id);
      assert.equal(palette?.when, 'false', `${id} is row-only but shown in the command palette`);
      assert.ok(!contributes.keybindings?.some((k) => k.command === id), `${id} is row-only but has a key binding`);
      assert.ok(!texts.includes(`command:${id})`), `${id} is row-only but linked from the welcome view or walkthrough`);
      for (const [menu, items] of Object.entries(contributes.menus)) {
        for (const item of items.filter((m) => m.command === id && menu !== 'commandPalette')) {
          assert.equal(menu, 'view/item/context', `${id} is row-only but in the ${menu} menu`);
          const matches = /viewItem\s*=~\s*\/(.+?)\/(?:\s|$)/.exec(item.when ?? '');
          const equals = /viewItem\s*==\s*([\w.]+)/.exec(item.when ?? '');
          assert.ok(matches || equals, `${id}: its menu entry names no viewItem (${item.when})`);
          const offeredOn = (value: string) => (matches ? new RegExp(matches[1] ?? '').test(value) : equals?.[1] === value);
          for (const row of connectionRows) assert.ok(!offeredOn(row), `${id} is row-only but offered on a connection row (${row})`);
        }
      }
    }
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

describe('command titles in messages', () => {
  it('names each command by its title in our own manifest ("Export…" → "Export"), internal ids in words', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    assert.equal(COMMAND_TITLES_EXTENSION_ID, EXTENSION_ID, 'src/commands/commandTitles.ts reads another extension');
    for (const c of extension.packageJSON.contributes.commands as { command: string; title: string }[]) {
      assert.equal(commandTitle(c.command), c.title.replace(/\s*(…|\.\.\.)$/, ''), c.command);
    }
    assert.equal(commandTitle('crm.someInternalStep'), 'Some internal step');
  });
});
