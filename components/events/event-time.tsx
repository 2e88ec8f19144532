'use client';

import type { PointerEvent } from 'react';
import { formatDateTime, formatListTime, formatRelative } from '@/components/lib/format';

interface EventTimeProps {
  /** ISO-8601 timestamp. */
  value: string;
  /** Now as the list saw it: the date shows for rows of another day. */
  now: number;
}

/**
 * A row's time as a clock that can be read and compared at a glance ("09:26:53.123"); the full date
 * and how long ago it was are in the tooltip, worked out when the pointer arrives so they are never
 * stale. No timer per row: a live list repaints its rows often enough.
 */
export function EventTime({ value, now }: EventTimeProps) {
  const describe = (event: PointerEvent<HTMLElement>) => {
    event.currentTarget.title = `${formatDateTime(value)} · ${formatRelative(value, Date.now())}`;
  };
  return (
    <time dateTime={value} title={formatDateTime(value)} onPointerEnter={describe}>
      {formatListTime(value, now)}
    </time>
  );
}
