/**
 * Filter, search and sort a folder. The APIs' filter format is field → list of values (a field matches any of
 * its values, fields combine with AND), so the only operator offered is "is any of". Value suggestions come from
 * the prospect filter-suggestion endpoint where the field is one it knows.
 */
import * as vscode from 'vscode';
import type { MinotaurClient } from '../api/minotaur/client';
import type { Services } from '../services';
import type { RecordFilter } from '../views/tree/folderSpec';
import { PagedFolderNode, describeFilter } from '../views/tree/pagedFolderNode';
import { displayText } from '../views/tree/displayText';
import { registerCommand, type CommandContext } from './registerCommand';

export function registerFilterCommands(ctx: CommandContext, services: Services): void {
  registerCommand(ctx, 'crm.filterFolder', (folder?: unknown) => withFolder(folder, (f) => addFilter(services, f)));
  registerCommand(ctx, 'crm.searchFolder', (folder?: unknown) => withFolder(folder, (f) => search(services, f)));
  registerCommand(ctx, 'crm.clearFilter', (folder?: unknown) => withFolder(folder, (f) => apply(services, f, { filter: {}, sort: null })));
  registerCommand(ctx, 'crm.sortByScore', (folder?: unknown) => withFolder(folder, (f) => sortByScore(services, f)));
}

type AnyFolder = PagedFolderNode<unknown, unknown>;

async function withFolder<R>(folder: unknown, run: (folder: AnyFolder) => Promise<R>): Promise<R | undefined> {
  return folder instanceof PagedFolderNode ? run(folder as AnyFolder) : undefined;
}

async function apply(services: Services, folder: AnyFolder, query: Parameters<AnyFolder['reset']>[0]): Promise<RecordFilter> {
  folder.reset(query);
  services.explorer.refresh(folder);
  await services.treeView.reveal(folder, { expand: true }).then(undefined, () => undefined);
  return folder.activeFilter;
}

async function addFilter(services: Services, folder: AnyFolder): Promise<RecordFilter | undefined> {
  const fields = folder.spec.filterFields ?? [];
  if (fields.length === 0) return undefined;
  const title = vscode.l10n.t('Filter {0}', folder.spec.label);
  const current = folder.activeFilter;
  const field = await services.prompter.pick(
    fields.map((f) => ({ label: f, description: current[f]?.length ? vscode.l10n.t('is any of {0}', current[f].join(', ')) : undefined, value: f })),
    { title, placeholder: vscode.l10n.t('Field to filter on') },
  );
  if (!field) return undefined;
  const typed = await services.prompter.input({
    title: vscode.l10n.t('{0}: {1} is any of…', title, field),
    prompt: folder.spec.suggestedFields?.includes(field)
      ? vscode.l10n.t('Type part of a value to get suggestions, or several values separated by commas')
      : vscode.l10n.t('One or more values, separated by commas (each matches as "contains")'),
    value: current[field]?.join(', '),
  });
  if (typed === undefined) return undefined;
  let values = typed.split(',').map((v) => v.trim()).filter(Boolean);
  if (folder.spec.suggestedFields?.includes(field) && values.length <= 1) {
    const suggestions = await suggest(services, folder, field, values[0] ?? '');
    if (suggestions.length) {
      const picked = await services.prompter.pickMany(
        [...new Set([...(values[0] ? [values[0]] : []), ...suggestions])].map((v) => ({ label: v, picked: v === values[0], value: v })),
        { title: vscode.l10n.t('{0}: {1} is any of…', title, field), placeholder: vscode.l10n.t('Pick one or more values') },
      );
      if (picked === undefined) return undefined;
      values = picked;
    }
  }
  const next: RecordFilter = { ...current };
  if (values.length) next[field] = values;
  else delete next[field];
  services.logger.info(`Filter on ${folder.spec.label}: ${describeFilter(next) || 'none'}`);
  return apply(services, folder, { filter: next });
}

async function suggest(services: Services, folder: AnyFolder, field: string, search: string): Promise<string[]> {
  const connection = services.registry.get(folder.connectionId);
  if (!connection || connection.provider !== 'minotaur') return [];
  try {
    const client: MinotaurClient = await services.clients.minotaur(connection);
    const page = await client.prospectFilters(field, search);
    return page.items.map((s) => displayText(s.value, 100)).filter(Boolean).slice(0, 50);
  } catch (error) {
    // Suggestions are a convenience: without them the typed value is used as is.
    services.logger.warn(`No filter suggestions for ${field}: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}

async function search(services: Services, folder: AnyFolder): Promise<RecordFilter | undefined> {
  const field = folder.spec.searchField;
  if (!field) return undefined;
  const text = await services.prompter.input({
    title: vscode.l10n.t('Search {0}', folder.spec.label),
    prompt: vscode.l10n.t('Show records whose {0} contains… (empty clears the search)', field),
    value: folder.activeFilter[field]?.join(', '),
  });
  if (text === undefined) return undefined;
  const next: RecordFilter = { ...folder.activeFilter };
  if (text.trim()) next[field] = [text.trim()];
  else delete next[field];
  return apply(services, folder, { filter: next });
}

async function sortByScore(services: Services, folder: AnyFolder): Promise<RecordFilter | undefined> {
  if (!folder.spec.sortFields?.includes('score')) return undefined;
  const direction = await services.prompter.pick(
    [
      { label: vscode.l10n.t('Highest score first'), value: 'DESC' as const },
      { label: vscode.l10n.t('Lowest score first'), value: 'ASC' as const },
      { label: vscode.l10n.t('Server order'), value: null },
    ],
    { title: vscode.l10n.t('Sort {0}', folder.spec.label) },
  );
  if (direction === undefined) return undefined;
  return apply(services, folder, { sort: direction ? { field: 'score', direction } : null });
}
