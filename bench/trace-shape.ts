/**
 * What bench:trace's generated history looks like, as pure functions of a seeded random source: the
 * catalogue of event types, topics, services and consumer groups; ordinary traces (2 to 20 events,
 * most of them short, a causation tree that is mostly a chain with some fan-out); every event's
 * deliveries as the SDK reports them (handled, retried then handled, or dead-lettered after its
 * attempts); and the two traces the benchmark opens: a 50-hop chain and a 10,000-event tree.
 * No I/O here: trace-generate.ts turns these into COPY rows.
 */

export const DAY_MS = 86_400_000;

export interface EventType {
  type: string;
  topic: string;
  /** The publishing service: the event's source is `/services/<service>`. */
  service: string;
  sensitivity?: 'confidential';
  payload: (n: number, k: number) => string;
}

const order = (n: number): string => `"orderId":"ord-${n}"`;
const email = (n: number): string => `"email":"cus${n % 50_000}@example.com"`;

/** Roots first (ROOT_TYPES of them): a trace starts with one of those. */
export const TYPES: readonly EventType[] = [
  {
    type: 'order.placed',
    topic: 'orders',
    service: 'checkout',
    payload: (n) =>
      `{${order(n)},"customer":{${email(n)}},"totalCents":${1000 + (n % 9000)},"currency":"EUR"}`,
  },
  {
    type: 'user.signed-up',
    topic: 'users',
    service: 'crm',
    payload: (n) => `{"userId":"usr-${n}",${email(n)},"plan":"free"}`,
  },
  {
    type: 'import.requested',
    topic: 'imports',
    service: 'importer',
    payload: (n) => `{"importId":"imp-${n}","rows":${100 + (n % 900)}}`,
  },
  {
    type: 'payment.requested',
    topic: 'payments',
    service: 'checkout',
    payload: (n) => `{${order(n)},"amountCents":${1000 + (n % 9000)},"currency":"EUR"}`,
  },
  {
    type: 'payment.authorized',
    topic: 'payments',
    service: 'payments',
    sensitivity: 'confidential',
    payload: (n) =>
      `{${order(n)},"authCode":"A${n % 1_000_000}","card":{"last4":"${String(n % 10_000).padStart(4, '0')}"}}`,
  },
  {
    type: 'inventory.reserved',
    topic: 'inventory',
    service: 'inventory',
    payload: (n, k) => `{${order(n)},"sku":"SKU-${1000 + ((n + k) % 97)}","qty":${1 + (k % 3)}}`,
  },
  {
    type: 'shipment.scheduled',
    topic: 'shipping',
    service: 'shipping',
    payload: (n) => `{${order(n)},"carrier":"postnl","warehouse":"ams-${1 + (n % 4)}"}`,
  },
  {
    type: 'notification.sent',
    topic: 'notifications',
    service: 'notifier',
    payload: (n, k) => `{"to":{${email(n)}},"template":"order-update","step":${k}}`,
  },
  {
    type: 'invoice.issued',
    topic: 'billing',
    service: 'billing',
    payload: (n) => `{${order(n)},"invoiceId":"inv-${n}","totalCents":${1000 + (n % 9000)}}`,
  },
  {
    type: 'customer.updated',
    topic: 'customers',
    service: 'crm',
    payload: (n) => `{"customerId":"cus-${n % 50_000}",${email(n)},"tier":"gold"}`,
  },
  {
    type: 'import.item.processed',
    topic: 'imports',
    service: 'importer',
    payload: (n, k) => `{"importId":"imp-${n}","row":${k},"status":"ok"}`,
  },
];
export const ROOT_TYPES = 3;
export const typeIndex = (type: string): number => TYPES.findIndex((t) => t.type === type);

/** Consumer groups per topic, each with the service it runs in; every group has two consumers. */
export const GROUPS: Readonly<Record<string, readonly { group: string; service: string }[]>> = {
  orders: [
    { group: 'billing', service: 'billing' },
    { group: 'analytics', service: 'analytics' },
  ],
  users: [
    { group: 'welcome-mail', service: 'notifier' },
    { group: 'analytics', service: 'analytics' },
  ],
  imports: [
    { group: 'import-worker', service: 'importer' },
    { group: 'search-indexer', service: 'search' },
  ],
  payments: [
    { group: 'ledger', service: 'ledger' },
    { group: 'fraud', service: 'fraud' },
  ],
  inventory: [{ group: 'fulfilment', service: 'shipping' }],
  shipping: [
    { group: 'tracking', service: 'shipping' },
    { group: 'notify-shipping', service: 'notifier' },
  ],
  notifications: [{ group: 'audit-trail', service: 'analytics' }],
  billing: [{ group: 'ledger-billing', service: 'ledger' }],
  customers: [{ group: 'search-customers', service: 'search' }],
};

