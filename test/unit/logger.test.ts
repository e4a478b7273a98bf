import * as assert from 'node:assert/strict';
import { redact, redactingLogger, type Logger } from '../../src/util/logger';

describe('redact', () => {
  it('hides Authorization values, demo-style keys and e-mail addresses', () => {
    const line = 'Authorization: X-API-Key abc123secret; Bearer op_live_zzz; key mnt_sandbox_full; mail jane.doe@example.com';
    const out = redact(line);
    assert.ok(!out.includes('abc123secret'));
    assert.ok(!out.includes('op_live_zzz'));
    assert.ok(!out.includes('mnt_sandbox_full'));
    assert.ok(!out.includes('jane.doe@example.com'));
    assert.match(out, /X-API-Key \*\*\*/);
    assert.match(out, /<email>/);
  });

  it('redactingLogger redacts at every level', () => {
    const lines: string[] = [];
    const sink: Logger = { trace: (m) => lines.push(m), debug: (m) => lines.push(m), info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
    const logger = redactingLogger(sink);
    for (const level of ['trace', 'debug', 'info', 'warn', 'error'] as const) logger[level](`key lnc_live_abcdef at ${level}`);
    assert.equal(lines.length, 5);
    for (const line of lines) assert.ok(!line.includes('lnc_live_abcdef'), line);
  });
});
