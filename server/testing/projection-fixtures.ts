/** A projection over two topics for the projection tests, the crash child and the examples. */
import { defineProjection, type Model, type ProjectionDefinition } from '@/server/bus/projections';

export interface OrderPlacedData {
  orderId: string;
  customer: string;
  cents: number;
}

export interface PaymentData {
  orderId: string;
  cents: number;
}

/**
 * Counts orders and payments, totals per customer, the paid orders: increments (summed in memory
 * per batch), plain sets and a sorted set, so that a double-applied or lost batch changes a figure.
 */
export function orderTotals(name = 'order-totals'): ProjectionDefinition {
  return defineProjection({
    name,
    topics: ['orders', 'payments'],
    handlers: {
      'order.placed': (event: { data: OrderPlacedData }, model: Model) => {
        model.hincr('counts', 'orders');
        model.hincr('orders-by-customer', event.data.customer);
        model.zincr('revenue', event.data.customer, event.data.cents);
        model.hset(`order:${event.data.orderId}`, 'status', 'placed');
      },
      'payment.received': (event: { data: PaymentData }, model: Model) => {
        model.hincr('counts', 'payments');
        model.hset(`order:${event.data.orderId}`, 'status', 'paid');
        model.sadd('paid', event.data.orderId);
      },
    },
  });
}

export const order = (i: number): OrderPlacedData => ({
  orderId: `o-${i}`,
  customer: `c-${i % 7}`,
  cents: 100 + (i % 13),
});
