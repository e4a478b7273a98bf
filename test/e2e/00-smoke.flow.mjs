// Smoke flow: the packaged extension is installed in a real VS Code 1.100 web workbench, contributes the "CRM"
// activity-bar container with its Connections view, and is running.
import assert from 'node:assert/strict';

export const name = 'smoke';

export async function run({ page, vsc, check, shot, record, log, open }) {
  await check('workbench loads', async () => {
    await open();
    await shot('workbench');
  });

  await check('"CRM" activity-bar container exists', async () => {
    assert.ok(await vsc.hasViewContainer(page, 'CRM'), 'no activity-bar entry titled "CRM"');
  });

  await check('"CRM" container shows the Connections view', async () => {
    await vsc.openViewContainer(page, 'CRM');
    // A single-view container hides the pane header; the sidebar title then reads "CRM: CONNECTIONS".
    const title = page.locator(vsc.SEL.sidebarTitle, { hasText: /CRM/i }).first();
    await title.waitFor({ state: 'visible', timeout: 20000 });
    const header = page.locator(vsc.SEL.paneHeader, { hasText: /Connections/i });
    const text = `${await title.textContent()} ${(await header.count()) ? await header.first().textContent() : ''}`;
    assert.match(text, /Connections/i, `sidebar shows: ${text.trim()}`);
    await shot('crm-container');
  });

  await check('extension is listed in "Developer: Show Running Extensions"', async () => {
    const row = await vsc.runningExtensionRow(page, 'CRM Explorer');
    log('running extensions row:', row);
    const ms = vsc.activationMs(row);
    if (ms !== undefined) record('activationMs', ms);
    await shot('running-extensions');
  });
}
