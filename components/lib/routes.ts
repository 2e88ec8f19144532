/** Every in-app URL is built here, so a renamed route is one edit. */
export const routes = {
  overview: () => '/',
  flows: () => '/flows',
  /**
   * History of one correlation chain, oldest first: `{ mode: 'history', order: 'asc', correlationId }`;
   * the events a group failed on: `{ mode: 'history', topic, group, outcome, error }`; `event` opens that
   * event's drawer.
   */
  events: (view: EventsView = {}) => withQuery('/events', { ...view }),
  /** `group`: `<topic>/<group>` to expand; `sort`: the groups' order, `lag.desc`. */
  streams: (view: { group?: string; sort?: string } = {}) => withQuery('/streams', view),
  /** Trace search; `rootType`, `service`, `has` narrow it as its own filter bar does. */
  traces: (view: TracesView = {}) => withQuery('/traces', { ...view }),
  /** One correlation chain as a causation tree; `view`: `waterfall` or `sequence` instead of the tree. */
  trace: (correlationId: string, view: { view?: 'waterfall' | 'sequence'; critical?: '1' } = {}) =>
    withQuery(`/traces/${encodeURIComponent(correlationId)}`, view),
  /** Two traces of one root type side by side. */
  traceCompare: (a: string, b: string) => withQuery('/traces/compare', { a, b }),
  /** Saga instances; the filters (`definition`, `status`, `stuck`, `correlationId`) as its filter bar sets them. */
  sagas: (view: SagasView = {}) =>
    withQuery('/sagas', {
      definition: view.definition,
      status: view.status?.join(','),
      stuck: view.stuck ? 'true' : undefined,
      correlationId: view.correlationId,
    }),
  /** One saga instance as a timeline of its steps, each paired with its compensation. */
  saga: (sagaId: string) => `/sagas/${encodeURIComponent(sagaId)}`,
  /**
   * `open`: a failure group's fingerprint to list; `letter`: the letter open in the drawer. The filters
   * (`topic`, `group`, `status`, `fingerprint`) narrow the page as its own filter bar does.
   */
  deadLetters: (view: DeadLettersView = {}) =>
    withQuery('/dead-letters', {
      topic: view.topic?.join(','),
      group: view.group?.join(','),
      status: view.status,
      fingerprint: view.fingerprint,
      open: view.open,
      letter: view.letter,
      view: view.view,
      job: view.job,
    }),
  /** Complex-event rules (stream processors of kind count and absence) with their matches. */
  rules: () => '/rules',
  /** One rule: its definition, matches per minute and latest alerts. */
  rule: (name: string) => `/rules/${encodeURIComponent(name)}`,
  /** Read models; `open`: the projection whose detail is open. */
  projections: (view: { open?: string } = {}) => withQuery('/projections', view),
  /** Aggregate types, and one aggregate's history looked up by `type` and `id`, at version `at`. */
  aggregates: (view: { type?: string; id?: string; at?: number } = {}) =>
    withQuery('/aggregates', {
      type: view.type,
      id: view.id,
      at: view.at === undefined ? undefined : String(view.at),
    }),
  settings: () => '/settings',
  audit: () => '/audit',
  apiReference: () => '/api-reference',
} as const;

interface EventsView {
  mode?: 'history';
  order?: 'asc';
  correlationId?: string;
  topic?: string;
  /** A consumer group: its deliveries and dead letters only. */
  group?: string;
  /** A delivery failure outcome: `failed`, `retried` or `dead-lettered`. */
  outcome?: string;
  /** Text inside a delivery's error or a dead letter's message. */
  error?: string;
  event?: string;
}

interface TracesView {
  correlationId?: string;
  rootType?: string;
  service?: string;
  topic?: string;
  has?: string;
}

interface SagasView {
  definition?: string;
  status?: readonly string[];
  stuck?: boolean;
  correlationId?: string;
}

interface DeadLettersView {
  topic?: readonly string[];
  group?: readonly string[];
  status?: 'pending';
  fingerprint?: string;
  open?: string;
  letter?: string;
  view?: 'jobs';
  /** A replay job to mark in the jobs tab (with `view: 'jobs'`). */
  job?: string;
}

function withQuery(path: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) query.set(name, value);
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}
