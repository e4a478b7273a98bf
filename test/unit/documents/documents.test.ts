/**
 * The pure parts of "Open as JSON": document paths, what a save sends, and the JSON schemas (generated from the
 * zod schemas) with the package.json contributions that point VS Code at them.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyseEdit, differingFields, parseDocument, sameJson } from '../../../src/documents/changes';
import { DOCUMENT_KINDS, kindOfRow } from '../../../src/documents/documentKinds';
import { connectionSegment, documentPath, parseDocumentPath, recordKey } from '../../../src/documents/documentUri';
import { allDocumentJsonSchemas, documentJsonSchema, jsonValidationContributions } from '../../../src/documents/jsonSchemas';

const ID = '5b0c2c1e-8f7a-4d7e-9c1b-2a3b4c5d6e7f';

describe('record document paths', () => {
  it('reads back the id from a path named after the record, whatever the name holds', () => {
    const file = documentPath({ connection: 'Prod', segment: 'contacts', id: ID }, 'Ana <b>García</b> / CTO: 100% #1 · x');
    assert.ok(file.startsWith('/Prod/contacts/'));
    assert.equal(file.split('/').length, 4, `the name added a path segment: ${file}`);
    assert.ok(!/[?#*]/.test(file), `glob or URI characters in ${file}`);
    assert.deepEqual(parseDocumentPath(file), { connection: 'Prod', segment: 'contacts', id: ID });
  });

  it('drops bidi overrides from names and accepts a bare id', () => {
    assert.ok(!documentPath({ connection: 'c', segment: 'contacts', id: ID }, 'evil\u202Egnp.exe').includes('\u202E'));
    assert.deepEqual(parseDocumentPath(`/c/contacts/${ID}.json`), { connection: 'c', segment: 'contacts', id: ID });
  });

  it('carries the parent of rows addressed through one, and marks the server copy', () => {
    const address = { connection: 'c', segment: 'stages', id: 's1', parentId: 'p1', server: true } as const;
    const parsed = parseDocumentPath(documentPath(address, 'Won'));
    assert.deepEqual(parsed, address);
    assert.equal(recordKey(parsed!), recordKey({ connection: 'c', segment: 'stages', id: 's1', parentId: 'p1' }), 'the server copy is the same record');
  });

  it('refuses paths that are not record documents', () => {
    for (const p of ['/', '/c', '/c/contacts', '/c/contacts/x.txt', '/c/contacts/a/b.json', '/c/contacts/Name · .json']) {
      assert.equal(parseDocumentPath(p), undefined, p);
    }
  });

  it('tells connections with the same name apart by id', () => {
    const a = { id: 'a1', name: 'Sales' };
    const b = { id: 'b2', name: 'Sales' };
    const c = { id: 'c3', name: 'Staging/EU' };
    assert.equal(connectionSegment(c, [a, c]), 'Staging-EU');
    assert.equal(connectionSegment(a, [a, c]), 'Sales');
    assert.notEqual(connectionSegment(a, [a, b]), connectionSegment(b, [a, b]));
  });
});

describe('what a save sends', () => {
  const base = { id: ID, first_name: 'Ana', job_title: 'CTO', custom_fields: { a: 1, b: [1, 2] }, updated_at: 't0' };

  it('sends only the fields whose values changed (key order and nested order of keys do not count)', () => {
    const edited = { updated_at: 't0', custom_fields: { b: [1, 2], a: 1 }, job_title: 'CEO', first_name: 'Ana', id: ID, phone_numbers: [] };
    const result = analyseEdit(base, edited, ['id', 'updated_at']);
    assert.deepEqual(result, { patch: { job_title: 'CEO', phone_numbers: [] }, readOnlyTouched: [], removed: [] });
  });

  it('names server-owned fields that were changed or removed, and editable fields that were removed', () => {
    const { id: _id, first_name: _f, ...rest } = base;
    const result = analyseEdit(base, { ...rest, updated_at: 't1' }, ['id', 'updated_at']);
    assert.deepEqual(result.readOnlyTouched.sort(), ['id', 'updated_at']);
    assert.deepEqual(result.removed, ['first_name']);
    assert.deepEqual(result.patch, {});
  });

  it('parses a document into one object or says where the JSON is broken', () => {
    assert.deepEqual(parseDocument('{"a": 1}'), { ok: true, value: { a: 1 } });
    const broken = parseDocument('{\n  "a": 1\n  "b": 2\n}');
    assert.equal(broken.ok, false);
    assert.match((broken as { message: string }).message, /not valid JSON at line 3, column 3/);
    assert.equal(parseDocument('[1]').ok, false);
    assert.equal(parseDocument('null').ok, false);
  });

  it('compares records structurally and lists the fields that differ', () => {
    assert.ok(sameJson({ a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 }));
    assert.ok(!sameJson({ a: [1, 2] }, { a: [2, 1] }));
    assert.deepEqual(differingFields({ a: 1, b: 2, c: 3 }, { a: 1, b: 5, d: 4 }), ['b', 'c', 'd']);
  });
});

describe('record document kinds and their JSON schemas', () => {
  it('gives every kind a unique segment, and every writable kind an update schema, a permission and a GET', () => {
    const segments = DOCUMENT_KINDS.map((k) => k.segment);
    assert.equal(new Set(segments).size, segments.length);
    for (const kind of DOCUMENT_KINDS) {
      if (kind.update) {
        assert.ok(kind.updateSchema && kind.updateRequirement && kind.get, kind.segment);
        assert.ok(kind.readOnlyFields.includes('id'), `${kind.segment}: id must be read-only`);
      } else assert.ok(kind.readOnlyReason, `${kind.segment} says why it is read-only`);
    }
  });

  it('finds the kind of every record row of both providers from its contextValue', () => {
    assert.equal(kindOfRow('minotaur', 'crm.record.contact')?.segment, 'contacts');
    assert.equal(kindOfRow('minotaur', 'crm.record.prospect.unlocked')?.segment, 'prospect-catalog');
    assert.equal(kindOfRow('openprospect', 'crm.record.opOrder.completed')?.segment, 'op-orders');
    assert.equal(kindOfRow('openprospect', 'crm.record.opBlacklist.writable')?.segment, 'op-blacklists');
    assert.equal(kindOfRow('openprospect', 'crm.record.opBlacklistEntry.writable')?.segment, 'op-entries');
    assert.equal(kindOfRow('openprospect', 'crm.record.contact'), undefined, 'a Minotaur kind under an OpenProspect connection');
  });

  it('makes the contact schema carry the write rules and mark server-owned fields read-only', () => {
    const schema = documentJsonSchema(DOCUMENT_KINDS.find((k) => k.segment === 'contacts')!) as {
      properties: Record<string, Record<string, unknown>>;
      additionalProperties: unknown;
    };
    assert.equal(schema.properties.id!.readOnly, true);
    assert.equal(schema.properties.verification_status!.readOnly, true);
    assert.equal(schema.properties.first_name!.readOnly, undefined);
    const score = JSON.stringify(schema.properties.score);
    assert.match(score, /"maximum":100/);
    assert.match(score, /"integer"/);
    assert.notEqual(schema.additionalProperties, false, 'unknown fields of the API must stay allowed');
  });

  it('matches package.json: one jsonValidation entry per kind, pointing at a generated schema file that is packaged', () => {
    // The bundle runs from out/test/unit/documents/.
    const root = path.resolve(__dirname, '../../../..');
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { jsonValidation: unknown[] }; activationEvents: string[] };
    assert.deepEqual(pkg.contributes.jsonValidation, jsonValidationContributions());
    assert.ok(pkg.activationEvents.includes('onFileSystem:crm'), 'restored crm: editors need the extension');
    const files = Object.keys(allDocumentJsonSchemas());
    assert.deepEqual(files.map((f) => `./dist/schemas/${f}`).sort(), jsonValidationContributions().map((c) => c.url).sort());
    assert.match(fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8'), /^!dist\/schemas\/\*\.schema\.json$/m);
  });
});
