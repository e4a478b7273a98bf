// Read-only key and a 403: Add Connection from the view's title-bar "+" with the sandbox's read-only demo key typed
// over the prefilled one, then Delete… on a contact → one error notification naming the missing permission
// (contacts:delete) and how to get it (keys are immutable: rotate or create a key); nothing deleted on the server.
import assert from 'node:assert/strict';
import {
  READONLY_KEY, addSandboxConnection, api, docShot, contactLabel, contactsPage, contactsTotal, resetSandbox, sandboxSettings,
} from './_support.mjs';

export const name = 'read-only key 403';
export const settings = sandboxSettings;
export const timeout = 120;

const CONNECTION = 'Read-only sandbox';

export async function run({ page, vsc, check, shot, open, sandboxUrl, log }) {
  await resetSandbox(sandboxUrl);
  const total = await contactsTotal(sandboxUrl);
  const firstPage = await contactsPage(sandboxUrl, { page: 1, limit: 50 });
  const victim = firstPage.find((c, i) => i >= 5 && /^[A-Za-z' ]+$/.test(contactLabel(c)));
  const victimLabel = contactLabel(victim);
  const contacts = vsc.treeRowByLabel(page, 'Contacts', { level: 2 });

  await check('Add Connection from the title-bar "+" with the read-only key replacing the prefilled demo key', async () => {
    await open();
    await vsc.openViewContainer(page, 'CRM');
    await vsc.resizeSidebar(page, 520);
    await page.locator('.part.sidebar .welcome-view-content').waitFor({ state: 'visible', timeout: 20000 });
    await addSandboxConnection(page, vsc, {
      start: () => page.locator('.part.sidebar .composite.title a.action-label[aria-label^="Add Connection"]').click(),
      name: CONNECTION,
      key: READONLY_KEY,
      onKeyPrompt: async (input) => {
        assert.equal(await input.getAttribute('type'), 'password');
      },
    });
    await vsc.waitForNotification(page, `Connected "${CONNECTION}"`);
    await vsc.treeRowByLabel(page, CONNECTION, { level: 1 }).waitFor({ state: 'visible', timeout: 15000 });
    await shot('readonly-connected');
  });

  await check('the read-only key can browse Contacts', async () => {
    await vsc.treeRowByLabel(page, CONNECTION, { level: 1 }).locator('.monaco-tl-twistie').click();
    await contacts.locator('.monaco-tl-twistie').click();
    const row = vsc.treeRowByLabel(page, victimLabel, { level: 3 });
    await row.waitFor({ state: 'visible', timeout: 20000 });
    assert.equal(await row.getAttribute('aria-setsize'), '51', '50 contacts + Load more');
  });

  await check('Delete… with the read-only key → error naming "contacts:delete" and how to get a key that has it', async () => {
    await vsc.clearNotifications(page);
    await page.locator(vsc.SEL.toast).first().waitFor({ state: 'hidden', timeout: 10000 });
    await vsc.treeRowContextMenu(page, vsc.treeRowByLabel(page, victimLabel, { level: 3 }), 'Delete…');
    await vsc.waitForDialog(page, victimLabel);
    await vsc.clickDialogButton(page, 'Delete');
    const toast = page.locator(vsc.SEL.toast).filter({ has: page.locator('.codicon-error') }).filter({ hasText: 'contacts:delete' }).first();
    await toast.waitFor({ state: 'visible', timeout: 15000 });
    const message = ((await toast.locator('.notification-list-item-message').textContent()) || '').trim();
    log('403 message:', message);
    assert.match(message, /contacts:delete/);
    assert.match(message, /immutable/i, 'says keys are immutable');
    assert.match(message, /rotate|create/i, 'says to rotate or create a key');
    assert.doesNotMatch(message, /\n\s+at |Error:|stack/i, 'no stack trace in the notification');
    // a lone toast with buttons opens expanded; otherwise expand it so the whole message and "Show Log" show
    const expand = toast.locator('a.codicon-notifications-expand');
    if (await expand.isVisible()) await expand.click();
    await toast.getByRole('button', { name: 'Show Log' }).waitFor({ state: 'visible', timeout: 5000 });
    await page.locator(`${vsc.SEL.toast}.notification-fade-in-done`).filter({ hasText: 'contacts:delete' }).waitFor({ state: 'visible', timeout: 5000 });
    // let the finished "Deleting…" progress toast leave before the screenshots
    await page.locator(vsc.SEL.toast).filter({ hasText: 'Deleting' }).waitFor({ state: 'hidden', timeout: 10000 });
    await shot('readonly-403-notification');
    const box = await toast.boundingBox();
    await docShot(shot, 'readonly-403-message', { x: 0, y: box.y - 220, width: 1600, height: 1000 - (box.y - 220) });
  });

  await check('nothing was deleted: the contact is still in the tree and on the server', async () => {
    const r = await api(sandboxUrl, 'GET', `/contacts/${victim.id}`);
    assert.equal(r.status, 200, `GET /contacts/${victim.id} answered ${r.status}`);
    assert.equal(await contactsTotal(sandboxUrl), total);
    await vsc.treeRowByLabel(page, victimLabel, { level: 3 }).waitFor({ state: 'visible', timeout: 20000 });
  });
}
