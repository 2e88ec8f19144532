import { formatCount, formatPercent, formatRate } from '@/components/lib/format';
import { clearText, explainLag } from '@/components/lib/lag/describe-lag';
import { routes } from '@/components/lib/routes';
import { TruncatedName } from '@/components/ui/truncated-name';
import type { Overview } from '@/server/contracts/overview';
import {
  consumersTone,
  deadLetterTone,
  errorRateTone,
  lagTone,
  summarizeReasons,
  THRESHOLDS,
} from './thresholds';
import { Tile } from './tile';
import styles from './tiles.module.css';

/** The five headline figures over the last minute (worst lag and consumers: right now). */
export function OverviewTiles({ overview }: { overview: Overview }) {
  const { deadLetters, worstLag, consumers } = overview;
  const redisDown = !overview.redis.ok;
  return (
    <div className={styles.tiles}>
      <Tile
        label="Events per second"
        value={formatRate(overview.eventsPerSec, '')}
        unit="ev/s"
        href={routes.events()}
        detail={`${formatRate(overview.handledPerSec, ' handled/s')} · last minute`}
      />
      <Tile
        label="Error rate"
        value={formatPercent(overview.errorRate)}
        tone={errorRateTone(overview.errorRate)}
        toneLabel={`at or above ${formatPercent(THRESHOLDS.errorRate.degraded)}`}
        detail="of attempts failed · last minute"
        href={routes.streams({ sort: 'errors.desc' })}
      />
      <Tile
        label="Dead letters"
        value={formatCount(deadLetters.pending)}
        unit="waiting"
        tone={deadLetterTone(deadLetters)}
        toneLabel={deadLetters.lastMinute > 0 ? 'new in the last minute' : 'waiting for an operator'}
        detail={`+${formatCount(deadLetters.lastMinute)} last minute`}
        href={routes.deadLetters({ status: 'pending' })}
      />
      <Tile
        label="Worst lag"
        value={worstLag ? formatCount(worstLag.lag) : '—'}
        unit={worstLag ? (worstLag.lag === 1 ? 'entry' : 'entries') : undefined}
        tone={lagTone(worstLag?.lagModel ?? null)}
        toneLabel="not draining"
        href={
          worstLag
            ? routes.streams({ group: `${worstLag.topic}/${worstLag.group}` })
            : routes.streams({ sort: 'lag.desc' })
        }
        detail={
          worstLag ? (
            <span
              className={styles.worst}
              title={`${explainLag(worstLag.lagModel)} ${worstLag.group} on ${worstLag.topic}`}
            >
              <span className={styles.worstClear}>{clearText(worstLag.lagModel)}</span>
              <span className={styles.worstNames}>
                <TruncatedName name={worstLag.group} className={styles.worstName} /> on{' '}
                <TruncatedName name={worstLag.topic} className={styles.worstName} />
              </span>
            </span>
          ) : redisDown ? (
            'unknown while Redis is away'
          ) : (
            'no group reports lag'
          )
        }
      />
      <Tile
        label="Unhealthy consumers"
        value={redisDown ? '—' : formatCount(consumers.unhealthy)}
        unit={redisDown ? undefined : `of ${formatCount(consumers.total)}`}
        tone={consumersTone(consumers)}
        toneLabel="consumers need attention"
        href={routes.streams({ sort: 'consumers.desc' })}
        detail={
          redisDown
            ? 'unknown while Redis is away'
            : consumers.unhealthy > 0
              ? summarizeReasons(overview.unhealthyConsumers)
              : 'all consumers healthy'
        }
      />
    </div>
  );
}
