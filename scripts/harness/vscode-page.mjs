// Page objects for the VS Code 1.100 web workbench (code-server 4.100.3), for Playwright E2E flows.
// Selectors were probed on VS Code 1.100.3; see docs in the harness recipe for the reasoning behind each one.
import fs from 'node:fs';
import path from 'node:path';
import { sleep } from './lib.mjs';

export const SEL = {
  workbench: '.monaco-workbench',
  activityBar: '.part.activitybar',
  activityItem: (label) => `.part.activitybar a.action-label[aria-label^="${label}"]`,
  sidebarTitle: '.part.sidebar .composite.title h2',
  paneHeader: '.part.sidebar .pane-header',
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget .quick-input-box input',
  quickInputMessage: '.quick-input-widget .quick-input-message',
  quickInputRows: '.quick-input-list .monaco-list-row',
  treeRow: '.part.sidebar .monaco-list-row',
  toast: '.notifications-toasts .notification-toast',
  toastMessage: '.notifications-toasts .notification-list-item-message',
  tab: '.editor-group-container .tab',
  webviewOuter: 'iframe.webview.ready',
  webviewInner: 'iframe#active-frame',
  runningExtensionsRow: '.runtime-extensions-editor .monaco-list-row',
  hover: '.monaco-hover.workbench-hover',
  dialog: '.monaco-dialog-box',
  statusBarItem: (id) => `.part.statusbar .statusbar-item[id="${id}"]`,
  contextMenuItem: '.context-view .monaco-menu .action-item',
};

export const reEscape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const exact = (s) => new RegExp(`^\\s*${reEscape(s)}\\s*$`);

/** Wait until the workbench is rendered and contributions (activity bar) are registered. */
export async function waitForWorkbench(page, timeout = 60000) {
  await page.waitForSelector(SEL.workbench, { timeout });
  await page.waitForSelector(`${SEL.activityBar} .action-item`, { timeout });
}

/** Move keyboard focus back to the workbench (e.g. out of a webview iframe) so keybindings reach VS Code. */
export async function focusWorkbench(page) {
  await page.evaluate(() => {
    const a = document.activeElement;
    if (a && a.tagName === 'IFRAME') a.blur();
  });
}

export async function openQuickInput(page, key = 'F1') {
  await focusWorkbench(page);
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.keyboard.press(key);
    try {
      await page.locator(SEL.quickInputBox).waitFor({ state: 'visible', timeout: 3000 });
      return;
    } catch {
      await sleep(300);
    }
  }
  throw new Error('command palette did not open');
}

/** Open the command palette (F1). */
export const openPalette = (page) => openQuickInput(page, 'F1');

/**
 * Run a command from the palette by its full title ("Category: Title"). The palette snapshots the command list
 * when it opens, so right after startup an extension's commands can be missing: close, wait, reopen until found.
 */
export async function runCommand(page, title, { timeout = 30000 } = {}) {
  const deadline = Date.now() + timeout;
  for (let attempt = 1; ; attempt++) {
    await openQuickInput(page, 'F1');
    const input = page.locator(SEL.quickInputBox);
    await input.fill('>' + title);
    const row = page.locator(SEL.quickInputRows).filter({ has: page.locator('.label-name', { hasText: exact(title) }) }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: Math.min(3000, Math.max(500, deadline - Date.now())) });
      await row.click();
      // wait until the palette is gone or replaced by the command's own prompt, so a following answer*() never
      // types into the closing palette
      await page
        .waitForFunction(() => {
          const i = document.querySelector('.quick-input-widget .quick-input-box input');
          return !i || !i.offsetParent || !i.value.startsWith('>');
        }, null, { timeout: 5000 })
        .catch(() => {});
      return attempt;
    } catch {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw new Error(`command "${title}" not found in the palette after ${attempt} attempts`);
      await sleep(1000);
    }
  }
}

