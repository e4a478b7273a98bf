/**
 * Tooltips built from record data: a MarkdownString that is NOT trusted (command: links do not run), has no
 * HTML support, and gets every value through appendText (which escapes Markdown), so a name like
 * "[click](command:…)" or "<img onerror=…>" shows as text. appendText escapes Markdown but leaves `<` and `&`
 * alone (relying on supportHtml=false); we turn those into entities too, so no tag survives even as source.
 */
import * as vscode from 'vscode';
import { displayText, escapeMarkdown } from './displayText';

export function recordTooltip(title: string, rows: Array<[label: string, value: unknown]>): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.supportThemeIcons = false;
  md.appendMarkdown(`**${escapeMarkdown(displayText(title, 200))}**\n\n`);
  for (const [label, value] of rows) {
    const text = displayText(value, 300);
    if (!text) continue;
    md.appendMarkdown(`${escapeMarkdown(`${label}: ${text}`)}  \n`);
  }
  return md;
}
