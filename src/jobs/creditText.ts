/**
 * Credit amounts as text. A module of its own (not in creditActions.ts) because the status bar, which is in
 * dist/extension.js, shows the balance: importing creditActions.ts there would put the price table and the Minotaur
 * endpoint table (~8 KB) into the entry, which V8 then compiles at every activation (docs/benchmarks.md).
 */
import { formatNumber, t } from '../util/l10n';

export function credits(n: number): string {
  return n === 1 ? t('1 credit') : t('{0} credits', formatNumber(n));
}
