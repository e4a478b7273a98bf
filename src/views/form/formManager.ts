/**
 * The open record forms: at most one panel per record (or per kind's create form, per connection) — opening it
 * again reveals it. Restores forms after a window reload (the `crm.recordForm` serializer) and keeps the drafts.
 */
import * as vscode from 'vscode';
import type { Services } from '../../services';
import { displayText } from '../tree/displayText';
import { nounText } from '../tree/nouns';
import { DraftStore } from './drafts';
import { webviewOptions } from './formHtml';
import { FormPanel, formKey, type LoadSeed } from './formPanel';
import { formSpec } from './formSpecs';
import { FORM_VIEW_TYPE, PersistedStateSchema, type FormIdentity, type RecordKind } from './protocol';
import { recordAccess, type AnyRecordAccess } from './recordAccess';

export class FormManager implements vscode.Disposable {
  readonly drafts: DraftStore;
  private readonly panels = new Map<string, FormPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly access: Record<RecordKind, AnyRecordAccess>;

  constructor(private readonly services: Services) {
    this.access = recordAccess({
      // A new order is watched from here, like one chosen in the Orders folder.
      orderCreated: (connectionId, orderId, title, status) => {
        const shown = displayText(title, 60);
        void vscode.window.showInformationMessage(vscode.l10n.t('Order "{0}" created ({1}).', shown, displayText(status, 20)), vscode.l10n.t('Watch Order')).then((choice) => {
          if (choice) void vscode.commands.executeCommand('crm.op.watchOrder', { connectionId, orderId, title });
        });
      },
    });
    this.drafts = new DraftStore(services.context.globalState, (error) => services.logger.error(`record form: could not keep a draft: ${String(error)}`));
    // The panel serializer that calls restore() is registered at activation by the entry (src/commandGroups.ts),
    // which loads this lazily loaded class only when a form is restored.
  }

  /** Open the form of a record (edit) or a new record (no recordId), or reveal it when it is already open. */
  async open(identity: FormIdentity, seed: LoadSeed = {}): Promise<FormPanel> {
    const existing = this.panels.get(formKey(identity));
    if (existing && !existing.isDisposed) {
      existing.reveal();
      return existing;
    }
    const spec = formSpec(identity.kind);
    const panel = vscode.window.createWebviewPanel(
      FORM_VIEW_TYPE,
      identity.recordId ? vscode.l10n.t('Edit {0}', nounText(spec.noun)) : vscode.l10n.t('New {0}', nounText(spec.noun)),
      vscode.ViewColumn.Active,
      webviewOptions(this.services.context.extensionUri),
    );
    return this.adopt(panel, identity, seed);
  }

  /** The open form of a record, if any. */
  find(identity: FormIdentity): FormPanel | undefined {
    return this.panels.get(formKey(identity));
  }

  get openForms(): FormPanel[] {
    return [...this.panels.values()];
  }

  /**
   * After a window reload (the serializer registered in src/commandGroups.ts; public so in-host tests can drive it): the webview's saved state names
   * the record; the kept draft, or that state when newer, fills it in.
   */
  async restore(panel: vscode.WebviewPanel, rawState: unknown): Promise<void> {
    const state = PersistedStateSchema.safeParse(rawState);
    if (!state.success || this.panels.has(formKey(state.data.identity))) {
      this.services.logger.debug('record form: a restored panel had no usable state; closed it');
      panel.dispose();
      return;
    }
    panel.webview.options = webviewOptions(this.services.context.extensionUri);
    try {
      await this.adopt(panel, state.data.identity, { state: { values: state.data.values, baseline: state.data.baseline, savedAt: state.data.savedAt } });
    } catch (error) {
      // The draft stays in storage: running Edit/Create on the record again restores it.
      void this.services.errors.present(error, vscode.l10n.t('Restore record form'));
    }
  }

  private async adopt(panel: vscode.WebviewPanel, identity: FormIdentity, seed: LoadSeed): Promise<FormPanel> {
    const form = new FormPanel(panel, identity, {
      services: this.services,
      drafts: this.drafts,
      access: this.access[identity.kind],
      reopen: (id) => vscode.commands.executeCommand(id.recordId ? 'crm.editRecord' : 'crm.createRecord', id),
      onDisposed: (p) => {
        if (this.panels.get(p.key) === p) this.panels.delete(p.key);
      },
    });
    this.panels.set(form.key, form);
    try {
      await form.load(seed);
    } catch (error) {
      form.closeQuietly();
      throw error;
    }
    return form;
  }

  dispose(): void {
    void this.drafts.flushAll();
    this.disposables.forEach((d) => d.dispose());
  }
}
