/** Small display formatters shared by features. Pure; every figure is shown with tabular numbers. */

export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1_000).toFixed(2)} s`;
}

/** 3_725 → "1h 2m 5s"; shows at most the two largest units past an hour. */
export function formatDuration(totalSeconds: number): string {
  if (!Number.isFinite(totalSeconds) || totalSeconds < 0) return '—';
  const s = Math.floor(totalSeconds);
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3_600);
  const minutes = Math.floor((s % 3_600) / 60);
  const seconds = s % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${seconds}s`;
  return `${seconds}s`;
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto', style: 'short' });

/** "just now", "12 sec. ago", "3 min. ago", "in 2 hr." */
export function formatRelative(date: Date, now: number): string {
  const diffS = Math.round((date.getTime() - now) / 1_000);
  const abs = Math.abs(diffS);
  if (abs < 5) return 'just now';
  if (abs < 60) return relative.format(diffS, 'second');
  if (abs < 3_600) return relative.format(Math.round(diffS / 60), 'minute');
  if (abs < 86_400) return relative.format(Math.round(diffS / 3_600), 'hour');
  return relative.format(Math.round(diffS / 86_400), 'day');
}

/** Absolute time for tooltips: "2025-03-14 09:26:53 UTC+1" style, in the viewer's zone. */
export function formatAbsolute(date: Date): string {
  return date.toLocaleString('en-GB', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  });
}
