import { describe, expect, it } from 'vitest';
import { flowsSearch, readFlowsUrl } from './url-state';

describe('flows URL state', () => {
  it('reads topic, service and node, treating blanks as unset', () => {
    expect(readFlowsUrl(new URLSearchParams('topic=threat.alerts&service=%20&node=group%3Atriage'))).toEqual({
      topic: 'threat.alerts',
      service: null,
      node: 'group:triage',
    });
    expect(readFlowsUrl(new URLSearchParams(''))).toEqual({ topic: null, service: null, node: null });
  });

  it('builds the query string back, applying a change', () => {
    const state = { topic: 'threat.alerts', service: null, node: 'group:triage' };
    expect(flowsSearch(state)).toBe('?topic=threat.alerts&node=group%3Atriage');
    expect(flowsSearch(state, { node: null })).toBe('?topic=threat.alerts');
    expect(flowsSearch(state, { topic: null, node: null })).toBe('');
    const round = readFlowsUrl(new URLSearchParams(flowsSearch(state, { service: 'ingest' })));
    expect(round).toEqual({ ...state, service: 'ingest' });
  });
});
