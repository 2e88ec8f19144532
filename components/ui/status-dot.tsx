import type { Tone } from './tone';
import styles from './status-dot.module.css';

interface StatusDotProps {
  tone: Tone;
  /** A soft halo that draws the eye; use for live, changing states only. */
  pulse?: boolean;
}

/** A coloured dot; decorative, so pair it with a text label. */
export function StatusDot({ tone, pulse = false }: StatusDotProps) {
  return <span aria-hidden className={styles.dot} data-tone={tone} data-pulse={pulse || undefined} />;
}
