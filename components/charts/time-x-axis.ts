import { formatTimeTick } from '@/components/lib/format';
import { localOffsetMinutes, timeTicks } from './time-axis';

/**
 * Props for a recharts XAxis over epoch-ms `time` values from `fromMs` to `toMs`: a numeric time
 * scale, round ticks in the viewer's zone and short labels. Spread into <XAxis>.
 */
export function timeXAxisProps(fromMs: number, toMs: number) {
  const span = toMs - fromMs;
  return {
    dataKey: 'time',
    type: 'number' as const,
    scale: 'time' as const,
    domain: [fromMs, toMs] as [number, number],
    ticks: timeTicks(fromMs, toMs, localOffsetMinutes(fromMs)),
    tickFormatter: (value: number) => formatTimeTick(value, span),
    allowDataOverflow: true,
  };
}
