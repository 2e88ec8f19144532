import Link from 'next/link';
import type { ReactNode } from 'react';
import { StatusDot } from '@/components/ui/status-dot';
import type { Tone } from '@/components/ui/tone';
import styles from './tiles.module.css';

interface TileProps {
  label: string;
  value: string;
  unit?: string;
  tone?: Tone;
  /** Said to assistive tech when the tone is not neutral: "above the 5 % threshold". */
  toneLabel?: string;
  /** One muted line under the figure. */
  detail?: ReactNode;
  /** The view this figure summarises: the whole tile opens it. */
  href?: string;
}

/**
 * One headline figure. Neutral unless a threshold is crossed; then the figure takes the status colour.
 * With `href` the label is a link whose hit area covers the tile.
 */
export function Tile({ label, value, unit, tone = 'neutral', toneLabel, detail, href }: TileProps) {
  return (
    <section
      className={styles.tile}
      aria-label={label}
      data-tone={tone}
      data-linked={href ? true : undefined}
    >
      <h2 className={styles.label}>
        {tone !== 'neutral' ? <StatusDot tone={tone} /> : null}
        {href ? (
          <Link href={href} className={styles.tileLink}>
            {label}
          </Link>
        ) : (
          label
        )}
      </h2>
      <p className={styles.figure}>
        <span className={styles.value}>{value}</span>
        {unit ? <span className={styles.unit}>{unit}</span> : null}
        {tone !== 'neutral' && toneLabel ? <span className="visually-hidden"> ({toneLabel})</span> : null}
      </p>
      {detail ? <div className={styles.detail}>{detail}</div> : null}
    </section>
  );
}
