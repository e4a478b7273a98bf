/**
 * Calls one endpoint of a vendor's table: the method, path template, requirement and retry safety come from the
 * table, never from the client method, so a wrong path or a wrong retry flag is fixed in one place.
 */
import type { ZodType } from 'zod';
import { fillPath, type EndpointDef } from './endpoint';
import { ApiError } from './http/errors';
import type { HttpClient, RequestSpec } from './http/httpClient';
import { t } from '../util/l10n';

export interface CallOptions {
  /** Values for the `:name` placeholders of the path (encoded by fillPath). */
  params?: Record<string, string | number>;
  query?: RequestSpec<unknown>['query'];
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Sends the call and returns the unvalidated JSON body (null when empty). */
export async function callEndpointRaw(http: HttpClient, operation: string, def: EndpointDef, options: CallOptions): Promise<unknown> {
  const path = resolvePath(operation, def, options.params);
  try {
    return await http.requestRaw({ ...spec(operation, def, options), path });
  } catch (error) {
    throw explainUnavailable(error, operation, def);
  }
}

/** Sends the call and validates the whole body with `schema` (badResponse with the zod issues otherwise). */
export async function callEndpoint<T>(
  http: HttpClient,
  operation: string,
  def: EndpointDef,
  options: CallOptions & { schema: ZodType<T> },
): Promise<T> {
  const path = resolvePath(operation, def, options.params);
  try {
    return await http.request({ ...spec(operation, def, options), path, schema: options.schema });
  } catch (error) {
    throw explainUnavailable(error, operation, def);
  }
}

function spec(operation: string, def: EndpointDef, options: CallOptions): Omit<RequestSpec<unknown>, 'schema' | 'path'> {
  return {
    operation,
    method: def.method,
    query: options.query,
    body: options.body,
    safeToRetry: def.safeToRetry,
    requirement: def.requirement,
    headers: options.headers,
    signal: options.signal,
  };
}

function resolvePath(operation: string, def: EndpointDef, params: CallOptions['params']): string {
  try {
    return fillPath(def.path, params);
  } catch (error) {
    throw new ApiError({
      kind: 'validation',
      operation,
      message: `${def.summary}: ${error instanceof Error ? error.message : String(error)}.`,
    });
  }
}

/**
 * A 404 from a collection path the vendor never documented means the server does not offer the operation:
 * say so ("not available on this server") rather than "not found", so the UI shows one calm node, not an error.
 */
function explainUnavailable(error: unknown, operation: string, def: EndpointDef): unknown {
  if (!(error instanceof ApiError) || error.kind !== 'notFound' || !def.unverified || def.path.includes(':')) return error;
  return new ApiError(
    {
      ...error.toDetails(),
      unavailable: true,
      message: t("{0} is not available on this server ({1} answered 404; this path is not in the vendor's API reference).", def.summary, `${def.method} ${def.path}`),
    },
    { cause: error },
  );
}

/** Reject a call before sending it, as the same typed error the UI already handles. */
export function refuse(operation: string, message: string, field?: string): ApiError {
  return new ApiError({
    kind: 'validation',
    operation,
    message,
    fieldErrors: field ? [{ field, message }] : undefined,
  });
}
