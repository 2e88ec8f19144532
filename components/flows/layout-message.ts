import type { Layout } from './layout';

/** A Layout as it crosses postMessage from the layout worker. */
export interface LayoutMessage extends Omit<Layout, 'positions'> {
  positions: [string, { x: number; y: number }][];
}

export const fromMessage = (message: LayoutMessage): Layout => ({
  ...message,
  positions: new Map(message.positions),
});
