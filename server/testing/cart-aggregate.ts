/**
 * A shopping-cart aggregate shared by the aggregate tests, the README example and the benchmark. Its
 * `apply` depends on event order (a running list of the last skus, a checksum over the sequence), so
 * that a snapshot taken at the wrong version or a tail applied twice or out of order shows in the state.
 */
import { z } from 'zod';
import type { AggregateSpec, EventMeta } from '@/server/bus/aggregates';

export interface CartState {
  items: Record<string, number>;
  /** The last three skus added, most recent last. */
  recent: string[];
  /** Order-sensitive: any reordering, loss or repetition of events changes it. */
  checksum: number;
  checkedOut: boolean;
}

export type CartEvent =
  | { type: 'cart.item-added'; data: { sku: string; quantity: number } }
  | { type: 'cart.item-removed'; data: { sku: string } }
  | { type: 'cart.checked-out'; data: { items: number } };

export const AddItem = z.object({ sku: z.string().min(1), quantity: z.number().int().positive() });
export const RemoveItem = z.object({ sku: z.string().min(1) });

export class CartClosedError extends Error {}

export function applyCart(state: CartState, event: CartEvent, meta: Pick<EventMeta, 'version'>): CartState {
  const checksum = (state.checksum * 31 + meta.version * 7 + event.type.length) % 1_000_000_007;
  switch (event.type) {
    case 'cart.item-added':
      return {
        ...state,
        checksum,
        items: { ...state.items, [event.data.sku]: (state.items[event.data.sku] ?? 0) + event.data.quantity },
        recent: [...state.recent, event.data.sku].slice(-3),
      };
    case 'cart.item-removed':
      return { ...state, checksum, items: omit(state.items, event.data.sku) };
    case 'cart.checked-out':
      return { ...state, checksum, checkedOut: true };
  }
}

function omit(items: Record<string, number>, sku: string): Record<string, number> {
  const out = { ...items };
  delete out[sku];
  return out;
}

export const emptyCart = (): CartState => ({ items: {}, recent: [], checksum: 1, checkedOut: false });

/** The cart's definition; `overrides` change snapshots or the topic per test. */
export function cartSpec(
  overrides: Pick<
    AggregateSpec<CartState, CartEvent, never>,
    'snapshotEvery' | 'snapshotVersion' | 'topic'
  > = {},
) {
  return {
    type: 'cart',
    initial: emptyCart,
    apply: applyCart,
    commands: {
      'cart.add-item': {
        schema: AddItem,
        handle: (state: CartState, input: z.infer<typeof AddItem>) => {
          if (state.checkedOut) throw new CartClosedError('the cart is checked out');
          return { type: 'cart.item-added' as const, data: input };
        },
      },
      'cart.remove-item': {
        schema: RemoveItem,
        handle: (state: CartState, input: z.infer<typeof RemoveItem>) =>
          state.items[input.sku] === undefined ? [] : [{ type: 'cart.item-removed' as const, data: input }],
      },
      'cart.check-out': {
        schema: z.object({}),
        handle: (state: CartState) => ({
          type: 'cart.checked-out' as const,
          data: { items: Object.keys(state.items).length },
        }),
      },
    },
    ...overrides,
  };
}
