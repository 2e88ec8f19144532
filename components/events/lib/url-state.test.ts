import { describe, expect, it } from 'vitest';
import {
  EMPTY_FILTERS,
  eventsHref,
  eventsUrlSearch,
  hasFilters,
  joinList,
  parseEventsUrl,
  sameFilters,
  splitList,
} from './url-state';

describe('parseEventsUrl', () => {
  it('reads Live with no filters from an empty query', () => {
    expect(parseEventsUrl(new URLSearchParams())).toEqual({
      mode: 'live',
      filters: EMPTY_FILTERS,
      eventId: null,
    });
  });

  it('reads every filter, repeated and comma-separated lists alike', () => {
    const state = parseEventsUrl(
      new URLSearchParams(
        'mode=history&topic=threat.alerts&topic=threat.signals,%20threat.alerts&type=alert.raised' +
          '&source=/services/analyze&correlationId=01a203e2-29e5-7037-aef3-9588b4a61fee&q=bastion' +
          '&from=15m&to=2026-11-22T15:00:00Z&where=$.severity%20==%20%22high%22&order=asc' +
          '&group=siem-export,%20ledger&outcome=retried&error=%20timed%20out%20' +
          '&event=01a203e2-29f5-7011-9138-d4b65b9ff3a0',
      ),
    );
    expect(state).toEqual({
      mode: 'history',
      filters: {
        topics: ['threat.alerts', 'threat.signals'],
        types: ['alert.raised'],
        sources: ['/services/analyze'],
        correlationId: '01a203e2-29e5-7037-aef3-9588b4a61fee',
        text: 'bastion',
        from: '15m',
        to: '2026-11-22T15:00:00Z',
        where: '$.severity == "high"',
        groups: ['siem-export', 'ledger'],
        outcome: 'retried',
        error: 'timed out',
        order: 'asc',
      },
      eventId: '01a203e2-29f5-7011-9138-d4b65b9ff3a0',
    });
  });

  it('treats an unknown mode as Live, an unknown order as newest first and a blank event as none', () => {
    const state = parseEventsUrl(new URLSearchParams('mode=nope&order=sideways&event=%20&outcome=handled'));
    expect(state.mode).toBe('live');
    expect(state.filters.outcome).toBe('');
    expect(state.filters.order).toBe('desc');
    expect(state.eventId).toBeNull();
  });
});

describe('eventsUrlSearch', () => {
  it('round-trips through parse in a fixed order, leaving empty values out', () => {
    const search =
      'mode=history&topic=threat.alerts&topic=threat.signals&type=alert.raised&group=siem&correlationId=c1&q=host-17&where=%24.score+%3E%3D+80&error=timeout&outcome=dead-lettered&order=asc&event=e1';
    const state = parseEventsUrl(new URLSearchParams(search));
    expect(eventsUrlSearch(state)).toBe(search);
    expect(parseEventsUrl(new URLSearchParams(eventsUrlSearch(state)))).toEqual(state);
  });

  it('is empty for the default view, so the href is the bare path', () => {
    const state = { mode: 'live' as const, filters: EMPTY_FILTERS, eventId: null };
    expect(eventsUrlSearch(state)).toBe('');
    expect(eventsHref(state)).toBe('/events');
    expect(eventsHref({ ...state, eventId: 'a b' })).toBe('/events?event=a+b');
  });
});

describe('lists', () => {
  it('splits on commas and trims, dropping empty parts', () => {
    expect(splitList(' threat.* , ,risk.scores,')).toEqual(['threat.*', 'risk.scores']);
    expect(joinList(['a', 'b'])).toBe('a, b');
  });
});

describe('hasFilters and sameFilters', () => {
  it('ignores History-only fields in Live', () => {
    const filters = { ...EMPTY_FILTERS, from: '15m' };
    expect(hasFilters(filters, 'live')).toBe(false);
    expect(hasFilters(filters, 'history')).toBe(true);
    expect(hasFilters({ ...EMPTY_FILTERS, text: 'x' }, 'live')).toBe(true);
  });

  it('compares by value', () => {
    expect(sameFilters({ ...EMPTY_FILTERS, topics: ['a'] }, { ...EMPTY_FILTERS, topics: ['a'] })).toBe(true);
    expect(sameFilters({ ...EMPTY_FILTERS, topics: ['a'] }, EMPTY_FILTERS)).toBe(false);
  });
});
