/**
 * The credit-consuming actions, their price and the words of the confirmation modal — pure data and functions
 * (no `vscode`), shared by the four commands and unit-tested.
 */
import type { EndpointDef } from '../api/endpoint';
import { MINOTAUR_ENDPOINTS, type MinotaurEndpointName } from '../api/minotaur/endpoints';
import { formatNumber, t } from '../util/l10n';
import { credits } from './creditText';

export { credits } from './creditText';

/** unlock = Unlock Selected, unlockMatching = Unlock Matching, verify = Verify Emails, verifyList = Verify List Contacts. */
export type CreditAction = 'unlock' | 'unlockMatching' | 'verify' | 'verifyList';

/**
 * Credits per record, per action. The vendor does NOT document prices; these follow docs/sandbox.md (1 credit per
 * prospect actually unlocked, 1 per e-mail verified). Change them here, nowhere else.
 */
export const CREDITS_PER_RECORD: Record<CreditAction, number> = {
  unlock: 1,
  unlockMatching: 1,
  verify: 1,
  verifyList: 1,
};

/** Records per request (undefined in the docs; the sandbox refuses more than 10,000). */
export const MAX_RECORDS_PER_JOB = 10_000;

export interface CreditActionInfo {
  /** The endpoint the action calls; its permission comes from the one endpoint table. */
  endpoint: MinotaurEndpointName;
  /** Short name, used in Jobs and the status bar. */
  label: string;
  /** "3 prospects": how many records, as a whole phrase (plural rules differ by language). */
  count(n: number): string;
  /** "3 Prospects": the same for the modal's button. */
  countTitle(n: number): string;
  /** The modal's question: "Unlock 3 prospects for 3 credits?" (count undefined: "Unlock prospects for …?"). */
  question(count: string | undefined, cost: string): string;
  /** The modal's button: "Unlock 3 Prospects" (count undefined: "Unlock Prospects"). */
  button(countTitle: string | undefined): string;
  /** The cost line's unit: "1 credit per prospect unlocked". */
  perRecord(credits: string): string;
  /** For the refusal: "unlocking 3 prospects" (count undefined: "unlocking prospects"). */
  doing(count: string | undefined): string;
  /** Notification title while the request is sent: "Starting the unlock: 3 prospects…". */
  progress(subject: string): string;
}

// Functions, not constants: the words are looked up in the user's language when they are shown.
const unlockWords = (label: () => string): Omit<CreditActionInfo, 'endpoint'> => ({
  get label() {
    return label();
  },
  count: (n) => (n === 1 ? t('1 prospect') : t('{0} prospects', formatNumber(n))),
  countTitle: (n) => (n === 1 ? t('1 Prospect') : t('{0} Prospects', formatNumber(n))),
  question: (count, cost) => (count ? t('Unlock {0} for {1}?', count, cost) : t('Unlock prospects for {0}?', cost)),
  button: (count) => (count ? t('Unlock {0}', count) : t('Unlock Prospects')),
  perRecord: (credits) => t('{0} per prospect unlocked', credits),
  doing: (count) => (count ? t('unlocking {0}', count) : t('unlocking prospects')),
  progress: (subject) => t('Starting the unlock: {0}…', subject),
});

export const CREDIT_ACTIONS: Record<CreditAction, CreditActionInfo> = {
  unlock: { endpoint: 'prospect.unlockSelected', ...unlockWords(() => t('Unlock selected')) },
  unlockMatching: { endpoint: 'prospect.unlock', ...unlockWords(() => t('Unlock matching')) },
  verify: {
    endpoint: 'emails.verify',
    get label() {
      return t('Verify emails');
    },
    count: (n) => (n === 1 ? t('1 email') : t('{0} emails', formatNumber(n))),
    countTitle: (n) => (n === 1 ? t('1 Email') : t('{0} Emails', formatNumber(n))),
    question: (count, cost) => (count ? t('Verify {0} for {1}?', count, cost) : t('Verify emails for {0}?', cost)),
    button: (count) => (count ? t('Verify {0}', count) : t('Verify Emails')),
    perRecord: (credits) => t('{0} per email verified', credits),
    doing: (count) => (count ? t('verifying {0}', count) : t('verifying emails')),
    progress: (subject) => t('Starting the email verification: {0}…', subject),
  },
  verifyList: {
    endpoint: 'lists.verifyContacts',
    get label() {
      return t('Verify list');
    },
    count: (n) => (n === 1 ? t('1 list contact') : t('{0} list contacts', formatNumber(n))),
    countTitle: (n) => (n === 1 ? t('1 List Contact') : t('{0} List Contacts', formatNumber(n))),
    question: (count, cost) => (count ? t('Verify {0} for {1}?', count, cost) : t('Verify list contacts for {0}?', cost)),
    button: (count) => (count ? t('Verify {0}', count) : t('Verify List Contacts')),
    perRecord: (credits) => t('{0} per list contact with an email verified', credits),
    doing: (count) => (count ? t('verifying {0}', count) : t('verifying list contacts')),
    progress: (subject) => t("Starting the list's verification: {0}…", subject),
  },
};

