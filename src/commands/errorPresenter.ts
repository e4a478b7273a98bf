/**
 * Turns any error from a command into ONE message with the action that helps: Replace Key for a rejected key
 * (offered once per rejection, never in a loop), Show Log for the rest. The full detail goes to the log; the
 * notification never shows a stack trace.
 */
import * as vscode from 'vscode';
import { isApiError } from '../api/http/errors';
import type { KeyHealth } from '../connections/keyHealth';
import type { Logger } from '../util/logger';

export interface ErrorPresenterDeps {
  logger: Logger;
  keyHealth: KeyHealth;
  showLog(): void;
  replaceKey(connectionId: string): Thenable<unknown>;
  /** Remember that a connection's key was refused a permission, so later actions needing it refuse at once. */
  rememberDenied?(connectionId: string, requirement: string): void;
}

export class ErrorPresenter {
  constructor(private readonly deps: ErrorPresenterDeps) {}

  async present(error: unknown, what: string): Promise<void> {
    const { logger } = this.deps;
    if (isApiError(error)) {
      if (error.kind === 'cancelled') return;
      const details = [error.code && `code ${error.code}`, error.issues.length && `issues: ${error.issues.join('; ')}`].filter(Boolean).join(', ');
      logger.error(`${what} failed: ${error.kind}${error.status ? ` (HTTP ${error.status})` : ''}: ${error.message}${details ? ` [${details}]` : ''}`);
      if (error.kind === 'forbidden' && error.connectionId && error.requirement) this.deps.rememberDenied?.(error.connectionId, error.requirement);
      const replaceKey = vscode.l10n.t('Replace Key');
      const showLog = vscode.l10n.t('Show Log');
      const actions: string[] = [];
      if (error.kind === 'unauthorized' && error.connectionId) {
        this.deps.keyHealth.markRejected(error.connectionId);
        if (this.deps.keyHealth.takeOffer(error.connectionId)) actions.push(replaceKey);
      }
      actions.push(showLog);
      const choice = await vscode.window.showErrorMessage(error.message, ...actions);
      if (choice === replaceKey && error.connectionId) await this.deps.replaceKey(error.connectionId);
      else if (choice === showLog) this.deps.showLog();
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    logger.error(`${what} failed unexpectedly: ${error instanceof Error && error.stack ? error.stack : message}`);
    const showLog = vscode.l10n.t('Show Log');
    const choice = await vscode.window.showErrorMessage(vscode.l10n.t('{0} failed: {1}', what, message), showLog);
    if (choice === showLog) this.deps.showLog();
  }
}
