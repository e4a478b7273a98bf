/**
 * The form itself, built from the `init` message's field descriptors with DOM calls only. Validation runs as you
 * type with the kind's zod schema (formModel.validate, the same code the extension runs); errors show on fields the
 * user has typed in, and on every field after a Save attempt. Server errors stay on their field until it is edited.
 */
import { isActive, isDirty, rowsSummary, validate, asList, asRules, asText } from '../../views/form/formModel';
import { formSpec, type FormSpec } from '../../views/form/formSpecs';
import type { FieldDescriptor, FormFieldError, FormValues, InitMessage, WebviewMessage } from '../../views/form/protocol';
import { formatDateTime, formatNumber, t } from '../../util/l10n';
import { el, icon, idFor, option } from './dom';
import { RulesEditor, type ErrorSlot } from './rulesEditor';

export interface FormHost {
  post(message: WebviewMessage): void;
  /** Keep the values in the webview's own state (restored after a window reload). */
  persist(values: FormValues | undefined): void;
}

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

export class FormView {
  private readonly spec: FormSpec;
  private baseline: FormValues;

  /** The values the form was opened with (kept in the webview state with the draft). */
  get baselineValues(): FormValues {
    return this.baseline;
  }
  private readonly controls = new Map<string, Control>();
  /** Each field's wrapper (hidden while its `showWhen` does not hold). */
  private readonly wrappers = new Map<string, HTMLElement>();
  /** The boxes of `checkboxes` fields. */
  private readonly boxes = new Map<string, HTMLInputElement[]>();
  /** The live "3 valid rows, 1 invalid row" line under each `rows` field. */
  private readonly summaries = new Map<string, HTMLElement>();
  private readonly slots = new Map<string, ErrorSlot>();
  private rules: RulesEditor | undefined;
  private readonly touched = new Set<string>();
  /** After a Save attempt every error shows, visited or not. */
  private showAll = false;
  private saving = false;
  private readonly serverErrors = new Map<string, string>();
  private formMessages: string[] = [];
  private form!: HTMLFormElement;
  private saveButton!: HTMLButtonElement;
  private status!: HTMLElement;
  private dirtyNote!: HTMLElement;
  private formError!: HTMLElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly init: InitMessage,
    private readonly host: FormHost,
  ) {
    this.spec = formSpec(init.kind);
    this.baseline = init.values;
  }

  render(): void {
    const { init } = this;
    const values = init.draft?.values ?? init.values;
    const title = el('h1', { id: 'form-title' }, init.title);
    this.formError = el('div', { id: 'form-error', class: 'banner error', role: 'alert', tabindex: '-1', hidden: true });
    this.saveButton = el('button', { type: 'submit', id: 'save', class: 'primary' }, icon('save'), init.mode === 'create' ? t('Create {0}', init.noun) : t('Save changes'));
    const cancel = el('button', { type: 'button', id: 'cancel', class: 'secondary' }, t('Cancel'));
    cancel.addEventListener('click', () => this.host.post({ type: 'cancel' }));
    this.status = el('span', { id: 'status', role: 'status', 'aria-live': 'polite' });
    this.dirtyNote = el('span', { id: 'dirty', class: 'dirty-note', hidden: true }, t('Unsaved changes'));

    this.form = el(
      'form',
      { id: 'record-form', novalidate: true, 'aria-labelledby': 'form-title', 'data-kind': init.kind, 'data-mode': init.mode },
      title,
      ...this.banners(),
      this.formError,
      el('p', { class: 'required-note' }, el('span', { class: 'required-mark', 'aria-hidden': 'true' }, '*'), ' ', t('Required field')),
      ...init.fields.map((field) => this.renderField(field, values)),
      el('div', { class: 'actions' }, this.saveButton, cancel, this.dirtyNote, this.status),
    );
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    // Ctrl/Cmd+Enter saves from anywhere (Enter already submits from single-line inputs). Escape never clears.
    this.form.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.submit();
      }
    });
    this.root.replaceChildren(this.form);
    this.root.setAttribute('aria-busy', 'false');
    this.refreshDependentSelects();
    this.refreshVisibility(values);
    this.refresh();
    this.host.persist(init.draft ? values : undefined);
    const first = this.form.querySelector<HTMLElement>('input, textarea, select');
    first?.focus();
  }

  /** The current values, as the extension expects them (lists as lines, rules as rows). */
  values(): FormValues {
    const values: FormValues = {};
    for (const field of this.init.fields) {
      if (field.type === 'rules') values[field.name] = this.rules?.rows() ?? [];
      else if (field.type === 'checkboxes') values[field.name] = (this.boxes.get(field.name) ?? []).filter((b) => b.checked).map((b) => b.value);
      else if (field.type === 'list' || field.type === 'rows') values[field.name] = (this.controls.get(field.name)?.value ?? '').split(/\r?\n/);
      else values[field.name] = this.controls.get(field.name)?.value ?? '';
    }
    return values;
  }

  // --- messages from the extension ---------------------------------------------------------------------------------

  setSaving(saving: boolean): void {
    this.saving = saving;
    this.saveButton.disabled = saving;
    this.form.setAttribute('aria-busy', String(saving));
    if (saving) this.status.textContent = t('Saving…');
  }

  saved(values: FormValues, message: string): void {
    this.baseline = values;
    this.serverErrors.clear();
    this.formMessages = [];
    this.showAll = false;
    this.touched.clear();
    this.setSaving(false);
    this.hideBanner('draft-banner');
    this.status.textContent = message;
    this.refresh();
    this.host.persist(undefined);
  }

  showServerErrors(errors: FormFieldError[], formErrors: string[]): void {
    this.setSaving(false);
    this.status.textContent = t('Not saved.');
    for (const error of errors) this.serverErrors.set(error.field, error.message);
    this.formMessages = formErrors.length ? formErrors : [t('The server refused some fields: see the messages below.')];
    this.showAll = true;
    this.refresh();
    this.focusFirstError();
  }

  showFormError(message: string): void {
    this.setSaving(false);
    this.status.textContent = t('Not saved.');
    this.formMessages = [message];
    this.refresh();
    this.formError.focus();
  }

  /** Nothing was sent (the confirmation was declined). */
  notSent(message: string): void {
    this.setSaving(false);
    this.status.textContent = message;
  }

  /** A CSV file's lines, chosen with "Load CSV File…": they replace the field's text, as if typed. */
  fileLoaded(name: string, fileName: string, lines: string[]): void {
    const control = this.controls.get(name);
    if (!control) return;
    control.value = lines.join('\n');
    this.onInput(name);
    this.status.textContent = t('Loaded {0} lines from {1}.', formatNumber(lines.length), fileName);
    control.focus();
  }

  showValidation(errors: FormFieldError[]): void {
    this.setSaving(false);
    this.status.textContent = t('Not saved: check the highlighted fields.');
    for (const error of errors) if (error.field) this.serverErrors.set(error.field, error.message);
    this.formMessages = errors.filter((e) => !e.field).map((e) => e.message);
    this.showAll = true;
    this.refresh();
    this.focusFirstError();
  }

  // --- building ----------------------------------------------------------------------------------------------------

  private banners(): HTMLElement[] {
    const banners: HTMLElement[] = [];
    const { draft, loadError } = this.init;
    if (draft?.restored) {
      const when = draft.savedAt ? new Date(draft.savedAt) : undefined;
      const discard = el('button', { type: 'button', id: 'discard-draft', class: 'secondary' }, icon('discard'), t('Discard changes'));
      discard.addEventListener('click', () => this.host.post({ type: 'discardDraft' }));
      const text = when && !Number.isNaN(when.getTime()) ? t('Your unsaved changes from {0} were restored.', formatDateTime(when)) : t('Your unsaved changes were restored.');
      banners.push(el('div', { id: 'draft-banner', class: 'banner info', role: 'status' }, icon('info'), el('span', {}, text), discard));
    }
    if (loadError) banners.push(el('div', { id: 'load-error', class: 'banner warning', role: 'status' }, icon('warning'), el('span', {}, loadError)));
    return banners;
  }

  private hideBanner(id: string): void {
    const banner = this.form.querySelector<HTMLElement>(`#${id}`);
    if (banner) banner.hidden = true;
  }

  private renderField(field: FieldDescriptor, values: FormValues): HTMLElement {
    const id = idFor(field.name);
    const error = el('div', { class: 'field-error', id: `${id}-error`, 'data-field': field.name, hidden: true });
    if (field.type === 'rules') {
      this.rules = new RulesEditor(field, asRules(values[field.name]), (event, name) => this.onRulesEvent(event, name), error);
      this.slots.set(field.name, { control: this.rules.element, error });
      return this.rules.element;
    }
    const helpId = field.help ? `${id}-help` : undefined;
    if (field.type === 'checkboxes') return this.track(field, this.renderCheckboxes(field, values, helpId, error));
    const summaryId = field.type === 'rows' ? `${id}-summary` : undefined;
    const describedBy = [helpId, summaryId, error.id].filter(Boolean).join(' ');
    const control = this.renderControl(field, values, describedBy);
    this.controls.set(field.name, control);
    this.slots.set(field.name, { control, error });
    control.addEventListener(control instanceof HTMLSelectElement ? 'change' : 'input', () => this.onInput(field.name));
    const label = el('label', { for: id }, field.label);
    if (field.required) label.append(' ', el('span', { class: 'required-mark', 'aria-hidden': 'true' }, '*'));
    const parts: Array<HTMLElement> = [label, control];
    if (field.suggestions?.length && field.type !== 'select') {
      const list = el('datalist', { id: `${id}-suggestions` });
      for (const s of field.suggestions) list.append(option(s, s));
      control.setAttribute('list', list.id);
      parts.push(list);
    }
    if (field.type === 'rows') {
      const load = el('button', { type: 'button', id: `${id}-load`, class: 'secondary' }, icon('folder-opened'), t('Load CSV File…'));
      load.addEventListener('click', () => this.host.post({ type: 'pickFile', field: field.name }));
      const summary = el('div', { class: 'help rows-summary', id: summaryId!, role: 'status', 'aria-live': 'polite' });
      this.summaries.set(field.name, summary);
      parts.push(el('div', { class: 'rows-actions' }, load, summary));
    }
    if (helpId) parts.push(el('div', { class: 'help', id: helpId }, field.help ?? ''));
    parts.push(error);
    return this.track(field, el('div', { class: `field field-${field.type}${field.required ? ' required' : ''}`, 'data-field': field.name }, ...parts));
  }

  private track(field: FieldDescriptor, wrapper: HTMLElement): HTMLElement {
    this.wrappers.set(field.name, wrapper);
    return wrapper;
  }

  /** A group of checkboxes in a fieldset (its legend is the label); the value is the list of checked options. */
  private renderCheckboxes(field: FieldDescriptor, values: FormValues, helpId: string | undefined, error: HTMLElement): HTMLElement {
    const id = idFor(field.name);
    const checked = new Set(asList(values[field.name]));
    const legend = el('legend', {}, field.label);
    if (field.required) legend.append(' ', el('span', { class: 'required-mark', 'aria-hidden': 'true' }, '*'));
    const boxes: HTMLInputElement[] = [];
    const items = (field.options ?? []).map((o, i) => {
      const box = el('input', { type: 'checkbox', id: `${id}-${i}`, name: field.name, value: o.value });
      box.checked = checked.has(o.value);
      box.addEventListener('change', () => this.onInput(field.name));
      boxes.push(box);
      return el('label', { class: 'checkbox', for: box.id }, box, o.label);
    });
    this.boxes.set(field.name, boxes);
    const describedBy = [helpId, error.id].filter(Boolean).join(' ');
    const fieldset = el('fieldset', { id, 'aria-describedby': describedBy, 'aria-required': field.required ? 'true' : undefined }, legend, ...items);
    this.slots.set(field.name, { control: fieldset, error });
    const parts: HTMLElement[] = [fieldset];
    if (helpId) parts.push(el('div', { class: 'help', id: helpId }, field.help ?? ''));
    parts.push(error);
    return el('div', { class: `field field-checkboxes${field.required ? ' required' : ''}`, 'data-field': field.name }, ...parts);
  }

  /** Fields whose `showWhen` does not hold are hidden (and neither validated nor sent: formModel skips them). */
  private refreshVisibility(values: FormValues): void {
    for (const field of this.init.fields) {
      const wrapper = this.wrappers.get(field.name);
      if (wrapper) wrapper.hidden = !isActive(field, values);
    }
  }

  private renderControl(field: FieldDescriptor, values: FormValues, describedBy: string): Control {
    const common = {
      id: idFor(field.name),
      name: field.name,
      'aria-describedby': describedBy,
      'aria-required': field.required ? 'true' : undefined,
      required: field.required,
      placeholder: field.placeholder,
    };
    const value = values[field.name];
    if (field.type === 'textarea' || field.type === 'list' || field.type === 'rows') {
      const lines = field.type !== 'textarea';
      const area = el('textarea', { ...common, rows: field.type === 'rows' ? '10' : lines ? '3' : '4', spellcheck: lines ? 'false' : undefined, wrap: field.type === 'rows' ? 'off' : undefined });
      area.value = lines ? asList(value).join('\n') : asText(value);
      return area;
    }
    if (field.type === 'select' && field.options?.length) {
      const select = el('select', common);
      select.dataset.value = asText(value);
      return select;
    }
    const input = el('input', {
      ...common,
      type: 'text',
      autocomplete: 'off',
      spellcheck: field.type === 'text' ? undefined : 'false',
      inputmode: field.type === 'email' ? 'email' : field.type === 'url' ? 'url' : field.type === 'number' ? 'decimal' : undefined,
    });
    input.value = asText(value);
    return input;
  }

  /** Fill selects with the options that fit their parent's value (a pipeline's stages); keep a current unknown value. */
  private refreshDependentSelects(changed?: string): void {
    for (const field of this.init.fields) {
      const select = this.controls.get(field.name);
      if (!(select instanceof HTMLSelectElement)) continue;
      if (changed !== undefined && field.optionsParent !== changed) continue;
      const current = select.options.length ? select.value : (select.dataset.value ?? '');
      const parent = field.optionsParent ? (this.controls.get(field.optionsParent)?.value ?? '') : undefined;
      const options = (field.options ?? []).filter((o) => parent === undefined || o.parent === undefined || o.parent === parent);
      const nodes = [option('', field.required ? t('Choose…') : t('(none)')), ...options.map((o) => option(o.value, o.label))];
      const known = options.some((o) => o.value === current);
      if (current && !known && changed === undefined) nodes.push(option(current, t('{0} (current)', current)));
      select.replaceChildren(...nodes);
      select.value = known || changed === undefined ? current : '';
    }
  }

  // --- events ------------------------------------------------------------------------------------------------------

  private onInput(name: string): void {
    this.touched.add(name);
    this.serverErrors.delete(name);
    if (this.init.fields.some((f) => f.optionsParent === name)) this.refreshDependentSelects(name);
    if (this.init.fields.some((f) => f.showWhen?.field === name)) this.refreshVisibility(this.values());
    this.changed();
  }

  private onRulesEvent(event: 'input' | 'structure', name?: string): void {
    if (event === 'structure') {
      // Rows moved: errors the server gave by row number no longer point at the right row.
      for (const key of [...this.serverErrors.keys()]) if (key.startsWith('rules')) this.serverErrors.delete(key);
      this.changed();
      return;
    }
    if (!name) return;
    this.touched.add(name);
    this.serverErrors.delete(name);
    this.changed();
  }

  private changed(): void {
    const values = this.values();
    this.status.textContent = '';
    this.refresh(values);
    this.host.persist(values);
    this.host.post({ type: 'changed', values });
  }

  private submit(): void {
    if (this.saving) return;
    const values = this.values();
    this.showAll = true;
    this.formMessages = [];
    const errors = validate(this.spec, this.init.mode, this.baseline, values);
    this.refresh(values);
    if (errors.length) {
      this.status.textContent = errors.length === 1 ? t('Not saved: one field needs attention.') : t('Not saved: {0} fields need attention.', errors.length);
      this.focusFirstError();
      return;
    }
    this.setSaving(true);
    // The extension asks in a modal first (an order): say so until it answers `saving`.
    if (this.spec.confirmCreate && this.init.mode === 'create') this.status.textContent = t('Waiting for your confirmation…');
    this.host.post({ type: 'submit', values });
  }

  // --- errors ------------------------------------------------------------------------------------------------------

  private allSlots(): Map<string, ErrorSlot> {
    const all = new Map(this.slots);
    for (const [name, slot] of this.rules?.errorSlots() ?? []) all.set(name, slot);
    return all;
  }

  /**
   * Errors show on fields the user typed in, and everywhere after a Save attempt. Not on leaving an untouched field:
   * an error appearing on blur shifts the layout under the pointer and swallows the click that caused the blur.
   */
  private visible(name: string): boolean {
    return this.showAll || this.touched.has(name);
  }

  private refresh(values = this.values()): void {
    const shown = new Map<string, string>();
    const formLevel = [...this.formMessages];
    for (const error of validate(this.spec, this.init.mode, this.baseline, values)) {
      if (!error.field) {
        if (this.showAll) formLevel.push(error.message);
      } else if (this.visible(error.field)) {
        shown.set(error.field, error.message);
      }
    }
    for (const [field, message] of this.serverErrors) if (!shown.has(field)) shown.set(field, message);
    const slots = this.allSlots();
    for (const [name, slot] of slots) setError(slot, shown.get(name));
    // A server error naming a rule row that no longer exists is shown on the rules as a whole.
    const orphans = [...shown].filter(([name]) => !slots.has(name)).map(([, message]) => message);
    if (orphans.length) formLevel.push(...orphans);
    this.setFormErrors(formLevel);
    for (const [name, summary] of this.summaries) {
      const field = this.spec.fields.find((f) => f.name === name);
      if (field) summary.textContent = rowsSummary(field, values[name]);
    }
    this.dirtyNote.hidden = !isDirty(this.spec, this.baseline, values);
  }

  private setFormErrors(messages: string[]): void {
    const unique = [...new Set(messages)];
    this.formError.hidden = unique.length === 0;
    this.formError.replaceChildren(...(unique.length ? [icon('error'), el('ul', {}, ...unique.map((m) => el('li', {}, m)))] : []));
  }

  private focusFirstError(): void {
    const invalid = this.form.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (invalid) invalid.focus();
    else if (!this.formError.hidden) this.formError.focus();
  }
}

function setError(slot: ErrorSlot, message: string | undefined): void {
  slot.error.hidden = message === undefined;
  slot.error.replaceChildren(...(message === undefined ? [] : [icon('error'), el('span', {}, message)]));
  if (message === undefined) slot.control.removeAttribute('aria-invalid');
  else slot.control.setAttribute('aria-invalid', 'true');
}
