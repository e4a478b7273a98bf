/**
 * Record commands on tree rows: Delete (multi-select, a modal naming the records), Copy Email, Open LinkedIn,
 * Open Website. URLs come from record data, so only http(s) URLs are opened (never command: or file: links).
 */
import * as vscode from 'vscode';
import { ApiError } from '../api/http/errors';
import type { Services } from '../services';
import { displayText } from '../views/tree/displayText';
import { nounText } from '../views/tree/nouns';
import { PagedFolderNode } from '../views/tree/pagedFolderNode';
import { RecordNode } from '../views/tree/recordNode';
import { registerCommand, type CommandContext } from './registerCommand';

type AnyRecord = RecordNode<Record<string, unknown>>;

export function registerRecordCommands(ctx: CommandContext, services: Services): void {
  registerCommand(ctx, 'crm.deleteRecords', (clicked?: unknown, selected?: unknown[]) =>
    // From the Delete key there are no arguments: act on the tree's selection.
    deleteRecords(services, selectedRecords(clicked ?? services.treeView.selection[0], selected ?? [...services.treeView.selection])),
  );
  registerCommand(ctx, 'crm.copyEmail', async (clicked?: unknown, selected?: unknown[]) => {
    const emails = selectedRecords(clicked, selected)
      .map((node) => node.record.work_email ?? node.record.personal_email)
      .filter((email): email is string => typeof email === 'string' && email.length > 0);
    if (emails.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The selected contact has no e-mail address.'));
      return undefined;
    }
    await vscode.env.clipboard.writeText(emails.join(', '));
    vscode.window.setStatusBarMessage(emails.length === 1 ? vscode.l10n.t('Copied 1 e-mail address') : vscode.l10n.t('Copied {0} e-mail addresses', emails.length), 3000);
    return emails;
  });
  registerCommand(ctx, 'crm.openLinkedIn', (clicked?: unknown) => openRecordUrl(clicked, ['linkedin_url'], 'linkedin'));
  registerCommand(ctx, 'crm.openWebsite', (clicked?: unknown) => openRecordUrl(clicked, ['website', 'website_url', 'domain', 'url'], 'website'));
}

/** The rows a context-menu command acts on: the selection when the clicked row is part of it, else the row. */
export function selectedRecords(clicked: unknown, selected: unknown[] | undefined): AnyRecord[] {
  const rows = (Array.isArray(selected) && selected.includes(clicked) ? selected : [clicked]).filter(
    (node): node is AnyRecord => node instanceof RecordNode,
  );
  return rows;
}

async function deleteRecords(services: Services, rows: AnyRecord[]): Promise<number> {
  const folder = rows[0]?.parent;
  if (!(folder instanceof PagedFolderNode) || !folder.spec.remove) return 0;
  // Only rows of the same folder are deleted together: the modal must name exactly what goes.
  const targets = rows.filter((row) => row.parent === folder);
  const noun = folder.spec.noun ?? 'record';
  const connection = services.registry.get(folder.connectionId);
  if (!connection) return 0;
  const client = connection.provider === 'minotaur' ? await services.clients.minotaur(connection) : await services.clients.openProspect(connection);
  const needed = folder.spec.removeRequirement;
  if (needed && services.permissions.isDenied(connection.id, client, needed)) {
    // The server refused this key that permission before; keys are immutable, so asking again would only fail again.
    throw new ApiError({
      kind: 'forbidden',
      requirement: needed,
      connectionId: connection.id,
      message: vscode.l10n.t('The API key of "{0}" lacks the "{1}" permission (the server refused it earlier), so nothing was sent. Keys are immutable: create or rotate a key that includes it, then use "Replace Key".', connection.name, needed),
    });
  }
  const names = targets.map((row) => `• ${displayText(row.view.label, 80)}`);
  const shown = names.slice(0, 10).join('\n') + (names.length > 10 ? '\n' + vscode.l10n.t('… and {0} more', names.length - 10) : '');
  const question =
    targets.length === 1
      ? vscode.l10n.t('Delete the {0} "{1}"?', nounText(noun), displayText(targets[0]!.view.label, 80))
      : vscode.l10n.t('Delete {0} {1}?', targets.length, nounText(noun, true));
  const deleteButton = vscode.l10n.t('Delete');
  const answer = await services.prompter.confirm(question, `${shown}\n\n${vscode.l10n.t('This deletes them on the server and cannot be undone.')}`, [deleteButton]);
  if (answer !== deleteButton) return 0;

  const failures: string[] = [];
  let deleted = 0;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Deleting {0} {1}', targets.length, nounText(noun, targets.length !== 1)), cancellable: true },
    async (progress, token) => {
      for (const row of targets) {
        if (token.isCancellationRequested) break;
        try {
          await folder.spec.remove!(client, row.view.id);
          deleted += 1;
        } catch (error) {
          // A 404 means it is already gone: that is what the user wanted.
          // A rejected key or a missing permission fails every row alike: stop and say it once (presented below).
          if (error instanceof ApiError && (error.kind === 'unauthorized' || error.kind === 'forbidden')) throw error;
          if (error instanceof ApiError && error.kind === 'notFound') deleted += 1;
          else failures.push(`${displayText(row.view.label, 60)}: ${error instanceof Error ? error.message : String(error)}`);
        }
        progress.report({ increment: 100 / targets.length, message: vscode.l10n.t('{0} of {1}', deleted, targets.length) });
      }
    },
  ).then(undefined, (error: unknown) => {
    // Shown (and a refused permission remembered) without holding the command until the toast is dismissed.
    void services.errors.present(error, vscode.l10n.t('Delete {0}', nounText(noun)));
  });
  folder.reset();
  services.explorer.refresh(folder);
  if (failures.length) {
    services.logger.error(`Delete: ${failures.length} failed:\n${failures.join('\n')}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Deleted {0} of {1}; {2} failed: {3}', deleted, targets.length, failures.length, failures[0] ?? ''), vscode.l10n.t('Show Log')).then((choice) => {
      if (choice) services.output.show(true);
    });
  } else if (deleted) {
    vscode.window.setStatusBarMessage(vscode.l10n.t('Deleted {0} {1}', deleted, nounText(noun, deleted !== 1)), 4000);
  }
  return deleted;
}

async function openRecordUrl(clicked: unknown, fields: string[], kind: 'linkedin' | 'website'): Promise<boolean> {
  if (!(clicked instanceof RecordNode)) return false;
  const record = clicked.record as Record<string, unknown>;
  const raw = fields.map((f) => record[f]).find((v): v is string => typeof v === 'string' && v.trim().length > 0);
  if (!raw) {
    void vscode.window.showInformationMessage(kind === 'linkedin' ? vscode.l10n.t('This record has no LinkedIn profile.') : vscode.l10n.t('This record has no website.'));
    return false;
  }
  const url = safeWebUrl(raw);
  if (!url) {
    const shownUrl = displayText(raw, 80);
    void vscode.window.showWarningMessage(
      kind === 'linkedin'
        ? vscode.l10n.t('Not opening the LinkedIn profile: "{0}" is not an http(s) address.', shownUrl)
        : vscode.l10n.t('Not opening the website: "{0}" is not an http(s) address.', shownUrl),
    );
    return false;
  }
  return vscode.env.openExternal(vscode.Uri.parse(url));
}

/** An http(s) URL from untrusted data (a bare domain gets https://), or undefined. */
export function safeWebUrl(raw: string): string | undefined {
  const text = raw.trim();
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(candidate);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}
