/**
 * Column priorities for the grid tables: each column has a CSS track and the narrowest width its
 * content reads at. When the table's box is too narrow for every column, priority-3 columns go first,
 * then priority-2; what they showed must be reachable elsewhere (a row's detail, a tooltip).
 */
export type Priority = 1 | 2 | 3;

export interface ColumnSpec {
  /** A grid track: `minmax(120px, 1fr)`, `56px`. */
  track: string;
  /** The track's minimum, in px (the first argument of its minmax). */
  min: number;
  /** 1: always shown (the default); 3: first to go. */
  priority?: Priority;
}

export interface ColumnLayout {
  /** The highest priority shown: 3 shows every column. */
  shown: Priority;
  /** grid-template-columns for the shown columns. */
  template: string;
  /** The width the shown columns need; wider than the box means the table scrolls sideways. */
  minWidth: number;
}

/** Horizontal room a row takes besides its tracks: the gaps between columns and the row's padding. */
export interface RowChrome {
  gap: number;
  padding: number;
}

export function layoutColumns(
  columns: readonly ColumnSpec[],
  available: number,
  chrome: RowChrome,
): ColumnLayout {
  let layout: ColumnLayout | null = null;
  for (const shown of [3, 2, 1] as const) {
    const visible = columns.filter((c) => (c.priority ?? 1) <= shown);
    const minWidth =
      visible.reduce((sum, c) => sum + c.min, 0) +
      chrome.gap * Math.max(0, visible.length - 1) +
      chrome.padding;
    layout = { shown, template: visible.map((c) => c.track).join(' '), minWidth };
    if (minWidth <= available) return layout;
  }
  return layout!;
}
