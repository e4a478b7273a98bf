/**
 * Everything a command asks the user goes through a Prompter. The extension uses the real VS Code UI;
 * in-host tests swap in a scripted one through the test API, so commands are tested end to end without
 * clicking, and without a global to patch.
 */
import * as vscode from 'vscode';

export interface PickItem<T> extends vscode.QuickPickItem {
  value: T;
}

export interface Prompter {
  pick<T>(items: PickItem<T>[], options: { title: string; placeholder?: string }): Promise<T | undefined>;
  pickMany<T>(items: PickItem<T>[], options: { title: string; placeholder?: string }): Promise<T[] | undefined>;
  input(options: {
    title: string;
    prompt: string;
    value?: string;
    placeholder?: string;
    password?: boolean;
    validate?: (value: string) => string | undefined;
  }): Promise<string | undefined>;
  /** A modal question; resolves to the chosen action's label, or undefined when dismissed. */
  confirm(message: string, detail: string, actions: string[]): Promise<string | undefined>;
}

export const vscodePrompter: Prompter = {
  async pick(items, options) {
    const chosen = await vscode.window.showQuickPick(items, { title: options.title, placeHolder: options.placeholder, ignoreFocusOut: true });
    return chosen?.value;
  },
  async pickMany(items, options) {
    const chosen = await vscode.window.showQuickPick(items, {
      title: options.title,
      placeHolder: options.placeholder,
      canPickMany: true,
      ignoreFocusOut: true,
    });
    return chosen?.map((item) => item.value);
  },
  input(options) {
    return Promise.resolve(
      vscode.window.showInputBox({
        title: options.title,
        prompt: options.prompt,
        value: options.value,
        placeHolder: options.placeholder,
        password: options.password,
        ignoreFocusOut: true,
        validateInput: options.validate,
      }),
    );
  },
  async confirm(message, detail, actions) {
    return vscode.window.showWarningMessage(message, { modal: true, detail }, ...actions);
  },
};
