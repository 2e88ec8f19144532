import type { DotItemDotProps } from 'recharts';

/**
 * True when the value at `index` is present but both neighbours are missing: a line with gaps draws
 * nothing for such a point, so it needs a dot to be seen at all.
 */
export function isIsolated(values: ArrayLike<unknown>, index: number): boolean {
  const present = (i: number) => {
    const value = values[i];
    return typeof value === 'number' && Number.isFinite(value);
  };
  return present(index) && !present(index - 1) && !present(index + 1);
}

/** A recharts `dot` that draws only isolated points (see isIsolated), in the line's colour. */
export function isolatedDot(props: DotItemDotProps) {
  const { cx, cy, index, points, stroke } = props;
  // only the neighbours are read: this runs once per point, and a 24 h line has 1,440 of them
  const values = {
    length: 3,
    0: points[index - 1]?.value,
    1: points[index]?.value,
    2: points[index + 1]?.value,
  };
  if (cx === undefined || cy === undefined || !isIsolated(values, 1)) return null;
  return <circle key={`dot-${index}`} cx={cx} cy={cy} r={2.5} fill={stroke} stroke="none" />;
}
