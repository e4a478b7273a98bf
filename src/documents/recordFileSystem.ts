/**
 * The `crm:` file system: every record opens as a JSON document (documentUri.ts says how paths read), and saving
 * the document writes the record back — only the changed fields, only if nobody changed the record on the server
 * since it was opened (else the user chooses Overwrite, Compare or Cancel).
 *
 * Two baselines per open record:
 *  - `known`: the server's record as last read. A save re-reads the record and compares: any difference is a
 *    conflict.
 *  - `base`: the record the editor's text was made from. The PATCH is the difference between the saved text and
 *    `base`, so fields the user did not touch are never sent (and never overwrite someone else's change).
 * After a successful save both move to the server's new version and the document is reloaded from it (once VS Code
 * has finished the save), so the editor shows what the server stored.
 *
 * A refused save throws: VS Code then reports "Failed to save …" with our reason and keeps the buffer dirty, so
 * nothing typed is lost. Kinds the API cannot update are read-only (FilePermission.Readonly). Loaded lazily on the
 * first `crm:` access (register.ts), never at activation.
 */
import * as vscode from 'vscode';
import { describeIssues, isApiError } from '../api/http/errors';
import type { Connection } from '../connections/model';
import type { Services } from '../services';
import { displayText } from '../views/tree/displayText';
import { capitalise, nounText } from '../views/tree/nouns';
import { analyseEdit, differingFields, formatRecord, parseDocument, sameJson } from './changes';
import { isWritable, kindBySegment, type DocumentKind } from './documentKinds';
import { CRM_SCHEME, connectionSegment, documentPath, parseDocumentPath, recordKey, type DocumentAddress } from './documentUri';



type Json = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each kind has its own client type
type AnyKind = DocumentKind<any>;

interface OpenRecord {
  address: DocumentAddress;
  kind: AnyKind;
  connection: Connection;
  /** The server's record as last read (conflict detection). */
  known: Json;
  /** The record the editor's text was made from (the PATCH is computed against it). */
  base: Json;
  ctime: number;
  mtime: number;
  /** Set by a successful save: reload the document from `known` once VS Code has finished saving. */
  reloadAfterSave: boolean;
}

/** A save that did not happen; the message says why and what to do. */
class SaveRefused extends Error {
  constructor(reason: string) {
    super(vscode.l10n.t('{0} Your edits are kept: the document stays unsaved.', reason));
    this.name = 'SaveRefused';
  }
}

