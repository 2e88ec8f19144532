import { z } from 'zod';
import { Role } from './access';

/** Most days a token may live; a token without an expiry is allowed (scripts), but never by accident. */
export const MAX_TOKEN_DAYS = 3_650;

/** `POST /api/tokens` body. */
export const NewTokenRequest = z.object({
  name: z.string().trim().min(1, 'a token needs a name').max(100),
  role: Role,
  /** Omitted or null: the token never expires. */
  expiresInDays: z.number().int().min(1).max(MAX_TOKEN_DAYS).nullable().optional(),
});
export type NewTokenRequest = z.infer<typeof NewTokenRequest>;

/** A token as lists show it: never its secret. */
export const TokenRow = z.object({
  id: z.string(),
  name: z.string(),
  role: Role,
  /** `elt_ab12cd…`: enough to tell tokens apart. */
  hint: z.string(),
  ownerId: z.string(),
  ownerEmail: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type TokenRow = z.infer<typeof TokenRow>;

export const TokenList = z.object({ tokens: z.array(TokenRow) });
export type TokenList = z.infer<typeof TokenList>;

/** `POST /api/tokens` answer: the only time the secret leaves the server. */
export const CreatedToken = z.object({ token: TokenRow, secret: z.string() });
export type CreatedToken = z.infer<typeof CreatedToken>;

/** `GET /api/tokens` query: admins may list everyone's with `all=1`. */
export const TokenListQuery = z.object({ all: z.enum(['0', '1']).optional() });

export const TokenIdParams = z.object({ id: z.string().min(1).max(100) });
