/**
 * The catalogue of GET calls that app/api/get-is-safe.test.ts crawls: for every GET route of the
 * registry, the path parameters and query strings to call it with. Valid ones name the rows and keys that
 * test seeds (`pay-1`, `foreign-1`, `dl-1`, `job-1`, `saga-1`, the `burst` rule, `corr-1`); bogus ones
 * reach the routes' refusals. Kept apart from the test because it is data that grows with the registry
 * (one entry per new GET route), while the test holds the seeding and the checks.
 */

/**
 * One route's calls. `ids` fill the route's one path parameter (a record fills several: `{type}/{id}`);
 * each id is called with every query of `queries` (`''` for none).
 */
export interface GetCall {
  ids?: (string | Record<string, string>)[];
  queries: string[];
}

/** Keyed by the registry's route key (`GET /api/...`): valid calls from the seeded data, then bogus ones. */
export const GET_CALLS: Record<string, GetCall> = {
  'GET /api/aggregates': { queries: [''] },
  'GET /api/aggregates/{type}/{id}': {
    ids: [
      { type: 'account', id: 'no-such-account' },
      { type: 'bad:type', id: 'x' },
    ],
    queries: ['', 'at=1', 'at=bogus'],
  },
  'GET /api/audit': {
    queries: ['', 'limit=5', 'action=masking_rule.create', 'result=ok&text=rule', 'limit=abc', 'cursor=zz'],
  },
  'GET /api/auth-providers': { queries: [''] },
  'GET /api/dead-letters': {
    queries: [
      '',
      'topic=orders&status=all',
      'category=poison&category=transient',
      'q=timeout',
      'fingerprint=abc',
      'from=15m&to=now',
      'limit=0',
      'cursor=zz',
      'status=bogus',
    ],
  },
  'GET /api/dead-letters/groups': { queries: ['', 'status=all', 'from=1h', 'category=bogus'] },
  'GET /api/deliveries/failures': { queries: ['', 'topic=orders&group=billing&limit=3', 'limit=0'] },
  'GET /api/dead-letters/{id}': { ids: ['dl-1', 'orders/0-1', 'no-such'], queries: [''] },
  'GET /api/replays': { queries: ['', 'state=paused', 'state=bogus', 'limit=0'] },
  'GET /api/replays/{id}': { ids: ['job-1', 'no-such'], queries: [''] },
  'GET /api/replays/{id}/letters': { ids: ['job-1', 'no-such'], queries: ['', 'state=pending', 'cursor=zz'] },
  'GET /api/events': {
    queries: [
      '',
      'limit=200&order=asc',
      'q=visa',
      'type=payment.captured',
      `where=${encodeURIComponent('$.amount > 1')}`,
      'correlationId=corr-1',
      'topic=orders&topic=payments',
      'limit=0',
      `where=${encodeURIComponent('((( ')}`,
      'cursor=not-a-cursor',
      'order=sideways',
    ],
  },
  'GET /api/events/{id}': {
    ids: ['pay-1', 'foreign-1', 'no-such-event'],
    queries: ['', 'source=%2Fservices%2Fshop', 'part=bogus'],
  },
  'GET /api/events/{id}/payload': {
    ids: ['pay-1', 'foreign-1', 'no-such-event'],
    queries: ['', 'part=rawFields', 'part=bogus'],
  },
  'GET /api/groups': { queries: ['', 'topic=orders', 'group=billing&sample=10', 'stuckAfterMs=1'] },
  'GET /api/health': { queries: [''] },
  'GET /api/masking-rules': { queries: [''] },
  'GET /api/me': { queries: [''] },
  'GET /api/metrics': {
    queries: ['', 'series=topic:orders&range=15m', 'series=group:orders/billing&range=7d', 'series=bogus'],
  },
  'GET /api/metrics/breakdown': { queries: ['metric=published', 'metric=lag&range=24h', '', 'metric=x'] },
  'GET /api/openapi.json': { queries: [''] },
  'GET /api/overview': { queries: [''] },
  'GET /api/processors': { queries: [''] },
  'GET /api/projections': { queries: [''] },
  'GET /api/projections/{name}': { ids: ['no-such-projection'], queries: [''] },
  'GET /api/rules': { queries: [''] },
  'GET /api/rules/{name}': { ids: ['burst', 'no-such-rule'], queries: ['', 'limit=1', 'cursor=zz'] },
  'GET /api/saga-definitions': { queries: [''] },
  'GET /api/sagas': {
    queries: [
      '',
      'definition=checkout&status=running&status=stuck',
      'definition=checkout@1&stuck=true',
      'correlationId=corr-1&from=1h&to=now',
      'limit=1',
      'cursor=zz',
      'status=bogus',
    ],
  },
  'GET /api/sagas/{id}': { ids: ['saga-1', 'no-such-saga'], queries: [''] },
  'GET /api/sessions': { queries: [''] },
  'GET /api/settings': { queries: [''] },
  'GET /api/streams': { queries: ['', 'unknown=1'] },
  'GET /api/tokens': { queries: ['', 'all=1', 'all=2'] },
  'GET /api/topology': { queries: [''] },
  'GET /api/users': { queries: [''] },
  'GET /api/traces': {
    queries: [
      '',
      'rootType=payment.captured',
      'has=dead-letters',
      'has=failures,replays&minEvents=2',
      'correlationId=corr-1',
      'cursor=zz',
      'has=bogus',
    ],
  },
  'GET /api/traces/{correlationId}/export': { ids: ['corr-1', 'no-such-trace'], queries: [''] },
  'GET /api/traces/compare': { queries: ['a=corr-1&b=corr-1', 'a=corr-1&b=no-such', 'a=corr-1'] },
  'GET /api/traces/{correlationId}': {
    ids: ['corr-1', 'no-such-trace'],
    queries: ['', 'limit=1', 'cursor=zz', 'limit=0'],
  },
};
