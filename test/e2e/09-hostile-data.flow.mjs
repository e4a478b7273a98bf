// Hostile record data in the real UI (issue #6): the sandbox's first page of contacts carries HTML, <script>, markdown
// command links, `command:` URIs, a bidi override, zero-width characters, a 100 KB value and 20-deep custom_fields.
// Shown in tree labels, tooltips (workbench hovers), the record form (webview), the JSON editor (Open as JSON) and
// the status bar, nothing may
// execute: no dialog fires, and neither the workbench DOM nor the webview's DOM holds an element the data injected
// (img[src=x], [onerror], a script with the payload, a command: link). The strings must show as literal text.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { addSandboxConnection, contactLabel, contactsPage, resetSandbox, sandboxSettings } from './_support.mjs';

export const name = 'hostile data';
export const settings = sandboxSettings;
export const timeout = 180;

const CONNECTION = 'Hostile sandbox';
const STATUS_ID = 'crm-explorer.crm-explorer.crm.status';
const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(1)>';
const MD_LINK = '[click](command:workbench.action.quit)';

/** Elements a hostile string would have created if it had been parsed as HTML/markdown (run inside a frame). */
function injectedElements() {
  const found = [];
  for (const el of document.querySelectorAll('img[src="x"], [onerror], [onload]:not(iframe):not(body)')) found.push(el.outerHTML.slice(0, 120));
  for (const s of document.querySelectorAll('script')) if (/alert\(1\)/.test(s.textContent || '')) found.push(`script: ${s.textContent.slice(0, 80)}`);
  for (const a of document.querySelectorAll('a[href]')) if (/^command:|workbench\.action\.quit|crm\.deleteContact/.test(a.getAttribute('href') || '')) found.push(`link: ${a.getAttribute('href')}`);
  return found;
}

