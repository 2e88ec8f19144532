import type { Tone } from '@/components/ui/tone';

/** An edge's colour by its tone; its arrow head takes the same colour. */
export const EDGE_STROKE: Record<Tone, string> = {
  neutral: 'var(--border-strong)',
  ok: 'color-mix(in srgb, var(--ok) 70%, transparent)',
  degraded: 'var(--degraded)',
  failing: 'var(--failing)',
  replayed: 'var(--replayed)',
};
