/** Pure helpers that turn a tree selection into what a credit job sends (no `vscode`; unit-tested). */
import { formatNumber, t } from '../util/l10n';

/** The records once each, by id, in selection order (a row can be passed twice: clicked and selected). */
export function uniqueBy<T>(items: readonly T[], idOf: (item: T) => string): T[] {
  return [...new Map(items.map((item) => [idOf(item), item] as const)).values()];
}

/** The work email a verification would send, or undefined when the contact has none usable. */
export function emailOf(record: Record<string, unknown>): string | undefined {
  const email = record.work_email;
  if (typeof email !== 'string') return undefined;
  const trimmed = email.trim();
  return /^[^\s@]+@[^\s@]+$/.test(trimmed) ? trimmed : undefined;
}

/** Contacts with an email (to verify) and without one (listed as skipped). */
export function partitionByEmail<T>(items: readonly T[], recordOf: (item: T) => Record<string, unknown>): { withEmail: Array<{ item: T; email: string }>; without: T[] } {
  const withEmail: Array<{ item: T; email: string }> = [];
  const without: T[] = [];
  for (const item of items) {
    const email = emailOf(recordOf(item));
    if (email) withEmail.push({ item, email });
    else without.push(item);
  }
  return { withEmail, without };
}

/** "A, B, C and 4 more" for modal notes. */
export function listNames(names: readonly string[], max = 5): string {
  const shown = names.slice(0, max);
  return names.length > max ? t('{0} and {1} more', shown.join(', '), formatNumber(names.length - max)) : shown.join(', ');
}
