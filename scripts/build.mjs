#!/usr/bin/env node
// One build for everything, with esbuild:
//   dist/extension.js        the extension's entry: activation and registration only (node, cjs, `vscode` external)
//   dist/<chunk>.js          the lazily require()d rest of the extension (CHUNKS below; docs/architecture.md)
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

/**
 * esbuild compiles `import * as vscode from 'vscode'` (external, CommonJS) to `__toESM(require("vscode"))`: a copy of
 * the API object's ~370 properties per importing module, ~30 ms of activation for the entry's 22 modules, and still
 * ~3 ms with one shared `export * from "vscode"`. Our sources only ever read properties of that namespace, so bind
 * it to the object `require("vscode")` returns, once per output file, and copy nothing.
 */
const VSCODE_IMPORT = "import * as vscode from 'vscode';";
const vscodeApiDirect = {
  name: 'vscode-api-direct',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      if (!source.includes(VSCODE_IMPORT)) return undefined;
      return { contents: source.replace(VSCODE_IMPORT, "import { vscodeApi as vscode } from 'crm-vscode-api';"), loader: 'ts' };
    });
    build.onResolve({ filter: /^crm-vscode-api$/ }, () => ({ path: 'vscode-api', namespace: 'crm-vscode-api' }));
    build.onLoad({ filter: /.*/, namespace: 'crm-vscode-api' }, () => ({ contents: 'export const vscodeApi = require("vscode");', loader: 'js' }));
  },
};

// The extension itself is built separately (buildExtensionChunks below): several files that share one module graph.
const extensionOptions = { ...common, plugins: [vscodeApiDirect, ...common.plugins], platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], minify: production, sourcemap: production ? false : 'linked' };

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

/**
 * The extension host code in load order. dist/extension.js must stay registration-only (SPEC §8: activation ≤ 20 ms,
 * ≤ 250 KB), so everything heavy (ky, zod and the schemas, the clients, the commands' implementations, the form, the
 * OpenProspect layer) lives in chunks that src/lazy.ts require()s on first use. Each chunk OWNS the modules reachable
 * from its entry that no earlier chunk owns, and a later chunk imports an earlier chunk's modules from that chunk at
 * run time instead of bundling a second copy: a class bundled twice would be two classes (`instanceof` fails) and a
 * module's state would exist twice. So importing anything from anywhere stays correct; only the size moves.
 */
const CHUNKS = [
  { name: 'extension', entry: 'src/extension.ts' },
  { name: 'core', entry: 'src/core.ts' },
  { name: 'openprospect', entry: 'src/openprospectChunk.ts' },
];
/** Packages that must never be in dist/extension.js: each costs tens of ms of module loading at activation. */
const NOT_IN_ENTRY = ['node_modules/zod/', 'node_modules/ky/'];

const rel = (abs) => path.relative(root, abs).split(path.sep).join('/');

/**
 * Resolves imports for chunk `index`: a require() of another chunk's entry becomes `require("./<chunk>.js")`, and an
 * import of a module owned by an earlier chunk becomes a shim that takes that module from the owner's `__crmModules`.
 */
function chunkLinker(index, owners) {
  const entries = new Map(CHUNKS.map((c) => [path.join(root, c.entry), c.name]));
  return {
    name: 'crm-chunk-linker',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData?.crmResolving || args.kind === 'entry-point' || args.namespace !== 'file') return undefined;
        if (args.importer.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const resolved = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: { crmResolving: true } });
        if (resolved.errors.length || resolved.external || resolved.namespace !== 'file') return undefined;
        const chunk = entries.get(resolved.path);
        if (chunk && chunk !== CHUNKS[index].name) {
          if (args.kind !== 'require-call') {
            return { errors: [{ text: `${rel(args.importer)} imports the chunk entry ${rel(resolved.path)}; load chunks only through src/lazy.ts (require)` }] };
          }
          return { path: `./${chunk}.js`, external: true };
        }
        const owner = owners.get(resolved.path);
        if (owner && owner !== CHUNKS[index].name) return { path: rel(resolved.path), namespace: 'crm-shared', pluginData: { owner } };
        return undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'crm-shared' }, (args) => ({
        contents: [
          `var shared = require(${JSON.stringify(`./${args.pluginData.owner}.js`)}).__crmModules;`,
          `if (!shared || !shared[${JSON.stringify(args.path)}]) throw new Error(${JSON.stringify(`CRM Explorer: dist/${args.pluginData.owner}.js does not export ${args.path}; rebuild`)});`,
          `module.exports = shared[${JSON.stringify(args.path)}];`,
        ].join('\n'),
        loader: 'js',
      }));
      build.onResolve({ filter: /^\.\/[a-z]+\.js$/, namespace: 'crm-shared' }, (args) => ({ path: args.path, external: true }));
    },
  };
}

/** The shortest import chain from the chunk's entry to `target` (for a readable build error). */
function importChain(metafile, from, target) {
  const previous = new Map([[from, null]]);
  const queue = [from];
  while (queue.length) {
    const current = queue.shift();
    if (current === target) break;
    for (const next of metafile.inputs[current]?.imports ?? []) {
      if (!previous.has(next.path)) {
        previous.set(next.path, current);
        queue.push(next.path);
      }
    }
  }
  const chain = [];
  for (let at = target; at; at = previous.get(at)) chain.unshift(at);
  return chain.join(' → ');
}

