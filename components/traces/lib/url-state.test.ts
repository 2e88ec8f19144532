import { describe, expect, it } from 'vitest';
import {
  hasTraceFilters,
  parseTraceFilters,
  parseTraceView,
  traceFilterParams,
  traceViewSearch,
} from './url-state';

describe('traces URL state', () => {
  it('reads the filters, keeps `has` in the API order and round-trips', () => {
    const filters = parseTraceFilters(
      new URLSearchParams('rootType=%20order.placed%20&has=replays,failures&has=bogus&minEvents=3&from=1h'),
    );
    expect(filters).toMatchObject({ rootType: 'order.placed', has: ['failures', 'replays'], minEvents: '3' });
    expect(traceFilterParams(filters).toString()).toBe(
      'rootType=order.placed&from=1h&minEvents=3&has=failures%2Creplays',
    );
    expect(parseTraceFilters(traceFilterParams(filters))).toEqual(filters);
    expect(hasTraceFilters(filters)).toBe(true);
    expect(hasTraceFilters(parseTraceFilters(new URLSearchParams('')))).toBe(false);
  });

  it('reads the trace view, tree by default, and writes only what differs', () => {
    expect(parseTraceView(new URLSearchParams(''))).toEqual({ view: 'tree', criticalOnly: false });
    expect(parseTraceView(new URLSearchParams('view=nope'))).toEqual({ view: 'tree', criticalOnly: false });
    const state = parseTraceView(new URLSearchParams('view=waterfall&critical=1'));
    expect(state).toEqual({ view: 'waterfall', criticalOnly: true });
    expect(traceViewSearch(state)).toBe('view=waterfall&critical=1');
    expect(traceViewSearch({ view: 'tree', criticalOnly: false })).toBe('');
  });
});
