/**
 * Tiny DOM helpers. Text goes in through `append(string)` (a Text node) or `.textContent`, values through `.value`:
 * nothing here parses HTML, so record text can never become markup.
 */
type Attrs = Record<string, string | boolean | undefined>;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children);
  return node;
}

/** A codicon (media/form.css draws it with the theme's colour); decorative, hidden from assistive technology. */
export function icon(name: string): HTMLSpanElement {
  return el('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

/** Ids are derived from field names (`rules.0.value` → `rules-0-value`) so they stay valid, selector-friendly ids. */
export function idFor(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '-');
}

export function option(value: string, label: string): HTMLOptionElement {
  const node = document.createElement('option');
  node.value = value;
  node.textContent = label;
  return node;
}
