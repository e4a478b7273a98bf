// Which SPEC §8 measurements have something to measure yet. Decided from the manifest at bench time, so the bench
// starts measuring a feature the day its command lands — and never reports a pass for something that is not built.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../harness/lib.mjs';

export function commands() {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  return (pkg.contributes?.commands || []).map((c) => c.command);
}

/** The extension's export of contacts (a later issue). */
export function exportStatus() {
  const cmd = commands().find((c) => /export/i.test(c));
  if (!cmd) return { status: 'not built yet', note: 'no export command in package.json; the export budgets stay pending (pass: null)' };
  return { status: 'not measured', command: cmd, note: `${cmd} exists, but the bench has no driver for it yet (scripts/bench/): the export budgets stay pending` };
}

export const VERIFY_COMMAND = 'crm.verifyEmails';
export const BLACKLIST_COMMAND = 'crm.op.addBlacklistEntries'; // the one scripts/bench/bulk.mjs knows how to drive

/** Blacklist bulk add: any command about blacklists that adds entries. */
export function blacklistCommand() {
  return commands().find((c) => /blacklist/i.test(c) && /add|import|bulk/i.test(c)) || null;
}

/**
 * Status rows for the bulk measurements. `verify` is the measured result of scripts/bench/bulk.mjs when it ran
 * ({seconds, requests, ...} or {status, note}); otherwise a status is derived from the manifest.
 */
export function bulkStatus({ wanted, verify, blacklist } = {}) {
  const cmds = commands();
  const skipped = { status: 'not measured in this run (--only without bulk)' };
  const bl = blacklistCommand();
  const anyBlacklist = cmds.find((c) => /blacklist/i.test(c));
  return {
    verifyEmails: !cmds.includes(VERIFY_COMMAND)
      ? { status: 'not built yet', note: `no ${VERIFY_COMMAND} command in package.json` }
      : !wanted
        ? skipped
        : verify || { status: 'not measured', note: `${VERIFY_COMMAND} exists but was not driven` },
    blacklist: bl
      ? wanted
        ? blacklist || { status: 'not measured', command: bl, note: `${bl} exists, but the bench has no driver for it yet` }
        : skipped
      : { status: 'not built yet', note: anyBlacklist ? `no command that adds blacklist entries (found ${anyBlacklist})` : 'no blacklist command in package.json' },
  };
}
