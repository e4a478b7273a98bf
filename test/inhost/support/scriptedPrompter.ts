/**
 * A Prompter that answers from a script, for in-host tests: each prompt takes the next scripted answer and
 * records what was asked, so a test can assert both the flow and the wording. An unexpected prompt fails.
 */
import type { PickItem, Prompter } from '../../../src/ui/prompter';

export type Answer =
  | { pick: (items: PickItem<unknown>[]) => unknown }
  | { pickMany: (items: PickItem<unknown>[]) => unknown[] | undefined }
  | { input: string | undefined; expectValidationError?: boolean }
  | { confirm: string | undefined };

export interface AskedPrompt {
  kind: 'pick' | 'pickMany' | 'input' | 'confirm';
  title: string;
  text: string;
  items?: string[];
  validation?: string;
}

export class ScriptedPrompter implements Prompter {
  readonly asked: AskedPrompt[] = [];
  private readonly script: Answer[];

  constructor(...script: Answer[]) {
    this.script = script;
  }

  get remaining(): number {
    return this.script.length;
  }

  private next<K extends string>(kind: K): Answer {
    const answer = this.script.shift();
    if (!answer) throw new Error(`Unexpected ${kind} prompt: the script has no answer left (asked: ${JSON.stringify(this.asked.at(-1))})`);
    if (!(kind in answer)) throw new Error(`Expected a ${Object.keys(answer)[0]} prompt but got ${kind}: ${JSON.stringify(this.asked.at(-1))}`);
    return answer;
  }

  async pick<T>(items: PickItem<T>[], options: { title: string; placeholder?: string }): Promise<T | undefined> {
    this.asked.push({ kind: 'pick', title: options.title, text: options.placeholder ?? '', items: items.map((i) => i.label) });
    const answer = this.next('pick') as { pick: (items: PickItem<unknown>[]) => unknown };
    return answer.pick(items as PickItem<unknown>[]) as T | undefined;
  }

  async pickMany<T>(items: PickItem<T>[], options: { title: string; placeholder?: string }): Promise<T[] | undefined> {
    this.asked.push({ kind: 'pickMany', title: options.title, text: options.placeholder ?? '', items: items.map((i) => i.label) });
    const answer = this.next('pickMany') as { pickMany: (items: PickItem<unknown>[]) => unknown[] | undefined };
    return answer.pickMany(items as PickItem<unknown>[]) as T[] | undefined;
  }

  async input(options: Parameters<Prompter['input']>[0]): Promise<string | undefined> {
    const answer = this.next('input') as { input: string | undefined; expectValidationError?: boolean };
    const validation = answer.input !== undefined ? options.validate?.(answer.input) : undefined;
    this.asked.push({ kind: 'input', title: options.title, text: options.prompt, validation });
    if (validation && !answer.expectValidationError) throw new Error(`Input "${answer.input}" failed validation: ${validation}`);
    // A real InputBox cannot be submitted while invalid: the user would have cancelled.
    return validation ? undefined : answer.input;
  }

  async confirm(message: string, detail: string, actions: string[]): Promise<string | undefined> {
    this.asked.push({ kind: 'confirm', title: message, text: detail, items: actions });
    return (this.next('confirm') as { confirm: string | undefined }).confirm;
  }
}

/** Pick the item whose label (or description) matches. */
export const byLabel =
  (pattern: RegExp | string) =>
  (items: PickItem<unknown>[]): unknown => {
    const item = items.find((i) => (typeof pattern === 'string' ? i.label === pattern : pattern.test(i.label) || pattern.test(i.description ?? '')));
    if (!item) throw new Error(`No item matches ${String(pattern)} among ${items.map((i) => i.label).join(', ')}`);
    return item.value;
  };
