import { describe, expect, it } from 'vitest';
import { maskCredentials } from './mask';

describe('maskCredentials', () => {
  it.each([
    ['redis://:sekret@127.0.0.1:6390/0', 'redis://:***@127.0.0.1:6390/0'],
    ['rediss://default:sekret@cache.internal:6380', 'rediss://default:***@cache.internal:6380'],
    ['postgres://eventlens:p%40ss@db:5432/el', 'postgres://eventlens:***@db:5432/el'],
    [
      'postgresql://u:pw@h/db?sslmode=require&password=x',
      'postgresql://u:***@h/db?sslmode=require&password=***',
    ],
    [
      'Is PostgreSQL running at db:5432? DATABASE_URL=postgres://u:pw@db:5432/el, REDIS_URL=redis://:pw@r',
      'Is PostgreSQL running at db:5432? DATABASE_URL=postgres://u:***@db:5432/el, REDIS_URL=redis://:***@r',
    ],
  ])('hides the password in %s', (text, masked) => {
    expect(maskCredentials(text)).toBe(masked);
  });

  it.each([
    'redis://127.0.0.1:6379',
    'postgres://postgres@127.0.0.1:5432/postgres',
    'connect ECONNREFUSED ::1:6379',
  ])('leaves %s as it is (no password in it)', (text) => {
    expect(maskCredentials(text)).toBe(text);
  });
});
