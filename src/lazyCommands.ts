/**
 * Commands whose implementation is loaded on first use. Only a stub per command id is registered with VS Code
 * (cheap; when: see below); the first time any command of a group runs, the group's register function runs (which
 * loads its chunk through src/lazy.ts) and its handlers are collected through `CommandContext.define`, so the
 * existing `registerXCommands(ctx, services)` functions work unchanged. The ids are listed where the group is
 * declared (src/commandGroups.ts) because VS Code needs them before the implementation exists; a group that
 * registers an id it did not declare, or misses one it did, fails loudly (and the in-host test "command groups"
 * checks them all against package.json).
 *
 * Commands offered only on tree rows below a connection (the rows are built by the core chunk) are registered when
 * that chunk loads rather than at activation: each registration is a message to VS Code's main thread, and 25 of the
 * 43 commands are row-only, so activation sends 18 (SPEC §8 activation budget; docs/benchmarks.md). The in-host suite
 * "lazy loading" checks from package.json that a row-only command is reachable from such rows only.
 */
import * as vscode from 'vscode';
import type { CommandContext } from './commands/registerCommand';

type Handler = (...args: unknown[]) => unknown;

/** A group's command ids, by when VS Code gets them. */
export interface CommandIds {
  /** From the palette, a view's title bar, a connection row, a key binding or a link: registered at activation. */
  readonly atActivation: readonly string[];
  /** Only in menus of rows below a connection (or a row's own click), hidden from the palette, no key binding. */
  readonly onRows?: readonly string[];
}

export interface LazyCommandGroup<T> {
  /** Every id of the group. */
  readonly ids: readonly string[];
  /** The row-only ids (registered by `whenRowsCanExist`). */
  readonly rowIds: readonly string[];
  /** Loads the implementation (once) and returns what the register function returned. */
  load(): T;
  readonly loaded: boolean;
}

/**
 * `whenRowsCanExist(run)` must call `run` before the first row below a connection is built (src/lazy.ts
 * whenCoreLoads); without it the row-only ids are registered at once.
 */
export function registerLazyCommands<T>(
  ctx: CommandContext,
  commandIds: CommandIds,
  register: (ctx: CommandContext) => T,
  whenRowsCanExist: (run: () => void) => void = (run) => run(),
): LazyCommandGroup<T> {
  const rowIds = commandIds.onRows ?? [];
  const ids = [...commandIds.atActivation, ...rowIds];
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

  const registerStub = (id: string) =>
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
  for (const id of commandIds.atActivation) registerStub(id);
  if (rowIds.length) whenRowsCanExist(() => rowIds.forEach(registerStub));
  return {
    ids,
    rowIds,
    load,
    get loaded() {
      return result !== undefined;
    },
  };
}
