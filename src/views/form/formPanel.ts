/**
 * One open record form: a WebviewPanel and the extension side of its protocol. It loads the record (edit) or a new
 * form (create), replays a kept draft, keeps the draft on every change, validates and saves (create, or a PATCH of
 * the changed fields only), maps server field errors onto the inputs, and refreshes the record's folder afterwards.
 *
 * A webview panel cannot veto its own close. So "closing a dirty form asks first" works like this: the Cancel
 * button asks in a modal; closing the tab keeps the draft and then asks in a notification ("Reopen" / "Discard").
 */
import { createHash, randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { isApiError } from '../../api/http/errors';
import type { MinotaurClient } from '../../api/minotaur/client';
import type { OpenProspectClient } from '../../api/openprospect/client';
import { outcomeUnknown } from '../../commands/openprospect/idempotency';
import type { Services } from '../../services';
import type { Draft, DraftStore } from './drafts';
import { formatNumber, tr } from '../../util/l10n';
import { capitalise, nounText } from '../tree/nouns';
import { renderFormHtml } from './formHtml';
import {
  changedFields,
  initialValues,
  isDirty,
  mapServerErrors,
  rebaseDraft,
  recordToValues,
  titleOf,
  toCreateInput,
  validate,
} from './formModel';
import { describeFields, formSpec, supports, type FormSpec } from './formSpecs';
import {
  MAX_ROW_LINES,
  parseWebviewMessage,
  type ExtensionMessage,
  type FieldDescriptor,
  type FieldOption,
  type FormIdentity,
  type FormMode,
  type FormValues,
  type InitMessage,
  type WebviewMessage,
} from './protocol';
import type { AnyRecordAccess, RecordAccess, SaveResult } from './recordAccess';

export interface FormPanelDeps {
  services: Services;
  drafts: DraftStore;
  /** How this kind is read and written (recordAccess.ts). */
  access: AnyRecordAccess;
  /** Open (or reveal) the form of this record again: the "Reopen" action after a dirty form was closed. */
  reopen(identity: FormIdentity): Thenable<unknown>;
  /** The panel is gone (closed, saved): forget it. */
  onDisposed(panel: FormPanel): void;
}

/** What seeds a load besides storage: the record as the tree had it, and the webview's own state after a reload. */
export interface LoadSeed {
  record?: Record<string, unknown>;
  /** A create form's starting values known to the command that opens it (a discovery order's new profile). */
  values?: FormValues;
  state?: { values?: FormValues; baseline?: FormValues; savedAt?: string };
}

const RECENT_MESSAGES = 50;

export class FormPanel {
  readonly spec: FormSpec;
  readonly mode: FormMode;
  private baselineValues: FormValues;
  private currentValues: FormValues;
  private fields: FieldDescriptor[];
  private recordTitle = '';
  private loadError: string | undefined;
  /** The draft replayed at open time, announced once in the form. */
  private restored: Draft | undefined;
  private loaded: Promise<void> | undefined;
  private saving = false;
  /** The key of a create sent without a definite answer (idempotent kinds); kept with the draft. */
  private idempotency: { key: string; fingerprint: string } | undefined;
  /** The open dialog of a rows field's "Load CSV File…" (tests put a scripted one here). */
  openDialog: (options: vscode.OpenDialogOptions) => Thenable<vscode.Uri[] | undefined> = (options) => vscode.window.showOpenDialog(options);
  private disposed = false;
  /** Set when the extension itself closes the panel (saved, or the user chose in Cancel's modal): no notification. */
  private closingQuietly = false;
  private readonly disposables: vscode.Disposable[] = [];
  /** The latest messages posted to the webview, newest last (diagnostics and in-host tests). */
  readonly sent: ExtensionMessage[] = [];
  /** The HTML currently set on the webview. */
  html = '';

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly identity: FormIdentity,
    private readonly deps: FormPanelDeps,
  ) {
    this.spec = formSpec(identity.kind);
    this.mode = identity.recordId ? 'edit' : 'create';
    this.baselineValues = initialValues(this.spec);
    this.currentValues = this.baselineValues;
    this.fields = describeFields(this.spec);
    this.render();
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      panel.onDidDispose(() => void this.onDidDispose()),
    );
  }

  get key(): string {
    return formKey(this.identity);
  }

  get baseline(): FormValues {
    return this.baselineValues;
  }

  get values(): FormValues {
    return this.currentValues;
  }

  get dirty(): boolean {
    return isDirty(this.spec, this.baselineValues, this.currentValues);
  }

  get isSaving(): boolean {
    return this.saving;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** "Ana Ruiz", or "new contact". */
  get displayName(): string {
    return this.recordTitle || (this.mode === 'create' ? `new ${this.spec.noun}` : `${this.spec.noun} ${this.identity.recordId ?? ''}`.trim());
  }

  /** Load the record (or a new form) and any kept draft. Throws when there is nothing to show. */
  load(seed: LoadSeed = {}): Promise<void> {
    this.loaded ??= this.doLoad(seed);
    return this.loaded;
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** Handle one message from the webview (validated here; anything else is ignored). Resolves when handled. */
  async receive(raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.deps.services.logger.debug(`record form: ignored a message from the webview (${parsed.reason})`);
      return;
    }
    await this.handle(parsed.message);
  }

  /** Close as the user would with the tab's X (a dirty form keeps its draft and says so). */
  dispose(): void {
    this.panel.dispose();
  }

  /** Close without the "changes were kept" notification (a failed open; the draft, if any, stays in storage). */
  closeQuietly(): void {
    this.closingQuietly = true;
    this.panel.dispose();
  }

  // --- messages ----------------------------------------------------------------------------------------------------

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        await this.loaded?.catch(() => undefined);
        if (this.loaded) this.postInit();
        return;
      case 'changed':
        this.currentValues = message.values;
        this.keepDraft();
        this.updateTitle();
        return;
      case 'submit':
        return this.submit(message.values);
      case 'cancel':
        return this.cancel();
      case 'discardDraft':
        this.currentValues = this.baselineValues;
        this.restored = undefined;
        this.idempotency = undefined;
        await this.deps.drafts.discard(this.identity);
        this.updateTitle();
        this.postInit();
        return;
      case 'pickFile':
        return this.pickFile(message.field);
    }
  }

  /** "Load CSV File…": read the chosen file and hand its lines to the webview (which treats them as typed). */
  private async pickFile(name: string): Promise<void> {
    const field = this.spec.fields.find((f) => f.name === name && f.type === 'rows');
    if (!field) return;
    const [uri] = (await this.openDialog({ canSelectMany: false, openLabel: vscode.l10n.t('Load'), filters: { CSV: ['csv', 'txt', 'tsv'] }, title: vscode.l10n.t('Load {0} from a CSV file', tr(field.label)) })) ?? [];
    if (!uri) return;
    try {
      const text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
      const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
      while (lines.length && lines.at(-1)!.trim() === '') lines.pop();
      const long = lines.findIndex((line) => line.length > 2000);
      if (lines.length > MAX_ROW_LINES) throw new Error(vscode.l10n.t('it has {0} lines; the form takes at most {1}. Split it into several orders.', formatNumber(lines.length), formatNumber(MAX_ROW_LINES)));
      if (long >= 0) throw new Error(vscode.l10n.t('line {0} is longer than 2,000 characters.', long + 1));
      const fileName = uri.path.split('/').pop() ?? uri.path;
      this.post({ type: 'fileLoaded', field: name, name: fileName, lines });
      this.deps.services.logger.info(`record form: loaded ${lines.length} lines of ${field.label} from a file`);
    } catch (error) {
      this.post({ type: 'formError', message: vscode.l10n.t('Could not load the file: {0}', error instanceof Error ? error.message : String(error)) });
    }
  }

  private post(message: ExtensionMessage): void {
    this.sent.push(message);
    if (this.sent.length > RECENT_MESSAGES) this.sent.splice(0, this.sent.length - RECENT_MESSAGES);
    if (this.disposed) return;
    this.panel.webview.postMessage(message).then(undefined, (error: unknown) => this.deps.services.logger.debug(`record form: post failed: ${String(error)}`));
  }

  private postInit(): void {
    const init: InitMessage = {
      type: 'init',
      identity: this.identity,
      kind: this.identity.kind,
      mode: this.mode,
      title: this.mode === 'create' ? vscode.l10n.t('New {0}', nounText(this.spec.noun)) : vscode.l10n.t('Edit {0}: {1}', nounText(this.spec.noun), this.recordTitle || this.identity.recordId || ''),
      noun: nounText(this.spec.noun),
      // every text the webview shows itself (buttons, counts, row errors) is looked up in this bundle: see main.ts
      texts: vscode.l10n.bundle ?? {},
      locale: vscode.env.language,
      fields: this.fields,
      values: this.baselineValues,
    };
    if (this.dirty) init.draft = { values: this.currentValues, savedAt: this.restored?.savedAt, restored: this.restored !== undefined };
    if (this.loadError) init.loadError = this.loadError;
    this.post(init);
    // The notice is shown once; a later init (the panel was hidden and shown again) just carries the values.
    this.restored = undefined;
  }

  // --- load --------------------------------------------------------------------------------------------------------

  private async doLoad(seed: LoadSeed): Promise<void> {
    const { services } = this.deps;
    if (!supports(this.spec, this.mode)) throw new Error(this.mode === 'create' ? vscode.l10n.t('A {0} cannot be created in a form.', nounText(this.spec.noun)) : vscode.l10n.t('A {0} cannot be edited in a form.', nounText(this.spec.noun)));
    const client = await this.client();
    const access = this.access;
    const kept = this.keptDraft(seed.state);
    if (this.mode === 'create' && seed.values) this.baselineValues = initialValues(this.spec, seed.values);
    this.idempotency = kept?.idempotency;

    if (access.options) {
      const options = await access.options(client).catch((error: unknown): Record<string, FieldOption[]> => {
        services.logger.warn(`record form: could not load the choices of ${this.spec.noun} fields: ${String(error)}`);
        return {};
      });
      this.fields = describeFields(this.spec, options);
    }

    if (this.identity.recordId) {
      try {
        this.baselineValues = recordToValues(this.spec, await access.get(client, this.identity.recordId));
      } catch (error) {
        // A record that no longer exists cannot be edited; any other failure falls back to what we have.
        const gone = isApiError(error) && error.kind === 'notFound' && !error.unavailable;
        const fallback = seed.record ? recordToValues(this.spec, seed.record) : kept?.baseline;
        if (gone || !fallback) throw error;
        this.baselineValues = fallback;
        this.loadError = vscode.l10n.t('Could not load the latest version of this {0}: {1}', nounText(this.spec.noun), error instanceof Error ? error.message : String(error));
        services.logger.warn(`record form: ${this.loadError}`);
      }
    }

    this.currentValues = this.baselineValues;
    if (kept) {
      const values = rebaseDraft(this.spec, kept.baseline, kept.values, this.baselineValues);
      if (isDirty(this.spec, this.baselineValues, values)) {
        this.currentValues = values;
        this.restored = kept;
        this.keepDraft();
      } else {
        await this.deps.drafts.discard(this.identity);
      }
    }
    this.recordTitle = titleOf(this.spec, this.mode === 'edit' ? this.baselineValues : this.currentValues);
    this.updateTitle();
  }

  /** The draft in storage, or the webview's own state when it is newer (a reload within the draft's debounce). */
  private keptDraft(state: LoadSeed['state']): Draft | undefined {
    const stored = this.deps.drafts.get(this.identity);
    if (!state?.values) return stored;
    if (stored && state.savedAt && stored.savedAt >= state.savedAt) return stored;
    return {
      identity: this.identity,
      title: stored?.title ?? '',
      values: state.values,
      // Without a stored draft (reload inside the debounce) the webview's own baseline says what changed.
      baseline: stored?.baseline ?? state.baseline ?? state.values,
      savedAt: state.savedAt ?? new Date().toISOString(),
    };
  }

  /** The kind's access, typed for its vendor's client (the client() below is that vendor's too). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the pair (access, client) is matched by provider
  private get access(): RecordAccess<any> {
    return this.deps.access.access;
  }

  private async client(): Promise<MinotaurClient | OpenProspectClient> {
    const { services } = this.deps;
    const connection = services.registry.get(this.identity.connectionId);
    if (!connection) throw new Error(vscode.l10n.t('The connection of this form no longer exists. Its unsaved changes are kept.'));
    if (connection.provider !== this.deps.access.provider) throw new Error(vscode.l10n.t('{0} has no {1} records.', connection.name, nounText(this.spec.noun)));
    return connection.provider === 'minotaur' ? services.clients.minotaur(connection) : services.clients.openProspect(connection);
  }

  // --- drafts --------------------------------------------------------------------------------------------------------

  private keepDraft(): void {
    if (this.dirty) {
      this.deps.drafts.save({
        identity: this.identity,
        title: this.displayName,
        values: this.currentValues,
        baseline: this.baselineValues,
        ...(this.idempotency ? { idempotency: this.idempotency } : {}),
      });
    } else {
      void this.deps.drafts.discard(this.identity);
    }
  }

  private updateTitle(): void {
    if (this.disposed) return;
    const name = this.mode === 'create' ? vscode.l10n.t('New {0}', nounText(this.spec.noun)) : this.recordTitle || `${capitalise(nounText(this.spec.noun))} ${this.identity.recordId}`;
    this.panel.title = `${this.dirty ? '● ' : ''}${name}`;
  }

  private render(): void {
    const { services } = this.deps;
    this.html = renderFormHtml(this.panel.webview, services.context.extensionUri, this.mode === 'create' ? vscode.l10n.t('New {0}', nounText(this.spec.noun)) : vscode.l10n.t('Edit {0}', nounText(this.spec.noun)));
    this.panel.webview.html = this.html;
  }

  // --- save ----------------------------------------------------------------------------------------------------------

  private async submit(values: FormValues): Promise<void> {
    const { services } = this.deps;
    if (this.saving) {
      services.logger.debug(`record form: ignored a second Save of ${this.displayName} while the first is in flight`);
      return;
    }
    this.saving = true;
    try {
      await this.loaded;
      this.currentValues = values;
      // A failed save must not lose anything: the draft is written before the request.
      this.keepDraft();
      await this.deps.drafts.flush(this.identity);

      const errors = validate(this.spec, this.mode, this.baselineValues, values);
      if (errors.length) {
        this.post({ type: 'validation', errors });
        return;
      }
      if (this.mode === 'create') await this.create(values);
      else await this.update(values);
    } catch (error) {
      this.failed(error);
    } finally {
      this.saving = false;
    }
  }

  private async create(values: FormValues): Promise<void> {
    const input = toCreateInput(this.spec, values);
    const access = this.access;
    if (this.spec.confirmCreate && access.confirmCreate) {
      const question = access.confirmCreate(input);
      // An earlier Save of OTHER values got no answer: that one may exist, and this one gets a new key.
      const changedSinceUnknown = this.idempotency !== undefined && this.idempotency.fingerprint !== fingerprintOf(input);
      const detail = changedSinceUnknown
        ? `${question.detail}\n\n${vscode.l10n.t('An earlier Save with different values got no answer, so that {0} may exist: check the list first. These values are sent as a new {0}.', nounText(this.spec.noun))}`
        : question.detail;
      const answer = await this.deps.services.prompter.confirm(question.message, detail, [question.action]);
      if (answer !== question.action) {
        this.post({ type: 'notSent', message: vscode.l10n.t('Not sent.') });
        return;
      }
    }
    const idempotencyKey = this.spec.idempotent ? await this.keyFor(input) : undefined;
    this.post({ type: 'saving' });
    const client = await this.client();
    let result: SaveResult;
    try {
      result = await access.create(client, input, { idempotencyKey });
    } catch (error) {
      if (idempotencyKey && !outcomeUnknown(error)) {
        // A definite refusal: the next Save is a new request with a new key.
        this.idempotency = undefined;
        this.keepDraft();
      }
      throw error;
    }
    const name = titleOf(this.spec, values) || vscode.l10n.t('the new {0}', nounText(this.spec.noun));
    this.deps.services.logger.info(`record form: created ${this.spec.noun} ${result.id ?? '(id not returned)'}`);
    this.idempotency = undefined;
    await this.deps.drafts.discard(this.identity);
    this.refreshFolder();
    if (access.created) access.created(result, input, this.identity.connectionId);
    else void vscode.window.showInformationMessage(vscode.l10n.t('{0} "{1}" created.', capitalise(nounText(this.spec.noun)), name));
    this.closingQuietly = true;
    this.panel.dispose();
  }

  /**
   * The Idempotency-Key of this create: the kept one when the body is the one it was sent with (a retry after an
   * unknown outcome), else a new one. Written to the draft BEFORE the request, so a reload mid-request keeps it.
   */
  private async keyFor(input: Record<string, unknown>): Promise<string> {
    const fingerprint = fingerprintOf(input);
    if (this.idempotency?.fingerprint !== fingerprint) this.idempotency = { key: randomUUID(), fingerprint };
    this.keepDraft();
    await this.deps.drafts.flush(this.identity);
    return this.idempotency.key;
  }

  private async update(values: FormValues): Promise<void> {
    const patch = changedFields(this.spec, this.baselineValues, values);
    if (!Object.keys(patch).length) {
      this.post({ type: 'saved', values: this.baselineValues, message: vscode.l10n.t('No changes to save.') });
      return;
    }
    this.post({ type: 'saving' });
    const client = await this.client();
    await this.access.update(client, this.identity.recordId as string, patch);
    this.deps.services.logger.info(`record form: updated ${this.spec.noun} ${this.identity.recordId}: ${Object.keys(patch).join(', ')}`);
    this.baselineValues = values;
    this.currentValues = values;
    this.recordTitle = titleOf(this.spec, values) || this.recordTitle;
    await this.deps.drafts.discard(this.identity);
    this.refreshFolder();
    this.updateTitle();
    const message = Object.keys(patch).length === 1 ? vscode.l10n.t('Saved 1 change.') : vscode.l10n.t('Saved {0} changes.', Object.keys(patch).length);
    this.post({ type: 'saved', values, message });
    vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('{0} "{1}" saved', capitalise(nounText(this.spec.noun)), this.displayName)}`, 4000);
  }

  /** A failed save: the server's field errors go onto the fields, the rest above the form; the draft stays. */
  private failed(error: unknown): void {
    const { services } = this.deps;
    if (isApiError(error) && error.kind === 'validation') {
      const mapped = mapServerErrors(this.spec, this.currentValues, error.fieldErrors);
      if (mapped.errors.length || mapped.formErrors.length) {
        this.post({ type: 'fieldErrors', errors: mapped.errors, formErrors: mapped.formErrors });
      } else {
        this.post({ type: 'formError', message: error.message });
      }
      services.logger.warn(`record form: the server refused the ${this.spec.noun}: ${error.message}`);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    const retry = this.idempotency && outcomeUnknown(error)
      ? vscode.l10n.t('It may or may not have been created: Save again sends the same idempotency key, so the server makes the {0} at most once.', nounText(this.spec.noun))
      : '';
    this.post({ type: 'formError', message: vscode.l10n.t('Not saved: {0} Your changes are kept.', retry ? `${message} ${retry}` : message) });
    // Network, permission and key problems also get the usual notification (Show Log, Replace Key).
    void services.errors.present(error, vscode.l10n.t('Save {0}', nounText(this.spec.noun)));
  }

  private refreshFolder(): void {
    const { explorer } = this.deps.services;
    const folder = explorer.connectionNode(this.identity.connectionId)?.folder(this.spec.folderKey);
    if (!folder) return;
    folder.reset();
    explorer.refresh(folder);
  }

  // --- closing -----------------------------------------------------------------------------------------------------

  /** The Cancel button: nothing to lose → close; otherwise ask (discard, keep the draft and close, or stay). */
  private async cancel(): Promise<void> {
    if (!this.dirty) {
      this.closingQuietly = true;
      await this.deps.drafts.discard(this.identity);
      this.panel.dispose();
      return;
    }
    const discardChanges = vscode.l10n.t('Discard Changes');
    const keepDraft = vscode.l10n.t('Keep Draft');
    const choice = await this.deps.services.prompter.confirm(
      vscode.l10n.t('Discard your changes to {0}?', this.displayName),
      vscode.l10n.t('Keep Draft keeps them: reopening this form restores them.'),
      [discardChanges, keepDraft],
    );
    if (choice === discardChanges) {
      await this.deps.drafts.discard(this.identity);
    } else if (choice === keepDraft) {
      await this.deps.drafts.flush(this.identity);
    } else {
      return;
    }
    this.closingQuietly = true;
    this.panel.dispose();
  }

  private async onDidDispose(): Promise<void> {
    this.disposed = true;
    this.disposables.forEach((d) => d.dispose());
    this.deps.onDisposed(this);
    if (this.closingQuietly || !this.loaded || !this.dirty) return;
    // Closed by the tab's X (or the window) with unsaved changes: they are already kept; say so and offer the way back.
    await this.deps.drafts.flush(this.identity);
    const reopen = vscode.l10n.t('Reopen');
    const discard = vscode.l10n.t('Discard');
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Unsaved changes to {0} were kept.', this.displayName), reopen, discard);
    if (choice === reopen) await this.deps.reopen(this.identity);
    else if (choice === discard) await this.deps.drafts.discard(this.identity);
  }
}

/** What identifies a create body for its idempotency key (the same body → the same key). */
function fingerprintOf(input: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

export function formKey(identity: FormIdentity): string {
  return `${identity.connectionId}/${identity.kind}/${identity.recordId ?? 'new'}`;
}
