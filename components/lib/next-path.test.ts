import { describe, expect, it } from 'vitest';
import { safeNextPath, signInPath } from './next-path';

describe('safeNextPath', () => {
  it('keeps a path on this server, with its query', () => {
    expect(safeNextPath('/events?mode=history&correlationId=abc')).toBe(
      '/events?mode=history&correlationId=abc',
    );
    expect(safeNextPath('/streams')).toBe('/streams');
  });

  it('refuses anything that could leave the origin or loop', () => {
    for (const value of [
      null,
      undefined,
      '',
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      '/a\nb',
      '/sign-in',
      '/sign-in?next=/x',
    ]) {
      expect(safeNextPath(value), String(value)).toBe('/');
    }
  });

  it('builds the sign-in address, leaving out a next that is the overview', () => {
    expect(signInPath('/')).toBe('/sign-in');
    expect(signInPath('/events?mode=history')).toBe('/sign-in?next=%2Fevents%3Fmode%3Dhistory');
    expect(signInPath('//evil.example')).toBe('/sign-in');
  });
});
