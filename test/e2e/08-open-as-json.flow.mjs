// Open as JSON: a contact's context menu opens it as a `crm:` JSON document (tab named after the record); the first
// name is edited in the editor and saved with Ctrl+S; the sandbox has the new name, the PATCH carried only that
// field (sandbox request log), and the Contacts folder shows the new label.
import assert from 'node:assert/strict';
import { addSandboxConnection, around, contactLabel, contactsPage, docShot, resetSandbox, sandboxSettings } from './_support.mjs';

export const name = 'open as JSON';
// Typed JSON must land as typed: no auto-closed quotes or brackets, no re-indentation.
export const settings = (sandboxUrl) => ({
  ...sandboxSettings(sandboxUrl),
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoIndent': 'none',
  'editor.formatOnType': false,
  'editor.formatOnPaste': false,
});
export const timeout = 120;

const CONNECTION = 'E2E sandbox';
const NEW_FIRST = 'Jsonina';

async function sandboxJson(sandboxUrl, path) {
  const r = await fetch(`${sandboxUrl}/__admin/${path}`, { signal: AbortSignal.timeout(10000) });
  assert.ok(r.ok, `GET /__admin/${path} answered ${r.status}`);
  return r.json();
}

export async function run({ page, vsc, check, shot, open, sandboxUrl }) {
  await resetSandbox(sandboxUrl);
  const [contact] = await contactsPage(sandboxUrl, { page: 1, limit: 1 });
  const row = vsc.treeRowByLabel(page, contactLabel(contact), { level: 3 });
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  const tabOf = (text) => page.locator(vsc.SEL.tab, { hasText: text }).first();

  await check('connect the sandbox and expand Contacts', async () => {
    await open();
    await vsc.openViewContainer(page, 'CRM');
    await vsc.resizeSidebar(page, 420);
    await addSandboxConnection(page, vsc, {
      name: CONNECTION,
    });
    await vsc.treeRowByLabel(page, CONNECTION, { level: 1 }).locator('.monaco-tl-twistie').click();
    await vsc.treeRowByLabel(page, 'Contacts', { level: 2 }).locator('.monaco-tl-twistie').click();
    await row.waitFor({ state: 'visible', timeout: 20000 });
  });

  await check('Open as JSON on the contact opens its record in a JSON editor named after it', async () => {
    await vsc.treeRowContextMenu(page, row, 'Open as JSON');
    await tabOf(`${contactLabel(contact)} · ${contact.id}.json`).waitFor({ state: 'visible', timeout: 20000 });
    await editor.locator('.view-lines', { hasText: `"id": "${contact.id}"` }).waitFor({ state: 'visible', timeout: 20000 });
    await shot('json-document-open');
    await docShot(shot, 'open-as-json', await around(page.locator('.monaco-workbench'), 0));
  });

  await check(`editing first_name and Ctrl+S saves it: the server has "${NEW_FIRST}" and the tree row follows`, async () => {
    const stored = await sandboxJson(sandboxUrl, `state/contacts/${contact.id}`);
    const text = JSON.stringify({ ...stored, first_name: NEW_FIRST }, null, 2) + '\n';
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(text);
    // Anything the editor added after the typed text (an auto-closed bracket despite the settings) goes.
    await page.keyboard.press('Control+Shift+End');
    await page.keyboard.press('Delete');
    await editor.locator('.view-lines', { hasText: `"first_name": "${NEW_FIRST}"` }).waitFor({ state: 'visible', timeout: 10000 });
    await page.keyboard.press('Control+S');
    const renamed = vsc.treeRowByLabel(page, contactLabel({ ...contact, first_name: NEW_FIRST }), { level: 3 });
    await renamed.waitFor({ state: 'visible', timeout: 20000 });
    const after = await sandboxJson(sandboxUrl, `state/contacts/${contact.id}`);
    assert.equal(after.first_name, NEW_FIRST);
    assert.equal(after.last_name, stored.last_name);
    const patches = (await sandboxJson(sandboxUrl, 'requests')).filter((r) => r.route === 'PATCH /api/ext/contacts/:id');
    assert.deepEqual(patches.map((r) => r.body), [{ first_name: NEW_FIRST }], 'the save did not PATCH exactly the changed field');
    // Saved: the tab no longer shows the unsaved-changes dot.
    await page.locator(`${vsc.SEL.tab}.dirty`).first().waitFor({ state: 'detached', timeout: 10000 });
    await shot('json-document-saved');
    await docShot(shot, 'open-as-json-saved', await around(page.locator('.monaco-workbench'), 0));
  });
}