export interface Consumer {
  /** delivery_consumers.id: from 1 in this order. */
  id: number;
  topic: string;
  group: string;
  consumer: string;
  service: string;
}

export const CONSUMERS: readonly Consumer[] = Object.entries(GROUPS)
  .flatMap(([topic, groups]) =>
    groups.flatMap(({ group, service }) =>
      [1, 2].map((n) => ({ topic, group, consumer: `${group}-${n}`, service })),
    ),
  )
  .map((c, i) => ({ ...c, id: i + 1 }));

/** The first consumer of each group of a topic (the second is `id + 1`). */
const GROUP_CONSUMERS: ReadonlyMap<string, readonly Consumer[]> = new Map(
  Object.keys(GROUPS).map((topic) => [
    topic,
    CONSUMERS.filter((c) => c.topic === topic && c.consumer.endsWith('-1')),
  ]),
);

/** mulberry32: small, fast and good enough to shape data; the same seed gives the same history. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export type Outcome = 'handled' | 'retried' | 'failed' | 'dead-lettered';

export interface GenDelivery {
  consumer: Consumer;
  /** The stream entry delivered: the event's, or the replay's new entry. */
  entryId: string;
  attempt: number;
  outcome: Outcome;
  durationMs: number | null;
  category: string | null;
  error: string | null;
  at: number;
}

export interface GenDeadLetter {
  consumer: Consumer;
  eventIndex: number;
  category: 'transient' | 'poison';
  attempts: number;
  firstFailureAt: number;
  lastFailureAt: number;
  errorName: string;
  errorMessage: string;
}

export interface GenEvent {
  /** Index in its trace; the root is 0. */
  k: number;
  /** Index of the causing event in the trace, or -1 for the root. */
  parent: number;
  type: number;
  time: number;
  deliveries: GenDelivery[];
  deadLetters: GenDeadLetter[];
}

export interface GenTrace {
  /** Distinguishes payloads and subjects. */
  n: number;
  events: GenEvent[];
}

/** Outcome odds per delivery: most handled at once, some after a retry, a few dead-lettered. */
export interface FailureOdds {
  retried: number;
  deadLettered: number;
}
export const ORDINARY_ODDS: FailureOdds = { retried: 0.03, deadLettered: 0.0004 };

const TRANSIENT = { name: 'TimeoutError', message: 'upstream did not answer within 5000 ms' };
const POISON = { name: 'ValidationError', message: 'amount must be positive' };
const BACKOFF_MS = [1_000, 2_000, 4_000];
const MAX_ATTEMPTS = 3;

/** Every delivery of one event to each group of its topic (most groups get it: 1 or 2 per event). */
export function deliver(random: () => number, event: GenEvent, entryId: string, odds: FailureOdds): void {
  const topic = TYPES[event.type]!.topic;
  for (const first of GROUP_CONSUMERS.get(topic) ?? []) {
    if (random() < 0.12) continue; // not every group subscribes to every type
    const consumer = random() < 0.5 ? first : CONSUMERS[first.id]!;
    let at = event.time + 1 + Math.floor(random() * random() * 60);
    const handler = (): number => Math.round((0.5 + random() * random() * 40) * 100) / 100;
    const roll = random();
    if (roll < odds.deadLettered) {
      const poison = random() < 0.3;
      const error = poison ? POISON : TRANSIENT;
      const attempts = poison ? 1 : MAX_ATTEMPTS;
      const firstFailureAt = at + 5;
      for (let attempt = 1; attempt <= attempts; attempt++) {
        const last = attempt === attempts;
        const ms = poison ? handler() : 5_000;
        at += ms;
        event.deliveries.push({
          consumer,
          entryId,
          attempt,
          outcome: last ? 'failed' : 'retried',
          durationMs: ms,
          category: poison ? 'poison' : 'transient',
          error: `${error.name}: ${error.message}`,
          at: Math.round(at),
        });
        if (!last) at += BACKOFF_MS[attempt - 1]!;
      }
      event.deliveries.push({
        consumer,
        entryId,
        attempt: attempts,
        outcome: 'dead-lettered',
        durationMs: null,
        category: poison ? 'poison' : 'transient',
        error: `${error.name}: ${error.message}`,
        at: Math.round(at) + 1,
      });
      event.deadLetters.push({
        consumer,
        eventIndex: event.k,
        category: poison ? 'poison' : 'transient',
        attempts,
        firstFailureAt: Math.round(firstFailureAt),
        lastFailureAt: Math.round(at) + 1,
        errorName: error.name,
        errorMessage: error.message,
      });
      continue;
    }
    if (roll < odds.deadLettered + odds.retried) {
      at += 5_000;
      event.deliveries.push({
        consumer,
        entryId,
        attempt: 1,
        outcome: 'retried',
        durationMs: 5_000,
        category: 'transient',
        error: `${TRANSIENT.name}: ${TRANSIENT.message}`,
        at: Math.round(at),
      });
      at += BACKOFF_MS[0]!;
      const ms = handler();
      event.deliveries.push({
        consumer,
        entryId,
        attempt: 2,
        outcome: 'handled',
        durationMs: ms,
        category: null,
        error: null,
        at: Math.round(at + ms),
      });
      continue;
    }
    const ms = handler();
    event.deliveries.push({
      consumer,
      entryId,
      attempt: 1,
      outcome: 'handled',
      durationMs: ms,
      category: null,
      error: null,
      at: Math.round(at + ms),
    });
  }
}