export class RecordFileSystem implements vscode.Disposable {
  private readonly records = new Map<string, OpenRecord>();
  private readonly loading = new Map<string, Promise<OpenRecord>>();
  /** The server's version shown on the left of a conflict's Compare, by record key. */
  private readonly serverCopies = new Map<string, Json>();
  /** Records with a save in flight: a second save waits for nothing and is refused (a PATCH is never sent twice). */
  private readonly saving = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly services: Services,
    private readonly changed: vscode.EventEmitter<vscode.FileChangeEvent[]>,
  ) {
    this.disposables.push(
      vscode.workspace.onDidSaveTextDocument((document) => this.afterSave(document.uri)),
      vscode.workspace.onDidCloseTextDocument((document) => this.afterClose(document.uri)),
    );
  }

  // --- addresses -----------------------------------------------------------------------------------------------------

  /** The document URI of a record; `name` is only for the tab and breadcrumbs. */
  uriFor(connection: Connection, kind: AnyKind, ids: { id: string; parentId?: string }, name: string): vscode.Uri {
    const address: DocumentAddress = { connection: connectionSegment(connection, this.services.registry.list()), segment: kind.segment, ...ids };
    return vscode.Uri.from({ scheme: CRM_SCHEME, path: documentPath(address, name) });
  }

  /** Use a tree row's copy of a record the API cannot read one by one (catalog prospects, blacklist entries). */
  seed(uri: vscode.Uri, record: Json): void {
    const address = this.address(uri);
    const key = recordKey(address);
    if (this.records.has(key)) return;
    const { connection, kind } = this.resolve(address);
    const now = Date.now();
    this.records.set(key, { address, kind, connection, known: record, base: record, ctime: now, mtime: now, reloadAfterSave: false });
  }

  /** The open document of a record (whatever name its path carries), if VS Code still holds one. */
  openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
    const key = recordKey(this.address(uri));
    return vscode.workspace.textDocuments.find((d) => {
      if (d.uri.scheme !== CRM_SCHEME || d.isClosed) return false;
      const address = parseDocumentPath(d.uri.path);
      return !!address && !address.server && recordKey(address) === key;
    });
  }

  /** Forget what is known of a record, so the next read gets it fresh from the server. */
  forget(uri: vscode.Uri): void {
    const key = recordKey(this.address(uri));
    this.records.delete(key);
    this.serverCopies.delete(key);
  }

  // --- FileSystemProvider ------------------------------------------------------------------------------------------

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const address = parseDocumentPath(uri.path);
    if (!address) {
      if (uri.path.split('/').filter(Boolean).length < 3) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
      throw vscode.FileSystemError.FileNotFound(uri);
    }
    const record = await this.load(address);
    const text = this.textOf(record, address.server);
    const readOnly = address.server || !isWritable(record.kind);
    return {
      type: vscode.FileType.File,
      ctime: record.ctime,
      mtime: record.mtime,
      size: Buffer.byteLength(text),
      permissions: readOnly ? vscode.FilePermission.Readonly : undefined,
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const address = this.address(uri);
    const record = await this.load(address);
    // The editor's text is now the server's record: edits are measured against it from here on.
    if (!address.server) record.base = record.known;
    return Buffer.from(this.textOf(record, address.server), 'utf8');
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const address = this.address(uri);
    const key = recordKey(address);
    if (address.server) throw new SaveRefused(vscode.l10n.t('This is the server’s version of the record, shown for comparison; it cannot be saved. Save your own document instead.'));
    if (this.saving.has(key)) throw new SaveRefused(vscode.l10n.t('A save of this record is already in progress; wait for it to finish.'));
    this.saving.add(key);
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Saving record…') }, () => this.save(uri, address, content));
    } finally {
      this.saving.delete(key);
    }
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Record documents cannot create folders.'));
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Record documents cannot be deleted here: use Delete… on the record in the CRM explorer.'));
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Record documents cannot be renamed.'));
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }

  // --- save ----------------------------------------------------------------------------------------------------------

  private async save(uri: vscode.Uri, address: DocumentAddress, content: Uint8Array): Promise<void> {
    const record = await this.load(address);
    const { kind, connection } = record;
    const name = documentName(uri);
    if (!isWritable(kind)) throw new SaveRefused(capitalise(vscode.l10n.t('{0} documents are read-only: {1}', nounText(kind.noun), kind.readOnlyReason)));

    const parsed = parseDocument(Buffer.from(content).toString('utf8'));
    if (!parsed.ok) throw new SaveRefused(vscode.l10n.t('Not saved: {0}.', parsed.message));
    const edit = analyseEdit(record.base, parsed.value, kind.readOnlyFields);
    if (edit.readOnlyTouched.length) {
      throw new SaveRefused(
        edit.readOnlyTouched.length === 1
          ? vscode.l10n.t('Not saved: {0} is set by the server and cannot be changed. Put back the original value.', quoteList(edit.readOnlyTouched))
          : vscode.l10n.t('Not saved: {0} are set by the server and cannot be changed. Put back the original values.', quoteList(edit.readOnlyTouched)),
      );
    }
    if (edit.removed.length) {
      throw new SaveRefused(
        edit.removed.length === 1
          ? vscode.l10n.t('Not saved: {0} was removed; a save can change a field but not remove it. To clear a field, set it to null.', quoteList(edit.removed))
          : vscode.l10n.t('Not saved: {0} were removed; a save can change a field but not remove it. To clear a field, set it to null.', quoteList(edit.removed)),
      );
    }
    const fields = Object.keys(edit.patch);
    if (!fields.length) {
      this.services.logger.info(`json document: ${kind.noun} ${address.id}: nothing changed, nothing sent`);
      return;
    }
    const checked = kind.updateSchema.safeParse(edit.patch);
    if (!checked.success) throw new SaveRefused(vscode.l10n.t('Not saved: {0}', describeIssues(checked.error.issues).join('; ').replace(/\.?$/, '.')));

    const client = await this.client(connection);
    if (this.services.permissions.isDenied(connection.id, client, kind.updateRequirement)) {
      throw new SaveRefused(
        vscode.l10n.t(
          'Not saved: the API key of "{0}" lacks the "{1}" permission (the server refused it earlier), so nothing was sent. Keys are immutable: create or rotate a key that includes it, then use "Replace Key".',
          connection.name,
          kind.updateRequirement,
        ),
      );
    }

    // Did someone else change the record since it was opened (or last saved)?
    const current = asJson(await this.call(record, client, () => kind.get!(client, address.id, address.parentId)));
    if (current && !sameJson(current, record.known)) {
      const theirs = differingFields(record.known, current);
      // Buttons are compared by their text in the user's language.
      const overwrite = vscode.l10n.t('Overwrite');
      const compare = vscode.l10n.t('Compare');
      const choice = await this.services.prompter.confirm(
        capitalise(vscode.l10n.t('{0} "{1}" changed on the server since you opened it.', nounText(kind.noun), name)),
        `${vscode.l10n.t('Changed on the server: {0}. Your changes: {1}.', quoteList(theirs), quoteList(fields))}\n\n${vscode.l10n.t(
          "Overwrite sends your changed fields over the server's version (fields you did not change keep the server's values). Compare shows the server's version beside yours; your document stays unsaved. Cancel keeps your edits unsaved.",
        )}`,
        [overwrite, compare],
      );
      if (choice === compare) {
        await this.compare(uri, address, record, current);
        throw new SaveRefused(
          vscode.l10n.t('Not saved: "{0}" changed on the server; the comparison is open. Merge what you want to keep, then save again (only your changed fields are sent).', name),
        );
      }
      if (choice !== overwrite) throw new SaveRefused(vscode.l10n.t('Not saved: "{0}" changed on the server and you chose Cancel.', name));
    }

    await this.call(record, client, () => kind.update(client, address.id, edit.patch));
    this.services.logger.info(`json document: updated ${kind.noun} ${address.id}: ${fields.join(', ')}`);
    // The server's new version becomes the baseline; if it cannot be read, the patch applied to the old one is
    // the best knowledge (the next save's conflict check re-reads anyway).
    const fresh = await Promise.resolve(kind.get!(client, address.id, address.parentId)).then(asJson, () => undefined);
    record.known = fresh ?? { ...(current ?? record.known), ...edit.patch };
    record.base = parsed.value;
    record.reloadAfterSave = true;
    this.serverCopies.delete(recordKey(address));
    this.refreshTree(connection, kind);
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Saved {0} "{1}": {2}', nounText(kind.noun), name, fields.join(', ')), 5000);
  }

  /** Opens the diff: the server's version (read-only, left) against the user's document (right, still editable). */
  private async compare(uri: vscode.Uri, address: DocumentAddress, record: OpenRecord, current: Json): Promise<void> {
    const key = recordKey(address);
    this.serverCopies.set(key, current);
    // The user has now seen the server's version: the next save merges their choices into it instead of asking again.
    record.known = current;
    const serverUri = uri.with({ path: documentPath({ ...address, server: true }, documentName(uri)) });
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri: serverUri }]);
    await vscode.commands.executeCommand('vscode.diff', serverUri, uri, vscode.l10n.t('{0}: server ↔ yours', documentName(uri)), { preview: false });
  }

  /** API calls of a save: a refused permission is remembered, a rejected key offers Replace Key; the save fails with the reason. */
  private async call<T>(record: OpenRecord, client: object, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (!isApiError(error)) throw error;
      if (error.kind === 'forbidden' && error.requirement) this.services.permissions.remember(record.connection.id, client, error.requirement);
      if (error.kind === 'unauthorized') void this.services.errors.present(error, vscode.l10n.t('Save {0}', nounText(record.kind.noun)));
      if (error.kind === 'notFound' && !error.unavailable) throw new SaveRefused(vscode.l10n.t('Not saved: this {0} no longer exists on "{1}".', nounText(record.kind.noun), record.connection.name));
      this.services.logger.warn(`json document: save of ${record.kind.noun} ${record.address.id} failed: ${error.kind}: ${error.message}`);
      throw new SaveRefused(vscode.l10n.t('Not saved: {0}', error.message));
    }
  }

  private afterSave(uri: vscode.Uri): void {
    if (uri.scheme !== CRM_SCHEME) return;
    const address = parseDocumentPath(uri.path);
    const record = address && this.records.get(recordKey(address));
    if (!record?.reloadAfterSave) return;
    record.reloadAfterSave = false;
    // A new mtime makes VS Code re-read the (now clean) document: it shows what the server stored.
    record.mtime = Math.max(Date.now(), record.mtime + 1);
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  private afterClose(uri: vscode.Uri): void {
    if (uri.scheme !== CRM_SCHEME) return;
    const address = parseDocumentPath(uri.path);
    if (!address || address.server) return;
    const key = recordKey(address);
    if (!this.isShown(key)) {
      this.records.delete(key);
      this.serverCopies.delete(key);
    }
  }

  // --- loading -------------------------------------------------------------------------------------------------------

  private address(uri: vscode.Uri): DocumentAddress {
    const address = parseDocumentPath(uri.path);
    if (!address) throw vscode.FileSystemError.FileNotFound(vscode.l10n.t('{0} is not a CRM record document (crm:/<connection>/<kind>/<name> · <id>.json).', uri.toString(true)));
    return address;
  }

  private resolve(address: DocumentAddress): { connection: Connection; kind: AnyKind } {
    const all = this.services.registry.list();
    const connection = all.find((c) => connectionSegment(c, all) === address.connection);
    if (!connection) throw vscode.FileSystemError.FileNotFound(vscode.l10n.t('There is no CRM connection named "{0}" any more.', address.connection));
    const kind = kindBySegment(connection.provider, address.segment);
    if (!kind) throw vscode.FileSystemError.FileNotFound(vscode.l10n.t('"{0}" is not a kind of record of {1}.', address.segment, connection.name));
    return { connection, kind };
  }

  private load(address: DocumentAddress): Promise<OpenRecord> {
    const key = recordKey(address);
    const known = this.records.get(key);
    // A connection removed and added again under the same name is another connection: read the record again.
    if (known && this.services.registry.get(known.connection.id)) return Promise.resolve(known);
    if (known) {
      this.records.delete(key);
      this.serverCopies.delete(key);
    }
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.fetch(address).finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  private async fetch(address: DocumentAddress): Promise<OpenRecord> {
    const { connection, kind } = this.resolve(address);
    if (!kind.get) {
      throw vscode.FileSystemError.FileNotFound(vscode.l10n.t('The API cannot read one {0} by id: open it again from the CRM explorer (Open as JSON).', nounText(kind.noun)));
    }
    const client = await this.client(connection);
    let record: Json | undefined;
    try {
      record = asJson(await kind.get(client, address.id, address.parentId));
    } catch (error) {
      if (isApiError(error) && error.kind === 'notFound' && !error.unavailable) {
        throw vscode.FileSystemError.FileNotFound(vscode.l10n.t('The {0} {1} does not exist on "{2}" (deleted?).', nounText(kind.noun), address.id, connection.name));
      }
      if (isApiError(error) && error.kind === 'unauthorized') void this.services.errors.present(error, vscode.l10n.t('Open {0}', nounText(kind.noun)));
      throw vscode.FileSystemError.Unavailable(error instanceof Error ? error.message : String(error));
    }
    if (!record) throw vscode.FileSystemError.Unavailable(vscode.l10n.t('The server\'s answer for {0} {1} is not a record.', nounText(kind.noun), address.id));
    const now = Date.now();
    const open: OpenRecord = { address: { ...address, server: undefined }, kind, connection, known: record, base: record, ctime: now, mtime: now, reloadAfterSave: false };
    this.records.set(recordKey(address), open);
    return open;
  }

  private textOf(record: OpenRecord, server: boolean | undefined): string {
    return formatRecord(server ? (this.serverCopies.get(recordKey(record.address)) ?? record.known) : record.known);
  }

  private client(connection: Connection): Promise<object> {
    return connection.provider === 'minotaur' ? this.services.clients.minotaur(connection) : this.services.clients.openProspect(connection);
  }

  private isShown(key: string): boolean {
    return vscode.workspace.textDocuments.some((d) => {
      if (d.uri.scheme !== CRM_SCHEME || d.isClosed) return false;
      const address = parseDocumentPath(d.uri.path);
      return !!address && !address.server && recordKey(address) === key;
    });
  }

  private refreshTree(connection: Connection, kind: AnyKind): void {
    if (!kind.folderKey) return;
    const { explorer } = this.services;
    const folder = explorer.connectionNode(connection.id)?.folder(kind.folderKey);
    if (!folder) return;
    folder.reset();
    explorer.refresh(folder);
  }
}

function asJson(value: unknown): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

/** The record's name as the tab shows it (the file name without id and extension). */
function documentName(uri: vscode.Uri): string {
  const file = uri.path.slice(uri.path.lastIndexOf('/') + 1).replace(/( \(server\))?\.json$/, '');
  const at = file.lastIndexOf(' · ');
  return displayText(at > 0 ? file.slice(0, at) : file, 80);
}

function quoteList(fields: string[]): string {
  const shown = fields.slice(0, 8).map((f) => `"${displayText(f, 40)}"`);
  return fields.length > 8 ? vscode.l10n.t('{0} and {1} more', shown.join(', '), fields.length - 8) : shown.join(', ');
}
