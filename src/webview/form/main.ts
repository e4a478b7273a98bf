/**
 * The record form's webview script (bundled to dist/webview/form.js). It talks to the extension only through the
 * typed protocol (src/views/form/protocol.ts): every message received is validated, anything else is ignored.
 */
import { z } from 'zod';
import { parseExtensionMessage, type FormIdentity, type FormValues, type PersistedState, type WebviewMessage } from '../../views/form/protocol';
import { bundleTranslator, setLocale, setTranslator } from '../../util/l10n';
import { FormView } from './formView';

// The CSP has no 'unsafe-eval': tell zod not to probe `new Function` (the probe itself is reported as a violation).
z.config({ jitless: true });

const vscode = acquireVsCodeApi();
const root = document.getElementById('app') as HTMLElement;
let view: FormView | undefined;
let identity: FormIdentity | undefined;

function post(message: WebviewMessage): void {
  vscode.postMessage(message);
}

function persist(values: FormValues | undefined): void {
  if (!identity) return;
  const baseline = view?.baselineValues;
  const state: PersistedState = { identity, ...(values ? { values, baseline, savedAt: new Date().toISOString() } : {}) };
  vscode.setState(state);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = parseExtensionMessage(event.data);
  if (!parsed.ok) {
    console.debug(`record form: ignored a message (${parsed.reason})`);
    return;
  }
  const message = parsed.message;
  if (message.type === 'init') {
    // Every text this script shows (and the validation messages of the shared form model) goes through util/l10n's
    // t(): from now on it looks messages up in the translations the extension sent.
    setTranslator(bundleTranslator(message.texts));
    setLocale(message.locale);
    identity = message.identity;
    view = new FormView(root, message, { post, persist });
    view.render();
    return;
  }
  if (!view) return;
  switch (message.type) {
    case 'saving':
      view.setSaving(true);
      return;
    case 'saved':
      view.saved(message.values, message.message);
      return;
    case 'fieldErrors':
      view.showServerErrors(message.errors, message.formErrors);
      return;
    case 'formError':
      view.showFormError(message.message);
      return;
    case 'validation':
      view.showValidation(message.errors);
      return;
    case 'notSent':
      view.notSent(message.message);
      return;
    case 'fileLoaded':
      view.fileLoaded(message.field, message.name, message.lines);
      return;
  }
});

post({ type: 'ready' });
