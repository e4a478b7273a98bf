/**
 * Readable Markdown for company details (with job listings + summary, web-technology intel + summary) and for an
 * order's results. Record data is untrusted: every value goes through displayText and has Markdown/HTML
 * characters escaped, so a company called "<img onerror=…>" or "[x](command:…)" is shown as text. No `vscode`.
 */
import { formatNumber, t } from '../../util/l10n';
import { displayText } from '../../views/tree/displayText';

/** One untrusted value as inline Markdown text. */
export function md(value: unknown, max = 300): string {
  const text = typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
  return displayText(text, max).replace(/[\\`*_{}[\]<>()#!|~]/g, '\\$&').replace(/&/g, '&amp;');
}

type Json = Record<string, unknown>;
const asObject = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : Array.isArray(asObject(v)?.items) ? (asObject(v)!.items as unknown[]) : []);

/** `- **Label:** value` lines for the scalar fields of an object (nested objects as compact JSON). */
function fields(record: Json | undefined, skip: string[] = []): string[] {
  if (!record) return [];
  return Object.entries(record)
    .filter(([key, value]) => !skip.includes(key) && value !== null && value !== undefined && value !== '' && !Array.isArray(value))
    .map(([key, value]) => `- **${md(key, 60)}:** ${md(value)}`);
}

export type Section = { ok: true; value: unknown } | { ok: false; error: string };

export interface CompanyDetails {
  company: Json;
  jobs: Section;
  jobsSummary: Section;
  webtech: Section;
  webtechSummary: Section;
}

export function companyMarkdown(details: CompanyDetails): string {
  const { company } = details;
  const name = company.name ?? company.company_name ?? company.id;
  const out: string[] = [`# ${md(name, 200)}`, '', ...fields(company, ['name']), ''];

  out.push(`## ${t('Jobs summary')}`, '');
  out.push(...section(details.jobsSummary, (summary) => summaryLines(asObject(summary))));
  out.push('', `## ${t('Job listings')}`, '');
  out.push(
    ...section(details.jobs, (jobs) => {
      const rows = asArray(jobs).map(asObject).filter((j): j is Json => Boolean(j));
      if (!rows.length) return [t('No job listings.')];
      return [
        `| ${t('Title')} | ${t('Department')} | ${t('Location')} | ${t('Type')} | ${t('Remote')} | ${t('Posted')} |`,
        '|---|---|---|---|---|---|',
        ...rows.map((j) => `| ${md(j.title, 80)} | ${md(j.department, 40)} | ${md(j.location, 40)} | ${md(j.employment_type, 20)} | ${j.remote === true ? t('yes') : j.remote === false ? t('no') : ''} | ${md(j.posted_at, 10)} |`),
      ];
    }),
  );

  out.push('', `## ${t('Web technologies summary')}`, '');
  out.push(...section(details.webtechSummary, (summary) => summaryLines(asObject(summary))));
  out.push('', `## ${t('Web technologies')}`, '');
  out.push(
    ...section(details.webtech, (intel) => {
      const record = asObject(intel);
      const techs = asArray(record?.technologies ?? intel).map(asObject).filter((t): t is Json => Boolean(t));
      const head = fields(record, ['technologies', 'company_id']);
      if (!techs.length) return [...head, t('No technologies detected.')];
      return [
        ...head,
        '',
        `| ${t('Technology')} | ${t('Category')} | ${t('Confidence')} | ${t('First detected')} | ${t('Last detected')} |`,
        '|---|---|---|---|---|',
        ...techs.map((t) => `| ${md(t.name, 60)} | ${md(t.category, 40)} | ${md(t.confidence, 8)} | ${md(t.first_detected_at, 10)} | ${md(t.last_detected_at, 10)} |`),
      ];
    }),
  );
  return out.join('\n') + '\n';
}

function section(result: Section, render: (value: unknown) => string[]): string[] {
  return result.ok ? render(result.value) : [`_${t('Not available: {0}', md(result.error))}_`];
}

/** A summary object: scalars as fields, `{key: count}` maps and `[{category, count}]` lists as short lists. */
function summaryLines(summary: Json | undefined): string[] {
  if (!summary) return [t('No summary.')];
  const out = fields(
    summary,
    Object.keys(summary).filter((k) => k === 'company_id' || asObject(summary[k])),
  );
  for (const [key, value] of Object.entries(summary)) {
    const map = asObject(value);
    if (map) out.push(`- **${md(key, 60)}:** ${Object.entries(map).map(([k, v]) => `${md(k, 40)} ${md(v, 20)}`).join(', ')}`);
    else if (Array.isArray(value)) {
      const items = value.map((v) => {
        const o = asObject(v);
        return o ? Object.values(o).map((x) => md(x, 40)).join(' ') : md(v, 60);
      });
      out.push(`- **${md(key, 60)}:** ${items.join(', ')}`);
    }
  }
  return out;
}

export function orderResultsMarkdown(order: Json, results: Json[], total: number | undefined): string {
  const title = order.title ?? order.id;
  const out: string[] = [`# ${t('Results of order {0}', md(title, 200))}`, '', ...fields(order, ['title', 'companies', 'status_history']), ''];
  const count = formatNumber(results.length);
  out.push(
    total !== undefined && total > results.length
      ? t('{0} of {1} companies (the JSON has the same ones).', count, formatNumber(total))
      : results.length === 1
        ? t('1 company.')
        : t('{0} companies.', count),
    '',
  );
  for (const company of results) {
    out.push(`## ${md(company.company_name ?? company.name ?? company.external_id ?? t('(unnamed company)'), 200)}`, '');
    out.push(...fields(company, ['company_name', 'name', 'company_data', 'technologies', 'contacts']));
    const data = asObject(company.company_data);
    if (data) out.push('', `**${t('Company data')}**`, '', ...fields(data));
    const techs = asArray(company.technologies);
    if (techs.length) out.push('', `**${t('Technologies:')}** ${techs.map((t) => md(asObject(t)?.name ?? t, 60)).join(', ')}`);
    const contacts = asArray(company.contacts).map(asObject).filter((c): c is Json => Boolean(c));
    if (contacts.length) {
      out.push('', `| ${t('Contact')} | ${t('Job title')} | ${t('Email')} | LinkedIn |`, '|---|---|---|---|');
      for (const c of contacts) {
        const name = c.full_name ?? [c.first_name, c.last_name].filter(Boolean).join(' ');
        out.push(`| ${md(name, 80)} | ${md(c.job_title, 60)} | ${md(c.email, 80)} | ${md(c.linkedin_url, 120)} |`);
      }
    }
    out.push('');
  }
  return out.join('\n') + '\n';
}
