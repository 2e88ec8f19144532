import { describe, expect, it } from 'vitest';
import { toBodyFilter, toIso, toSelection } from './selection';
import { EMPTY_DLQ_FILTERS } from './url-state';

const NOW = Date.parse('2026-12-03T12:00:00Z');

describe('replay and discard selections', () => {
  it('turns the URL filter into a body filter: relative times become instants, status=all every status', () => {
    const body = toBodyFilter(
      {
        ...EMPTY_DLQ_FILTERS,
        topic: ['orders'],
        category: ['poison', 'bogus'],
        status: ['all'],
        from: '15m',
      },
      NOW,
    );
    expect(body).toEqual({
      topic: ['orders'],
      category: ['poison'],
      status: ['pending', 'replaying', 'replayed', 'discarded'],
      from: '2026-12-03T11:45:00.000Z',
    });
  });

  it('maps each scope to its selection and leaves an unreadable time out', () => {
    expect(toSelection({ kind: 'ids', ids: ['t/1-0'] })).toEqual({ ids: ['t/1-0'] });
    expect(toSelection({ kind: 'group', fingerprint: 'fp', count: 3 })).toEqual({ fingerprint: 'fp' });
    expect(toIso('yesterday', NOW)).toBeNull();
    expect(toIso(String(NOW), NOW)).toBe('2026-12-03T12:00:00.000Z');
  });
});
