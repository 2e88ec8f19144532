/** Every in-app URL is built here, so a renamed route is one edit. */
export const routes = {
  overview: () => '/',
  flows: () => '/flows',
  events: () => '/events',
  streams: () => '/streams',
  traces: () => '/traces',
  sagas: () => '/sagas',
  deadLetters: () => '/dead-letters',
  settings: () => '/settings',
} as const;