/** Wait until the quick input shows the extension's prompt (not the palette). */
export async function waitForPrompt(page, { prompt, placeholder, timeout = 10000 } = {}) {
  const widget = page.locator(SEL.quickInput);
  await widget.waitFor({ state: 'visible', timeout });
  if (prompt) await widget.filter({ hasText: prompt }).waitFor({ state: 'visible', timeout });
  if (placeholder) await page.locator(`${SEL.quickInputBox}[placeholder="${placeholder}"]`).waitFor({ state: 'visible', timeout });
  await page.waitForFunction(() => {
    const i = document.querySelector('.quick-input-widget .quick-input-box input');
    return i && i.offsetParent && !i.value.startsWith('>');
  }, null, { timeout });
}

/** Answer a showInputBox prompt. opts: {prompt, placeholder, timeout, shot: async () => {}} */
export async function answerInputBox(page, value, opts = {}) {
  await waitForPrompt(page, opts);
  const input = page.locator(SEL.quickInputBox);
  await input.fill(value);
  if (opts.shot) await opts.shot();
  await input.press('Enter');
  if (opts.expectClose !== false) await page.locator(SEL.quickInput).waitFor({ state: 'hidden', timeout: opts.timeout || 10000 });
}

/** The validation message currently shown under an InputBox (or '' if none). */
export async function inputBoxMessage(page) {
  const m = page.locator(SEL.quickInputMessage);
  return (await m.count()) ? ((await m.first().textContent()) || '').trim() : '';
}

/** Answer a showQuickPick by clicking the item whose label is exactly `label`. */
export async function answerQuickPick(page, label, opts = {}) {
  await waitForPrompt(page, opts);
  await page.locator(SEL.quickInputBox).fill(label);
  const row = page.locator(SEL.quickInputRows).filter({ has: page.locator('.label-name', { hasText: exact(label) }) }).first();
  await row.waitFor({ state: 'visible', timeout: opts.timeout || 10000 });
  if (opts.shot) await opts.shot();
  // A hover or a list re-render can intercept the click (seen on "Welcome: Open Walkthrough…" under load): then
  // accept with Enter, but only when the focused row is the one we want.
  await row.click({ timeout: 5000 }).catch(async (error) => {
    const focused = page.locator(`${SEL.quickInputRows}.focused .label-name`).first();
    const text = ((await focused.textContent({ timeout: 2000 }).catch(() => null)) ?? '').trim();
    if (text !== label) throw error;
    console.log(`[answerQuickPick] click on "${label}" did not land (${String(error.message).split('\n')[0]}); pressing Enter on the focused row`);
    await page.locator(SEL.quickInputBox).press('Enter');
  });
  if (opts.expectClose !== false) await page.locator(SEL.quickInput).waitFor({ state: 'hidden', timeout: opts.timeout || 10000 });
}

/** Labels currently listed by an open QuickPick. */
export async function quickPickItems(page) {
  return (await page.locator(`${SEL.quickInputRows} .label-name`).allTextContents()).map((s) => s.trim());
}

/**
 * Run a command that prompts, then answer via `answer()`. A webview can grab focus back right after the palette
 * closes and dismiss the prompt, so retry the whole thing once.
 */
export async function runCommandAndAnswer(page, title, answer, { attempts = 2 } = {}) {
  for (let i = 1; ; i++) {
    await runCommand(page, title);
    try {
      return await answer();
    } catch (e) {
      if (i >= attempts) throw e;
      console.log(`[runCommandAndAnswer] prompt for "${title}" lost (${String(e.message).split('\n')[0]}); retrying`);
      await page.keyboard.press('Escape').catch(() => {});
      await sleep(500);
    }
  }
}

export async function closeAllEditors(page) {
  await runCommand(page, 'View: Close All Editors');
  await page.locator(SEL.tab).first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => {});
}

// ---- notifications ---------------------------------------------------------------------------------------------
export async function waitForNotification(page, text, { timeout = 15000 } = {}) {
  const loc = page.locator(SEL.toastMessage, { hasText: text }).first();
  await loc.waitFor({ state: 'visible', timeout });
  return ((await loc.textContent()) || '').trim();
}
export async function readNotifications(page) {
  return (await page.locator(SEL.toastMessage).allTextContents()).map((s) => s.trim());
}
/** Click a button (e.g. "Retry") on the toast that contains `text`. */
export async function clickNotificationButton(page, text, button) {
  const toast = page.locator(SEL.toast, { hasText: text }).first();
  await toast.getByRole('button', { name: button }).click();
}
export async function clearNotifications(page) {
  await runCommand(page, 'Notifications: Clear All Notifications').catch(() => {});
}

