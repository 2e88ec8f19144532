/**
 * The recorder's environment variables, as a zod shape that server/env.ts spreads into its schema (one
 * parser, one error format for every entry point), and their mapping to RecorderOptions.
 */
import { z } from 'zod';
import type { RecorderSettings } from './options';
import type { RecorderGroup } from './recorder-group';
import { DEFAULT_FIELD_NAMES } from './project';

const fieldList = (fallback: readonly string[]) =>
  z
    .string()
    .regex(/^\s*[^,\s]+(\s*,\s*[^,\s]+)*\s*$/, { error: 'expected a comma-separated list of field names' })
    .transform((v) => v.split(',').map((s) => s.trim()))
    .default([...fallback]);

export const recorderEnvShape = {
  /** Whether server/main.ts runs a recorder in its process (npm run recorder runs one alone). */
  EVENTLENS_RECORDER: z
    .enum(['1', '0', 'true', 'false', 'yes', 'no'], { error: 'expected 1/0, true/false or yes/no' })
    .transform((v) => v === '1' || v === 'true' || v === 'yes')
    .default(true),
  /** Redis glob narrowing the foreign streams recorded. */
  EVENTLENS_STREAMS: z
    .string()
    .regex(/^\S{1,200}$/, { error: 'expected a Redis glob such as * or orders-*' })
    .default('*'),
  /** Unset: the group of the database's identity (recorder-group.ts). */
  EVENTLENS_RECORDER_GROUP: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,100}$/, { error: 'expected 1-100 characters of A-Z, a-z, 0-9, ., _, : or -' })
    .optional(),
  /** Days events are kept when retention_policies has no `*` row. */
  EVENTLENS_RETENTION_DAYS: z
    .string()
    .regex(/^\d+$/, { error: 'expected an integer from 1 to 3650 (days)' })
    .transform(Number)
    .refine((n) => n >= 1 && n <= 3650, { error: 'expected an integer from 1 to 3650 (days)' })
    .default(7),
  /** How often the whole database is scanned for new foreign streams (a scan walks every key). */
  EVENTLENS_SCAN_SECONDS: z
    .string()
    .regex(/^\d+$/, { error: 'expected an integer from 1 to 3600 (seconds)' })
    .transform(Number)
    .refine((n) => n >= 1 && n <= 3600, { error: 'expected an integer from 1 to 3600 (seconds)' })
    .default(60),
  /**
   * Whether the recorder may add new-key events to Redis' notify-keyspace-events (never removing a
   * flag), so that new streams are found at once. Off: it listens only if the server already publishes them.
   */
  EVENTLENS_MANAGE_NOTIFICATIONS: z
    .enum(['1', '0', 'true', 'false', 'yes', 'no'], { error: 'expected 1/0, true/false or yes/no' })
    .transform((v) => v === '1' || v === 'true' || v === 'yes')
    .default(false),
  EVENTLENS_FOREIGN_TYPE_FIELDS: fieldList(DEFAULT_FIELD_NAMES.type),
  EVENTLENS_FOREIGN_CORRELATION_FIELDS: fieldList(DEFAULT_FIELD_NAMES.correlation),
  EVENTLENS_FOREIGN_CAUSATION_FIELDS: fieldList(DEFAULT_FIELD_NAMES.causation),
};

export type RecorderEnv = z.infer<z.ZodObject<typeof recorderEnvShape>>;

/**
 * Accepts server/env.ts's Env, which spreads `recorderEnvShape`; `group` is the resolved one
 * (recorderGroup: the variable, else the database's), with the database's tag.
 */
export function recorderOptionsFromEnv(
  env: Omit<RecorderEnv, 'EVENTLENS_RECORDER' | 'EVENTLENS_RECORDER_GROUP'>,
  group: RecorderGroup,
): RecorderSettings {
  return {
    group: group.name,
    ...(group.storeTag ? { storeTag: group.storeTag } : {}),
    streams: env.EVENTLENS_STREAMS,
    scanEveryMs: env.EVENTLENS_SCAN_SECONDS * 1_000,
    manageNotifications: env.EVENTLENS_MANAGE_NOTIFICATIONS ? 'env' : false,
    fields: {
      type: env.EVENTLENS_FOREIGN_TYPE_FIELDS,
      correlation: env.EVENTLENS_FOREIGN_CORRELATION_FIELDS,
      causation: env.EVENTLENS_FOREIGN_CAUSATION_FIELDS,
    },
    maintenance: { defaultRetentionDays: env.EVENTLENS_RETENTION_DAYS },
  };
}
