import { describe, expect, it } from 'vitest';
import { READABLE_ZOOM, readableViewport } from './readable-viewport';

const INSETS = { top: 10, right: 10, bottom: 10, left: 50 };

describe('readableViewport', () => {
  it('centres a drawing that fits, never enlarging it past 1', () => {
    const view = readableViewport(
      { x: 0, y: 0, width: 200, height: 100 },
      { width: 1000, height: 500 },
      INSETS,
    );
    expect(view.zoom).toBe(1);
    expect(view.x).toBe(50 + (940 - 200) / 2);
    expect(view.y).toBe(10 + (480 - 100) / 2);
  });

  it('shrinks a drawing to fit while its text stays readable', () => {
    const view = readableViewport(
      { x: 0, y: 0, width: 1000, height: 100 },
      { width: 1000, height: 500 },
      INSETS,
    );
    expect(view.zoom).toBeCloseTo(0.94);
    expect(view.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
  });

  it('anchors a drawing too large to read whole at its top left, at the readable zoom', () => {
    const view = readableViewport(
      { x: 100, y: 40, width: 3000, height: 2000 },
      { width: 800, height: 600 },
      INSETS,
    );
    expect(view.zoom).toBe(READABLE_ZOOM);
    expect(view.x).toBeCloseTo(50 - 100 * READABLE_ZOOM);
    expect(view.y).toBeCloseTo(10 - 40 * READABLE_ZOOM);
  });

  it('centres the axis that fits while anchoring the one that does not', () => {
    const view = readableViewport(
      { x: 0, y: 0, width: 3000, height: 100 },
      { width: 800, height: 600 },
      INSETS,
    );
    expect(view.x).toBe(50);
    expect(view.y).toBeCloseTo(10 + (580 - 100 * READABLE_ZOOM) / 2);
  });
});
