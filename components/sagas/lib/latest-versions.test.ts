import { describe, expect, it } from 'vitest';
import { latestVersions } from './latest-versions';

describe('latestVersions', () => {
  it('keeps the newest version of each name, sorted by name', () => {
    const picked = latestVersions([
      { name: 'tickets', version: 1 },
      { name: 'investigation', version: 2 },
      { name: 'investigation', version: 3 },
      { name: 'investigation', version: 1 },
    ]);
    expect(picked).toEqual([
      { name: 'investigation', version: 3 },
      { name: 'tickets', version: 1 },
    ]);
  });
});
