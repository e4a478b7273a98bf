/**
 * The "CRM Explorer" log, created on its first line or on "Show Log" instead of at activation: creating a log output
 * channel costs 0.2–1 ms there (measured in code-server) and activation itself writes nothing. Until then the
 * channel is simply not in the Output view's list.
 */
import * as vscode from 'vscode';
import type { Logger } from '../util/logger';

export interface LogChannel extends Logger, vscode.Disposable {
  show(preserveFocus?: boolean): void;
}

export function lazyLogChannel(name: string): LogChannel {
  let channel: vscode.LogOutputChannel | undefined;
  const open = () => (channel ??= vscode.window.createOutputChannel(name, { log: true }));
  return {
    trace: (message) => open().trace(message),
    debug: (message) => open().debug(message),
    info: (message) => open().info(message),
    warn: (message) => open().warn(message),
    error: (message) => open().error(message),
    show: (preserveFocus) => open().show(preserveFocus),
    dispose: () => channel?.dispose(),
  };
}
