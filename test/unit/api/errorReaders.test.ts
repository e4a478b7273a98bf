import * as assert from 'node:assert/strict';
import { fieldErrorOf, readMinotaurError } from '../../../src/api/minotaur/errors';
import { readOpenProspectError } from '../../../src/api/openprospect/errors';

describe('readMinotaurError (NestJS bodies)', () => {
  it('reads the documented 401 body as a rejected key', () => {
    const out = readMinotaurError(401, { statusCode: 401, message: 'The provided API key is invalid or unauthorized.' });
    assert.equal(out.kind, 'unauthorized');
    assert.equal(out.message, 'The provided API key is invalid or unauthorized.');
  });

  it('reads the legacy 403 with the same message as a rejected key, not a missing permission', () => {
    const out = readMinotaurError(403, { statusCode: 403, message: 'The provided API key is invalid or unauthorized.', error: 'Forbidden' });
    assert.equal(out.kind, 'unauthorized');
    assert.equal(out.requirement, undefined);
  });

  it('reads other 403s as a missing permission, naming it when the message does', () => {
    const named = readMinotaurError(403, { statusCode: 403, message: 'Missing permission: contacts:create', error: 'Forbidden' });
    assert.equal(named.kind, undefined, 'kind follows the status (forbidden)');
    assert.equal(named.requirement, 'contacts:create');
    assert.equal(named.code, 'Forbidden');
    const two = readMinotaurError(403, { statusCode: 403, message: ['Requires list_contact_details:update', 'and contacts:update'] });
    assert.equal(two.requirement, 'list_contact_details:update, contacts:update');
    const unnamed = readMinotaurError(403, { statusCode: 403, message: 'Forbidden resource', error: 'Forbidden' });
    assert.equal(unnamed.kind, undefined);
    assert.equal(unnamed.requirement, undefined);
  });

  it('joins an array message and maps each field-led message to its field', () => {
    const out = readMinotaurError(400, {
      statusCode: 400,
      message: ['work_email must be an email', 'first_name should not be empty', 'paginate.limit must not be greater than 100', 'Something general'],
      error: 'Bad Request',
    });
    assert.equal(out.message, 'work_email must be an email; first_name should not be empty; paginate.limit must not be greater than 100; Something general');
    assert.deepEqual(out.fieldErrors, [
      { field: 'work_email', message: 'work_email must be an email' },
      { field: 'first_name', message: 'first_name should not be empty' },
      { field: 'paginate.limit', message: 'paginate.limit must not be greater than 100' },
    ]);
  });

  it('keeps a string message as the message, with no field errors', () => {
    const out = readMinotaurError(400, { statusCode: 400, message: 'limit must not be greater than 100' });
    assert.equal(out.message, 'limit must not be greater than 100');
    assert.equal(out.fieldErrors, undefined);
  });

  it('reads class-validator message forms and ignores prose', () => {
    assert.deepEqual(fieldErrorOf('each value in phone_numbers must be a string'), { field: 'phone_numbers', message: 'each value in phone_numbers must be a string' });
    assert.deepEqual(fieldErrorOf('property foo should not exist'), { field: 'foo', message: 'property foo should not exist' });
    assert.equal(fieldErrorOf('the list is empty'), undefined);
    assert.equal(fieldErrorOf('Validation failed'), undefined);
  });

  it('survives bodies that are not objects', () => {
    assert.deepEqual(readMinotaurError(500, null), {});
    assert.deepEqual(readMinotaurError(502, [1, 2]), {});
    assert.equal(readMinotaurError(404, { statusCode: 404, message: 'Cannot GET /api/ext/ping', error: 'Not Found' }).message, 'Cannot GET /api/ext/ping');
  });
});

describe('readOpenProspectError', () => {
  it('reads the documented {code, message, details.required_scopes} 403', () => {
    const out = readOpenProspectError(403, {
      code: 'AUTHORIZATION_ERROR',
      message: 'Missing required scopes: orders:write',
      details: { required_scopes: ['orders:write'] },
    });
    assert.deepEqual(out, { code: 'AUTHORIZATION_ERROR', message: 'Missing required scopes: orders:write', requirement: 'orders:write' });
  });

  it('joins several required scopes, and reads them from the message when details are absent', () => {
    assert.equal(
      readOpenProspectError(403, { code: 'AUTHORIZATION_ERROR', message: 'x', details: { required_scopes: ['companies:read', 'prospects:read'] } }).requirement,
      'companies:read, prospects:read',
    );
    assert.equal(
      readOpenProspectError(403, { code: 'AUTHORIZATION_ERROR', message: 'Missing required scopes: blacklists:write, blacklists:read' }).requirement,
      'blacklists:write, blacklists:read',
    );
  });

  it('reads the older {error, message} body, keeping error as the code', () => {
    const out = readOpenProspectError(401, { error: 'UNAUTHORIZED', message: 'Invalid API key' });
    assert.equal(out.code, 'UNAUTHORIZED');
    assert.equal(out.message, 'Invalid API key');
    assert.equal(out.kind, undefined, '401 is unauthorized by status');
    const old403 = readOpenProspectError(403, { error: 'UNAUTHORIZED', message: 'Invalid API key' });
    assert.equal(old403.kind, 'unauthorized', 'an old-style 403 for a bad key is a rejected key');
  });

  it('maps details.errors by field and by index to field errors', () => {
    const out = readOpenProspectError(422, {
      code: 'VALIDATION_ERROR',
      message: 'Request validation failed',
      details: {
        errors: [
          { field: 'companies.0.external_id', message: 'is required' },
          { index: 3, message: 'needs an identifier' },
          { index: 4, field: 'website_url', message: 'is not a URL' },
        ],
      },
    });
    assert.equal(out.code, 'VALIDATION_ERROR');
    assert.deepEqual(out.fieldErrors, [
      { field: 'companies.0.external_id', message: 'is required' },
      { field: '3', message: 'needs an identifier' },
      { field: '4.website_url', message: 'is not a URL' },
    ]);
  });

  it('reads a FastAPI-style {detail: [{loc, msg}]} 422', () => {
    const out = readOpenProspectError(422, { detail: [{ loc: ['body', 'briefing_quantity'], msg: 'ensure this value is greater than 0' }] });
    assert.deepEqual(out.fieldErrors, [{ field: 'briefing_quantity', message: 'ensure this value is greater than 0' }]);
    assert.match(out.message ?? '', /briefing_quantity/);
  });

  it('survives empty and odd bodies', () => {
    assert.deepEqual(readOpenProspectError(500, null), {});
    assert.deepEqual(readOpenProspectError(500, 'oops'), {});
    assert.deepEqual(readOpenProspectError(404, { code: 'NOT_FOUND', message: 'Order not found' }), { code: 'NOT_FOUND', message: 'Order not found' });
  });
});
