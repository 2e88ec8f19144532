/** Every in-app URL is built here, so a renamed route is one edit. */
export const routes = {
  overview: () => '/',
  flows: () => '/flows',
  /**
   * History of one correlation chain, oldest first: `{ mode: 'history', order: 'asc', correlationId }`;
   * `event` opens that event's drawer.
   */
  events: (view: { mode?: 'history'; order?: 'asc'; correlationId?: string; event?: string } = {}) =>
    withQuery('/events', view),
  /** `group`: `<topic>/<group>` to expand; `sort`: the groups' order, `lag.desc`. */
  streams: (view: { group?: string; sort?: string } = {}) => withQuery('/streams', view),
  traces: () => '/traces',
  sagas: () => '/sagas',
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
    }),
  settings: () => '/settings',
  audit: () => '/audit',
  apiReference: () => '/api-reference',
} as const;

interface DeadLettersView {
  topic?: readonly string[];
  group?: readonly string[];
  status?: 'pending';
  fingerprint?: string;
  open?: string;
  letter?: string;
  view?: 'jobs';
}

function withQuery(path: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) query.set(name, value);
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}
