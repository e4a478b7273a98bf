/**
 * The credit-consuming actions, their price and the words of the confirmation modal — pure data and functions
 * (no `vscode`), shared by the four commands and unit-tested.
 */
import type { EndpointDef } from '../api/endpoint';
import { MINOTAUR_ENDPOINTS, type MinotaurEndpointName } from '../api/minotaur/endpoints';

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
  /** The verb on the modal's button and in the question. */
  verb: string;
  /** What one record is: [singular, plural]. */
  noun: [string, string];
  /** What one credit buys, for the cost line. */
  pricedPer: string;
  /** Notification title while the request is sent. */
  progress: string;
}

export const CREDIT_ACTIONS: Record<CreditAction, CreditActionInfo> = {
  unlock: {
    endpoint: 'prospect.unlockSelected',
    label: 'Unlock selected',
    verb: 'Unlock',
    noun: ['prospect', 'prospects'],
    pricedPer: 'prospect unlocked',
    progress: 'Starting the unlock',
  },
  unlockMatching: {
    endpoint: 'prospect.unlock',
    label: 'Unlock matching',
    verb: 'Unlock',
    noun: ['prospect', 'prospects'],
    pricedPer: 'prospect unlocked',
    progress: 'Starting the unlock',
  },
  verify: {
    endpoint: 'emails.verify',
    label: 'Verify emails',
    verb: 'Verify',
    noun: ['email', 'emails'],
    pricedPer: 'email verified',
    progress: 'Starting the email verification',
  },
  verifyList: {
    endpoint: 'lists.verifyContacts',
    label: 'Verify list',
    verb: 'Verify',
    noun: ['list contact', 'list contacts'],
    pricedPer: 'list contact with an email verified',
    progress: "Starting the list's verification",
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
  if (!/^\d+$/.test(text)) return 'Enter a whole number.';
  const n = Number(text);
  if (n < 1) return 'Enter at least 1.';
  if (n > max) return `At most ${formatNumber(max)}.`;
  return undefined;
}

export function pluralise(count: number, noun: [string, string]): string {
  return `${formatNumber(count)} ${count === 1 ? noun[0] : noun[1]}`;
}

export function formatNumber(n: number): string {
  return n.toLocaleString('en-US');
}

function credits(n: number): string {
  return `${formatNumber(n)} credit${n === 1 ? '' : 's'}`;
}

/** Estimated credits (records × price), or undefined when the record count is unknown. */
export function estimatedCredits(quote: Pick<SpendQuote, 'action' | 'records'>): number | undefined {
  return quote.records === undefined ? undefined : quote.records * CREDITS_PER_RECORD[quote.action];
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
  const what = quote.records === undefined ? `${info.verb.toLowerCase()}ing ${info.noun[1]}` : `${info.verb.toLowerCase()}ing ${pluralise(quote.records, info.noun)}`;
  const costText = cost === undefined ? `at least ${credits(needed)}` : quote.exact ? credits(cost) : `up to ${credits(cost)}`;
  return (
    `Not enough credits on "${quote.connectionName}": ${what} needs ${costText} and the balance is ${credits(balance)}. ` +
    'Nothing was sent. Top up the account or choose fewer records.'
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
  const count = quote.records === undefined ? undefined : pluralise(quote.records, info.noun);
  const costText =
    cost === undefined ? `${credits(price)} per ${info.pricedPer}` : quote.exact ? credits(cost) : `up to ${credits(cost)}`;
  const message = count ? `${info.verb} ${count} for ${costText}?` : `${info.verb} ${info.noun[1]} for ${costText}?`;
  const lines = [
    quote.summary,
    '',
    `Connection: ${quote.connectionName}`,
    `Records: ${count ?? 'known to the server only'}`,
    `Cost: ${costText}${cost === undefined ? '' : ` (${credits(price)} per ${info.pricedPer})`}`,
  ];
  if (quote.balance.known) {
    const after = cost === undefined ? '' : ` → ${quote.exact ? '' : 'at least '}${credits(Math.max(0, quote.balance.credits - cost))} after`;
    lines.push(`Balance: ${credits(quote.balance.credits)}${after}`);
  } else {
    lines.push(`Balance: unknown (${quote.balance.reason})`);
  }
  if (quote.notes?.length) lines.push('', ...quote.notes);
  lines.push('', 'The request is sent once and never retried automatically. The job then appears under Jobs.');
  const button = titleCase(count ? `${info.verb} ${count}` : `${info.verb} ${info.noun[1]}`);
  return { message, detail: lines.join('\n'), button };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function titleCase(text: string): string {
  return text
    .split(' ')
    .map((word) => (/^[a-z]/.test(word) ? capitalise(word) : word))
    .join(' ');
}
