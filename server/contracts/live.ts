import type { Health } from './health';

/** Events the server pushes. Names are `resource:action`. */
export interface ServerToClientEvents {
  'health:update': (health: Health) => void;
}

/** Events the browser sends. Every payload is parsed with zod on arrival. */
export interface ClientToServerEvents {
  'health:get': (ack: (health: Health) => void) => void;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
  connectedAt: number;
}
