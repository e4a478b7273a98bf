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
}

export function registerCommand<A extends unknown[]>(
  context: CommandContext,
  id: string,
  handler: (...args: A) => unknown,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
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
