// Record form (webview): create a contact from the Contacts folder's inline "+", find it with Search…, edit it
// (PATCH of the changed field), a server validation error shown on its field, delete it (modal → 404 on the server),
// and a dirty create form that survives a window reload with its draft restored.
import assert from 'node:assert/strict';
import {
  addSandboxConnection, api, contactsPage, contactsTotal, docShot, resetSandbox, sandboxSettings,
} from './_support.mjs';

export const name = 'record form';
export const settings = sandboxSettings;
export const timeout = 150;

const CONNECTION = 'E2E sandbox';
const FIRST = 'Ezra';
const LAST = 'Formtest';
const FULL_NAME = `${FIRST} ${LAST}`;
const EMAIL = 'ezra.formtest@example.com';

export async function run({ page, vsc, check, shot, open, sandboxUrl, extensionId, log }) {
  await resetSandbox(sandboxUrl);
  const total = await contactsTotal(sandboxUrl);
  const firstPage = await contactsPage(sandboxUrl, { page: 1, limit: 1 });
  const contacts = vsc.treeRowByLabel(page, 'Contacts', { level: 2 });
  const form = () => vsc.webviewFrame(page, { extensionId });
  const tab = (title) => page.locator(vsc.SEL.tab).filter({ hasText: title }).first();
  const findByApi = async () => (await contactsPage(sandboxUrl, { limit: 10, filters: { last_name: [LAST] } })).filter((c) => c.last_name === LAST);
  let contactId;

  await check('connect the sandbox and expand Contacts', async () => {
    await open();
    await vsc.openViewContainer(page, 'CRM');
    await vsc.resizeSidebar(page, 420);
    await addSandboxConnection(page, vsc, {
      name: CONNECTION,
    });
    await vsc.treeRowByLabel(page, CONNECTION, { level: 1 }).locator('.monaco-tl-twistie').click();
    await contacts.locator('.monaco-tl-twistie').click();
    await vsc.treeRowByLabel(page, [firstPage[0].first_name, firstPage[0].last_name].join(' '), { level: 3 }).waitFor({ state: 'visible', timeout: 20000 });
  });

  await check('Create Record… on Contacts opens the form; Create saves the contact on the server', async () => {
    await vsc.clickTreeRowAction(page, contacts, 'Create Record…');
    await tab('New contact').waitFor({ state: 'visible', timeout: 15000 });
    const f = form();
    await f.locator('#first_name').waitFor({ state: 'visible', timeout: 20000 });
    assert.equal(await f.locator('#form-title').textContent(), 'New contact');
    await f.locator('#first_name').fill(FIRST);
    await f.locator('#last_name').fill(LAST);
    await f.locator('#work_email').fill(EMAIL);
    await f.locator('#job_title').fill('QA Engineer');
    await f.locator('#company').fill('Harness Labs');
    await f.locator('#score').fill('50');
    await shot('form-new-contact-filled');
    await docShot(shot, 'record-form-new-contact', { x: 0, y: 0, width: 1600, height: 760 });
    await f.locator('#save').click();
    await vsc.waitForNotification(page, `Contact "${FULL_NAME}" created.`);
    await tab('New contact').waitFor({ state: 'detached', timeout: 10000 });
    const found = await findByApi();
    assert.equal(found.length, 1, `expected one ${LAST} on the server, found ${found.length}`);
    assert.equal(found[0].work_email, EMAIL);
    assert.equal(found[0].score, 50);
    contactId = found[0].id;
    assert.equal(await contactsTotal(sandboxUrl), total + 1);
  });

  const row = vsc.treeRowByLabel(page, FULL_NAME, { level: 3 });
  await check(`Search… on Contacts finds the new contact ("${LAST}")`, async () => {
    await vsc.treeRowContextMenu(page, contacts, 'Search…');
    await vsc.answerInputBox(page, LAST, { prompt: 'Show records whose last_name contains' });
    await contacts.locator('.label-description', { hasText: `1 · filter: last_name ∈ ${LAST}` }).waitFor({ state: 'visible', timeout: 20000 });
    await row.waitFor({ state: 'visible', timeout: 20000 });
    assert.equal(await row.getAttribute('aria-setsize'), '1');
    assert.equal((await row.locator('.label-description').textContent()).trim(), 'QA Engineer · Harness Labs');
  });

  await check('Edit in Form loads the record; saving a changed field PATCHes it', async () => {
    await vsc.treeRowContextMenu(page, row, 'Edit in Form');
    await tab(FULL_NAME).waitFor({ state: 'visible', timeout: 15000 });
    const f = form();
    await f.locator('#form-title', { hasText: `Edit contact: ${FULL_NAME}` }).waitFor({ state: 'visible', timeout: 20000 });
    assert.equal(await f.locator('#work_email').inputValue(), EMAIL);
    assert.equal(await f.locator('#job_title').inputValue(), 'QA Engineer');
    await f.locator('#job_title').fill('Head of QA');
    await f.locator('#dirty').waitFor({ state: 'visible', timeout: 5000 });
    await f.locator('#save').click();
    await f.locator('#status', { hasText: 'Saved 1 change.' }).waitFor({ state: 'visible', timeout: 15000 });
    assert.equal(await f.locator('#dirty').isVisible(), false, 'no unsaved changes after the save');
    const r = await api(sandboxUrl, 'GET', `/contacts/${contactId}`);
    assert.equal(r.body?.data?.job_title ?? r.body?.job_title, 'Head of QA');
    await row.locator('.label-description', { hasText: 'Head of QA' }).waitFor({ state: 'visible', timeout: 15000 });
    await shot('form-edit-saved');
  });

  await check('a field the server refuses shows the server message on that field (score cleared → 400)', async () => {
    const f = form();
    await f.locator('#score').fill('');
    await f.locator('#save').click();
    const fieldError = f.locator('.field-error[data-field="score"]');
    await fieldError.waitFor({ state: 'visible', timeout: 15000 });
    const message = ((await fieldError.textContent()) || '').trim();
    log('server field error:', message);
    assert.match(message, /score/i);
    assert.match(message, /integer|number/i, `not the server's message: ${message}`);
    assert.equal(await f.locator('#score').getAttribute('aria-invalid'), 'true');
    await f.locator('#form-error').waitFor({ state: 'visible', timeout: 5000 });
    await f.locator('#status', { hasText: 'Not saved.' }).waitFor({ state: 'visible', timeout: 5000 });
    const r = await api(sandboxUrl, 'GET', `/contacts/${contactId}`);
    assert.equal(r.body?.data?.score ?? r.body?.score, 50, 'the server kept the score');
    await shot('form-server-validation-error');
    await docShot(shot, 'record-form-server-error', { x: 0, y: 0, width: 1600, height: 1000 });
  });

  await check('Cancel on the dirty form asks first; Discard Changes closes it', async () => {
    await form().locator('#cancel').click();
    const dialog = await vsc.waitForDialog(page, `Discard your changes to ${FULL_NAME}?`);
    await shot('form-cancel-asks');
    await dialog.getByRole('button', { name: 'Discard Changes', exact: true }).click();
    await tab(FULL_NAME).waitFor({ state: 'detached', timeout: 10000 });
  });

  await check('Delete… removes the contact: gone from the tree, 404 from the sandbox', async () => {
    await vsc.treeRowContextMenu(page, row, 'Delete…');
    await vsc.waitForDialog(page, `Delete the contact "${FULL_NAME}"?`);
    await vsc.clickDialogButton(page, 'Delete');
    await contacts.locator('.label-description', { hasText: `0 · filter: last_name ∈ ${LAST}` }).waitFor({ state: 'visible', timeout: 20000 });
    assert.equal(await row.count(), 0);
    const r = await api(sandboxUrl, 'GET', `/contacts/${contactId}`);
    assert.equal(r.status, 404);
    assert.equal(await contactsTotal(sandboxUrl), total);
  });

  await check('a dirty form survives a window reload: the draft is restored', async () => {
    await vsc.clickTreeRowAction(page, contacts, 'Create Record…');
    const f = form();
    await f.locator('#first_name').waitFor({ state: 'visible', timeout: 20000 });
    await f.locator('#first_name').fill('Draft');
    await f.locator('#last_name').fill('Survivor');
    await f.locator('#job_title').fill('Typed before the reload');
    // the extension saw the change (● in the tab title) before the window goes away
    await tab('● New contact').waitFor({ state: 'visible', timeout: 10000 });
    // Reload right away, inside the draft store's 400 ms debounce: the webview's own state (values + baseline) must
    // be enough to restore the draft.
    const t0 = Date.now();
    // "Developer: Reload Window" (not page.reload()): VS Code persists the editor and webview state before it reloads
    await Promise.all([page.waitForEvent('load', { timeout: 30000 }), vsc.runCommand(page, 'Developer: Reload Window')]);
    await vsc.waitForWorkbench(page);
    log(`workbench back ${Date.now() - t0} ms after the reload`);
    await tab('New contact').waitFor({ state: 'visible', timeout: 30000 });
    const g = form();
    await g.locator('#draft-banner').waitFor({ state: 'visible', timeout: 30000 });
    log(`draft restored ${Date.now() - t0} ms after the reload`);
    assert.match(await g.locator('#draft-banner').innerText(), /unsaved changes.*restored/i);
    assert.equal(await g.locator('#first_name').inputValue(), 'Draft');
    assert.equal(await g.locator('#last_name').inputValue(), 'Survivor');
    assert.equal(await g.locator('#job_title').inputValue(), 'Typed before the reload');
    await shot('form-draft-restored-after-reload');
    await docShot(shot, 'record-form-draft-restored', { x: 0, y: 0, width: 1600, height: 560 });
    // leave nothing behind: discard the draft and close
    await g.locator('#discard-draft').click();
    await g.locator('#draft-banner').waitFor({ state: 'detached', timeout: 10000 });
    assert.equal(await g.locator('#first_name').inputValue(), '', 'Discard changes empties the form');
    await g.locator('#cancel').click();
    await tab('New contact').waitFor({ state: 'detached', timeout: 10000 });
    assert.equal(await contactsTotal(sandboxUrl), total, 'nothing was created by the draft');
  });
}
