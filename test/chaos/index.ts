// The chaos tier's extensionTestsPath: the same in-host mocha runner as test/inhost (it loads every *.test.js next to
// its own bundle, so this bundle in out/test/chaos runs the chaos suites only).
export { run } from '../inhost/index';
