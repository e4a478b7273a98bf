/** Delivered companies (filter by search and match score), their job listings and web-technology intel. */
import { json, UUID_RE } from '../http';
import { findOr404 } from './context';
import { page, parsePaging } from './paging';
import type { FieldError } from './errors';
import type { OpRoute } from './context';
import type { Router } from '../router';
import type { Obj } from '../records';

function countBy(items: Obj[], field: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const key = String(item[field] ?? 'Unknown');
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

export function registerCompanies(router: Router<OpRoute>): void {
  router.add('GET', '/companies', {
    scopes: ['companies:read'],
    handle: (req, ctx) => {
      const errors: FieldError[] = [];
      const searchId = req.query.get('prospect_search_id');
      if (searchId !== null && !UUID_RE.test(searchId)) errors.push({ field: 'prospect_search_id', message: 'Input should be a valid UUID' });
      const rawScore = req.query.get('min_match_score');
      const minScore = rawScore === null || rawScore === '' ? undefined : Number(rawScore);
      if (minScore !== undefined && (!Number.isFinite(minScore) || minScore < 0 || minScore > 10))
        errors.push({ field: 'min_match_score', message: 'Input should be a number between 0 and 10' });
      const paging = parsePaging(req.query, errors);
      // An unknown prospect_search_id is a filter that matches nothing (empty page), not a 404.
      const items = ctx.store.companies.all().filter((c) => (!searchId || c.prospect_search_id === searchId) && (minScore === undefined || Number(c.match_score) >= minScore));
      return json(200, page(items, paging));
    },
  });

  router.add('GET', '/companies/:id', {
    scopes: ['companies:read'],
    handle: (req, ctx) => {
      const company = findOr404(ctx.store.companies, req, 'Company');
      return json(200, { ...company, jobs_count: ctx.store.jobs.get(company.id)?.length ?? 0, technologies_count: ctx.store.webtech.get(company.id)?.length ?? 0 });
    },
  });

  router.add('GET', '/companies/:id/jobs', {
    scopes: ['companies:read'],
    handle: (req, ctx) => {
      const company = findOr404(ctx.store.companies, req, 'Company');
      return json(200, page(ctx.store.jobs.get(company.id) ?? [], parsePaging(req.query)));
    },
  });

  router.add('GET', '/companies/:id/jobs/summary', {
    scopes: ['companies:read'],
    handle: (req, ctx) => {
      const company = findOr404(ctx.store.companies, req, 'Company');
      const jobs = ctx.store.jobs.get(company.id) ?? [];
      const latest = jobs.map((j) => String(j.posted_at)).sort().pop() ?? null;
      return json(200, {
        company_id: company.id,
        total_jobs: jobs.length,
        by_department: countBy(jobs, 'department'),
        by_employment_type: countBy(jobs, 'employment_type'),
        remote_jobs: jobs.filter((j) => j.remote === true).length,
        latest_posted_at: latest,
        hiring_signal: jobs.length >= 6 ? 'HIGH' : jobs.length >= 2 ? 'MEDIUM' : 'LOW',
      });
    },
  });

  router.add('GET', '/companies/:id/webtech-intel', {
    scopes: ['companies:read'],
    handle: (req, ctx) => {
      const company = findOr404(ctx.store.companies, req, 'Company');
      const technologies = ctx.store.webtech.get(company.id) ?? [];
      const scanned = technologies.map((t) => String(t.last_detected_at)).sort().pop() ?? null;
      return json(200, { company_id: company.id, domain: company.domain, scanned_at: scanned, technologies });
    },
  });

  router.add('GET', '/companies/:id/webtech-intel/summary', {
    scopes: ['companies:read'],
    handle: (req, ctx) => {
      const company = findOr404(ctx.store.companies, req, 'Company');
      const technologies = ctx.store.webtech.get(company.id) ?? [];
      const categories = Object.entries(countBy(technologies, 'category')).map(([category, count]) => ({ category, count })).sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
      return json(200, {
        company_id: company.id,
        total_technologies: technologies.length,
        categories,
        top_technologies: [...technologies].sort((a, b) => Number(b.confidence) - Number(a.confidence)).slice(0, 5).map((t) => t.name),
      });
    },
  });
}
