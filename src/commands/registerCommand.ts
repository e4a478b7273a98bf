/**
 * The one way commands are registered: the handler's errors are logged and shown by the ErrorPresenter, so
 * no command needs its own try/catch, and the result is returned to the caller (tests call commands directly).
 */
import * as vscode from 'vscode';
import type { Logger } from '../util/logger';
import { commandTitle } from './commandTitles';
import type { ErrorPresenter } from './errorPresenter';

export interface CommandContext {
  subscriptions: vscode.Disposable[];
  logger: Logger;
  errors: ErrorPresenter;
  /**
   * Set by registerLazyCommands (src/lazyCommands.ts) while a lazily loaded group registers: its handlers are
   * collected there behind the stubs registered at activation instead of being registered with VS Code a second time.
   */
  define?(id: string, callback: (...args: unknown[]) => unknown): vscode.Disposable;
}

export function registerCommand<A extends unknown[]>(
  context: CommandContext,
  id: string,
  handler: (...args: A) => unknown,
): void {
  const register = context.define ?? ((command: string, callback: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(command, callback));
  context.subscriptions.push(
    register(id, async (...args: unknown[]) => {
      context.logger.debug(`command ${id}`);
      try {
        return await handler(...(args as A));
      } catch (error) {
        // Fire and forget: the user's choice in the notification must not block the command's caller.
        void context.errors.present(error, commandTitle(id));
        return undefined;
      }
    }),
  );
}