// ---- activity bar, views, trees --------------------------------------------------------------------------------
/** The activity-bar entry of a view container whose title is exactly `label` (aria-label is "label" or "label (keys)"). */
export function activityItem(page, label) {
  const a = `${SEL.activityBar} a.action-label`;
  return page.locator(`${a}[aria-label="${label}"], ${a}[aria-label^="${label} ("]`);
}

export async function hasViewContainer(page, label, { timeout = 30000 } = {}) {
  try {
    await activityItem(page, label).first().waitFor({ state: 'visible', timeout });
    return true;
  } catch {
    return false;
  }
}

export async function openViewContainer(page, label, { timeout = 30000 } = {}) {
  const item = activityItem(page, label).first();
  await item.waitFor({ state: 'visible', timeout });
  const li = item.locator('xpath=..');
  if ((await li.getAttribute('aria-selected')) !== 'true') await item.click();
  await page.locator('.part.sidebar').waitFor({ state: 'visible', timeout });
}

/** The sidebar title, e.g. "CRM: CONNECTIONS" for a single-view container (VS Code hides that pane's header). */
export async function sidebarTitle(page) {
  return ((await page.locator(SEL.sidebarTitle).first().textContent()) || '').trim();
}

/** Text of every visible tree row in the sidebar. */
export async function treeItems(page) {
  return (await page.locator(SEL.treeRow).allTextContents()).map((s) => s.trim());
}
/** Locator of the sidebar tree row whose label contains `text` (string or RegExp). */
export function treeRow(page, text) {
  return page.locator(SEL.treeRow, { hasText: text }).first();
}
export async function waitForTreeRow(page, text, { timeout = 20000 } = {}) {
  const row = treeRow(page, text);
  await row.waitFor({ state: 'visible', timeout });
  return row;
}
/** Expand (or collapse) a collapsible tree row. */
export async function toggleTreeRow(page, text) {
  const row = await waitForTreeRow(page, text);
  await row.locator('.monaco-tl-twistie').click();
  return row;
}
export async function isTreeRowExpanded(page, text) {
  return (await treeRow(page, text).getAttribute('aria-expanded')) === 'true';
}
const isLocator = (x) => !!x && typeof x === 'object' && typeof x.hover === 'function';
const rowOf = async (page, text) => {
  if (!isLocator(text)) return waitForTreeRow(page, text);
  await text.first().waitFor({ state: 'visible', timeout: 20000 });
  return text.first();
};
/** Run an inline action (hover button) on a tree row by its title/aria-label. `text`: label text/RegExp or a row Locator. */
export async function clickTreeRowAction(page, text, actionTitle) {
  const row = await rowOf(page, text);
  await row.hover();
  await row.locator(`.actions a.action-label[aria-label^="${actionTitle}"]`).click();
}
/**
 * Open a tree row's context menu and choose an entry. `text`: label text/RegExp or a row Locator.
 * Right after a webview panel closed and the tree refreshed, a right-click (or the click on the entry) was seen to
 * be swallowed now and then; each is retried (and logged) when the menu did not open or did not close.
 */
