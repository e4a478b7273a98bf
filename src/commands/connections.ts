/**
 * Connection commands: Add Connection (provider → URL → name → key, key checked before anything is saved),
 * Try the Local Sandbox, Replace Key, Remove Connection, Switch Active Connection.
 */
import * as vscode from 'vscode';
import { ApiError } from '../api/http/errors';
import type { MinotaurClient } from '../api/minotaur/client';
import type { OpenProspectClient } from '../api/openprospect/client';
import { checkMinotaurKey, checkOpenProspectKey, type KeyCheckResult } from '../connections/keyCheck';
import { KNOWN_BASE_URLS, PROVIDER_LABEL, type Connection, type Provider } from '../connections/model';
import { newConnectionId } from '../connections/registry';
import { fetchSandboxDemoKey, sandboxBaseUrl } from '../connections/sandbox';
import { checkBaseUrl, normaliseBaseUrl } from '../connections/urlPolicy';
import type { Services } from '../services';
import type { PickItem } from '../ui/prompter';
import { ConnectionNode } from '../views/tree/connectionNode';
import { registerCommand, type CommandContext } from './registerCommand';

/** Providers offered by Add Connection. */
export const ADDABLE_PROVIDERS: Provider[] = ['minotaur', 'openprospect'];

/** Told what a key check learned (an OpenProspect key's scopes) once the connection is saved. */
export interface ConnectionHooks {
  keyChecked?(connection: Connection, result: KeyCheckResult): void;
}

export function registerConnectionCommands(ctx: CommandContext, services: Services, hooks: ConnectionHooks = {}): void {
  registerCommand(ctx, 'crm.addConnection', (provider?: Provider) => addConnection(services, provider, hooks));
  registerCommand(ctx, 'crm.trySandbox', () => trySandbox(services, { quiet: false, hooks }));
  registerCommand(ctx, 'crm.replaceKey', (target?: unknown) => replaceKey(services, connectionOf(services, target), hooks));
  registerCommand(ctx, 'crm.removeConnection', (target?: unknown) => removeConnection(services, connectionOf(services, target)));
  registerCommand(ctx, 'crm.switchActiveConnection', () => switchActive(services));
}

/** The connection a command was invoked on: a tree node, an id, or (from the palette) the active one. */
export function connectionOf(services: Services, target: unknown): Connection | undefined {
  if (target instanceof ConnectionNode) return target.connection;
  if (typeof target === 'string') return services.registry.get(target);
  if (target && typeof target === 'object' && 'connectionId' in target) {
    return services.registry.get(String((target as { connectionId: unknown }).connectionId));
  }
  return undefined;
}

