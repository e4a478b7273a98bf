// Filter and delete: the Contacts folder's inline Filter action (field QuickPick → value InputBox → suggestions
// pick-many), the "filter: …" description and only matching rows, Clear Filter, then Delete… from a contact's context
// menu (modal naming the contact) and the contact gone from the tree and from the sandbox (404).
import assert from 'node:assert/strict';
import {
  addSandboxConnection, api, around, docShot, contactLabel, contactsPage, contactsTotal, fmt, resetSandbox, sandboxSettings,
} from './_support.mjs';

export const name = 'filter and delete';
export const settings = sandboxSettings;
export const timeout = 120;

const CONNECTION = 'E2E sandbox';
const FIELD = 'job_title';
const TYPED = 'CTO';

export async function run({ page, vsc, check, shot, open, sandboxUrl, log }) {
  await resetSandbox(sandboxUrl);
  const total = await contactsTotal(sandboxUrl);
  const firstPage = await contactsPage(sandboxUrl, { page: 1, limit: 50 });
  const contacts = vsc.treeRowByLabel(page, 'Contacts', { level: 2 });
  const description = (row) => row.locator('.label-description').textContent().then((s) => (s || '').trim());

  await check('connect the sandbox and expand Contacts', async () => {
    await open();
    await vsc.openViewContainer(page, 'CRM');
    await vsc.resizeSidebar(page, 520);
    await addSandboxConnection(page, vsc, {
      name: CONNECTION,
    });
    await vsc.treeRowByLabel(page, CONNECTION, { level: 1 }).locator('.monaco-tl-twistie').click();
    await contacts.locator('.monaco-tl-twistie').click();
    await vsc.treeRowByLabel(page, contactLabel(firstPage[0]), { level: 3 }).waitFor({ state: 'visible', timeout: 20000 });
    await shot('contacts-unfiltered');
  });

  let values = [TYPED];
  let matching = 0;
  await check(`inline Filter: ${FIELD} → "${TYPED}" → pick suggestions → "filter: …" and only matching rows`, async () => {
    await vsc.clickTreeRowAction(page, contacts, 'Filter…');
    await vsc.answerQuickPick(page, FIELD, { placeholder: 'Field to filter on', expectClose: false });
    await vsc.answerInputBox(page, TYPED, { prompt: 'Type part of a value to get suggestions', expectClose: false });
    // suggestions (prospect filter-suggestion endpoint) in a pick-many; the typed value is pre-checked
    await vsc.waitForPrompt(page, { placeholder: 'Pick one or more values' });
    const items = await vsc.quickPickItems(page);
    assert.ok(items.includes(TYPED), `suggestions ${JSON.stringify(items)} lack "${TYPED}"`);
    const typedRow = page.locator(vsc.SEL.quickInputRows).filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${TYPED}$`) }) });
    assert.equal(await typedRow.getByRole('checkbox').isChecked(), true, 'the typed value is pre-checked');
    const extra = items.find((l) => l !== TYPED && /^[\w ]+$/.test(l));
    assert.ok(extra, `no second plain suggestion in ${JSON.stringify(items)}`);
    const extraRow = page.locator(vsc.SEL.quickInputRows).filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${extra}$`) }) });
    await extraRow.getByRole('checkbox').check();
    values = items.filter((l) => l === TYPED || l === extra); // the pick returns items in list order
    await shot('filter-suggestions-pick-many');
    await docShot(shot, 'filter-suggestions', { x: 0, y: 0, width: 1200, height: 330 });
    await page.locator(vsc.SEL.quickInputBox).press('Enter');
    await page.locator(vsc.SEL.quickInput).waitFor({ state: 'hidden', timeout: 10000 });

    matching = await contactsTotal(sandboxUrl, { [FIELD]: values });
    log(`filter ${FIELD} ∈ ${values.join(' | ')}: ${matching} matching contacts`);
    assert.ok(matching > 0 && matching < total, `the filter should narrow the list (${matching} of ${total})`);
    const expected = `${fmt(matching)} · filter: ${FIELD} ∈ ${values.join(' | ')}`;
    await contacts.locator('.label-description', { hasText: expected }).waitFor({ state: 'visible', timeout: 20000 });
    assert.equal(await description(contacts), expected);

    const filteredFirst = await contactsPage(sandboxUrl, { page: 1, limit: 50, filters: { [FIELD]: values } });
    const first = vsc.treeRowByLabel(page, contactLabel(filteredFirst[0]), { level: 3 });
    await first.waitFor({ state: 'visible', timeout: 20000 });
    const expectedChildren = Math.min(matching, 50) + (matching > 50 ? 1 : 0);
    assert.equal(await first.getAttribute('aria-setsize'), String(expectedChildren));
    const rows = (await vsc.treeRowsInfo(page)).filter((r) => r.level === 3 && !r.label.startsWith('Load more'));
    assert.ok(rows.length >= Math.min(matching, 20), `only ${rows.length} rows rendered`);
    const wanted = values.map((v) => v.toLowerCase());
    for (const r of rows) {
      const jobTitle = r.description.split(' · ')[0].toLowerCase();
      assert.ok(wanted.some((v) => jobTitle.includes(v)), `row "${r.label}" (${r.description}) does not match the filter`);
    }
    await shot('contacts-filtered');
    await docShot(shot, 'contacts-filtered', { x: 0, y: 0, width: 940, height: 560 });
  });

  await check('Clear Filter and Sort restores the unfiltered folder', async () => {
    await vsc.clickTreeRowAction(page, contacts, 'Clear Filter and Sort');
    await contacts.locator('.label-description', { hasText: new RegExp(`^\\s*${fmt(total)}\\s*$`) }).waitFor({ state: 'visible', timeout: 20000 });
    const first = vsc.treeRowByLabel(page, contactLabel(firstPage[0]), { level: 3 });
    await first.waitFor({ state: 'visible', timeout: 20000 });
    assert.equal(await first.getAttribute('aria-posinset'), '1');
    assert.equal(await first.getAttribute('aria-setsize'), '51');
    await shot('filter-cleared');
  });

  // a plain-named contact whose label is unique on the first two pages, so "gone from the tree" is unambiguous
  const secondPage = await contactsPage(sandboxUrl, { page: 2, limit: 50 });
  const labels = [...firstPage, ...secondPage].map(contactLabel);
  const victim = firstPage.find((c, i) => i >= 5 && i < 20 && /^[A-Za-z' ]+$/.test(contactLabel(c)) && labels.filter((l) => l === contactLabel(c)).length === 1);
  assert.ok(victim, 'no suitable contact to delete');
  const victimLabel = contactLabel(victim);
  log(`deleting ${victimLabel} (${victim.id})`);

  await check(`context menu Delete… asks in a modal naming the contact ("${victimLabel}")`, async () => {
    await vsc.treeRowContextMenu(page, vsc.treeRowByLabel(page, victimLabel, { level: 3 }), 'Delete…');
    const dialog = await vsc.waitForDialog(page, victimLabel);
    const text = (await dialog.innerText()).replace(/\s+/g, ' ');
    assert.ok(text.includes(`Delete the contact "${victimLabel}"?`), `dialog says: ${text}`);
    assert.match(text, /cannot be undone/);
    await shot('delete-confirmation-modal');
    await docShot(shot, 'delete-confirmation', await around(dialog, 30));
  });

  await check('confirming deletes it: gone from the tree and 404 from the sandbox', async () => {
    await vsc.clickDialogButton(page, 'Delete');
    // the folder reloads: one contact fewer in total
    await contacts.locator('.label-description', { hasText: new RegExp(`^\\s*${fmt(total - 1)}\\s*$`) }).waitFor({ state: 'visible', timeout: 20000 });
    await vsc.treeRowByLabel(page, contactLabel(firstPage[0]), { level: 3 }).waitFor({ state: 'visible', timeout: 20000 });
    assert.equal(await vsc.treeRowByLabel(page, victimLabel, { level: 3 }).count(), 0, `"${victimLabel}" is still in the tree`);
    const more = await vsc.scrollTreeTo(page, vsc.treeRowByLabel(page, `Load more — 50 of ${fmt(total - 1)}`, { level: 3 }));
    assert.equal(await more.getAttribute('aria-posinset'), '51');
    const r = await api(sandboxUrl, 'GET', `/contacts/${victim.id}`);
    assert.equal(r.status, 404, `GET /contacts/${victim.id} answered ${r.status}`);
    await vsc.scrollTreeTo(page, vsc.treeRowByLabel(page, contactLabel(firstPage[0]), { level: 3 }), { direction: 'up' });
    await shot('contact-deleted');
  });
}
