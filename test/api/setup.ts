/**
 * Mocha root hooks for the API tier: ONE sandbox in-process on a free loopback port, shared by every API test
 * file through CRM_SANDBOX_URL. Short step times keep order/job lifecycles fast; tests still never sleep to
 * synchronise (they advance through the admin API or poll with a bound).
 */
import { startSandbox, type RunningSandbox } from '../../sandbox/server';

let sandbox: RunningSandbox | undefined;

export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(30_000);
    sandbox = await startSandbox({ port: 0, quiet: true, contacts: 2000, orderStepMs: 200, jobStepMs: 100 });
    process.env.CRM_SANDBOX_URL = sandbox.url;
  },
  async afterAll(): Promise<void> {
    await sandbox?.close();
    sandbox = undefined;
    delete process.env.CRM_SANDBOX_URL;
  },
};
