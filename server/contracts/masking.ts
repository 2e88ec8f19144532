import { z } from 'zod';

/** The string a masked value becomes, wherever it is sent (same as credentials in mask.ts). */
export const MASKED_VALUE = '***';

/**
 * Why and where a payload was masked for the caller, sent next to the payload so that the UI can say
 * so. `all`: every value was replaced (viewer, a confidential event, or a preview that could not be
 * parsed while a rule applies); otherwise `paths` lists the rule paths that matched something.
 */
export const MaskInfo = z.object({
  all: z.boolean(),
  reason: z.enum(['role', 'confidential', 'rule', 'unparsable']),
  paths: z.array(z.string()),
});
export type MaskInfo = z.infer<typeof MaskInfo>;

export const REVEAL_ROLES = ['analyst', 'operator', 'admin'] as const;

/** One masking rule as the API sends it. */
export const MaskingRule = z.object({
  id: z.number().int(),
  /** Event type glob: `*` matches any run of characters (`payment.*`, `*`). */
  eventType: z.string(),
  /** A path into `data`: `$.card.number`, `$..email`, `$.items[*].iban` (see server/access/mask-path.ts). */
  path: z.string(),
  /** The lowest role that sees the value unmasked. */
  revealTo: z.enum(REVEAL_ROLES),
  note: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type MaskingRule = z.infer<typeof MaskingRule>;

/** `POST /api/masking-rules` body. */
export const MaskingRuleInput = z.object({
  eventType: z
    .string()
    .trim()
    .min(1, 'an event type or glob, e.g. payment.* or *')
    .max(200)
    .regex(/^[A-Za-z0-9_.:/*-]+$/, 'letters, digits, . _ : / - and * only'),
  path: z.string().trim().min(1, 'a path, e.g. $.card.number or $..email').max(300),
  revealTo: z.enum(REVEAL_ROLES, { error: `expected one of ${REVEAL_ROLES.join(', ')}` }).default('admin'),
  note: z.string().trim().max(500).optional(),
});
export type MaskingRuleInput = z.infer<typeof MaskingRuleInput>;

export const MaskingRuleParams = z.object({ id: z.coerce.number().int().positive() });
