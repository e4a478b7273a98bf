// OpenProspect orders: Add Connection through the real wizard (the OpenProspect group's "Local sandbox", key
// op_sandbox_full in a password box), the connection's folders, Create Order… in the record form (webview): kind,
// features, the company list loaded from a CSV file (Load CSV File…) with a bad line named by its number and then
// fixed in the form, the confirmation modal, Watch Order
// from the "created" notification, the order advanced by `POST /__admin/orders/:id/advance` until COMPLETED while the Orders row follows,
// the "COMPLETED" notification's "Open Results", and the results document showing the companies the sandbox returns.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { docShot, resetSandbox, sandboxSettings, watchDialogs } from './_support.mjs';
import {
  OP_FOLDERS, OP_KEY, ORDER_STATUSES, activeEditorText, addOpenProspectConnection, advanceOrder, expand, opGet, pollSandbox,
} from './_op-support.mjs';

export const name = 'openprospect orders';
export const settings = sandboxSettings; // "Local sandbox" = the runner's sandbox
export const timeout = 180;

const CONNECTION = 'E2E OpenProspect';
const ORDER_TITLE = 'E2E enrichment order';
const COMPANIES = [
  ['company_name', 'website_url', 'external_id', 'city'],
  ['Harness Robotics GmbH', 'harness-robotics.example', 'E2E-001', 'Berlin'],
  ['Playwright Freight Ltd', 'https://playwright-freight.example', 'E2E-002', 'Leeds'],
  ['Quick Input Labs', 'quickinput-labs.example', 'E2E-003', 'Lyon'],
];
const CSV = COMPANIES.map((r) => r.join(',')).join('\n');
const CSV_FILE = 'e2e-order-companies.csv';

