// Proves the in-host harness itself: we run inside VS Code 1.100's Node 20 extension host, with the real
// `vscode` API, and the CRM Explorer extension is installed and activates.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'crm-explorer.crm-explorer';

describe('in-host harness', () => {
  it('runs in VS Code 1.100.x', () => {
    assert.match(vscode.version, /^1\.100\.\d+/, `vscode.version is ${vscode.version}`);
  });

  it('runs on the extension host Node 20', () => {
    assert.ok(process.version.startsWith('v20.'), `process.version is ${process.version}`);
  });

  it('has the CRM Explorer extension installed', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} not found`);
    assert.equal(ext.packageJSON.name, 'crm-explorer');
  });

  it('activates the CRM Explorer extension', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} not found`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('sees the sandbox URL passed by the harness', () => {
    assert.match(process.env.CRM_SANDBOX_URL ?? '', /^http:\/\/127\.0\.0\.1:\d+$/, 'CRM_SANDBOX_URL not set by the harness');
  });

  // Only defined on request, to prove that a failing in-host test fails the run and is counted.
  if (process.env.CRM_HARNESS_FORCE_FAIL === '1') {
    it('deliberately fails (CRM_HARNESS_FORCE_FAIL=1)', () => {
      assert.fail('forced failure (CRM_HARNESS_FORCE_FAIL=1)');
    });
  }
});
