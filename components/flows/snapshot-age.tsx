'use client';

import { useEffect, useState } from 'react';
import { formatDateTime, formatRelative } from '@/components/lib/format';

/**
 * How old the graph's snapshot is: "just now" while pushes arrive every second, "12 sec. ago" once
 * they stop. Ticks every second (the shared RelativeTime ticks every 5 s, too slow for a 1 s feed).
 */
export function SnapshotAge({ value }: { value: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return <span>—</span>;
  // the server's clock may run a little ahead of this one: never "in 1 sec."
  return (
    <time dateTime={value} title={formatDateTime(date)}>
      {formatRelative(date, Math.max(now, date.getTime()))}
    </time>
  );
}
