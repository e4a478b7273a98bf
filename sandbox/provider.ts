/** What the server needs from each vendor's API: its prefix, route templates (for stats), and a handler. */
import type { ApiRequest, ApiResponse } from './http';
import type { Provider } from './keys';
import type { SandboxState } from './state';

export interface ProviderApi {
  name: Provider;
  /** `/api/ext` or `/api/v1`. */
  prefix: string;
  /** The route template a path resolves to (`/contacts/:id`), for statistics; undefined when nothing matches. */
  template(method: string, path: string): string | undefined;
  /** The API key a request carries, per the vendor's auth header convention. */
  keyOf(req: Pick<ApiRequest, 'headers'>): string | undefined;
  /** Answers every request; errors come back as responses in the vendor's error format. */
  handle(req: ApiRequest, state: SandboxState): ApiResponse;
  /** Body of an injected 429/500/503 in this vendor's error format. */
  faultBody(status: 429 | 500 | 503, retryAfterSeconds: number): unknown;
}
