/**
 * The one formatting module of the UI: numbers, rates, spans and points in time, on Intl. Every page
 * formats through it, so a figure reads the same wherever it appears.
 */
export {
  formatBytes,
  formatCompact,
  formatCount,
  formatPercent,
  formatRate,
  MISSING,
  plural,
} from './numbers';
export { formatDelay, formatDuration, formatLatency } from './durations';
export {
  formatClock,
  formatDate,
  formatDateTime,
  formatListTime,
  formatRelative,
  formatTimeTick,
  formatTimeZone,
} from './time';
