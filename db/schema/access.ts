import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './auth';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * API tokens for scripts and the CLI. Only a SHA-256 of the secret is kept (the secret is 32 random
 * bytes: a slow hash adds nothing), with the first characters to tell tokens apart in lists.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    role: text('role', { enum: ['viewer', 'analyst', 'operator', 'admin'] }).notNull(),
    secretHash: text('secret_hash').notNull().unique(),
    /** The token's first characters (`elt_ab12…`), shown in lists. */
    hint: text('hint').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
    expiresAt: at('expires_at'),
    lastUsedAt: at('last_used_at'),
    revokedAt: at('revoked_at'),
  },
  (t) => [index('api_tokens_owner_idx').on(t.ownerId)],
);

/** What a role sees masked: a JSON path in the payloads of matching event types (`*` globs). */
export const maskingRules = pgTable('masking_rules', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  /** Event type glob: `payment.*`, or `*` for every type. */
  eventType: text('event_type').notNull(),
  /** JSONPath into `data`, e.g. `$.card.number` or `$..email`. */
  path: text('path').notNull(),
  /** The lowest role that sees the value unmasked. */
  revealTo: text('reveal_to', { enum: ['analyst', 'operator', 'admin'] })
    .notNull()
    .default('admin'),
  note: text('note'),
  createdBy: text('created_by'),
  createdAt: at('created_at').notNull().defaultNow(),
});

/**
 * Append-only: the migration installs a trigger that refuses UPDATE, DELETE and TRUNCATE. A long
 * action's outcome is a later row pointing at the first (`follows`), never an edit of it.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: at('at').notNull().defaultNow(),
    /** `user`, `token`, `demo`, `system` or `anonymous`. */
    actorKind: text('actor_kind').notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    actorRole: text('actor_role'),
    action: text('action').notNull(),
    /** Ids the action acted on (dead letter ids, a user id, a token id). */
    targets: text('targets')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Its parameters, masked by the presenter before they are written. */
    parameters: jsonb('parameters').$type<Record<string, unknown>>().notNull().default({}),
    /** `ok`, `denied`, `failed`, or a long action's progress (`started`, `completed`). */
    result: text('result').notNull(),
    detail: text('detail'),
    follows: bigint('follows', { mode: 'number' }),
    ip: text('ip'),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_actor_idx').on(t.actorId, t.at),
    index('audit_log_action_idx').on(t.action, t.at),
  ],
);

/** Secrets the server generates once and shares with its peers through the store (the auth secret). */
export const serverSecrets = pgTable('server_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
});
