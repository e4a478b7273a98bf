/**
 * JSON schemas for record documents, generated from the client's zod schemas (z.toJSONSchema), so the JSON editor
 * validates and completes a `crm:` document with the same rules the client uses. Run at BUILD time by
 * scripts/json-schemas.mjs into dist/schemas/<segment>.schema.json; package.json `contributes.jsonValidation`
 * maps `crm:/*\/<segment>/*.json` to each file. Nothing here runs when the extension activates.
 *
 * A document is the whole record: the read schema gives every known field (loose: unknown fields stay allowed,
 * since the API may add some); for editable kinds the update schema's rules replace a field's read rules (a score
 * must be 0–100, an email an address). Rules zod cannot express in JSON schema (refinements such as "at least 5
 * digits") are left out here — the save still checks them with zod. Server-owned fields are marked readOnly.
 */
import { z, type ZodType } from 'zod';
import { DOCUMENT_KINDS, type DocumentKind } from './documentKinds';

type Schema = Record<string, unknown>;

function toJsonSchema(schema: ZodType): Schema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-7' }) as Schema;
}

const READ_ONLY_NOTE = 'Set by the server: a save that changes it is refused.';

export function documentJsonSchema(kind: DocumentKind<unknown>): Schema {
  const read = toJsonSchema(kind.readSchema);
  const properties: Record<string, Schema> = { ...((read.properties as Record<string, Schema> | undefined) ?? {}) };
  if (kind.updateSchema) {
    const update = toJsonSchema(kind.updateSchema);
    for (const [field, rules] of Object.entries((update.properties as Record<string, Schema> | undefined) ?? {})) {
      properties[field] = rules;
    }
  }
  for (const field of kind.readOnlyFields) {
    const rules = properties[field] ?? {};
    properties[field] = { ...rules, readOnly: true, description: rules.description ? `${String(rules.description)} ${READ_ONLY_NOTE}` : READ_ONLY_NOTE };
  }
  const { properties: _ignored, $schema: _draft, ...rest } = read;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `${kind.provider === 'minotaur' ? 'Minotaur Sales' : 'OpenProspect'} ${kind.noun}`,
    description: kind.update
      ? `A ${kind.noun} as the API returns it. Saving sends the changed fields only (PATCH).`
      : `A ${kind.noun} as the API returns it (read-only: ${kind.readOnlyReason ?? 'no update endpoint'}).`,
    ...rest,
    properties,
  };
}

/** Every schema file, by file name (`contacts.schema.json`). */
export function allDocumentJsonSchemas(): Record<string, Schema> {
  return Object.fromEntries(DOCUMENT_KINDS.map((kind) => [schemaFileName(kind.segment), documentJsonSchema(kind)]));
}

export function schemaFileName(segment: string): string {
  return `${segment}.schema.json`;
}

/** The `contributes.jsonValidation` entries package.json must carry (a unit test keeps them in step). */
export function jsonValidationContributions(): Array<{ fileMatch: string; url: string }> {
  return DOCUMENT_KINDS.map((kind) => ({ fileMatch: `crm:/*/${kind.segment}/*.json`, url: `./dist/schemas/${schemaFileName(kind.segment)}` }));
}
