'use client';

import { StatusDot } from '@/components/ui/status-dot';
import { useHealth } from '@/components/lib/api/get-health';
import { connectionState, connectionTooltip } from './connection-state';
import { useHealthLive } from './live/use-health-live';
import styles from './connection-indicator.module.css';

/** Poll /api/health only while the socket cannot push updates. */
const FALLBACK_POLL_MS = 15_000;

export function ConnectionIndicator() {
  const { connected } = useHealthLive();
  const { data: health } = useHealth({ refetchInterval: connected ? false : FALLBACK_POLL_MS });
  const { label, tone } = connectionState(connected, health);

  return (
    <div
      role="status"
      aria-label={`Connection: ${label}`}
      title={connectionTooltip(connected, health)}
      className={styles.indicator}
      data-tone={tone}
    >
      <StatusDot tone={tone} pulse={tone !== 'ok'} />
      <span>{label}</span>
    </div>
  );
}
