/**
 * Builds one API client per connection (one ky instance each) from the connection, its secret and the
 * current settings, and caches it until the key or the settings change. Every request is logged through
 * the request observer; a 401 marks the connection's key as rejected. The OpenProspect client comes from its own
 * lazily loaded chunk (src/lazy.ts), so a Minotaur-only user never loads it.
 */
import type { Connection } from '../connections/model';
import { authorizationHeader } from '../connections/model';
import { checkBaseUrl, normaliseBaseUrl } from '../connections/urlPolicy';
import type { CrmSettings } from '../config/settings';
import type { Logger } from '../util/logger';
import { ApiError } from './http/errors';
import { HttpClient, type ErrorBodyReader, type RequestLogEntry } from './http/httpClient';
import { loadOpenProspect } from '../lazy';
import { MinotaurClient, readMinotaurError } from './minotaur/client';
import type { OpenProspectClient } from './openprospect/client';
import { t } from '../util/l10n';

export interface ClientFactoryDeps {
  getKey(connectionId: string): PromiseLike<string | undefined>;
  settings(): CrmSettings;
  logger: Logger;
  onKeyRejected(connectionId: string): void;
}

interface CachedClients {
  http: HttpClient;
  minotaur?: MinotaurClient;
  openProspect?: OpenProspectClient;
}

export class ClientFactory {
  private readonly cache = new Map<string, CachedClients>();

  constructor(private readonly deps: ClientFactoryDeps) {}

  async minotaur(connection: Connection): Promise<MinotaurClient> {
    const entry = await this.entry(connection, readMinotaurError);
    entry.minotaur ??= new MinotaurClient(entry.http);
    return entry.minotaur;
  }

  async openProspect(connection: Connection): Promise<OpenProspectClient> {
    const openProspect = loadOpenProspect();
    const entry = await this.entry(connection, openProspect.readOpenProspectError);
    entry.openProspect ??= new openProspect.OpenProspectClient(entry.http);
    return entry.openProspect;
  }

  /** The cached client of a connection, if one was built: the identity permission knowledge is tied to. */
  cachedClient(connectionId: string): object | undefined {
    const entry = this.cache.get(connectionId);
    return entry?.minotaur ?? entry?.openProspect;
  }

  /** Forget cached clients (after a key replacement or a settings change). */
  invalidate(connectionId?: string): void {
    if (connectionId) this.cache.delete(connectionId);
    else this.cache.clear();
  }

  /** A client for a key that is not saved yet (Add Connection checks the key before saving anything). */
  forUnsavedKey(provider: Connection['provider'], baseUrl: string, apiKey: string): MinotaurClient | OpenProspectClient {
    if (provider === 'minotaur') return new MinotaurClient(this.http({ id: 'unsaved', provider, baseUrl, name: '' }, apiKey, readMinotaurError));
    const openProspect = loadOpenProspect();
    return new openProspect.OpenProspectClient(this.http({ id: 'unsaved', provider, baseUrl, name: '' }, apiKey, openProspect.readOpenProspectError));
  }

  private async entry(connection: Connection, reader: ErrorBodyReader) {
    const cached = this.cache.get(connection.id);
    if (cached) return cached;
    const key = await this.deps.getKey(connection.id);
    if (!key) {
      throw new ApiError({
        kind: 'unauthorized',
        message: t('No API key is stored for "{0}". Use "Replace Key" to enter one.', connection.name),
      });
    }
    const entry: CachedClients = { http: this.http(connection, key, reader) };
    this.cache.set(connection.id, entry);
    return entry;
  }

  private http(connection: Connection, apiKey: string, readErrorBody: ErrorBodyReader): HttpClient {
    const checked = checkBaseUrl(connection.baseUrl);
    if (!checked.ok) throw new ApiError({ kind: 'insecureUrl', message: checked.reason });
    const settings = this.deps.settings();
    const { logger } = this.deps;
    return new HttpClient({
      baseUrl: normaliseBaseUrl(checked.url),
      authorization: authorizationHeader(connection.provider, apiKey),
      timeoutMs: settings.requestTimeoutMs,
      maxRetries: settings.maxRetries,
      maxRetryWaitMs: 30_000,
      maxConcurrent: settings.maxConcurrentRequests,
      readErrorBody,
      connectionId: connection.id === 'unsaved' ? undefined : connection.id,
      observer: {
        onAttempt: (entry: RequestLogEntry) => {
          logger.info(formatRequestLine(connection.name, entry));
          if (entry.errorKind === 'unauthorized' && connection.id !== 'unsaved') this.deps.onKeyRejected(connection.id);
        },
      },
    });
  }
}

/** One log line per request attempt: method, path, status, duration (no query, no body, no headers). */
export function formatRequestLine(connectionName: string, entry: RequestLogEntry): string {
  const status = entry.status ?? entry.errorKind ?? 'failed';
  const retry = entry.attempt > 1 ? ` (attempt ${entry.attempt})` : '';
  const code = entry.code ? ` ${entry.code}` : '';
  return `[${connectionName}] ${entry.method} ${entry.path} → ${status}${code} ${entry.durationMs} ms${retry}`;
}
