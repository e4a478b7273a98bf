/**
 * The record nouns that folder specs use as identifiers ("contact", "company", …) in the user's language, singular
 * and plural, for messages such as "Delete 3 contacts?". Unknown nouns are shown as they are.
 */
import { t } from '../../util/l10n';

function table(): Record<string, [string, string]> {
  return {
    record: [t('record'), t('records')],
    contact: [t('contact'), t('contacts')],
    company: [t('company'), t('companies')],
    list: [t('list'), t('lists')],
    'contact list': [t('contact list'), t('contact lists')],
    product: [t('product'), t('products')],
    opportunity: [t('opportunity'), t('opportunities')],
    pipeline: [t('pipeline'), t('pipelines')],
    stage: [t('stage'), t('stages')],
    prospect: [t('prospect'), t('prospects')],
    'prospect search': [t('prospect search'), t('prospect searches')],
    order: [t('order'), t('orders')],
    blacklist: [t('blacklist'), t('blacklists')],
    entry: [t('entry'), t('entries')],
    'blacklist entry': [t('blacklist entry'), t('blacklist entries')],
  };
}

/** The noun in the user's language; `plural` picks the plural form. */
export function nounText(noun: string, plural = false): string {
  const forms = table()[noun];
  return forms ? forms[plural ? 1 : 0] : noun;
}

/** The first letter in upper case: a noun (or a message that starts with one) at the start of a sentence or label. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
