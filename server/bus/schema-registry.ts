import type { Envelope } from '@/server/contracts/envelope';
import { SchemaValidationError } from './errors';

/** What a failed parse reports: zod's error (and any with `issues` like it) is read issue by issue. */
export interface SchemaError {
  message: string;
  issues?: readonly { path: readonly PropertyKey[]; message: string }[];
}

/** Any schema with zod's `safeParse` shape; the bus does not depend on a schema library. */
export interface DataSchema<T = unknown> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: SchemaError };
}

export type Upcaster = (data: unknown) => unknown;

/**
 * Schemas per event type and version, and upcasters from each version to the next. Publishing
 * validates against the latest version (or the one given); consuming upcasts v1 → v2 → … → latest
 * and validates the result, so handlers only ever see the latest shape.
 */
export class SchemaRegistry {
  private readonly schemas = new Map<string, Map<number, DataSchema>>();
  private readonly upcasters = new Map<string, Map<number, Upcaster>>();

  register<T>(type: string, version: number, schema: DataSchema<T>): this {
    if (!Number.isInteger(version) || version < 1)
      throw new RangeError(`version must be a positive integer, got ${version}`);
    let versions = this.schemas.get(type);
    if (!versions) this.schemas.set(type, (versions = new Map()));
    versions.set(version, schema as DataSchema);
    return this;
  }

  /** Transforms data of `fromVersion` into `fromVersion + 1`. */
  upcaster(type: string, fromVersion: number, upcast: Upcaster): this {
    let chain = this.upcasters.get(type);
    if (!chain) this.upcasters.set(type, (chain = new Map()));
    chain.set(fromVersion, upcast);
    return this;
  }

  latest(type: string): number | undefined {
    const versions = this.schemas.get(type);
    return versions && versions.size > 0 ? Math.max(...versions.keys()) : undefined;
  }

  has(type: string): boolean {
    return this.schemas.has(type);
  }

  /** Validates outgoing data; returns the version it was validated against, or undefined for unknown types. */
  validateForPublish(type: string, data: unknown, version?: number): number | undefined {
    const target = version ?? this.latest(type);
    if (target === undefined) return undefined;
    this.check(type, target, data);
    return target;
  }

  /** Upcasts an incoming event's data to the latest version and validates it. Unknown types pass through. */
  upcastToLatest(event: Envelope): Envelope {
    const latest = this.latest(event.type);
    if (latest === undefined) return event;
    let version = event.dataversion ?? 1;
    if (version > latest) {
      throw new SchemaValidationError(event.type, version, `newer than the latest known version ${latest}`);
    }
    let data = event.data;
    while (version < latest) {
      const upcast = this.upcasters.get(event.type)?.get(version);
      if (!upcast)
        throw new SchemaValidationError(
          event.type,
          version,
          `no upcaster from v${version} to v${version + 1}`,
        );
      try {
        data = upcast(data);
      } catch (error) {
        throw new SchemaValidationError(event.type, version, `upcaster failed: ${(error as Error).message}`);
      }
      version += 1;
    }
    const checked = this.check(event.type, latest, data);
    return { ...event, data: checked, dataversion: latest };
  }

  private check(type: string, version: number, data: unknown): unknown {
    const schema = this.schemas.get(type)?.get(version);
    if (!schema) throw new SchemaValidationError(type, version, 'no schema registered for this version');
    const result = schema.safeParse(data);
    if (!result.success) throw new SchemaValidationError(type, version, describeSchemaError(result.error));
    return result.data;
  }
}

/**
 * `data.user.id: expected string, received undefined; data.attempts: …`: one line an operator reads, and
 * that failure fingerprints group by (the issues' JSON would group by the shape of its quoting).
 */
export function describeSchemaError(error: SchemaError): string {
  const text = error.issues?.length
    ? error.issues
        .map((issue) => `${['data', ...issue.path.map(String)].join('.')}: ${issue.message}`)
        .join('; ')
    : error.message.replace(/\s+/g, ' ');
  return text.slice(0, 500);
}
