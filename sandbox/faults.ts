/**
 * Fault injection. Two modes that can be combined:
 *  - random: each API request matching `match` fails with probability `rate`, with a kind drawn from `kinds`
 *    (seeded, so a run with the same requests fails the same way);
 *  - queue: `next: [{kind: "503"}, {kind: "drop"}]` makes exactly the next N matching requests fail, in order,
 *    then everything behaves normally — for deterministic tests.
 * `/__admin` is never faulted. The server applies a picked fault (see server.ts); this module decides and parses.
 */
import { z } from 'zod';
import { Rng } from './seed/prng';

export const FAULT_KINDS = ['latency', '429', '500', '502', '503', 'drop', 'malformed', 'schema'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface QueuedFault {
  kind: FaultKind;
  latencyMs?: number;
  retryAfterSeconds?: number;
  /** Regex on "METHOD /path" (query excluded); defaults to the request's `match`, else every API request. */
  match?: string;
}

export interface FaultConfig {
  /** Probability (0–1) that a matching request gets a random fault. */
  rate?: number;
  kinds?: FaultKind[];
  latencyMs?: number;
  retryAfterSeconds?: number;
  match?: string;
  seed?: number;
  /** Deterministic queue, appended to what is already queued. */
  next?: QueuedFault[];
}

export interface Fault {
  kind: FaultKind;
  latencyMs: number;
  retryAfterSeconds: number;
  source: 'random' | 'queue';
}

const DEFAULT_LATENCY_MS = 1000;
const DEFAULT_RETRY_AFTER_S = 1;

const regexString = z.string().refine((s) => {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}, 'must be a valid regular expression');

const queuedSchema = z.strictObject({
  kind: z.enum(FAULT_KINDS),
  latencyMs: z.number().int().min(0).max(120_000).optional(),
  retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
  match: regexString.optional(),
});

/** The body of `POST /__admin/faults` (also what `--faults` is parsed into). */
export const faultConfigSchema = z.strictObject({
  rate: z.number().min(0).max(1).optional(),
  kinds: z.array(z.enum(FAULT_KINDS)).min(1).optional(),
  latencyMs: z.number().int().min(0).max(120_000).optional(),
  retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
  match: regexString.optional(),
  seed: z.number().int().optional(),
  next: z.array(queuedSchema).max(1000).optional(),
});

/**
 * `--faults "rate=0.2,kinds=429|500|502|503|drop|malformed|schema,latency=100,retryAfter=2,match=^POST /api/ext"`.
 * Throws with a readable message on anything it does not understand.
 */
export function parseFaultSpec(text: string): FaultConfig {
  const raw: Record<string, unknown> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq < 0) throw new Error(`--faults: "${part}" is not key=value`);
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    switch (name) {
      case 'rate': raw.rate = Number(value); break;
      case 'kinds': raw.kinds = value.split('|').map((k) => k.trim()); break;
      case 'latency': case 'latencyMs': raw.latencyMs = Number(value); break;
      case 'retryAfter': case 'retryAfterSeconds': raw.retryAfterSeconds = Number(value); break;
      case 'match': raw.match = value; break;
      case 'seed': raw.seed = Number(value); break;
      default: throw new Error(`--faults: unknown setting "${name}" (rate, kinds, latency, retryAfter, match, seed)`);
    }
  }
  const parsed = faultConfigSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`--faults: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return parsed.data;
}

interface RandomMode {
  rate: number;
  kinds: FaultKind[];
  latencyMs: number;
  retryAfterSeconds: number;
  match?: RegExp;
  source: FaultConfig;
}

export class FaultController {
  private random: RandomMode | undefined;
  private queue: Array<QueuedFault & { regex?: RegExp }> = [];
  private rng: Rng;

  constructor(private readonly defaultSeed: number) {
    this.rng = new Rng(defaultSeed);
  }

  /** Apply a config: random settings replace the current random mode; `next` is appended to the queue. */
  configure(config: FaultConfig): void {
    const { next, ...randomPart } = config;
    if (config.rate !== undefined || config.kinds !== undefined || (next === undefined && Object.keys(randomPart).length > 0)) {
      this.random = {
        rate: config.rate ?? 0,
        kinds: config.kinds ?? [...FAULT_KINDS],
        latencyMs: config.latencyMs ?? DEFAULT_LATENCY_MS,
        retryAfterSeconds: config.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_S,
        ...(config.match !== undefined ? { match: new RegExp(config.match) } : {}),
        source: randomPart,
      };
      this.rng = new Rng(config.seed ?? this.defaultSeed);
    }
    for (const item of next ?? []) {
      const match = item.match ?? config.match;
      this.queue.push({
        ...item,
        ...(match !== undefined ? { match, regex: new RegExp(match) } : {}),
        latencyMs: item.latencyMs ?? config.latencyMs ?? DEFAULT_LATENCY_MS,
        retryAfterSeconds: item.retryAfterSeconds ?? config.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_S,
      });
    }
  }

  clear(): void {
    this.random = undefined;
    this.queue = [];
    this.rng = new Rng(this.defaultSeed);
  }

  /** The fault for a request, if any. `signature` is "METHOD /path". Consumes a queued fault when one matches. */
  pick(signature: string): Fault | undefined {
    const index = this.queue.findIndex((q) => !q.regex || q.regex.test(signature));
    if (index >= 0) {
      const [item] = this.queue.splice(index, 1);
      if (item) return { kind: item.kind, latencyMs: item.latencyMs ?? DEFAULT_LATENCY_MS, retryAfterSeconds: item.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_S, source: 'queue' };
    }
    const random = this.random;
    if (!random || random.rate <= 0 || random.kinds.length === 0) return undefined;
    if (random.match && !random.match.test(signature)) return undefined;
    if (this.rng.next() >= random.rate) return undefined;
    return { kind: this.rng.pick(random.kinds), latencyMs: random.latencyMs, retryAfterSeconds: random.retryAfterSeconds, source: 'random' };
  }

  describe(): { random: Omit<RandomMode, 'match' | 'source'> & { match: string | null } | null; queue: QueuedFault[] } {
    const r = this.random;
    return {
      random: r ? { rate: r.rate, kinds: r.kinds, latencyMs: r.latencyMs, retryAfterSeconds: r.retryAfterSeconds, match: r.match?.source ?? null } : null,
      queue: this.queue.map(({ regex: _regex, ...q }) => q),
    };
  }
}

/** HTML a reverse proxy sends for 502: clients must cope with a non-JSON error body. */
export const BAD_GATEWAY_HTML = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/** Cut a JSON text so it no longer parses (a 200 with a broken body). */
export function malformed(text: string): string {
  const cut = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  try {
    JSON.parse(cut);
    return `${cut}{"truncated":`;
  } catch {
    return cut;
  }
}

/**
 * A copy of a response body whose records violate the schema: every other record (starting with the first) gets
 * a numeric `id` and a string `score`/`match_score`; the rest stay valid. Store objects are never touched.
 */
export function violateSchema(body: unknown): unknown {
  if (body === undefined) return body;
  const copy = JSON.parse(JSON.stringify(body)) as unknown;
  const breakRecord = (rec: unknown, i: number) => {
    if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) return;
    const r = rec as Record<string, unknown>;
    r.id = 100000 + i;
    if ('score' in r) r.score = 'high';
    if ('match_score' in r) r.match_score = 'very good';
  };
  const breakArray = (arr: unknown[]) => arr.forEach((rec, i) => i % 2 === 0 && breakRecord(rec, i));
  if (Array.isArray(copy)) {
    breakArray(copy);
    return copy;
  }
  if (typeof copy === 'object' && copy !== null) {
    const obj = copy as Record<string, unknown>;
    let touched = false;
    for (const value of Object.values(obj)) {
      if (Array.isArray(value) && value.some((v) => typeof v === 'object' && v !== null)) {
        breakArray(value);
        touched = true;
      }
    }
    if (typeof obj.data === 'object' && obj.data !== null && !Array.isArray(obj.data)) {
      breakRecord(obj.data, 0);
      touched = true;
    }
    const pagination = obj.pagination;
    if (typeof pagination === 'object' && pagination !== null) {
      (pagination as Record<string, unknown>).total_records = 'many';
      touched = true;
    }
    if (!touched) breakRecord(obj, 0);
  }
  return copy;
}
