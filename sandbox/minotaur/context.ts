/** What a Minotaur handler gets besides the request: the store, the calling key and its customer. */
import type { ApiRequest, ApiResponse } from '../http';
import type { CustomerState, MinotaurStore } from './store';

export interface MinotaurContext {
  store: MinotaurStore;
  key: string;
  customer: CustomerState | undefined;
  /** Credit-consuming handlers report what they charged; the API layer writes the ledger line. */
  charged: { credits: number; records: number; job_id: string | null };
}

export interface MinotaurRoute {
  /** `subject:action`; undefined = any valid key (ping). */
  permission?: string;
  /** Consumes credits: every call that reaches the handler gets a ledger line. */
  credit?: boolean;
  handle: (req: ApiRequest, ctx: MinotaurContext) => ApiResponse;
}

/** `DefaultResponse {success, data, message}` — what most create/update/delete calls answer. */
export function defaultResponse(data: unknown, message: string, status = 200): ApiResponse {
  return { status, body: { success: true, data, message } };
}
