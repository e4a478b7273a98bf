// Connect and browse: the empty view's welcome content, Add Connection through the real wizard (Local sandbox, a name,
// the key in a password box), the connection's folders, Contacts with paging ("Load more — 50 of N" → "100 of N"),
// a tooltip with the e-mail, the status bar with account and credits, and hostile record strings shown as text.
// Every expected number and name comes from the sandbox's own API, nothing is hard-coded.
import assert from 'node:assert/strict';
import {
  FULL_KEY, addSandboxConnection, api, docShot, contactLabel, contactsPage, contactsTotal, fmt, resetSandbox, sandboxSettings, watchDialogs,
} from './_support.mjs';

export const name = 'connect and browse';
export const settings = sandboxSettings; // "Local sandbox" = the runner's sandbox; CRM_EXPLORER_SANDBOX_URL stays unset (no auto-connect)
export const timeout = 120;

const CONNECTION = 'E2E sandbox';
const STATUS_ID = 'crm-explorer.crm-explorer.crm.status';

export async function run({ page, vsc, check, shot, open, sandboxUrl, log, record }) {
  const dialogs = watchDialogs(page);
  await resetSandbox(sandboxUrl);
  const total = await contactsTotal(sandboxUrl);
  const firstPage = await contactsPage(sandboxUrl, { page: 1, limit: 50 });
  log(`sandbox has ${total} contacts`);

  await check('empty Connections view shows the welcome content with both buttons', async () => {
    await open();
    await vsc.openViewContainer(page, 'CRM');
    await vsc.resizeSidebar(page, 520);
    const welcome = page.locator('.part.sidebar .welcome-view-content');
    await welcome.waitFor({ state: 'visible', timeout: 20000 });
    for (const label of ['Add Connection', 'Try the local sandbox']) {
      await welcome.getByRole('button', { name: label, exact: true }).waitFor({ state: 'visible', timeout: 5000 });
    }
    assert.equal(await page.locator(vsc.SEL.treeRow).count(), 0, 'the empty view should have no tree rows');
    await shot('welcome-empty-view');
  });

  await check('Add Connection: pick "Local sandbox", name it, the key box is a password field prefilled with the demo key', async () => {
    await addSandboxConnection(page, vsc, {
      onUrlPick: async () => {
        const items = await vsc.quickPickItems(page);
        for (const label of ['Local sandbox', 'Other URL…']) assert.ok(items.includes(label), `URL choices ${JSON.stringify(items)} lack "${label}"`);
        await shot('add-connection-url-pick');
      },
      name: CONNECTION,
      onKeyPrompt: async (input) => {
        assert.equal(await input.getAttribute('type'), 'password', 'the API key input must be a password field');
        assert.equal(await input.inputValue(), FULL_KEY, 'the sandbox choice prefills the demo key');
        await shot('add-connection-key-prompt');
        await docShot(shot, 'add-connection-key-prompt', { x: 0, y: 0, width: 1200, height: 260 });
      },
    });
  });

  await check('"Connected …" notification and the connection row appear', async () => {
    const text = await vsc.waitForNotification(page, `Connected "${CONNECTION}"`);
    assert.match(text, /^Connected "E2E sandbox"/);
    await vsc.treeRowByLabel(page, CONNECTION, { level: 1 }).waitFor({ state: 'visible', timeout: 15000 });
    await shot('connected');
  });

  await check('expanding the connection shows its folders', async () => {
    await vsc.treeRowByLabel(page, CONNECTION, { level: 1 }).locator('.monaco-tl-twistie').click();
    await vsc.treeRowByLabel(page, 'Contacts', { level: 2 }).waitFor({ state: 'visible', timeout: 15000 });
    const folders = (await vsc.treeRowsInfo(page)).filter((r) => r.level === 2).map((r) => r.label);
    assert.equal(folders[0], 'Contacts', `folders: ${folders.join(', ')}`);
    for (const f of ['Contacts', 'Companies', 'Lists', 'Products', 'Opportunities', 'Pipelines']) {
      assert.ok(folders.includes(f), `folder "${f}" missing from ${folders.join(', ')}`);
    }
    await shot('connection-folders');
  });

  const loadMore = (n) => vsc.treeRowByLabel(page, `Load more — ${fmt(n)} of ${fmt(total)}`, { level: 3 });

  await check(`expanding Contacts shows 50 rows and "Load more — 50 of ${fmt(total)}"`, async () => {
    await vsc.treeRowByLabel(page, 'Contacts', { level: 2 }).locator('.monaco-tl-twistie').click();
    const first = vsc.treeRowByLabel(page, contactLabel(firstPage[0]), { level: 3 });
    await first.waitFor({ state: 'visible', timeout: 20000 });
    assert.equal(await first.getAttribute('aria-posinset'), '1');
    // 50 records + the Load more row are the folder's children (aria-setsize counts every child, rendered or not)
    assert.equal(await first.getAttribute('aria-setsize'), '51', 'Contacts should have 50 record rows + 1 Load more row');
    await shot('contacts-first-page');
    const row = await vsc.scrollTreeTo(page, loadMore(50));
    assert.equal(await row.getAttribute('aria-posinset'), '51', 'Load more is the 51st child');
    const before = (await vsc.treeRowsInfo(page)).filter((r) => r.level === 3 && r.posinset === 50);
    assert.equal(before.length, 1, 'the 50th record row is rendered next to Load more');
    assert.equal(before[0].label, contactLabel(firstPage[49]).replace(/[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g, ''));
    await shot('contacts-load-more-50');
  });

  await check(`clicking Load more shows "Load more — 100 of ${fmt(total)}"`, async () => {
    await loadMore(50).click();
    await loadMore(50).waitFor({ state: 'detached', timeout: 20000 });
    const row = await vsc.scrollTreeTo(page, loadMore(100));
    assert.equal(await row.getAttribute('aria-posinset'), '101');
    assert.equal(await row.getAttribute('aria-setsize'), '101', 'Contacts should now have 100 record rows + Load more');
    await shot('contacts-load-more-100');
  });

  await check('hovering a contact shows a tooltip with its e-mail', async () => {
    const first = vsc.treeRowByLabel(page, contactLabel(firstPage[0]), { level: 3 });
    await vsc.scrollTreeTo(page, first, { direction: 'up' });
    const hover = await vsc.hoverTreeRow(page, first, firstPage[0].work_email);
    assert.match(await hover.innerText(), new RegExp(`Email: ${firstPage[0].work_email.replace(/[.]/g, '\\.')}`));
    await shot('contact-tooltip');
    await vsc.dismissHover(page);
  });

  await check('the status bar shows the connection, the account and the credit balance', async () => {
    const summary = await api(sandboxUrl, 'GET', '/customer/summary');
    const balance = summary.body.subscription.balance;
    const account = summary.body.customer.business_name;
    const item = page.locator(vsc.SEL.statusBarItem(STATUS_ID)).filter({ hasText: 'credits' });
    await item.waitFor({ state: 'visible', timeout: 15000 });
    const text = (await item.innerText()).replace(/\s+/g, ' ').trim();
    assert.equal(text, `${CONNECTION} · ${account} · ${fmt(balance)} credits`);
    assert.equal(await item.locator('.codicon-database').count(), 1, 'the $(database) icon');
    record('statusBar', text);
    await shot('status-bar');
    await docShot(shot, 'contacts-tree-and-status-bar', { x: 0, y: 0, width: 940, height: 1000 });
  });

  await check('hostile record strings (<script>, <img onerror>) render as text, nothing is injected', async () => {
    const hostile = firstPage.filter((c) => /<script|<img/i.test(`${c.first_name} ${c.last_name}`));
    assert.ok(hostile.length >= 2, 'the seed data should have <script> and <img> names on the first page');
    for (const c of hostile) {
      const row = vsc.treeRowByLabel(page, contactLabel(c), { level: 3 });
      await vsc.scrollTreeTo(page, row, { direction: 'up' });
      assert.equal((await row.locator('.label-name').textContent()).trim(), contactLabel(c), 'the label is the literal string');
    }
    const imgRow = vsc.treeRowByLabel(page, contactLabel(hostile.find((c) => /<img/.test(c.first_name))), { level: 3 });
    const imgContact = hostile.find((c) => /<img/.test(c.first_name));
    const hover = await vsc.hoverTreeRow(page, imgRow, imgContact.work_email);
    assert.ok((await hover.innerText()).includes('<img src=x onerror=alert(1)>'), 'the tooltip title shows the raw string as text');
    assert.equal(await hover.locator('img, script').count(), 0, 'no element injected into the tooltip');
    await shot('hostile-strings-as-text');
    await vsc.dismissHover(page);
    assert.equal(await page.locator('.part.sidebar .monaco-list-rows').locator('img, script, iframe').count(), 0, 'no img/script element in the tree');
    assert.deepEqual(dialogs, [], 'no alert()/confirm() ran');
  });
}
