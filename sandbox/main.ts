/**
 * CLI: `node out/sandbox/main.js [--port 4010] [--host 127.0.0.1] [--seed 42] [--contacts 5000] [--companies N]
 * [--prospects N] [--faults "rate=0.2,kinds=429|500"] [--order-step-ms 1500] [--job-step-ms 1000] [--quiet]`.
 * Runs in the foreground, prints where everything is and the demo keys, stops cleanly on SIGINT/SIGTERM.
 */
import { parseFaultSpec } from './faults';
import { DEMO_KEYS, MINOTAUR_PERMISSIONS, OPENPROSPECT_SCOPES } from './keys';
import { DEFAULT_PORT, startSandbox, type SandboxOptions } from './server';

const USAGE = `Usage: node out/sandbox/main.js [options]
  --port N            port (default ${DEFAULT_PORT}; 0 = any free port)
  --host H            interface (default 127.0.0.1; the admin endpoints have no auth)
  --seed N            data seed (default 42): same seed, same data
  --contacts N        Minotaur contacts (default 5000)
  --companies N       Minotaur companies (default contacts/25, 20–4000)
  --prospects N       prospect catalog size (default 2 × contacts, at most 50,000)
  --faults SPEC       e.g. "rate=0.2,kinds=429|500|502|503|drop|malformed|schema|latency,latency=100,retryAfter=1,match=^POST /api/ext"
  --order-step-ms N   time per OpenProspect order step (default 1500)
  --job-step-ms N     time until an unlock/verify job takes effect (default 1000)
  --quiet             no request log`;

function parseArgs(argv: string[]): SandboxOptions {
  const opts: SandboxOptions = {};
  const numeric: Record<string, keyof SandboxOptions> = {
    '--port': 'port', '--seed': 'seed', '--contacts': 'contacts', '--companies': 'companies', '--prospects': 'prospects',
    '--order-step-ms': 'orderStepMs', '--job-step-ms': 'jobStepMs',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes('=') && arg.startsWith('--') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (flag === '--quiet') opts.quiet = true;
    else if (flag === '--host') opts.host = value();
    else if (flag === '--faults') opts.faults = parseFaultSpec(value());
    else if (flag in numeric) {
      const raw = value();
      const n = Number(raw.replace(/_/g, ''));
      if (!Number.isInteger(n)) throw new Error(`${flag} must be an integer (got "${raw}")`);
      (opts as Record<string, unknown>)[numeric[flag] as string] = n;
    } else throw new Error(`Unknown option ${arg}\n${USAGE}`);
  }
  return opts;
}

async function main(): Promise<void> {
  let opts: SandboxOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
  const started = Date.now();
  const sandbox = await startSandbox(opts);
  const seconds = ((Date.now() - started) / 1000).toFixed(2);
  const host = opts.host ?? '127.0.0.1';
  console.log(`Sandbox listening on ${sandbox.url}`);
  console.log(`  Minotaur Sales:  ${sandbox.url}/api/ext   (Authorization: X-API-Key <key>)`);
  console.log(`  OpenProspect:    ${sandbox.url}/api/v1    (Authorization: Bearer <key>)`);
  console.log(`  Admin:           ${sandbox.url}/__admin   (stats, reset, faults, keys, rotate, orders/:id/advance)`);
  console.log(`  Data: seed ${opts.seed ?? 42}, ${(opts.contacts ?? 5000).toLocaleString('en-US')} contacts, ready in ${seconds} s`);
  if (opts.faults) console.log(`  Faults: ${JSON.stringify(opts.faults)}`);
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) console.log(`  WARNING: bound to ${host}; /__admin has no authentication.`);
  console.log('\nDemo keys:');
  const width = Math.max(...DEMO_KEYS.map((k) => k.key.length));
  for (const k of DEMO_KEYS) {
    console.log(`  ${k.key.padEnd(width)}  ${k.provider.padEnd(12)}  ${k.description}`);
    const everything = k.provider === 'minotaur' ? MINOTAUR_PERMISSIONS.length : OPENPROSPECT_SCOPES.length;
    const grants = k.grants.length === everything ? `all ${everything} ${k.provider === 'minotaur' ? 'permissions' : 'scopes'}` : k.grants.join(' ');
    if (k.grants.length) console.log(`  ${''.padEnd(width)}  ${''.padEnd(12)}  grants: ${grants}`);
  }
  console.log('\nPress Ctrl+C to stop.');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the sandbox`);
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`Sandbox failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
