import * as assert from 'node:assert/strict';
import { checkBaseUrl, isLoopbackHost, normaliseBaseUrl } from '../../src/connections/urlPolicy';

describe('urlPolicy', () => {
  it('accepts https anywhere', () => {
    const result = checkBaseUrl('https://api.minotaursales.io/api/ext/');
    assert.ok(result.ok);
    assert.equal(normaliseBaseUrl(result.url), 'https://api.minotaursales.io/api/ext');
  });

  it('accepts plain http only for loopback hosts', () => {
    for (const url of ['http://127.0.0.1:4010/api/ext', 'http://localhost:4010', 'http://[::1]:4010', 'http://127.8.9.10/x']) {
      assert.ok(checkBaseUrl(url).ok, url);
    }
    for (const url of ['http://api.example.com/api/ext', 'http://10.0.0.5/api', 'http://127.0.0.1.evil.com/']) {
      const result = checkBaseUrl(url);
      assert.equal(result.ok, false, url);
      assert.match(result.ok ? '' : result.reason, /Refusing to send an API key over plain http/);
    }
  });

  it('explains what is wrong with a bad URL', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /Enter the base URL/],
      ['not a url', /is not a valid URL/],
      ['ftp://files.example.com', /Unsupported URL scheme "ftp:"/],
      ['https://user:pw@api.example.com', /must not contain a user name or password/],
    ];
    for (const [input, reason] of cases) {
      const result = checkBaseUrl(input);
      assert.equal(result.ok, false, input);
      assert.match(result.ok ? '' : result.reason, reason);
    }
  });

  it('treats the whole 127/8 block as loopback and nothing else', () => {
    assert.equal(isLoopbackHost('127.0.0.1'), true);
    assert.equal(isLoopbackHost('127.255.0.3'), true);
    assert.equal(isLoopbackHost('LOCALHOST'), true);
    assert.equal(isLoopbackHost('128.0.0.1'), false);
    assert.equal(isLoopbackHost('localhost.example.com'), false);
  });
});
