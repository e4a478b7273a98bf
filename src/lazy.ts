/**
 * The one place that loads the extension's lazy chunks. dist/extension.js holds only what activation needs; the
 * rest is built into separate files (scripts/build.mjs, CHUNKS) and loaded here on first use. require() is
 * synchronous and cached, so callers simply call loadCore() where they need it; the first call costs the chunk's
 * module loading (zod schemas, ky, …), later calls nothing. Outside the chunked extension build (unit and API test
 * bundles) esbuild bundles these requires inline, still evaluated lazily.
 * See "How to add a lazily loaded command" in docs/architecture.md.
 */
import type * as CoreChunk from './core';
import type * as OpenProspectChunk from './openprospectChunk';

export type Core = typeof CoreChunk;
export type OpenProspectLayer = typeof OpenProspectChunk;

type ChunkLoaded = (chunk: string, milliseconds: number) => void;
let onLoaded: ChunkLoaded | undefined;
const loaded = new Set<string>();

/** Where chunk load times go (the log), so a slow first expand or command can be explained. */
export function reportChunkLoads(report: ChunkLoaded): void {
  onLoaded = report;
}

function timed<T>(chunk: string, load: () => T): T {
  if (loaded.has(chunk)) return load();
  const started = performance.now();
  const module = load();
  loaded.add(chunk);
  onLoaded?.(chunk, performance.now() - started);
  return module;
}

const coreWaiters: (() => void)[] = [];

/**
 * Runs `callback` on the first loadCore() (at once if that has happened). Every tree row below a connection is built
 * by code of the core chunk, so what runs here is in place before the first such row can exist (src/lazyCommands.ts
 * registers the row-only commands this way).
 */
export function whenCoreLoads(callback: () => void): void {
  if (loaded.has('core')) callback();
  else coreWaiters.push(callback);
}

/** ky, zod, the schemas and clients, the commands' implementations and the record form (dist/core.js). */
export function loadCore(): Core {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy chunk (dist/core.js), loaded on first use
  const core = timed('core', () => require('./core') as Core);
  // Emptied before running: a waiter that calls loadCore() again finds nothing left to run.
  if (coreWaiters.length) for (const run of coreWaiters.splice(0)) run();
  return core;
}

/** The OpenProspect client, its commands and the order watcher (dist/openprospect.js; loads core first). */
export function loadOpenProspect(): OpenProspectLayer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy chunk (dist/openprospect.js), loaded on first use
  return timed('openprospect', () => require('./openprospectChunk') as OpenProspectLayer);
}