export async function treeRowContextMenu(page, text, entry) {
  const row = await rowOf(page, text);
  const item = page.locator(SEL.contextMenuItem, { hasText: entry }).first();
  for (let attempt = 1; ; attempt++) {
    await row.click({ button: 'right' });
    try {
      await item.waitFor({ state: 'visible', timeout: attempt < 3 ? 3000 : 10000 });
      break;
    } catch (e) {
      if (attempt >= 3) throw e;
      console.log(`[treeRowContextMenu] no context menu with "${entry}" after a right-click; retrying (attempt ${attempt + 1})`);
      await page.keyboard.press('Escape');
    }
  }
  await item.click();
  // the menu closes when the entry ran
  for (let attempt = 1; ; attempt++) {
    try {
      await item.waitFor({ state: 'hidden', timeout: 2000 });
      return;
    } catch {
      if (attempt > 2) throw new Error(`context menu entry "${entry}" did not run: the menu stayed open`);
      console.log(`[treeRowContextMenu] "${entry}" click did not close the menu; clicking again (attempt ${attempt + 1})`);
      await item.click({ timeout: 2000 }).catch(() => {}); // the menu may have closed meanwhile: the loop re-checks
    }
  }
}
/** Sidebar tree rows whose label (`.label-name`, without the description) is exactly `label`; optional `level` (1 = root). */
export function treeRowByLabel(page, label, { level } = {}) {
  const rows = level ? `${SEL.treeRow}[aria-level="${level}"]` : SEL.treeRow;
  return page.locator(rows).filter({ has: page.locator('.label-name', { hasText: exact(label) }) });
}

/** Every rendered sidebar tree row (the list is virtualised: only rows in or near the viewport exist in the DOM). */
export async function treeRowsInfo(page) {
  return page.locator(SEL.treeRow).evaluateAll((rows) =>
    rows.map((r) => ({
      label: (r.querySelector('.label-name')?.textContent || '').trim(),
      description: (r.querySelector('.label-description')?.textContent || '').trim(),
      level: Number(r.getAttribute('aria-level')),
      posinset: Number(r.getAttribute('aria-posinset')),
      setsize: Number(r.getAttribute('aria-setsize')),
      expanded: r.getAttribute('aria-expanded'),
      index: Number(r.getAttribute('data-index')),
    })),
  );
}

/**
 * Scroll the sidebar tree with the mouse wheel until `locator` (a tree-row locator) is rendered and fully visible.
 * The tree is virtualised, so scrollIntoViewIfNeeded() cannot reach rows that are not in the DOM yet.
 * direction: 'down' (default) or 'up'. Throws when the end of the list is reached without finding it.
 */
export async function scrollTreeTo(page, locator, { direction = 'down', maxSteps = 80, step = 330 } = {}) {
  const list = page.locator('.part.sidebar .monaco-list').first();
  const box = await list.boundingBox();
  if (!box) throw new Error('sidebar tree is not visible');
  const inView = async () => {
    if (!(await locator.count())) return false;
    const b = await locator.first().boundingBox();
    return !!b && b.y >= box.y && b.y + b.height <= box.y + box.height;
  };
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < maxSteps; i++) {
    if (await inView()) return locator.first();
    const rows = list.locator('.monaco-list-rows');
    const top = await rows.evaluate((e) => e.style.top);
    await page.mouse.wheel(0, direction === 'up' ? -step : step);
    // wait until the list re-rendered at the new scroll position; no movement means the end of the list
    const moved = await page
      .waitForFunction(([sel, t]) => document.querySelector(sel)?.style.top !== t, ['.part.sidebar .monaco-list .monaco-list-rows', top], {
        timeout: 1500,
      })
      .then(() => true, () => false);
    if (!moved && !(await inView())) throw new Error(`scrolled to the ${direction === 'up' ? 'top' : 'end'} of the tree without finding the row`);
  }
  if (await inView()) return locator.first();
  throw new Error(`row not found after ${maxSteps} scroll steps`);
}

/** Hover a tree row and wait for its tooltip (a workbench hover) containing `text`; returns the hover locator. */
export async function hoverTreeRow(page, row, text, { timeout = 10000 } = {}) {
  await row.hover();
  const hover = page.locator(SEL.hover).filter({ hasText: text }).first();
  await hover.waitFor({ state: 'visible', timeout });
  return hover;
}

/** Move the mouse away and press Escape so no hover or menu covers the next step. */
export async function dismissHover(page) {
  await page.mouse.move(900, 500);
  await page.keyboard.press('Escape');
  await page.locator(SEL.hover).first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
}

