// The walkthrough (English UI): "Welcome: Open Walkthrough…" lists "Get started with CRM Explorer"; it opens with its
// four steps (connect, browse, edit, run a job), the connect step offers Add Connection and Try the Local Sandbox, and
// its image loads from media/walkthrough. Titles come from package.nls.json.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../scripts/harness/lib.mjs';
import { docShot, sandboxSettings } from './_support.mjs';

export const name = 'walkthrough';
export const settings = sandboxSettings;
export const timeout = 120;

const nls = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8'));
const STEPS = ['walkthrough.connect.title', 'walkthrough.browse.title', 'walkthrough.edit.title', 'walkthrough.runJob.title'];

export async function run({ page, vsc, check, shot, open }) {
  await check('Welcome: Open Walkthrough… offers and opens "Get started with CRM Explorer" with its four steps', async () => {
    await open();
    await vsc.runCommand(page, 'Welcome: Open Walkthrough...');
    await vsc.answerQuickPick(page, nls['walkthrough.title'], { timeout: 15000 });
    const container = page.locator('.gettingStartedContainer');
    await container.getByText(nls['walkthrough.connect.title'], { exact: true }).first().waitFor({ state: 'visible', timeout: 20000 });
    const text = await container.innerText();
    assert.ok(text.includes(nls['walkthrough.title']), 'the walkthrough title');
    for (const key of STEPS) assert.ok(text.includes(nls[key]), `step "${nls[key]}" missing`);
    await shot('walkthrough');
  });

  await check('the connect step offers Add Connection and Try the Local Sandbox, with its screenshot', async () => {
    const container = page.locator('.gettingStartedContainer');
    for (const label of ['Add Connection', 'Try the Local Sandbox']) {
      // the step's command links render as buttons (anchors styled as buttons)
      await container.getByText(label, { exact: true }).first().waitFor({ state: 'visible', timeout: 10000 });
    }
    // the media is an <img> with our alt text; its URL is a resource URL (path percent-encoded)
    const image = container.locator(`img[alt="${nls['walkthrough.connect.altText']}"]`).first();
    await image.waitFor({ state: 'visible', timeout: 10000 });
    // loaded (the workbench sets srcset, so read the URL the browser actually used)
    await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await image.elementHandle(), { timeout: 10000 });
    assert.match(decodeURIComponent(await image.evaluate((img) => img.currentSrc)), /media\/walkthrough\/connect\.jpg/);
    await shot('walkthrough-connect-step');
    await docShot(shot, 'walkthrough', { x: 350, y: 120, width: 1150, height: 860 });
  });
}