/** The permission an action needs (from the endpoint table). */
export function permissionFor(action: CreditAction): string {
  const endpoint: EndpointDef = MINOTAUR_ENDPOINTS[CREDIT_ACTIONS[action].endpoint];
  return endpoint.requirement ?? '';
}

export type BalanceInfo = { known: true; credits: number } | { known: false; reason: string };

export interface SpendQuote {
  action: CreditAction;
  connectionName: string;
  /** One sentence: what will happen. */
  summary: string;
  /** Records the job covers; undefined when the server alone knows (a list's members). */
  records: number | undefined;
  /** True when `records` is what will be charged; false when it is an upper bound. */
  exact: boolean;
  balance: BalanceInfo;
  /** Extra lines: skipped records, the filter, … */
  notes?: string[];
}

/** Why a typed record count is not acceptable (a whole number from 1 to max), or undefined. */
export function countProblem(value: string, max: number): string | undefined {
  const text = value.trim();
  if (!/^\d+$/.test(text)) return t('Enter a whole number.');
  const n = Number(text);
  if (n < 1) return t('Enter at least 1.');
  if (n > max) return t('At most {0}.', formatNumber(max));
  return undefined;
}

/** Estimated credits (records × price), or undefined when the record count is unknown. */
export function estimatedCredits(quote: Pick<SpendQuote, 'action' | 'records'>): number | undefined {
  return quote.records === undefined ? undefined : quote.records * CREDITS_PER_RECORD[quote.action];
}

/** "3 credits", "up to 12 credits" (an upper bound) or "at least 1 credit". */
function costPhrase(amount: number, kind: 'exact' | 'upTo' | 'atLeast'): string {
  if (kind === 'upTo') return t('up to {0}', credits(amount));
  if (kind === 'atLeast') return t('at least {0}', credits(amount));
  return credits(amount);
}

/**
 * Why the job must not be sent because the balance is known to be too low, or undefined. An exact cost must be
 * covered in full; an upper bound (a list's members, only those with an email are charged) only refuses at 0.
 */
export function insufficientBalance(quote: SpendQuote): string | undefined {
  if (!quote.balance.known) return undefined;
  const cost = estimatedCredits(quote);
  const balance = quote.balance.credits;
  const needed = cost === undefined ? CREDITS_PER_RECORD[quote.action] : quote.exact ? cost : Math.min(cost, CREDITS_PER_RECORD[quote.action]);
  if (needed <= 0 || balance >= needed) return undefined;
  const info = CREDIT_ACTIONS[quote.action];
  const what = info.doing(quote.records === undefined ? undefined : info.count(quote.records));
  const costText = cost === undefined ? costPhrase(needed, 'atLeast') : costPhrase(cost, quote.exact ? 'exact' : 'upTo');
  return t(
    'Not enough credits on "{0}": {1} needs {2} and the balance is {3}. Nothing was sent. Top up the account or choose fewer records.',
    quote.connectionName,
    what,
    costText,
    credits(balance),
  );
}

export interface ConfirmationText {
  message: string;
  detail: string;
  /** The one action button; anything else (Cancel, Escape) sends nothing. */
  button: string;
}

/** The modal: what happens, how many records, the cost and the balance. */
export function confirmationText(quote: SpendQuote): ConfirmationText {
  const info = CREDIT_ACTIONS[quote.action];
  const price = CREDITS_PER_RECORD[quote.action];
  const cost = estimatedCredits(quote);
  const count = quote.records === undefined ? undefined : info.count(quote.records);
  const perRecord = info.perRecord(credits(price));
  const costText = cost === undefined ? perRecord : costPhrase(cost, quote.exact ? 'exact' : 'upTo');
  const lines = [
    quote.summary,
    '',
    t('Connection: {0}', quote.connectionName),
    t('Records: {0}', count ?? t('known to the server only')),
    cost === undefined ? t('Cost: {0}', costText) : t('Cost: {0} ({1})', costText, perRecord),
  ];
  if (quote.balance.known) {
    const now = credits(quote.balance.credits);
    if (cost === undefined) lines.push(t('Balance: {0}', now));
    else {
      const after = credits(Math.max(0, quote.balance.credits - cost));
      lines.push(quote.exact ? t('Balance: {0} → {1} after', now, after) : t('Balance: {0} → at least {1} after', now, after));
    }
  } else {
    lines.push(t('Balance: unknown ({0})', quote.balance.reason));
  }
  if (quote.notes?.length) lines.push('', ...quote.notes);
  lines.push('', t('The request is sent once and never retried automatically. The job then appears under Jobs.'));
  return {
    message: info.question(count, costText),
    detail: lines.join('\n'),
    button: info.button(quote.records === undefined ? undefined : info.countTitle(quote.records)),
  };
}
