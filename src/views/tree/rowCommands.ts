/**
 * Argument-free command ids for rows whose click acts on their folder ("Load more", the error row's retry).
 *
 * Why: VS Code sends a TreeItem command WITH arguments to the workbench under a temporary id, and drops that id when
 * the row's folder is refreshed next. A click that lands while the refresh is on its way shows "Actual command not
 * found, wanted to execute crm.loadMore /N". This happens with a double click on "Load more", or with a click right
 * after one, because every Load more refreshes the folder (microsoft/vscode#173233). A command without arguments is
 * sent as its plain id and stays valid. So each folder gets an id of its own, registered once, that runs the
 * contributed command on whichever node holds that row id now (a folder that is rebuilt keeps its id). The nodes are
 * held weakly: a removed connection's folders are not kept alive by their commands.
 */
import * as vscode from 'vscode';
import type { ExplorerNode } from './node';

export class RowCommands implements vscode.Disposable {
  private readonly targets = new Map<string, WeakRef<ExplorerNode>>();
  private readonly ids = new Map<string, string>();
  private readonly registrations: vscode.Disposable[] = [];

  /** The id that runs `command` with `target` (the node currently registered under target.id) as its argument. */
  idFor(command: string, target: ExplorerNode): string {
    const key = `${command} ${target.id}`;
    this.targets.set(key, new WeakRef(target));
    let id = this.ids.get(key);
    if (!id) {
      id = `${command}.row${this.ids.size + 1}`;
      this.ids.set(key, id);
      this.registrations.push(
        vscode.commands.registerCommand(id, () => {
          const node = this.targets.get(key)?.deref();
          return node ? vscode.commands.executeCommand(command, node) : undefined;
        }),
      );
    }
    return id;
  }

  dispose(): void {
    for (const registration of this.registrations) registration.dispose();
    this.registrations.length = 0;
    this.targets.clear();
    this.ids.clear();
  }
}
