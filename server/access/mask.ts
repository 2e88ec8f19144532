/**
 * Credentials never leave the server: a URL's password (`redis://:secret@host`, `postgres://u:secret@h`)
 * and `password=` parameters become `***`, wherever they occur in a text.
 */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:@/\s]*):([^@/\s]+)@/gi;
const PASSWORD_PARAM = /\b(password|passwd|pwd|secret|token)=([^&\s]+)/gi;

export const MASK = '***';

export function maskCredentials(text: string): string {
  return text.replace(URL_PASSWORD, `$1:${MASK}@`).replace(PASSWORD_PARAM, `$1=${MASK}`);
}
