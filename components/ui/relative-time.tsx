'use client';

import { useEffect, useState } from 'react';
import { formatDateTime, formatRelative } from '@/components/lib/format';

interface RelativeTimeProps {
  /** ISO-8601 timestamp. */
  value: string;
}

/** "12 sec. ago", ticking every few seconds; the absolute time is on hover. */
export function RelativeTime({ value }: RelativeTimeProps) {
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 5_000);
    return () => clearInterval(timer);
  }, []);

  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return <span>—</span>;
  return (
    <time dateTime={value} title={formatDateTime(date)} suppressHydrationWarning>
      {formatRelative(date, now)}
    </time>
  );
}