export async function run({ page, vsc, check, shot, open, sandboxUrl, extensionId, outDir, record }) {
  await resetSandbox(sandboxUrl);
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss().catch(() => {});
  });
  const firstPage = await contactsPage(sandboxUrl, { page: 1, limit: 50 });
  const hostileContacts = firstPage.filter((c) => /[<>[\]{}\u202E\u200B";]|command:/.test(`${c.first_name} ${c.last_name}`) || JSON.stringify(c.custom_fields ?? {}).length > 1000);
  assert.ok(hostileContacts.length >= 8, `the sandbox's first page has only ${hostileContacts.length} hostile contacts`);
  record('hostileContactsOnFirstPage', hostileContacts.length);
  const scriptContact = firstPage.find((c) => c.first_name === SCRIPT || c.last_name === SCRIPT);
  const imgContact = firstPage.find((c) => c.first_name === IMG || c.last_name === IMG);
  const linkContact = firstPage.find((c) => c.first_name === MD_LINK || c.last_name === MD_LINK);
  const hugeContact = firstPage.find((c) => typeof c.custom_fields?.notes === 'string' && c.custom_fields.notes.length > 100_000);
  assert.ok(scriptContact && imgContact && linkContact && hugeContact, 'the seed no longer has the expected hostile contacts');
  const row = (contact) => page.locator(vsc.SEL.treeRow).filter({ hasText: contactLabel(contact) }).first();
  const workbenchClean = async (where) => {
    const found = await page.evaluate(injectedElements);
    assert.deepEqual(found, [], `injected elements in the workbench DOM (${where})`);
  };

  await check('connect and list the hostile first page: the strings show as literal text in tree labels', async () => {
    await open();
    await vsc.openViewContainer(page, 'CRM');
    await vsc.resizeSidebar(page, 520);
    await addSandboxConnection(page, vsc, {
      name: CONNECTION,
    });
    await vsc.treeRowByLabel(page, CONNECTION, { level: 1 }).locator('.monaco-tl-twistie').click();
    await vsc.treeRowByLabel(page, 'Contacts', { level: 2 }).locator('.monaco-tl-twistie').click();
    await vsc.scrollTreeTo(page, row(scriptContact));
    const text = await row(scriptContact).locator('.label-name').textContent();
    assert.ok(text.includes(SCRIPT), `the label is not the literal string: ${JSON.stringify(text)}`);
    await shot('hostile-labels');
    await workbenchClean('tree labels');
  });

  await check('scroll through all 50 rows (100 KB value, 20-deep custom_fields, bidi, zero-width): nothing injected, nothing crashed', async () => {
    await vsc.scrollTreeTo(page, row(hugeContact));
    await vsc.scrollTreeTo(page, page.locator(vsc.SEL.treeRow).filter({ hasText: /^Load more/ }).first());
    await workbenchClean('after scrolling the page');
    const rows = await vsc.treeRowsInfo(page);
    assert.ok(rows.some((r) => /^Load more — 50 of/.test(r.label)), 'the tree did not render to the end of the page');
    await vsc.scrollTreeTo(page, row(imgContact), { direction: 'up' });
  });

  await check('tooltips of the <img onerror> and [markdown](command:) rows show the text, without elements or command links', async () => {
    for (const [contact, payload] of [[imgContact, IMG], [linkContact, 'command:workbench.action.quit']]) {
      await vsc.scrollTreeTo(page, row(contact), { direction: 'up' }).catch(() => vsc.scrollTreeTo(page, row(contact)));
      const hover = await vsc.hoverTreeRow(page, row(contact), payload);
      const inHover = await hover.evaluate((el) => ({
        html: [...el.querySelectorAll('img[src="x"], [onerror], script')].length,
        links: [...el.querySelectorAll('a')].map((a) => a.getAttribute('href') || a.dataset.href || '').filter((h) => /command:/.test(h)),
        text: el.textContent,
      }));
      assert.equal(inHover.html, 0, 'HTML from record data was rendered in the hover');
      assert.deepEqual(inHover.links, [], 'a command: link from record data is clickable in the hover');
      assert.ok(inHover.text.includes(payload), `the hover does not show the literal text: ${inHover.text.slice(0, 200)}`);
      await shot(`hover-${contact === imgContact ? 'img' : 'link'}`);
      await vsc.dismissHover(page);
    }
    await workbenchClean('tooltips');
  });

  const form = () => vsc.webviewFrame(page, { extensionId });
  await check('the record form shows the <script> contact as field values; its DOM has no injected element, its CSP no unsafe-*', async () => {
    await vsc.scrollTreeTo(page, row(scriptContact), { direction: 'up' }).catch(() => vsc.scrollTreeTo(page, row(scriptContact)));
    await vsc.treeRowContextMenu(page, row(scriptContact), 'Edit in Form');
    const field = scriptContact.first_name === SCRIPT ? '#first_name' : '#last_name';
    await form().locator(field).waitFor({ state: 'visible', timeout: 20000 });
    assert.equal(await form().locator(field).inputValue(), SCRIPT);
    const inside = await form().locator('html').evaluate((root) => {
      const doc = root.ownerDocument;
      const csp = doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') || '';
      // VS Code injects its own acquireVsCodeApi shim (#_vscodeApiScript) into every webview; every other script is ours
      const scripts = [...doc.querySelectorAll('script')].filter((s) => s.id !== '_vscodeApiScript');
      return {
        csp,
        unnoncedScripts: scripts.filter((s) => !s.nonce && !s.getAttribute('nonce')).length,
        injected: [...doc.querySelectorAll('img[src="x"], [onerror]')].length + scripts.filter((s) => /alert\(1\)/.test(s.textContent || '')).length,
        html: doc.documentElement.outerHTML,
      };
    });
    assert.ok(inside.csp, 'the form has no CSP meta tag');
    const scriptSrc = /script-src ([^;]*)/.exec(inside.csp)?.[1] ?? '';
    assert.match(scriptSrc, /'nonce-[A-Za-z0-9+/=]{16,}'/);
    assert.doesNotMatch(inside.csp, /unsafe-eval/);
    assert.doesNotMatch(scriptSrc, /unsafe-inline/);
    assert.match(inside.csp, /default-src 'none'/);
    assert.equal(inside.unnoncedScripts, 0, 'a script without the nonce is in the webview');
    assert.equal(inside.injected, 0, 'record data created elements in the webview');
    fs.mkdirSync(path.join(outDir, 'frames'), { recursive: true });
    fs.writeFileSync(path.join(outDir, 'frames', 'hostile-form.html'), inside.html);
    await shot('hostile-form');
  });

  await check('the form of the 100 KB / deep-custom_fields contact opens and renders', async () => {
    await vsc.closeAllEditors(page);
    await vsc.scrollTreeTo(page, row(hugeContact)).catch(() => vsc.scrollTreeTo(page, row(hugeContact), { direction: 'up' }));
    await vsc.treeRowContextMenu(page, row(hugeContact), 'Edit in Form');
    await form().locator('#first_name').waitFor({ state: 'visible', timeout: 20000 });
    assert.equal(await form().locator('#first_name').inputValue(), hugeContact.first_name);
    const injected = await form().locator('html').evaluate((root) => root.ownerDocument.querySelectorAll('img[src="x"], [onerror]').length);
    assert.equal(injected, 0);
    await shot('huge-form');
  });

  await check('Open as JSON on the <img onerror> and [markdown](command:) contacts shows them as JSON text; nothing injected', async () => {
    const editor = page.locator('.editor-group-container.active .monaco-editor').first();
    for (const contact of [imgContact, linkContact]) {
      await vsc.closeAllEditors(page);
      await vsc.scrollTreeTo(page, row(contact), { direction: 'up' }).catch(() => vsc.scrollTreeTo(page, row(contact)));
      await vsc.treeRowContextMenu(page, row(contact), 'Open as JSON');
      await editor.locator('.view-lines', { hasText: `"id": "${contact.id}"` }).waitFor({ state: 'visible', timeout: 20000 });
      // Monaco renders spaces as no-break spaces; the hostile value must be there as literal text
      const text = (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
      const hostile = contact === imgContact ? IMG : MD_LINK;
      assert.ok(text.includes(JSON.stringify(hostile).slice(1, -1)), `the JSON editor does not show ${hostile} literally`);
      await workbenchClean(`Open as JSON of ${hostile}`);
    }
    await shot('hostile-json-document');
  });

  await check('status bar shows the account; no dialog fired anywhere; the workbench DOM is clean', async () => {
    const status = page.locator(vsc.SEL.statusBarItem(STATUS_ID)).first();
    await status.waitFor({ state: 'visible', timeout: 15000 });
    const html = await status.evaluate((el) => el.innerHTML);
    assert.doesNotMatch(html, /<img[^>]*src="x"|onerror=|<script/i);
    await workbenchClean('end of flow');
    assert.deepEqual(dialogs, [], 'a dialog (alert) fired');
  });
}