/**
 * Builds CHUNKS in order. Each chunk is built twice: once to learn which modules it owns, then from a generated
 * entry that re-exports the real entry plus `__crmModules` (every owned module a later chunk may import, by path).
 */
async function buildExtensionChunks() {
  const owners = new Map(); // absolute path → chunk name
  const outputs = [];
  for (const [index, chunk] of CHUNKS.entries()) {
    const linker = chunkLinker(index, owners);
    const probe = await esbuild.build({ ...extensionOptions, plugins: [linker, ...extensionOptions.plugins], entryPoints: [chunk.entry], write: false, metafile: true, minify: false, sourcemap: false, outfile: `dist/${chunk.name}.js` });
    const owned = Object.keys(probe.metafile.inputs).filter((input) => !input.includes(':'));
    if (index === 0) {
      const banned = owned.find((input) => NOT_IN_ENTRY.some((dir) => input.startsWith(dir)));
      if (banned) {
        throw new Error(`dist/extension.js must stay registration-only, but it would contain ${banned}:\n  ${importChain(probe.metafile, chunk.entry, banned)}\n` +
          'Load that code through src/lazy.ts (see "How to add a lazily loaded command" in docs/architecture.md).');
      }
    }
    // What a later chunk can import from this one: our own modules, and the packages they import by name.
    const exported = new Set(owned.filter((input) => input.startsWith('src/')));
    for (const input of exported) {
      for (const imported of probe.metafile.inputs[input].imports) {
        if (imported.path.startsWith('node_modules/') && imported.original && !imported.original.startsWith('.')) exported.add(imported.path);
      }
    }
    for (const input of owned) owners.set(path.join(root, input), chunk.name);
    const keys = [...exported].sort();
    const wrapper = [
      `export * from ${JSON.stringify(path.join(root, chunk.entry))};`,
      ...keys.map((key, i) => `import * as m${i} from ${JSON.stringify(path.join(root, key))};`),
      `export const __crmModules = { ${keys.map((key, i) => `${JSON.stringify(key)}: m${i}`).join(', ')} };`,
    ].join('\n');
    const result = await esbuild.build({
      ...extensionOptions,
      plugins: [linker, ...extensionOptions.plugins],
      stdin: { contents: wrapper, resolveDir: root, sourcefile: `${chunk.name}-chunk.js`, loader: 'js' },
      outfile: `dist/${chunk.name}.js`,
      metafile: true,
    });
    outputs.push({ chunk, metafile: result.metafile, bytes: fs.statSync(path.join(root, `dist/${chunk.name}.js`)).size });
  }
  // Node's CommonJS loader reads the nearest package.json of every .js file it loads (for its "type"); without one in
  // dist/ that is the extension's 30 KB manifest, parsed when VS Code loads dist/extension.js (~0.2-0.3 ms of
  // "load code" in plain Node here). This one says the same thing (CommonJS) in 20 bytes.
  fs.writeFileSync(path.join(root, 'dist/package.json'), '{"type":"commonjs"}\n');
  // One esbuild metafile for all chunks (inputs and outputs merged): scripts/third-party-notices.mjs reads it.
  const merged = { inputs: {}, outputs: {} };
  for (const { metafile } of outputs) {
    Object.assign(merged.inputs, metafile.inputs);
    Object.assign(merged.outputs, metafile.outputs);
  }
  fs.writeFileSync(path.join(root, 'dist/meta.json'), JSON.stringify(merged));
  for (const o of outputs) console.log(`[build] dist/${o.chunk.name}.js ${(o.bytes / 1024).toFixed(1)} KB${production ? ' (minified)' : ''}`);
}

const started = Date.now();
const groups = configs.length + (wants('extension') ? 1 : 0);
if (watch) {
  for (const config of configs) {
    const context = await esbuild.context(config);
    await context.watch();
  }
  if (wants('extension')) {
    // The chunks' ownership depends on the whole import graph, so a change rebuilds all of them (about a second).
    const rebuild = () => buildExtensionChunks().catch((error) => console.error(`[build] extension: ${error.message}`));
    await rebuild();
    let timer;
    fs.watch(path.join(root, 'src'), { recursive: true }, (_event, file) => {
      if (!file || String(file).startsWith(`webview${path.sep}`)) return;
      clearTimeout(timer);
      timer = setTimeout(rebuild, 100);
    });
  }
  console.log('[build] watching for changes…');
} else {
  try {
    await Promise.all([...configs.map((c) => esbuild.build(c)), ...(wants('extension') ? [buildExtensionChunks()] : [])]);
  } catch (error) {
    // esbuild has printed its own errors; ours (the entry guard) is a message, not a stack trace.
    console.error(`[build] failed: ${error.message}`);
    process.exit(1);
  }
  // JSON schemas of `crm:` record documents (dist/schemas/), generated from the zod schemas: see scripts/json-schemas.mjs.
  if (wants('extension')) await import('./json-schemas.mjs').then((m) => m.writeJsonSchemas());
  console.log(`[build] ${groups} bundle group(s) in ${Date.now() - started} ms`);
}
