import { describe, expect, it } from 'vitest';
import { rolesUpTo } from './roles';

describe('rolesUpTo', () => {
  it('offers a token no role above its owner', () => {
    expect(rolesUpTo('viewer')).toEqual(['viewer']);
    expect(rolesUpTo('operator')).toEqual(['viewer', 'analyst', 'operator']);
    expect(rolesUpTo('admin')).toEqual(['viewer', 'analyst', 'operator', 'admin']);
  });
});
