/**
 * "Open as JSON" (SPEC §3): a record row opens as an editable JSON document in the `crm:` file system
 * (src/documents/). From a row's context menu it opens that record; from the palette it opens the selected row,
 * else asks for the connection, the kind and the record id. An already open document of the record is shown as it
 * is (unsaved edits stay); otherwise the record is read fresh from the server.
 */
import * as vscode from 'vscode';
import type { Connection } from '../connections/model';
import type { RecordDocuments } from '../documents/register';
import type { Services } from '../services';
import { capitalise, nounText } from '../views/tree/nouns';
import { RecordNode } from '../views/tree/recordNode';
import { registerCommand, type CommandContext } from './registerCommand';

export function registerOpenAsJsonCommand(ctx: CommandContext, services: Services, documents: RecordDocuments): void {
  registerCommand(ctx, 'crm.openAsJson', async (target?: unknown): Promise<vscode.Uri | undefined> => {
    const row = target ?? services.treeView.selection[0];
    const wanted = row instanceof RecordNode ? await uriOfRow(services, documents, row) : await askForRecord(services, documents);
    if (!wanted) return undefined;
    const fs = await documents();
    // A document with unsaved edits is shown as it is: nothing typed is ever replaced.
    const existing = fs.openDocument(wanted.uri);
    if (existing?.isDirty) {
      await vscode.window.showTextDocument(existing, { preview: false });
      return existing.uri;
    }
    fs.forget(wanted.uri);
    if (wanted.seed) fs.seed(wanted.uri, wanted.seed);
    const document = existing ?? (await vscode.workspace.openTextDocument(wanted.uri));
    await vscode.window.showTextDocument(document, { preview: false });
    // VS Code still held the (clean) document: re-read it, so it shows the server's record as of now.
    if (existing) await vscode.commands.executeCommand('workbench.action.files.revert');
    return document.uri;
  });
}

interface Wanted {
  uri: vscode.Uri;
  /** The row's copy, for kinds the API cannot read one by one. */
  seed?: Record<string, unknown>;
}

async function uriOfRow(services: Services, documents: RecordDocuments, row: RecordNode<unknown>): Promise<Wanted> {
  const { kindOfRow } = await import('../documents/documentKinds');
  const connection = services.registry.get(row.connectionId);
  if (!connection) throw new Error(vscode.l10n.t('The connection of this record was removed.'));
  const kind = kindOfRow(connection.provider, String(row.view.contextValue ?? ''));
  if (!kind) throw new Error(vscode.l10n.t('"{0}" cannot be opened as JSON.', row.view.label));
  const record = row.record && typeof row.record === 'object' ? (row.record as Record<string, unknown>) : {};
  // Stage rows are built from their pipeline (id `stage-<id>`, no GET of their own): the pipeline is the parent.
  const ids =
    kind.segment === 'stages' && row.parent instanceof RecordNode
      ? { id: row.view.id.replace(/^stage-/, ''), parentId: row.parent.view.id }
      : { id: typeof record.id === 'string' || typeof record.id === 'number' ? String(record.id) : row.view.id };
  const uri = (await documents()).uriFor(connection, kind, ids, row.view.label);
  return { uri, seed: kind.get ? undefined : record };
}

async function askForRecord(services: Services, documents: RecordDocuments): Promise<Wanted | undefined> {
  const { DOCUMENT_KINDS } = await import('../documents/documentKinds');
  const connections = services.registry.list();
  if (!connections.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Add a connection first, then choose a record in the CRM explorer and Open as JSON.'));
    return undefined;
  }
  const active = services.registry.active();
  const connection: Connection | undefined =
    connections.length === 1
      ? connections[0]
      : await services.prompter.pick(
          connections.map((c) => ({ label: c.name, description: c.id === active?.id ? vscode.l10n.t('active') : undefined, value: c })),
          { title: vscode.l10n.t('Open as JSON'), placeholder: vscode.l10n.t('Which connection?') },
        );
  if (!connection) return undefined;
  const kind = await services.prompter.pick(
    DOCUMENT_KINDS.filter((k) => k.provider === connection.provider && k.get && k.segment !== 'stages').map((k) => ({
      label: capitalise(nounText(k.noun)),
      description: k.update ? undefined : vscode.l10n.t('read-only'),
      value: k,
    })),
    { title: vscode.l10n.t('Open as JSON from {0}', connection.name), placeholder: vscode.l10n.t('What kind of record?') },
  );
  if (!kind) return undefined;
  const id = await services.prompter.input({
    title: vscode.l10n.t('Open {0} as JSON', nounText(kind.noun)),
    prompt: vscode.l10n.t("The {0}'s id (Copy ID on a row copies it)", nounText(kind.noun)),
    validate: (value) => (value.trim() && !/[/\\+]/.test(value) ? undefined : vscode.l10n.t('Enter the record id.')),
  });
  if (!id) return undefined;
  return { uri: (await documents()).uriFor(connection, kind, { id: id.trim() }, '') };
}