/** Resize the sidebar to about `width` px by dragging its sash (nicer screenshots; the 300 px default truncates rows). */
export async function resizeSidebar(page, width) {
  const bar = await page.locator('.part.sidebar').boundingBox();
  if (!bar) throw new Error('sidebar is not visible');
  const x = bar.x + bar.width - 1;
  const y = bar.y + bar.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + (width - bar.width) / 2, y, { steps: 4 });
  await page.mouse.move(bar.x + width, y, { steps: 4 });
  await page.mouse.up();
  await page.waitForFunction(
    ([w]) => Math.abs((document.querySelector('.part.sidebar')?.getBoundingClientRect().width || 0) - w) < 20,
    [width],
    { timeout: 5000 },
  );
}

/** The modal dialog (showWarningMessage({modal:true})) whose text contains `text`. */
export async function waitForDialog(page, text, { timeout = 10000 } = {}) {
  const dialog = page.locator(SEL.dialog).filter({ hasText: text }).first();
  await dialog.waitFor({ state: 'visible', timeout });
  return dialog;
}
/** Click a button of the open modal dialog and wait for the dialog to close. */
export async function clickDialogButton(page, label, { timeout = 10000 } = {}) {
  const dialog = page.locator(SEL.dialog).first();
  await dialog.getByRole('button', { name: label, exact: true }).click();
  await dialog.waitFor({ state: 'hidden', timeout });
}

/** A status-bar entry by its id (`<publisher>.<name>.<item id>`); returns its visible text. */
export async function statusBarText(page, id, { timeout = 15000 } = {}) {
  const item = page.locator(SEL.statusBarItem(id)).first();
  await item.waitFor({ state: 'visible', timeout });
  return ((await item.innerText()) || '').replace(/\s+/g, ' ').trim();
}

/** The welcome content (viewsWelcome) of the sidebar, as text. */
export async function viewWelcomeText(page) {
  return ((await page.locator('.part.sidebar .welcome-view-content').first().textContent().catch(() => '')) || '').trim();
}

// ---- editors and webviews ----------------------------------------------------------------------------------------
export async function waitForTab(page, title, { timeout = 15000 } = {}) {
  await page.locator(SEL.tab, { hasText: title }).first().waitFor({ state: 'visible', timeout });
}

/**
 * The content frame of a webview. Webviews are two nested iframes: outer `iframe.webview.ready` (VS Code's host page)
 * and inner `iframe#active-frame` (the extension's HTML). Select by CSS id; the inner frame *name* is stale.
 * With several webviews, pick the outer one by extensionId (in its src) and index.
 */
export function webviewFrame(page, { extensionId, index = 0 } = {}) {
  const outer = extensionId ? `${SEL.webviewOuter}[src*="extensionId=${extensionId}"]` : SEL.webviewOuter;
  return page.frameLocator(outer).nth(index).frameLocator(SEL.webviewInner);
}

// ---- screenshots -----------------------------------------------------------------------------------------------
/**
 * Returns shot(step, {fullPage, clip}) that writes `<dir>/<NN>-<step>.png` (NN counts up per call) and resolves to the
 * file path. `clip` ({x, y, width, height}) crops, e.g. for documentation images.
 */
export function makeShooter(page, dir) {
  fs.mkdirSync(dir, { recursive: true });
  let n = 0;
  const shot = async (step, { fullPage = false, clip } = {}) => {
    n++;
    const slug = String(step).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'step';
    const file = path.join(dir, `${String(n).padStart(2, '0')}-${slug}.png`);
    await page.screenshot({ path: file, fullPage, ...(clip ? { clip } : {}) });
    return file;
  };
  return shot;
}

// ---- extension info ----------------------------------------------------------------------------------------------
/** Open "Developer: Show Running Extensions" and return the row text of the extension whose name contains `displayName`. */
export async function runningExtensionRow(page, displayName, { timeout = 20000 } = {}) {
  await runCommand(page, 'Developer: Show Running Extensions');
  const row = page.locator(SEL.runningExtensionsRow, { hasText: displayName }).first();
  await row.waitFor({ state: 'visible', timeout });
  return (await row.innerText()).replace(/\s+/g, ' ').trim();
}
/** Parse "Activation: 12ms" out of a Running Extensions row (undefined if not activated yet). */
export function activationMs(rowText) {
  const m = /Activation:?\s*([\d.]+)\s*ms/i.exec(rowText);
  return m ? Number(m[1]) : undefined;
}
