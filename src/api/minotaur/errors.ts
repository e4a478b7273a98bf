/**
 * Reading Minotaur error bodies. The docs define only the 401 body; 400/403/404 are assumed NestJS-style:
 * `{statusCode, message: string | string[], error?}` (class-validator puts one message per failed rule in the array).
 *
 * The vendor's documents disagree on an invalid key (401 on the API page, 403 on an older one), so a 403 whose
 * message says the key is invalid is read as `unauthorized`; any other 403 is a missing permission.
 */
import type { ApiErrorDetails, FieldError } from '../http/errors';
import type { ErrorBodyReader } from '../http/httpClient';

/** `subject:action`, e.g. `contacts:create`, `list_contact_details:update`. */
const PERMISSION = /\b([a-z][a-z_]*:[a-z][a-z_]*)\b/g;
const KEY_REJECTED = /\b(api[\s_-]?key|key|token|credential)s?\b[^.]*\b(invalid|unauthori[sz]ed|revoked|expired|rotated|not valid|unknown)\b|\b(invalid|unknown|missing|revoked|expired)\b[^.]*\b(api[\s_-]?key|key|token|credential)\b/i;
/** Words that follow a field name in validation messages ("work_email must be an email"). */
const FIELD_VERBS = new Set(['must', 'should', 'is', 'are', 'has', 'have', 'cannot', "can't", 'can', 'needs', 'not', 'contains', 'was']);
const FIELD_NAME = /^[a-z_][a-z0-9_]*(\.[a-z0-9_]+)*$/;
const NOT_FIELDS = new Set(['the', 'this', 'that', 'it', 'there', 'which', 'what', 'you', 'your', 'we', 'a', 'an', 'request', 'body']);

export const readMinotaurError: ErrorBodyReader = (status, body) => {
  const out: Partial<ApiErrorDetails> = {};
  if (typeof body === 'string' && body.trim()) {
    out.message = body.trim().slice(0, 500);
  } else if (body && typeof body === 'object' && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    const raw = record.message;
    const messages = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw.filter((m): m is string => typeof m === 'string') : [];
    if (messages.length) out.message = messages.join('; ');
    else if (typeof record.error === 'string') out.message = record.error;
    if (typeof record.error === 'string') out.code = record.error;
    if (Array.isArray(raw)) {
      const fieldErrors = messages.map(fieldErrorOf).filter((e): e is FieldError => e !== undefined);
      if (fieldErrors.length) out.fieldErrors = fieldErrors;
    }
  }
  const text = out.message ?? '';
  if (status === 403 || status === 401) {
    const permissions = [...new Set([...text.matchAll(PERMISSION)].map((m) => m[1] as string))];
    if (status === 403 && permissions.length) out.requirement = permissions.join(', ');
    else if (status === 401 || KEY_REJECTED.test(text) || /^unauthori[sz]ed\.?$/i.test(text.trim())) out.kind = 'unauthorized';
  }
  return out;
};

/** "work_email must be an email" → {field: work_email, message}; also class-validator's "each value in x ..." and "property x should not exist". */
export function fieldErrorOf(message: string): FieldError | undefined {
  const trimmed = message.trim();
  const each = /^each value in (?:nested property )?([a-zA-Z_][\w.]*)\b/i.exec(trimmed);
  if (each?.[1]) return { field: each[1], message: trimmed };
  const property = /^property ([a-zA-Z_][\w.]*) should not exist/i.exec(trimmed);
  if (property?.[1]) return { field: property[1], message: trimmed };
  const [first, second] = trimmed.split(/\s+/, 2);
  if (first && second && FIELD_NAME.test(first) && !NOT_FIELDS.has(first) && FIELD_VERBS.has(second.toLowerCase())) return { field: first, message: trimmed };
  return undefined;
}
