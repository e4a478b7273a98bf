/**
 * The rules editor of a contact list: rows of field / operator / value, with Add and Remove. The operators offered
 * are the known ones plus any other operator a rule already has (kept as it is, never silently changed).
 * Inputs are named `rules.<i>.<part>` (ids `rules-<i>-<part>`), the names validation errors use.
 */
import type { FieldDescriptor, RuleRow } from '../../views/form/protocol';
import { RULE_OPERATOR_LABELS, RULE_OPERATORS } from '../../views/form/formSpecs';
import { t, tr } from '../../util/l10n';
import { el, icon, idFor, option } from './dom';

export interface ErrorSlot {
  control: HTMLElement;
  error: HTMLElement;
}

const PARTS = ['field', 'operator', 'value'] as const;

export class RulesEditor {
  readonly element: HTMLFieldSetElement;
  private readonly body: HTMLElement;
  private readonly addButton: HTMLButtonElement;
  private readonly slots = new Map<string, ErrorSlot>();
  /** Operators seen on this form's rules (kept in every row's choices once seen). */
  private readonly extraOperators = new Set<string>();

  constructor(
    private readonly field: FieldDescriptor,
    rows: RuleRow[],
    /** `input`: a value changed; `structure`: rows were added or removed. */
    private readonly onEvent: (event: 'input' | 'structure', name?: string) => void,
    /** The field-level error element (errors about the list of rules as a whole). */
    readonly fieldError: HTMLElement,
  ) {
    const name = field.name;
    const legendId = `${idFor(name)}-legend`;
    const helpId = field.help ? `${idFor(name)}-help` : undefined;
    this.body = el('div', { class: 'rule-rows', role: 'list', 'aria-labelledby': legendId });
    this.addButton = el('button', { type: 'button', class: 'secondary', id: `${idFor(name)}-add` }, icon('add'), t('Add rule'));
    this.addButton.addEventListener('click', () => this.add());
    const datalist = el('datalist', { id: `${idFor(name)}-field-suggestions` });
    for (const s of field.suggestions ?? []) datalist.append(option(s, s));
    this.element = el(
      'fieldset',
      { class: 'field rules', 'data-field': name, id: idFor(name), 'aria-describedby': [helpId, fieldError.id].filter(Boolean).join(' ') },
      el('legend', { id: legendId }, field.label),
      ...(helpId ? [el('div', { class: 'help', id: helpId }, field.help ?? '')] : []),
      el('div', { class: 'rule-header', 'aria-hidden': 'true' }, el('span', {}, t('Field')), el('span', {}, t('Operator')), el('span', {}, t('Value')), el('span')),
      this.body,
      el('p', { class: 'rules-empty', hidden: rows.length > 0 }, t('No rules: the list holds only the contacts added to it.')),
      fieldError,
      el('div', { class: 'rules-actions' }, this.addButton),
      datalist,
    );
    this.render(rows);
  }

  rows(): RuleRow[] {
    return [...this.body.querySelectorAll<HTMLElement>('.rule-row')].map((row) => {
      const read = (part: string) => row.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-part="${part}"]`)?.value ?? '';
      return { field: read('field'), operator: read('operator'), value: read('value') };
    });
  }

  /** Error display slots of the current rows, by name (`rules.0.value`). */
  errorSlots(): ReadonlyMap<string, ErrorSlot> {
    return this.slots;
  }

  setRows(rows: RuleRow[]): void {
    this.render(rows);
  }

  private add(): void {
    const rows = this.rows();
    rows.push({ field: '', operator: RULE_OPERATORS[0] ?? 'contains', value: '' });
    this.render(rows);
    this.onEvent('structure');
    this.body.querySelector<HTMLInputElement>(`#${idFor(`${this.field.name}.${rows.length - 1}.field`)}`)?.focus();
  }

  private remove(index: number): void {
    const rows = this.rows();
    rows.splice(index, 1);
    this.render(rows);
    this.onEvent('structure');
    // Focus stays in the editor: the row that took this one's place, the one before, or Add.
    const next = Math.min(index, rows.length - 1);
    const target = next >= 0 ? this.body.querySelector<HTMLButtonElement>(`#${idFor(`${this.field.name}.${next}.remove`)}`) : this.addButton;
    (target ?? this.addButton).focus();
  }

  private render(rows: RuleRow[]): void {
    this.slots.clear();
    for (const row of rows) if (row.operator && !RULE_OPERATORS.includes(row.operator)) this.extraOperators.add(row.operator);
    this.body.replaceChildren(...rows.map((row, i) => this.renderRow(row, i)));
    const empty = this.element?.querySelector<HTMLElement>('.rules-empty');
    if (empty) empty.hidden = rows.length > 0;
  }

  private renderRow(row: RuleRow, index: number): HTMLElement {
    const n = index + 1;
    const base = `${this.field.name}.${index}`;
    const cells = PARTS.map((part) => {
      const name = `${base}.${part}`;
      const id = idFor(name);
      const error = el('div', { class: 'field-error', id: `${id}-error`, 'data-field': name, hidden: true });
      const label = el('label', { for: id, class: 'visually-hidden' }, { field: t('Rule {0} field', n), operator: t('Rule {0} operator', n), value: t('Rule {0} value', n) }[part]);
      let control: HTMLInputElement | HTMLSelectElement;
      if (part === 'operator') {
        const select = el('select', { id, name, 'data-part': part, 'aria-describedby': error.id, 'aria-required': 'true' });
        const operators = [...RULE_OPERATORS, ...this.extraOperators];
        if (row.operator && !operators.includes(row.operator)) operators.push(row.operator);
        for (const op of operators) select.append(option(op, tr(RULE_OPERATOR_LABELS[op] ?? op)));
        select.value = row.operator || (RULE_OPERATORS[0] ?? '');
        control = select;
      } else {
        const input = el('input', {
          type: 'text',
          id,
          name,
          'data-part': part,
          autocomplete: 'off',
          spellcheck: 'false',
          'aria-describedby': error.id,
          'aria-required': 'true',
          list: part === 'field' ? `${idFor(this.field.name)}-field-suggestions` : undefined,
          placeholder: part === 'field' ? 'job_title' : part === 'value' ? 'Engineer' : undefined,
        });
        input.value = part === 'field' ? row.field : row.value;
        control = input;
      }
      control.addEventListener(part === 'operator' ? 'change' : 'input', () => this.onEvent('input', name));
      this.slots.set(name, { control, error });
      return el('div', { class: `rule-cell rule-${part}` }, label, control, error);
    });
    const remove = el('button', { type: 'button', class: 'icon-button', id: idFor(`${base}.remove`), 'aria-label': t('Remove rule {0}', n), title: t('Remove rule {0}', n) }, icon('trash'));
    remove.addEventListener('click', () => this.remove(index));
    return el('div', { class: 'rule-row', role: 'listitem', 'data-index': String(index) }, ...cells, el('div', { class: 'rule-cell rule-remove' }, remove));
  }
}
