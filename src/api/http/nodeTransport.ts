/**
 * A lean transport for bulk reads (Export…): node:http / node:https with a keep-alive Agent, the body collected as
 * Buffers and decoded once. Why not the usual ky + fetch path: for 1,000 pages of 100 records the WHATWG streams,
 * Request/Response objects, TextDecoder and ky's per-call option merging cost more client CPU than the parsing
 * itself (profiled: ~1.5 s of 5 s for 100,000 contacts), and on a 2-core machine that CPU is what decides whether
 * parallel pages beat sequential ones. Only HttpClient uses it, for clients made with `forBulkReads()`; every
 * other request keeps the ky path. No retries here: HttpClient decides (reads only, as on the ky path).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { isLoopbackHost } from '../../connections/urlPolicy';

export interface NodeResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** Raised for socket errors and timeouts; `timeout` says which. The caller maps it to an ApiError. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly timeout: boolean,
    readonly aborted: boolean,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export class NodeTransport {
  private readonly agent: http.Agent;
  private readonly secure: boolean;
  private readonly loopback: boolean;

  constructor(
    readonly origin: URL,
    maxSockets: number,
  ) {
    this.secure = origin.protocol === 'https:';
    this.loopback = isLoopbackHost(origin.hostname);
    // keep-alive, one socket per allowed request in flight: the connection's semaphore already caps the rest.
    const options: http.AgentOptions = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets };
    this.agent = this.secure ? new https.Agent(options) : new http.Agent(options);
  }

  /**
   * One request. `timeoutMs` bounds the whole exchange (headers and body), so a server that stalls mid-body cannot
   * hold a concurrency slot forever. Rejects with TransportError on socket errors, timeouts and aborts.
   */
  request(url: URL, init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal; timeoutMs: number }): Promise<NodeResponse> {
    return new Promise((resolve, reject) => {
      if (init.signal?.aborted) return reject(new TransportError('aborted', false, true));
      const headers: Record<string, string | number> = { ...init.headers };
      if (init.body !== undefined) headers['Content-Length'] = Buffer.byteLength(init.body);
      const options = { method: init.method, headers, agent: this.agent };
      // Loopback (the sandbox, a local gateway): no proxy applies, so skip the proxy-resolving wrapper VS Code puts
      // around http.request in the extension host; every other host goes through it (corporate proxies keep working).
      const request = this.loopback && !this.secure ? new http.ClientRequest({ ...options, protocol: url.protocol, hostname: url.hostname.replace(/^\[|\]$/g, ''), port: url.port, path: url.pathname + url.search }) : (this.secure ? https : http).request(url, options);
      let settled = false;
      const finish = (error: TransportError | undefined, value?: NodeResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        init.signal?.removeEventListener('abort', onAbort);
        if (error) {
          request.destroy();
          reject(error);
        } else resolve(value!);
      };
      const onAbort = () => finish(new TransportError('aborted', false, true));
      const timer = setTimeout(() => finish(new TransportError(`no complete answer within ${init.timeoutMs} ms`, true, false)), init.timeoutMs);
      init.signal?.addEventListener('abort', onAbort, { once: true });
      request.on('error', (error) => finish(new TransportError(error.message, false, false)));
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => finish(new TransportError(error.message, false, false)));
        response.on('aborted', () => finish(new TransportError('the connection closed before the answer was complete', false, false)));
        response.on('end', () => {
          if (!response.complete) return finish(new TransportError('the connection closed before the answer was complete', false, false));
          const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
          finish(undefined, { status: response.statusCode ?? 0, headers: response.headers, text });
        });
      });
      request.end(init.body);
    });
  }

  dispose(): void {
    this.agent.destroy();
  }
}
