import type { ReactNode } from 'react';
import { StatusDot } from './status-dot';
import type { Tone } from './tone';
import styles from './badge.module.css';

interface BadgeProps {
  tone?: Tone;
  /** Lead with a status dot; on by default for meaningful tones. */
  dot?: boolean;
  children: ReactNode;
}

export function Badge({ tone = 'neutral', dot = tone !== 'neutral', children }: BadgeProps) {
  return (
    <span className={styles.badge} data-tone={tone}>
      {dot ? <StatusDot tone={tone} /> : null}
      {children}
    </span>
  );
}
