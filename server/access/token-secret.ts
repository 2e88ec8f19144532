import { createHash, randomBytes } from 'node:crypto';

/** API tokens read `elt_` + 43 base64url characters (32 random bytes), so scanners can spot them. */
export const TOKEN_PREFIX = 'elt_';
const TOKEN_SHAPE = /^elt_[A-Za-z0-9_-]{43}$/;

export const newTokenSecret = (): string => `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;

export const looksLikeToken = (value: string): boolean => TOKEN_SHAPE.test(value);

/** SHA-256, hex: the secret has 256 bits of entropy, so a slow password hash would add nothing. */
export const hashTokenSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** What lists show of a token: its prefix and first characters. */
export const tokenHint = (secret: string): string => `${secret.slice(0, TOKEN_PREFIX.length + 6)}…`;