async function addConnection(services: Services, presetProvider: Provider | undefined, hooks: ConnectionHooks): Promise<Connection | undefined> {
  const { prompter } = services;
  const title = vscode.l10n.t('Add CRM Connection');
  // One pick for service and URL, grouped by service (Minotaur first): the provider is part of each choice.
  const providers = presetProvider ? [presetProvider] : ADDABLE_PROVIDERS;
  const items: PickItem<{ provider: Provider; url: string } | undefined>[] = [];
  for (const p of providers) {
    const sandbox = sandboxBaseUrl(services.settings().sandboxUrl, p);
    if (providers.length > 1) items.push({ label: PROVIDER_LABEL[p], kind: vscode.QuickPickItemKind.Separator, value: undefined });
    items.push(
      ...KNOWN_BASE_URLS[p].map((u) => ({ label: u.label, description: u.url, value: { provider: p, url: u.url } })),
      { label: vscode.l10n.t('Local sandbox'), description: sandbox, detail: vscode.l10n.t('Sample data on this machine (npm run sandbox)'), value: { provider: p, url: sandbox } },
      { label: vscode.l10n.t('Other URL…'), description: providers.length > 1 ? PROVIDER_LABEL[p] : undefined, value: { provider: p, url: '' } },
    );
  }
  const choice = await prompter.pick(items, {
    title: providers.length > 1 ? title : `${title}: ${PROVIDER_LABEL[providers[0]!]}`,
    placeholder: vscode.l10n.t('Base URL of the API'),
  });
  if (!choice) return undefined;
  const { provider, url: urlChoice } = choice;
  const sandboxUrl = sandboxBaseUrl(services.settings().sandboxUrl, provider);
  const typedUrl =
    urlChoice ||
    (await prompter.input({
      title,
      prompt: vscode.l10n.t('Base URL of the API (https://…; http only for localhost)'),
      placeholder: KNOWN_BASE_URLS[provider][0]?.url,
      validate: (value) => {
        const check = checkBaseUrl(value);
        return check.ok ? undefined : check.reason;
      },
    }));
  if (!typedUrl) return undefined;
  const checked = checkBaseUrl(typedUrl);
  if (!checked.ok) throw new ApiError({ kind: 'insecureUrl', message: checked.reason });
  const baseUrl = normaliseBaseUrl(checked.url);
  const isSandbox = baseUrl === sandboxUrl;

  const defaultName = isSandbox ? sandboxConnectionName(provider) : `${PROVIDER_LABEL[provider]} (${checked.url.hostname})`;
  const name = await prompter.input({ title, prompt: vscode.l10n.t('A name for this connection'), value: defaultName });
  if (name === undefined) return undefined;

  // The sandbox's demo key is asked of the sandbox (none ships in the extension); if it can't be read, the user types one.
  const demoKey = isSandbox ? await fetchSandboxDemoKey(services.settings().sandboxUrl, provider).catch(() => undefined) : undefined;
  for (;;) {
    const key = await prompter.input({
      title,
      prompt: demoKey
        ? vscode.l10n.t("API key (filled in with the sandbox's full-access demo key)")
        : vscode.l10n.t('API key (stored only in VS Code secret storage)'),
      value: demoKey,
      password: true,
      validate: (value) => (value.trim() ? undefined : vscode.l10n.t('Enter the API key.')),
    });
    if (!key) return undefined;
    try {
      const result = await checkKeyWithProgress(services, provider, baseUrl, key.trim());
      const connection: Connection = { id: newConnectionId(), provider, name: name.trim() || defaultName, baseUrl };
      await services.registry.add(connection, key.trim());
      hooks.keyChecked?.(connection, result);
      void vscode.window.showInformationMessage(connectedMessage(connection, result));
      return connection;
    } catch (error) {
      if (!(error instanceof ApiError) || error.kind !== 'unauthorized') throw error;
      // A wrong key: say so with the server's reason and let the user type it again; nothing was saved.
      const anotherKey = vscode.l10n.t('Enter Another Key');
      const again = await prompter.confirm(vscode.l10n.t('The key was refused: {0}', error.message), vscode.l10n.t('Nothing was saved.'), [anotherKey]);
      if (again !== anotherKey) return undefined;
    }
  }
}

/**
 * Adds the sandbox connections (Minotaur, then OpenProspect) with their public demo keys — the welcome view's button
 * and the demo. Minotaur's becomes active and is returned; a sandbox without OpenProspect only logs a warning.
 */
