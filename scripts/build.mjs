#!/usr/bin/env node
// One build for everything, with esbuild:
//   dist/extension.js        the extension (node, cjs, `vscode` external; minified with --production)
//   dist/webview/<name>.js   webview scripts (browser, iife), one per src/webview/<name>/main.ts
//   out/sandbox/main.js      the local API sandbox (node)
//   out/test/**.js           test bundles: unit and api tiers (node), in-host tier (node, `vscode` external)
// Flags: --production (minify, no source maps), --watch, --only=extension,webview,sandbox,tests
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const production = args.includes('--production');
const watch = args.includes('--watch');
const onlyArg = args.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice(7).split(',')) : null;
const wants = (name) => !only || only.has(name);

/** All files under dir (relative to root) whose name ends with suffix. */
function findFiles(dir, suffix) {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return fs
    .readdirSync(abs, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(suffix))
    .map((f) => path.join(dir, f));
}

/**
 * zod's `z` namespace re-exports every locale (`z.locales`), which esbuild cannot drop: ~300 KB of messages in
 * 40 languages we never use (our messages are our own). Resolve zod's locales barrel to English only.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${path.sep}node_modules${path.sep}zod${path.sep}`) ? { path: 'zod-locales-en', namespace: 'zod-locales' } : undefined,
    );
    // z.fromJSONSchema (JSON Schema → zod) is never used: leave its 12 KB out.
    build.onResolve({ filter: /^\.\/from-json-schema\.js$/ }, (args) =>
      args.importer.includes(`${path.sep}node_modules${path.sep}zod${path.sep}`) ? { path: 'from-json-schema', namespace: 'zod-stub' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-stub' }, () => ({
      contents: 'export function fromJSONSchema() { throw new Error("z.fromJSONSchema is not bundled in CRM Explorer"); }',
    }));
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, () => ({
      contents: `export { default as en } from ${JSON.stringify(path.join(root, 'node_modules/zod/v4/locales/en.js'))};`,
      resolveDir: root,
    }));
  },
};

const common = { absWorkingDir: root, bundle: true, logLevel: 'warning', legalComments: 'none', plugins: [zodEnglishOnly] };
const configs = [];

if (wants('extension')) {
  configs.push({
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    minify: production,
    sourcemap: production ? false : 'linked',
    metafile: true,
    // Lazily loaded chunks would need ESM; keep one file and load heavy parts behind dynamic require of
    // separate entry points instead (see src/lazy.ts once it exists).
  });
}

if (wants('webview')) {
  const entries = findFiles('src/webview', 'main.ts');
  if (entries.length) {
    configs.push({
      ...common,
      entryPoints: Object.fromEntries(entries.map((e) => [path.basename(path.dirname(e)), e])),
      outdir: 'dist/webview',
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      minify: production,
      sourcemap: production ? false : 'linked',
    });
  }
}

if (wants('sandbox')) {
  configs.push({
    ...common,
    entryPoints: ['sandbox/main.ts'],
    outfile: 'out/sandbox/main.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'linked',
  });
}

if (wants('tests')) {
  const nodeTests = [...findFiles('test/unit', '.test.ts'), ...findFiles('test/api', '.test.ts'), ...findFiles('test/api', 'setup.ts')];
  if (nodeTests.length) {
    configs.push({
      ...common,
      entryPoints: nodeTests,
      outbase: 'test',
      outdir: 'out/test',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      external: ['mocha', 'vscode'],
    });
  }
  const inhost = [...findFiles('test/inhost', '.test.ts'), ...findFiles('test/inhost', 'index.ts')];
  if (inhost.length) {
    configs.push({
      ...common,
      entryPoints: inhost,
      outbase: 'test',
      outdir: 'out/test',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      external: ['vscode', 'mocha'],
    });
  }
}

const started = Date.now();
if (watch) {
  for (const config of configs) {
    const context = await esbuild.context(config);
    await context.watch();
  }
  console.log('[build] watching for changes…');
} else {
  const results = await Promise.all(configs.map((c) => esbuild.build(c)));
  // JSON schemas of `crm:` record documents (dist/schemas/), generated from the zod schemas: see scripts/json-schemas.mjs.
  if (wants('extension')) await import('./json-schemas.mjs').then((m) => m.writeJsonSchemas());
  const ext = results.find((r) => r.metafile);
  if (ext) {
    const size = fs.statSync(path.join(root, 'dist/extension.js')).size;
    fs.writeFileSync(path.join(root, 'dist/meta.json'), JSON.stringify(ext.metafile));
    console.log(`[build] dist/extension.js ${(size / 1024).toFixed(1)} KB${production ? ' (minified)' : ''}`);
  }
  console.log(`[build] ${configs.length} bundle group(s) in ${Date.now() - started} ms`);
}
