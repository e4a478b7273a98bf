// Mocha reporter: mocha's Spec output on the console, plus a JSON summary for scripts/test-all.mjs:
//   {passed, failed, pending, failures: [{title, error}]}  written to $CRM_TEST_RESULT_FILE at the end of the run.
// usage: mocha --reporter scripts/harness/mocha-json-summary.cjs ...
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- mocha 10 loads reporters with require(), so this file is CommonJS */
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;

class JsonSummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const summary = { passed: 0, failed: 0, pending: 0, failures: [] };
    runner.on(EVENT_TEST_PASS, () => summary.passed++);
    runner.on(EVENT_TEST_PENDING, () => summary.pending++);
    // also fires for failing hooks ("before all" hook ...), which count as failures
    runner.on(EVENT_TEST_FAIL, (test, err) => {
      summary.failed++;
      summary.failures.push({ title: test.fullTitle(), error: String((err && err.message) || err).split('\n')[0] });
    });
    runner.once(EVENT_RUN_END, () => {
      const file = process.env.CRM_TEST_RESULT_FILE;
      if (!file) return;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file + '.tmp', JSON.stringify(summary, null, 2));
      fs.renameSync(file + '.tmp', file);
    });
  }
}

module.exports = JsonSummaryReporter;