/** 2 to 20, most of them short (mean about 8). */
export function traceSize(random: () => number): number {
  const r = random();
  return 2 + Math.floor(19 * r * r);
}

/** A hop's delay after its cause: milliseconds mostly, now and then an async wait of seconds. */
function hopMs(random: () => number): number {
  const base = 2 + Math.floor(Math.exp(random() * 6));
  return random() < 0.02 ? base + Math.floor(1_000 + random() * 29_000) : base;
}

/** An ordinary trace of `size` events: mostly a chain (each caused by the previous), some fan-out. */
export function ordinaryTrace(random: () => number, n: number, size: number, rootTime: number): GenTrace {
  const events: GenEvent[] = [];
  for (let k = 0; k < size; k++) {
    const parent = k === 0 ? -1 : random() < 0.6 ? k - 1 : Math.floor(random() * k);
    const type =
      k === 0
        ? Math.floor(random() * ROOT_TYPES)
        : ROOT_TYPES + Math.floor(random() * (TYPES.length - ROOT_TYPES));
    const time = k === 0 ? rootTime : events[parent]!.time + hopMs(random);
    events.push({ k, parent, type, time, deliveries: [], deadLetters: [] });
  }
  return { n, events };
}

/** The order flow a long chain walks, hop after hop. */
const CHAIN_FLOW = [
  'order.placed',
  'payment.requested',
  'payment.authorized',
  'inventory.reserved',
  'invoice.issued',
  'shipment.scheduled',
  'notification.sent',
  'customer.updated',
].map(typeIndex);

export const CHAIN_HOPS = 50;

/** A 50-hop chain: each event caused by the one before, with one long async wait in the middle. */
export function chainTrace(random: () => number, n: number, rootTime: number): GenTrace {
  const events: GenEvent[] = [];
  for (let k = 0; k < CHAIN_HOPS; k++) {
    const wait = k === 25 ? 40_000 : 20 + Math.floor(random() * random() * 2_000);
    events.push({
      k,
      parent: k - 1,
      type: CHAIN_FLOW[k % CHAIN_FLOW.length]!,
      time: k === 0 ? rootTime : events[k - 1]!.time + wait,
      deliveries: [],
      deadLetters: [],
    });
  }
  return { n, events };
}

export const LARGE_EVENTS = 10_000;
const LARGE_BATCHES = 24;
const LARGE_FANOUT = 20;

/**
 * A 10,000-event import: the request, 24 batches started over a minute, 20 items per batch, and the
 * rest as the items' follow-ups (customer updates and notifications), 20 per item until the count is
 * reached. Every hop has its deliveries.
 */
export function largeTrace(random: () => number, n: number, rootTime: number): GenTrace {
  const items = LARGE_BATCHES * LARGE_FANOUT;
  const followUps = [typeIndex('customer.updated'), typeIndex('notification.sent')];
  const events: GenEvent[] = [];
  for (let k = 0; k < LARGE_EVENTS; k++) {
    let parent: number;
    let type: number;
    let wait: number;
    if (k === 0) {
      [parent, type, wait] = [-1, typeIndex('import.requested'), 0];
    } else if (k <= LARGE_BATCHES) {
      [parent, type, wait] = [0, typeIndex('import.item.processed'), Math.floor(random() * 60_000)];
    } else if (k <= LARGE_BATCHES + items) {
      parent = 1 + Math.floor((k - LARGE_BATCHES - 1) / LARGE_FANOUT);
      [type, wait] = [typeIndex('import.item.processed'), 50 + Math.floor(random() * 5_000)];
    } else {
      parent = LARGE_BATCHES + 1 + Math.floor((k - LARGE_BATCHES - items - 1) / LARGE_FANOUT);
      [type, wait] = [followUps[k % 2]!, 5 + Math.floor(random() * 2_000)];
    }
    const time = parent < 0 ? rootTime : events[parent]!.time + wait;
    events.push({ k, parent, type, time, deliveries: [], deadLetters: [] });
  }
  return { n, events };
}
