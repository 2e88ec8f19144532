/**
 * The system bench:api's store describes: an order flow over six topics, each step published by one
 * service and consumed by one or two groups. A correlation chain walks the steps in order (10 to 20 of
 * them), so one trace holds several types, topics and services, as a real checkout would.
 */
import type { MaskingRuleInput } from '@/server/contracts/masking';

export interface Step {
  type: string;
  topic: string;
  service: string;
  /** Payments' authorisations are confidential: an analyst sees none of their values. */
  confidential?: boolean;
}

/** Step `k` of a chain is STEPS[k % STEPS.length]. */
export const STEPS: readonly Step[] = [
  { type: 'order.placed', topic: 'orders', service: 'checkout' },
  { type: 'payment.requested', topic: 'payments', service: 'checkout' },
  { type: 'payment.authorized', topic: 'payments', service: 'payments', confidential: true },
  { type: 'inventory.reserved', topic: 'inventory', service: 'inventory' },
  { type: 'customer.updated', topic: 'customers', service: 'crm' },
  { type: 'shipment.scheduled', topic: 'shipping', service: 'shipping' },
  { type: 'notification.sent', topic: 'notifications', service: 'notifier' },
  { type: 'payment.captured', topic: 'payments', service: 'payments' },
  { type: 'shipment.dispatched', topic: 'shipping', service: 'shipping' },
  { type: 'order.completed', topic: 'orders', service: 'checkout' },
];

/** Consumer groups per topic; each group runs two consumers in its own service. */
export const GROUPS: Readonly<Record<string, readonly string[]>> = {
  orders: ['billing', 'analytics'],
  payments: ['ledger', 'fraud'],
  inventory: ['fulfilment'],
  customers: ['analytics-crm'],
  shipping: ['tracking', 'notify-shipping'],
  notifications: ['audit-trail'],
};

export const TOPICS = Object.keys(GROUPS);
export const SERVICES = [...new Set(STEPS.map((s) => s.service))];

export interface Consumer {
  id: number;
  topic: string;
  group: string;
  consumer: string;
  service: string;
}

/** The delivery_consumers rows, ids from 1 in this order (the table's identity). */
export const CONSUMERS: readonly Consumer[] = Object.entries(GROUPS)
  .flatMap(([topic, groups]) =>
    groups.flatMap((group) =>
      [1, 2].map((n) => ({ topic, group, consumer: `${group}-${n}`, service: `${group}-svc` })),
    ),
  )
  .map((c, i) => ({ ...c, id: i + 1 }));

/** What the analyst does not see: emails anywhere, card numbers, phone numbers of customers. */
export const MASKING_RULES: readonly MaskingRuleInput[] = [
  { eventType: '*', path: '$..email', revealTo: 'operator', note: 'bench:api' },
  { eventType: 'payment.*', path: '$.card.number', revealTo: 'admin', note: 'bench:api' },
  { eventType: 'customer.*', path: '$.phone', revealTo: 'operator', note: 'bench:api' },
];

/** Chain `c`'s length: 10 to 20 events, spread evenly. */
export const chainLength = (c: number): number => 10 + ((c * 7_919) % 11);

/** How many chains hold `events` events (the last one may be cut). */
export function chainsFor(events: number): number {
  let total = 0;
  let c = 0;
  while (total < events) total += chainLength(c++);
  return c;
}