export async function run({ page, vsc, check, shot, open, sandboxUrl, extensionId, workspace, log, record }) {
  const dialogs = watchDialogs(page);
  await resetSandbox(sandboxUrl);
  fs.writeFileSync(path.join(workspace, CSV_FILE), `${CSV}\nNo id,nope.example,,\n`);
  const connection = vsc.treeRowByLabel(page, CONNECTION, { level: 1 });
  const folder = (label) => vsc.treeRowByLabel(page, label, { level: 2 });
  const orderRow = vsc.treeRowByLabel(page, ORDER_TITLE, { level: 3 });
    let orderId;

  await check('Add Connection: the OpenProspect "Local sandbox" entry, a name, the demo key in a password box', async () => {
    await open();
    await vsc.openViewContainer(page, 'CRM');
    await vsc.resizeSidebar(page, 560);
    await addOpenProspectConnection(page, vsc, {
      sandboxUrl,
      name: CONNECTION,
      onUrlPick: async () => {
        // one pick grouped by provider: both groups offer a Local sandbox, OpenProspect's points at /api/v1
        const separators = (await page.locator(`${vsc.SEL.quickInputRows} .quick-input-list-separator`).allTextContents()).map((s) => s.trim()).filter(Boolean);
        assert.ok(separators.some((s) => /OpenProspect/.test(s)), `no OpenProspect group in ${JSON.stringify(separators)}`);
        const sandboxRows = await page.locator(vsc.SEL.quickInputRows).filter({ has: page.locator('.label-name', { hasText: /^\s*Local sandbox\s*$/ }) })
          .locator('.label-description').allTextContents();
        assert.ok(sandboxRows.map((s) => s.trim()).includes(`${sandboxUrl}/api/v1`), `Local sandbox rows: ${JSON.stringify(sandboxRows)}`);
        await shot('add-connection-url-pick');
      },
      onKeyPrompt: async (input) => {
        assert.equal(await input.getAttribute('type'), 'password', 'the API key input must be a password field');
        assert.equal(await input.inputValue(), OP_KEY, 'the sandbox choice prefills the OpenProspect demo key');
        await shot('add-connection-key-prompt');
      },
    });
    const text = await vsc.waitForNotification(page, `Connected "${CONNECTION}"`);
    assert.match(text, new RegExp(`^Connected "${CONNECTION}"( \\(account .+\\))?\\.$`), `notification: ${text}`);
    await connection.waitFor({ state: 'visible', timeout: 15000 });
    await shot('connected');
  });

  await check('expanding the connection shows the OpenProspect folders', async () => {
    await expand(connection);
    await folder('Orders').waitFor({ state: 'visible', timeout: 15000 });
    const folders = (await vsc.treeRowsInfo(page)).filter((r) => r.level === 2).map((r) => r.label);
    assert.deepEqual(folders, OP_FOLDERS);
    await shot('connection-folders');
  });

  await check("the connection's tooltip lists the key's scopes (from auth/validate)", async () => {
    const { scopes } = await opGet(sandboxUrl, '/auth/validate');
    assert.ok(scopes.includes('orders:write'), `sandbox scopes: ${scopes}`);
    const hover = await vsc.hoverTreeRow(page, connection, 'Scopes:');
    const text = (await hover.innerText()).replace(/\s+/g, ' ');
    for (const scope of scopes) assert.ok(text.includes(scope), `tooltip lacks scope ${scope}: ${text}`);
    await shot('connection-tooltip-scopes');
    await vsc.dismissHover(page);
  });

  const seeded = await opGet(sandboxUrl, '/orders?limit=100');
  const seededCount = seeded.orders.length;

  await check(`the Orders folder lists the sandbox's ${seededCount} orders`, async () => {
    await expand(folder('Orders'));
    const first = vsc.treeRowByLabel(page, seeded.orders[0].title, { level: 3 }).first();
    await first.waitFor({ state: 'visible', timeout: 15000 });
    assert.equal(await first.getAttribute('aria-setsize'), String(seededCount));
    assert.match(await first.locator('.label-description').textContent(), new RegExp(`^${seeded.orders[0].status}\\b`));
  });

  const form = () => vsc.webviewFrame(page, { extensionId });
  const formTab = page.locator(vsc.SEL.tab).filter({ hasText: 'New order' }).first();

  await check('Create Order… opens the order form: enrichment by default, features as checkboxes, discovery fields hidden', async () => {
    await vsc.clickTreeRowAction(page, folder('Orders'), 'Create Order…');
    await formTab.waitFor({ state: 'visible', timeout: 15000 });
    const f = form();
    await f.locator('#title').waitFor({ state: 'visible', timeout: 20000 });
    assert.equal(await f.locator('#form-title').textContent(), 'New order');
    assert.equal(await f.locator('#kind').inputValue(), 'enrichment');
    const boxes = await f.locator('#features input[type="checkbox"]').evaluateAll((els) => els.map((e) => [e.value, e.checked]));
    assert.deepEqual(boxes, [['COMPANY_DATA', true], ['CONTACTS', true], ['TECHNOLOGIES', false]], `features: ${JSON.stringify(boxes)}`);
    assert.equal(await f.locator('.field[data-field="profile_id"]').isVisible(), false, 'a discovery field shows for an enrichment order');
    await f.locator('#kind').selectOption('discovery');
    await f.locator('.field[data-field="briefing_quantity"]').waitFor({ state: 'visible', timeout: 5000 });
    assert.equal(await f.locator('.field[data-field="companies"]').isVisible(), false, 'the company list shows for a discovery order');
    await shot('order-form-discovery');
    await f.locator('#kind').selectOption('enrichment');
    await f.locator('.field[data-field="companies"]').waitFor({ state: 'visible', timeout: 5000 });
  });

  await check(`Load CSV File… reads ${CSV_FILE} (VS Code's open dialog) into the form; the bad line is named and nothing is sent`, async () => {
    const f = form();
    await f.locator('#title').fill(ORDER_TITLE);
    await f.locator('#features-2').check();
    await f.locator('#profile_name').fill('E2E profile');
    await f.locator('#companies-load').click();
    // VS Code's own (simple) open dialog in the web workbench: a quick input holding a path
    await page.waitForFunction(() => {
      const i = document.querySelector('.quick-input-widget .quick-input-box input');
      return i && i.offsetParent && i.value.startsWith('/');
    }, null, { timeout: 15000 });
    const quick = page.locator(vsc.SEL.quickInputBox);
    const wanted = path.join(workspace, CSV_FILE);
    // The simple dialog sets its own value once the folder listing arrives: wait for the listing first, so our path
    // is not overwritten, and check the value before Enter (an overwritten value would only say "select a file").
    await page.locator(vsc.SEL.quickInputRows).filter({ hasText: CSV_FILE }).first().waitFor({ state: 'visible', timeout: 10000 });
    await quick.fill(wanted);
    await page.waitForFunction((v) => document.querySelector('.quick-input-widget .quick-input-box input')?.value === v, wanted, { timeout: 5000 });
    await quick.press('Enter');
    await f.locator('#status', { hasText: `Loaded 5 lines from ${CSV_FILE}.` }).waitFor({ state: 'visible', timeout: 10000 });
    assert.equal(await f.locator('#companies').inputValue(), `${CSV}\nNo id,nope.example,,`);
    await f.locator('#companies-summary', { hasText: '3 valid rows, 1 invalid row.' }).waitFor({ state: 'visible', timeout: 5000 });
    await f.locator('#save').click();
    const error = f.locator('.field-error[data-field="companies"]');
    await error.waitFor({ state: 'visible', timeout: 5000 });
    assert.equal((await error.textContent()).trim(), 'Line 5: External id is required.');
    assert.equal(await f.locator('#companies').getAttribute('aria-invalid'), 'true');
    await shot('order-form-row-error');
    const orders = await opGet(sandboxUrl, '/orders?limit=100');
    assert.equal(orders.orders.filter((o) => o.title === ORDER_TITLE).length, 0, 'an order with an invalid row was sent');
  });

  await check('with the bad line deleted in the form, Create order asks first (count, features), then creates exactly one order', async () => {
    const f = form();
    await f.locator('#companies').fill(CSV);
    await f.locator('#companies-summary', { hasText: '3 valid rows, 0 invalid rows.' }).waitFor({ state: 'visible', timeout: 5000 });
    await shot('order-form-filled');
    await docShot(shot, 'op-order-form', { x: 0, y: 0, width: 1600, height: 900 });
    await f.locator('#save').click();
    const dialog = await vsc.waitForDialog(page, `Create the enrichment order "${ORDER_TITLE}" for 3 companies?`);
    const text = (await dialog.innerText()).replace(/\s+/g, ' ');
    assert.ok(text.includes('Features: COMPANY_DATA, CONTACTS, TECHNOLOGIES.'), `confirmation says: ${text}`);
    assert.ok(text.includes('Profile: E2E profile.'), `confirmation says: ${text}`);
    await shot('create-order-confirmation');
    await vsc.clickDialogButton(page, 'Create Order');

    const created = await vsc.waitForNotification(page, `Order "${ORDER_TITLE}" created`);
    assert.match(created, /\((RECEIVED|ACCEPTED|IN_PROGRESS|COMPLETED)\)\.$/);
    await formTab.waitFor({ state: 'detached', timeout: 10000 });
    const orders = await opGet(sandboxUrl, '/orders?limit=100');
    const mine = orders.orders.filter((o) => o.title === ORDER_TITLE);
    assert.equal(mine.length, 1, `expected exactly one "${ORDER_TITLE}" on the server, found ${mine.length}`);
    orderId = mine[0].id;
    const full = await opGet(sandboxUrl, `/orders/${orderId}`);
    assert.equal(full.type, 'enrichment');
    assert.equal(full.profile_name, 'E2E profile');
    assert.deepEqual(full.features, ['COMPANY_DATA', 'CONTACTS', 'TECHNOLOGIES']);
    assert.deepEqual(full.companies.map((c) => c.company_name), COMPANIES.slice(1).map((r) => r[0]));
    assert.equal(full.companies[0].website_url, 'https://harness-robotics.example', 'a bare domain is sent as https://');
    await orderRow.waitFor({ state: 'visible', timeout: 15000 });
    assert.equal(await orderRow.getAttribute('aria-posinset'), '1', 'the new order is listed first (newest first)');
    assert.equal(await orderRow.getAttribute('aria-setsize'), String(seededCount + 1));
    log(`order ${orderId} created`);
    await shot('order-created');
  });

  await check('Watch Order (from the notification), advanced step by step until COMPLETED; the Orders row follows', async () => {
    assert.ok(orderId, 'no order was created');
    await vsc.clickNotificationButton(page, `Order "${ORDER_TITLE}" created`, 'Watch Order');
    // the watch's progress toast (not asserted: with the sandbox's own 1.5 s steps the order may already be done)
    if (await vsc.waitForNotification(page, `Watching order "${ORDER_TITLE}"`, { timeout: 5000 }).then(() => true, () => false)) await shot('watching-order');
    const seen = [];
    for (let step = 0; step < ORDER_STATUSES.length + 2; step++) {
      const { status } = await opGet(sandboxUrl, `/orders/${orderId}`);
      // the tree row shows this status or a later one (the watcher refreshes the folder on every change)
      const later = ORDER_STATUSES.slice(ORDER_STATUSES.indexOf(status));
      await page.waitForFunction(
        ([title, statuses]) => [...document.querySelectorAll('.part.sidebar .monaco-list-row[aria-level="3"]')].some(
          (r) => r.querySelector('.label-name')?.textContent.trim() === title
            && statuses.some((s) => (r.querySelector('.label-description')?.textContent || '').startsWith(`${s} `)),
        ),
        [ORDER_TITLE, later],
        { timeout: 20000 },
      );
      seen.push(`${status} → row ${(await orderRow.locator('.label-description').textContent()).split(' · ')[0]}`);
      if (status === 'COMPLETED') break;
      await advanceOrder(sandboxUrl, orderId);
      await pollSandbox(async () => (await opGet(sandboxUrl, `/orders/${orderId}`)).status !== status, { what: `order leaving ${status}` });
    }
    log('statuses (server → tree row):', seen.join('; '));
    const final = await opGet(sandboxUrl, `/orders/${orderId}`);
    assert.equal(final.status, 'COMPLETED');
    assert.deepEqual(final.status_history.map((h) => h.status), ORDER_STATUSES, 'the order went through every status');
    await orderRow.locator('.label-description', { hasText: /^COMPLETED · enrichment · 3 companies/ }).waitFor({ state: 'visible', timeout: 20000 });
    await orderRow.locator('.codicon-pass-filled').waitFor({ state: 'visible', timeout: 5000 });
    record('orderStatuses', seen.join('; '));
  });

  await check('the "COMPLETED" notification offers "Open Results"', async () => {
    assert.ok(orderId, 'no order was created');
    const text = await vsc.waitForNotification(page, `Order "${ORDER_TITLE}" COMPLETED`, { timeout: 45000 });
    assert.equal(text, `Order "${ORDER_TITLE}" COMPLETED`);
    const toast = page.locator(vsc.SEL.toast, { hasText: `Order "${ORDER_TITLE}" COMPLETED` }).first();
    await toast.getByRole('button', { name: 'Open Results' }).waitFor({ state: 'visible', timeout: 5000 });
    await shot('order-completed-notification');
  });

  await check('Open Results shows the companies the sandbox returns for the order', async () => {
    assert.ok(orderId, 'no order was created');
    const results = await opGet(sandboxUrl, `/orders/${orderId}/results?limit=100`);
    assert.equal(results.total, 3);
    const names = results.items.map((c) => c.company_name);
    await vsc.clickNotificationButton(page, `Order "${ORDER_TITLE}" COMPLETED`, 'Open Results');
    // the command opens the readable document (Markdown), then the JSON one beside it, which ends up active
    const jsonTabs = page.locator(`${vsc.SEL.tab}:has(.json-lang-file-icon)`);
    await page.locator(`.editor-group-container.active .tab.active:has(.json-lang-file-icon)`).waitFor({ state: 'visible', timeout: 20000 });
    const mdTab = page.locator(vsc.SEL.tab, { hasText: `Results of order ${ORDER_TITLE}` }).first();
    await mdTab.waitFor({ state: 'visible', timeout: 10000 });
    await shot('order-results');
    await docShot(shot, 'op-orders', { x: 0, y: 0, width: 1100, height: 760 }); // the Orders tree and the readable results
    // each document is read whole through the clipboard
    await mdTab.click();
    await page.locator(`.editor-group-container.active .tab.active`, { hasText: 'Results of order' }).waitFor({ state: 'visible', timeout: 10000 });
    const markdown = await activeEditorText(page);
    assert.ok(markdown.startsWith(`# Results of order ${ORDER_TITLE}\n`), `the active editor shows: ${markdown.slice(0, 200)}`);
    for (const n of names) assert.ok(markdown.includes(`\n## ${n}\n`), `the results document lacks "## ${n}"`);
    assert.ok(markdown.includes('\n3 companies.\n'), 'the results document counts the companies');
    await jsonTabs.last().click();
    await page.locator(`.editor-group-container.active .tab.active:has(.json-lang-file-icon)`).waitFor({ state: 'visible', timeout: 10000 });
    const json = JSON.parse(await activeEditorText(page));
    assert.equal(json.order_id, orderId);
    assert.equal(json.status, 'COMPLETED');
    assert.equal(json.total, 3);
    assert.deepEqual(json.items.map((c) => c.company_name), names, 'the JSON lists the same companies as the API');
    await shot('order-results-json');
    assert.deepEqual(dialogs, [], 'no alert()/confirm() ran');
  });
}
