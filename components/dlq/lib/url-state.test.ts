import { describe, expect, it } from 'vitest';
import { dlqUrlSearch, filterParams, hasFilters, parseDlqUrl } from './url-state';

describe('dead letters URL state', () => {
  it('reads repeated and comma-separated lists, trims text and round-trips', () => {
    const state = parseDlqUrl(
      new URLSearchParams(
        'topic=a,b&topic=b&category=poison&q=%20timeout%20&open=fp1&letter=x/1-0&view=jobs&job=j-1',
      ),
    );
    expect(state.filters.topic).toEqual(['a', 'b']);
    expect(state.filters.category).toEqual(['poison']);
    expect(state.filters.q).toBe('timeout');
    expect(state).toMatchObject({ open: 'fp1', letter: 'x/1-0', view: 'jobs', job: 'j-1' });
    expect(parseDlqUrl(new URLSearchParams(dlqUrlSearch(state)))).toEqual(state);
  });

  it('gives the API only the filters, and knows an empty filter', () => {
    const state = parseDlqUrl(new URLSearchParams('status=all&open=fp1'));
    expect(filterParams(state.filters).toString()).toBe('status=all');
    expect(hasFilters(state.filters)).toBe(true);
    expect(hasFilters(parseDlqUrl(new URLSearchParams('open=fp1')).filters)).toBe(false);
  });
});
