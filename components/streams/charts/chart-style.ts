import type { CSSProperties } from 'react';

/**
 * Chart colours from the theme's variables (SVG presentation attributes accept var()), so both themes
 * follow without a re-render. Neutral by default: colour only where a bar or line means trouble.
 */
export const CHART = {
  line: 'var(--text-muted)',
  bar: 'var(--neutral)',
  warn: 'var(--degraded)',
  grid: 'var(--border)',
  tick: { fill: 'var(--text-subtle)', fontSize: 11 },
} as const;

export const TOOLTIP_STYLE: CSSProperties = {
  background: 'var(--surface-raised)',
  border: '1px solid var(--border-strong)',
  borderRadius: 6,
  boxShadow: 'var(--shadow)',
  color: 'var(--text)',
  fontSize: 12,
  padding: '6px 8px',
};

export const TOOLTIP_LABEL_STYLE: CSSProperties = { color: 'var(--text-muted)', marginBottom: 2 };
export const TOOLTIP_ITEM_STYLE: CSSProperties = { color: 'var(--text)', padding: 0 };
