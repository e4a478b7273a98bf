/**
 * Tooltips built from record data: a MarkdownString that is NOT trusted (command: links do not run), has no
 * HTML support, and gets every value through appendText (which escapes Markdown), so a name like
 * "[click](command:…)" or "<img onerror=…>" shows as text.
 */
import * as vscode from 'vscode';
import { displayText } from './displayText';

export function recordTooltip(title: string, rows: Array<[label: string, value: unknown]>): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.supportThemeIcons = false;
  md.appendMarkdown('**');
  md.appendText(displayText(title, 200));
  md.appendMarkdown('**\n\n');
  for (const [label, value] of rows) {
    const text = displayText(value, 300);
    if (!text) continue;
    md.appendText(`${label}: ${text}`);
    md.appendMarkdown('  \n');
  }
  return md;
}
