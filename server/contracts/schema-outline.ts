import type { JsonSchema } from './openapi';

/** One field of a JSON Schema, flattened for a table: `items[].actorName`, `string | null`. */
export interface OutlineField {
  path: string;
  type: string;
  required: boolean;
  description?: string;
}

const MAX_DEPTH = 6;

/**
 * A JSON Schema (as z.toJSONSchema writes it) as a list of fields with readable types, nested objects
 * and arrays of objects unfolded under dotted paths. For the API reference page and docs/api.md.
 */
export function outlineSchema(schema: JsonSchema): OutlineField[] {
  const fields: OutlineField[] = [];
  const nested = objectsIn(schema);
  if (nested.length === 0) return [{ path: '(body)', type: typeOf(schema), required: true }];
  for (const { object, suffix } of nested) walkObject(object, suffix, fields, 0);
  return fields;
}

/** A readable type: `string`, `integer | null`, `"ok" | "denied"`, `{…}[]`, `map of number`. */
export function typeOf(schema: JsonSchema): string {
  if (Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf)) {
    const members = (schema.anyOf ?? schema.oneOf) as JsonSchema[];
    return [...new Set(members.map(typeOf))].join(' | ');
  }
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  if ('const' in schema) return JSON.stringify(schema.const);
  const type = schema.type;
  if (Array.isArray(type)) return type.join(' | ');
  if (type === 'array') {
    const items = (schema.items ?? {}) as JsonSchema;
    const inner = typeOf(items);
    return inner.includes(' | ') ? `(${inner})[]` : `${inner}[]`;
  }
  if (type === 'object') {
    if (schema.properties) return '{…}';
    const extra = schema.additionalProperties;
    return extra && typeof extra === 'object' ? `map of ${typeOf(extra as JsonSchema)}` : 'object';
  }
  if (typeof type === 'string') return type;
  return 'any';
}

/** The objects a schema holds at its top: itself, its array items, its anyOf members. */
function objectsIn(schema: JsonSchema, suffix = ''): { object: JsonSchema; suffix: string }[] {
  if (schema.type === 'object' && schema.properties) return [{ object: schema, suffix }];
  if (schema.type === 'array' && schema.items) return objectsIn(schema.items as JsonSchema, `${suffix}[]`);
  const members = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(members)) return members.flatMap((member) => objectsIn(member, suffix));
  return [];
}

function walkObject(object: JsonSchema, prefix: string, fields: OutlineField[], depth: number): void {
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required ?? []) as string[]);
  for (const [name, property] of Object.entries(properties)) {
    const path = prefix ? `${prefix}.${name}` : name;
    const description = typeof property.description === 'string' ? property.description : undefined;
    if (fields.some((field) => field.path === path)) continue; // union members repeat shared fields
    fields.push({
      path,
      type: typeOf(property),
      required: required.has(name),
      ...(description ? { description } : {}),
    });
    if (depth >= MAX_DEPTH) continue;
    for (const inner of objectsIn(property))
      walkObject(inner.object, `${path}${inner.suffix}`, fields, depth + 1);
  }
}
