import { describe, expect, it } from 'vitest';
import {
  fieldOfIssuePath,
  historyFilterIssues,
  issuesByField,
  tailFilterIssues,
  toHistoryParams,
  toTailFilter,
} from './filter-mapping';
import { EMPTY_FILTERS, type EventsFilters } from './url-state';

const FULL: EventsFilters = {
  topics: ['threat.alerts', 'threat.enriched'],
  types: ['alert.raised'],
  sources: ['/services/analyze'],
  correlationId: '01a203e2-29e5-7037-aef3-9588b4a61fee',
  text: 'bastion-01',
  from: '15m',
  to: '2026-11-22T15:31:00Z',
  where: '$.score >= 45',
  groups: ['siem-export'],
  outcome: 'dead-lettered',
  error: 'timed out',
  order: 'asc',
};

describe('toHistoryParams', () => {
  it('sends every filter with the API names, repeated lists and the page size', () => {
    expect(toHistoryParams(FULL, 'WyJlMSJd').toString()).toBe(
      'topic=threat.alerts&topic=threat.enriched&type=alert.raised&source=%2Fservices%2Fanalyze' +
        '&correlationId=01a203e2-29e5-7037-aef3-9588b4a61fee&q=bastion-01&from=15m' +
        '&to=2026-11-22T15%3A31%3A00Z&where=%24.score+%3E%3D+45&group=siem-export&outcome=dead-lettered' +
        '&error=timed+out&order=asc&cursor=WyJlMSJd&limit=100',
    );
  });

  it('sends only the limit without filters', () => {
    expect(toHistoryParams(EMPTY_FILTERS, null, 50).toString()).toBe('limit=50');
  });
});

describe('toTailFilter', () => {
  it('maps the shared fields and leaves the time range and data condition out', () => {
    expect(toTailFilter(FULL)).toEqual({
      topics: ['threat.alerts', 'threat.enriched'],
      types: ['alert.raised'],
      sources: ['/services/analyze'],
      correlationId: '01a203e2-29e5-7037-aef3-9588b4a61fee',
      text: 'bastion-01',
    });
  });

  it('tails every topic without filters', () => {
    expect(toTailFilter(EMPTY_FILTERS)).toEqual({ topics: ['*'] });
  });
});

describe('tailFilterIssues', () => {
  it('accepts patterns and reports a topic the server would refuse, with its path', () => {
    expect(tailFilterIssues({ ...EMPTY_FILTERS, topics: ['threat.*'] })).toEqual([]);
    const issues = tailFilterIssues({ ...EMPTY_FILTERS, topics: ['threat alerts'] });
    expect(issues).toEqual([{ path: 'topics.0', message: 'not a topic name or * pattern' }]);
    expect(issuesByField(issues)).toEqual({ topic: 'not a topic name or * pattern' });
  });
});

describe('historyFilterIssues', () => {
  it('flags * patterns, which the search would match literally', () => {
    expect(historyFilterIssues(FULL)).toEqual([]);
    expect(historyFilterIssues({ ...EMPTY_FILTERS, topics: ['threat.*'], types: ['alert.*'] })).toEqual([
      { path: 'topic', message: 'History matches exact names; * patterns work in Live only' },
      { path: 'type', message: 'History matches exact names; * patterns work in Live only' },
    ]);
  });
});

describe('fieldOfIssuePath', () => {
  it('maps API and socket issue paths to inputs', () => {
    expect(fieldOfIssuePath('query.from')).toBe('from');
    expect(fieldOfIssuePath('query.where')).toBe('where');
    expect(fieldOfIssuePath('query.where.1')).toBe('where');
    expect(fieldOfIssuePath('query.data.path')).toBe('where');
    expect(fieldOfIssuePath('query.q')).toBe('text');
    expect(fieldOfIssuePath('filter.topics.0')).toBe('topic');
    expect(fieldOfIssuePath('query.cursor')).toBeNull();
  });

  it('groups the issues of a real 400 by input, the rest under general', () => {
    // the body GET /api/events?from=yesterday&where=severity == high&cursor=bogus answers with
    const issues = [
      { path: 'query.from', message: 'expected an ISO 8601 time with a zone' },
      { path: 'query.where', message: 'expected a JSON value after ==' },
      { path: 'query.cursor', message: 'not a cursor this API issued' },
    ];
    expect(issuesByField(issues)).toEqual({
      from: 'expected an ISO 8601 time with a zone',
      where: 'expected a JSON value after ==',
      general: 'not a cursor this API issued',
    });
  });
});