export async function trySandbox(services: Services, options: { quiet: boolean; hooks?: ConnectionHooks }): Promise<Connection | undefined> {
  const minotaur = await addSandboxConnection(services, 'minotaur', options);
  try {
    await addSandboxConnection(services, 'openprospect', { ...options, quiet: true });
  } catch (error) {
    services.logger.warn(`The sandbox's OpenProspect connection was not added: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (minotaur) await services.registry.setActive(minotaur.id);
  return minotaur;
}

async function addSandboxConnection(services: Services, provider: Provider, options: { quiet: boolean; hooks?: ConnectionHooks }): Promise<Connection | undefined> {
  const baseUrl = sandboxBaseUrl(services.settings().sandboxUrl, provider);
  const existing = services.registry.list().find((c) => c.baseUrl === baseUrl);
  if (existing) return existing;
  try {
    const key = await fetchSandboxDemoKey(services.settings().sandboxUrl, provider);
    const result = await checkKeyWithProgress(services, provider, baseUrl, key);
    const connection: Connection = { id: newConnectionId(), provider, name: sandboxConnectionName(provider), baseUrl };
    await services.registry.add(connection, key);
    options.hooks?.keyChecked?.(connection, result);
    if (!options.quiet) void vscode.window.showInformationMessage(connectedMessage(connection, result));
    return connection;
  } catch (error) {
    const unreachable = error instanceof ApiError ? error.kind === 'network' || error.kind === 'timeout' : error instanceof TypeError || (error instanceof Error && error.name === 'TimeoutError');
    if (unreachable) {
      throw new ApiError({
        kind: error instanceof ApiError && error.kind === 'timeout' ? 'timeout' : 'network',
        message: vscode.l10n.t('The local sandbox is not running at {0}. Start it with "npm run sandbox" in the CRM Explorer repository, or change crm.sandboxUrl.', services.settings().sandboxUrl),
      });
    }
    throw error;
  }
}

async function replaceKey(services: Services, target: Connection | undefined, hooks: ConnectionHooks): Promise<boolean> {
  const connection = target ?? (await pickConnection(services, vscode.l10n.t('Replace the API key of which connection?')));
  if (!connection) return false;
  const key = await services.prompter.input({
    title: vscode.l10n.t('Replace API Key: {0}', connection.name),
    prompt: vscode.l10n.t('The new API key (checked before it replaces the old one)'),
    password: true,
    validate: (value) => (value.trim() ? undefined : vscode.l10n.t('Enter the API key.')),
  });
  if (!key) return false;
  const result = await checkKeyWithProgress(services, connection.provider, connection.baseUrl, key.trim());
  await services.registry.replaceKey(connection.id, key.trim());
  services.clients.invalidate(connection.id);
  hooks.keyChecked?.(connection, result);
  services.keyHealth.clear(connection.id);
  services.explorer.connectionNode(connection.id)?.reset();
  void vscode.window.showInformationMessage(vscode.l10n.t('The API key of "{0}" was replaced.', connection.name));
  return true;
}

async function removeConnection(services: Services, target: Connection | undefined): Promise<boolean> {
  const connection = target ?? (await pickConnection(services, vscode.l10n.t('Remove which connection?')));
  if (!connection) return false;
  const remove = vscode.l10n.t('Remove');
  const answer = await services.prompter.confirm(
    vscode.l10n.t('Remove the connection "{0}"?', connection.name),
    vscode.l10n.t('Its API key is deleted from secret storage. Records on the server are not touched.'),
    [remove],
  );
  if (answer !== remove) return false;
  await services.registry.remove(connection.id);
  services.clients.invalidate(connection.id);
  services.keyHealth.clear(connection.id);
  return true;
}

async function switchActive(services: Services): Promise<Connection | undefined> {
  const connection = await pickConnection(services, vscode.l10n.t('Make which connection active?'));
  if (connection) await services.registry.setActive(connection.id);
  return connection;
}

async function pickConnection(services: Services, placeholder: string): Promise<Connection | undefined> {
  const all = services.registry.list();
  if (all.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There is no CRM connection yet. Use "CRM: Add Connection…" first.'));
    return undefined;
  }
  const active = services.registry.active();
  return services.prompter.pick(
    all.map((c) => ({
      label: c.name,
      description: c.id === active?.id ? vscode.l10n.t('{0} · active', PROVIDER_LABEL[c.provider]) : PROVIDER_LABEL[c.provider],
      detail: c.baseUrl,
      value: c,
    })),
    { title: vscode.l10n.t('CRM Connections'), placeholder },
  );
}

async function checkKeyWithProgress(services: Services, provider: Provider, baseUrl: string, key: string): Promise<KeyCheckResult> {
  return await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the key against {0}…', baseUrl), cancellable: true },
    async (_progress, token) => {
      const abort = new AbortController();
      const subscription = token.onCancellationRequested(() => abort.abort());
      try {
        const client = services.clients.forUnsavedKey(provider, baseUrl, key);
        return provider === 'minotaur'
          ? await checkMinotaurKey(client as MinotaurClient, abort.signal)
          : await checkOpenProspectKey(client as OpenProspectClient, abort.signal);
      } finally {
        subscription.dispose();
      }
    },
  );
}

function connectedMessage(connection: Connection, result: KeyCheckResult): string {
  return result.accountName
    ? vscode.l10n.t('Connected "{0}" (account {1}).', connection.name, result.accountName)
    : vscode.l10n.t('Connected "{0}".', connection.name);
}

/** The name a sandbox connection gets, e.g. "Local sandbox (Minotaur Sales)". */
function sandboxConnectionName(provider: Provider): string {
  return vscode.l10n.t('Local sandbox ({0})', PROVIDER_LABEL[provider]);
}
