/**
 * The shop `npm run bench:ui` simulates: five services publishing to five topics (shares of the total
 * rate), two consumer groups reading some of them. Shared by bench/ui-producer.ts and
 * bench/ui-consumers.ts so the Flows graph gets several services, topics and groups with rates.
 */
import type { PublishInput } from '@/server/bus';
import { orderPayload } from './fixtures';

export interface Lane {
  service: string;
  topic: string;
  /** Events of every 20 published. */
  share: number;
  event(n: number): PublishInput;
}

const orderId = (n: number): string => `ord-${String(n).padStart(8, '0')}`;
/** Events of one order share its correlation id, so traces have chains to show. */
const about = (n: number): Pick<PublishInput, 'subject' | 'correlationId'> => ({
  subject: orderId(n),
  correlationId: `corr-${orderId(n)}`,
});

export const LANES: readonly Lane[] = [
  {
    service: 'checkout',
    topic: 'orders',
    share: 6,
    event: (n) => ({
      type: n % 25 === 0 ? 'order.cancelled' : 'order.placed',
      data: orderPayload(n),
      ...about(n),
    }),
  },
  {
    service: 'payments',
    topic: 'payments',
    share: 5,
    event: (n) => ({
      type: n % 2 === 0 ? 'payment.authorized' : 'payment.captured',
      data: {
        paymentId: `pay-${String(n).padStart(8, '0')}`,
        orderId: orderId(n),
        amountCents: 1_000 + (n % 9_000),
        currency: 'EUR',
        method: n % 3 === 0 ? 'card' : 'sepa',
        psp: 'adyen',
        riskScore: (n * 37) % 100,
      },
      ...about(n),
    }),
  },
  {
    service: 'warehouse',
    topic: 'shipments',
    share: 3,
    event: (n) => ({
      type: n % 2 === 0 ? 'shipment.packed' : 'shipment.dispatched',
      data: {
        shipmentId: `shp-${String(n).padStart(8, '0')}`,
        orderId: orderId(n),
        carrier: ['dhl', 'ups', 'postnl'][n % 3],
        parcels: 1 + (n % 2),
        weightGrams: 250 + ((n * 13) % 4_000),
        warehouse: 'ams-1',
      },
      ...about(n),
    }),
  },
  {
    service: 'inventory',
    topic: 'inventory',
    share: 4,
    event: (n) => ({
      type: n % 5 === 0 ? 'stock.adjusted' : 'stock.reserved',
      data: {
        sku: `SKU-${1_000 + (n % 97)}`,
        orderId: orderId(n),
        delta: -(1 + (n % 3)),
        onHand: 500 - (n % 500),
        location: `ams-1/aisle-${n % 40}`,
      },
      ...about(n),
    }),
  },
  {
    service: 'notifier',
    topic: 'notifications',
    share: 2,
    event: (n) => ({
      type: 'email.sent',
      data: {
        messageId: `msg-${String(n).padStart(8, '0')}`,
        template: n % 2 === 0 ? 'order-confirmation' : 'shipping-update',
        to: `customer${(n * 7_919) % 100_000}@example.com`,
        locale: 'en-GB',
      },
      ...about(n),
    }),
  },
];

/** Lane index for each of 20 consecutive events, interleaved so every lane publishes steadily. */
export const LANE_CYCLE: readonly number[] = (() => {
  const cycle: number[] = [];
  const left = LANES.map((lane) => lane.share);
  while (cycle.length < 20) {
    for (let i = 0; i < LANES.length; i++) {
      if (left[i]! > 0) {
        cycle.push(i);
        left[i]! -= 1;
      }
    }
  }
  return cycle;
})();

export interface Group {
  service: string;
  group: string;
  topics: readonly string[];
}

export const GROUPS: readonly Group[] = [
  { service: 'billing', group: 'billing', topics: ['orders', 'payments'] },
  { service: 'fulfilment', group: 'fulfilment', topics: ['orders', 'shipments', 'inventory'] },
];
