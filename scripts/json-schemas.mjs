#!/usr/bin/env node
// Writes dist/schemas/<segment>.schema.json — the JSON schemas of `crm:` record documents — from the client's zod
// schemas (src/documents/jsonSchemas.ts), at build time so activation stays registration-only. package.json's
// `contributes.jsonValidation` points VS Code's JSON language service at these files.
// Run by scripts/build.mjs after the extension bundle; also runnable alone: `node scripts/json-schemas.mjs`.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function writeJsonSchemas() {
  const outfile = path.join(root, 'out/scripts/jsonSchemas.cjs');
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['src/documents/jsonSchemas.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  const require = createRequire(import.meta.url);
  delete require.cache[outfile];
  const { allDocumentJsonSchemas } = require(outfile);
  const dir = path.join(root, 'dist/schemas');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const schemas = allDocumentJsonSchemas();
  for (const [file, schema] of Object.entries(schemas)) fs.writeFileSync(path.join(dir, file), JSON.stringify(schema, null, 2) + '\n');
  return Object.keys(schemas).length;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const count = await writeJsonSchemas();
  console.log(`[json-schemas] ${count} schema(s) in dist/schemas/`);
}
