/**
 * Commands whose implementation is loaded on first use. At activation only a stub per command id is registered
 * (cheap); the first time any command of a group runs, the group's register function runs (which loads its chunk
 * through src/lazy.ts) and its handlers are collected through `CommandContext.define`, so the existing
 * `registerXCommands(ctx, services)` functions work unchanged. The ids are listed where the group is declared
 * (src/commandGroups.ts) because VS Code needs them before the implementation exists; a group that registers an id
 * it did not declare, or misses one it did, fails loudly (and the in-host test "command groups" checks them all
 * against package.json).
 */
import * as vscode from 'vscode';
import type { CommandContext } from './commands/registerCommand';

type Handler = (...args: unknown[]) => unknown;

export interface LazyCommandGroup<T> {
  readonly ids: readonly string[];
  /** Loads the implementation (once) and returns what the register function returned. */
  load(): T;
  readonly loaded: boolean;
}

export function registerLazyCommands<T>(ctx: CommandContext, ids: readonly string[], register: (ctx: CommandContext) => T): LazyCommandGroup<T> {
  const handlers = new Map<string, Handler>();
  let result: { value: T } | undefined;

  const load = (): T => {
    if (result) return result.value;
    const undeclared: string[] = [];
    const value = register({
      ...ctx,
      define: (id, callback) => {
        if (!ids.includes(id)) undeclared.push(id);
        handlers.set(id, callback);
        return new vscode.Disposable(() => handlers.delete(id));
      },
    });
    const missing = ids.filter((id) => !handlers.has(id));
    if (undeclared.length || missing.length) {
      // A programming error (the group's id list and its register function disagree): say exactly what to fix.
      throw new Error(
        `Lazily registered commands do not match their group: ${[
          undeclared.length && `registered but not declared: ${undeclared.join(', ')}`,
          missing.length && `declared but not registered: ${missing.join(', ')}`,
        ].filter(Boolean).join('; ')} (src/commandGroups.ts)`,
      );
    }
    result = { value };
    return value;
  };

  for (const id of ids) {
    ctx.subscriptions.push(
      vscode.commands.registerCommand(id, (...args: unknown[]) => {
        let handler: Handler | undefined;
        try {
          load();
          handler = handlers.get(id);
        } catch (error) {
          ctx.logger.error(`loading the implementation of ${id} failed: ${error instanceof Error && error.stack ? error.stack : String(error)}`);
          void ctx.errors.present(error, id);
          return undefined;
        }
        // The handler is the registerCommand wrapper: it logs and presents its own errors and returns the result.
        return handler?.(...args);
      }),
    );
  }
  return {
    ids,
    load,
    get loaded() {
      return result !== undefined;
    },
  };
}
