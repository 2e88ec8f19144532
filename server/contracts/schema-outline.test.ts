import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { AuditPage, decodeAuditCursor, encodeAuditCursor } from './audit';
import { outlineSchema, typeOf } from './schema-outline';
import type { JsonSchema } from './openapi';

const json = (schema: z.ZodType): JsonSchema => z.toJSONSchema(schema, { io: 'output' }) as JsonSchema;

describe('schema outline', () => {
  it('flattens nested objects and arrays of objects into dotted paths with readable types', () => {
    const fields = outlineSchema(json(AuditPage));
    expect(fields).toEqual(
      expect.arrayContaining([
        { path: 'items', type: '{…}[]', required: true },
        { path: 'items[].actorName', type: 'string | null', required: true },
        { path: 'items[].targets', type: 'string[]', required: true },
        { path: 'items[].parameters', type: 'map of any', required: true },
        { path: 'nextCursor', type: 'string | null', required: true },
      ]),
    );
  });

  it('names enums, optional fields and descriptions', () => {
    const schema = z.object({
      result: z.enum(['ok', 'denied']).optional(),
      n: z.number().int().describe('how many'),
    });
    expect(outlineSchema(json(schema))).toEqual([
      { path: 'result', type: '"ok" | "denied"', required: false },
      { path: 'n', type: 'integer', required: true, description: 'how many' },
    ]);
    expect(typeOf(json(z.array(z.union([z.string(), z.number()]))))).toBe('(string | number)[]');
  });
});

describe('audit cursor', () => {
  it('round-trips an id and refuses what the API did not issue', () => {
    expect(decodeAuditCursor(encodeAuditCursor(123_456))).toBe(123_456);
    for (const text of ['', 'nope', 'a1.', 'a1.-5', 'a1.0', 'a1.ZZ', 'a1.zzzzzzzzzzzzz']) {
      expect(decodeAuditCursor(text), text).toBeNull();
    }
  });
});
