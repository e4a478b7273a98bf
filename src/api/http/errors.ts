/**
 * Every failure of an API call becomes one ApiError with a `kind` the UI can switch on.
 * Messages are written for the user ("what happened, what to do next") and never contain a secret:
 * they are built from the status, the vendor's own message and the operation name, never from headers.
 */

export type ApiErrorKind =
  /** 401 (or Minotaur's legacy 403 "key is invalid"): the key was rejected; offer Replace Key. */
  | 'unauthorized'
  /** 403: the key lacks a permission (Minotaur) or scope (OpenProspect). */
  | 'forbidden'
  | 'notFound'
  /** 400 / 422: the server refused the body; `fieldErrors` says which fields when it told us. */
  | 'validation'
  /** 429 that we did not (or could no longer) wait out; `retryAt` says when to try again. */
  | 'rateLimited'
  | 'server'
  | 'network'
  | 'timeout'
  | 'cancelled'
  /** A 2xx whose body did not match the schema: `issues` lists what was wrong. */
  | 'badResponse'
  /** Refused before sending: the URL would send the key in clear text to a non-loopback host. */
  | 'insecureUrl';

export interface FieldError {
  /** Dotted path of the field as the server or the schema named it (`work_email`, `rules.0.value`). */
  field: string;
  message: string;
}

export interface ApiErrorDetails {
  kind: ApiErrorKind;
  message: string;
  status?: number;
  /** Operation that failed, e.g. `contacts.list`; used in logs and messages. */
  operation?: string;
  /** The connection whose client raised it, so the UI can offer Replace Key for the right one. */
  connectionId?: string;
  /** The permission (Minotaur `subject:action`) or scope (OpenProspect) the call needs, when known. */
  requirement?: string;
  /** The vendor's machine-readable error code (OpenProspect `code`/`error`), kept for the log. */
  code?: string;
  fieldErrors?: FieldError[];
  /** For rateLimited: when the server said we may try again. */
  retryAt?: Date;
  /** For badResponse: zod issues rendered as "path: message". */
  issues?: string[];
  /**
   * For notFound: the operation itself is missing on this server (a 404 from a collection path that is not in the
   * vendor's reference), not a record. The UI shows "not available on this server" instead of an error.
   */
  unavailable?: boolean;
}

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status?: number;
  readonly operation?: string;
  readonly connectionId?: string;
  readonly requirement?: string;
  readonly code?: string;
  readonly fieldErrors: FieldError[];
  readonly retryAt?: Date;
  readonly issues: string[];
  readonly unavailable: boolean;

  constructor(details: ApiErrorDetails, options?: { cause?: unknown }) {
    super(details.message, options);
    this.name = 'ApiError';
    this.kind = details.kind;
    this.status = details.status;
    this.operation = details.operation;
    this.connectionId = details.connectionId;
    this.requirement = details.requirement;
    this.code = details.code;
    this.fieldErrors = details.fieldErrors ?? [];
    this.retryAt = details.retryAt;
    this.issues = details.issues ?? [];
    this.unavailable = details.unavailable ?? false;
  }

  /** The details this error was built from, to derive a new error (e.g. a clearer message) without losing any. */
  toDetails(): ApiErrorDetails {
    return {
      kind: this.kind,
      message: this.message,
      status: this.status,
      operation: this.operation,
      requirement: this.requirement,
      code: this.code,
      fieldErrors: this.fieldErrors,
      retryAt: this.retryAt,
      issues: this.issues,
      unavailable: this.unavailable,
    };
  }

  /** True for failures the user can fix by giving a new key. */
  get isKeyRejected(): boolean {
    return this.kind === 'unauthorized';
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

/** Render a list of zod issues as short "path: message" strings for logs and error items. */
export function describeIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string[] {
  return issues.slice(0, 10).map((issue) => {
    const where = issue.path.length ? issue.path.map(String).join('.') : '(root)';
    return `${where}: ${issue.message}`;
  });
}
