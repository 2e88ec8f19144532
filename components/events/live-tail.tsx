'use client';

import { Pause, Play, Radio, RotateCw } from 'lucide-react';
import { memo, startTransition, useEffect, useRef, useState, type RefObject } from 'react';
import { Badge } from '@/components/ui/badge';
import { formatCount, formatRate } from '@/components/lib/format';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { FirstRunState } from '@/components/ui/first-run-state';
import type { Tone } from '@/components/ui/tone';
import { EventList, EventListSkeleton, type ListEntry } from './event-list';
import { toTailFilter } from './lib/filter-mapping';
import { rowFromLive, type EventRowModel } from './lib/event-row';
import {
  activeSampling,
  describeSampling,
  RESET_REASON_TEXT,
  TAIL_CAPACITY,
  type TailEventItem,
  type TailItem,
  type TailState,
} from './lib/tail-buffer';
import { rateAt, recordSample, type RateWindow } from './lib/tail-rate';
import type { EventsFilters } from './lib/url-state';
import { useEventTail, type TailStatus } from './live/use-event-tail';
import styles from './live-tail.module.css';

const STATUS: Record<TailStatus, { tone: Tone; label: string }> = {
  connecting: { tone: 'neutral', label: 'Connecting' },
  live: { tone: 'ok', label: 'Live' },
  reconnecting: { tone: 'degraded', label: 'Reconnecting' },
  error: { tone: 'failing', label: 'Not live' },
};

/** The rows on screen, held by the Pause button or while the pointer is over the list. */
interface Frozen {
  filterKey: string;
  tail: TailState;
  reason: 'pause' | 'hover';
}

/** How often the rows repaint while live. */
const RENDER_INTERVAL_MS = 250;

/** Row models of buffered events, made once per event and only for rows in view. */
const rowCache = new WeakMap<TailEventItem, EventRowModel>();

function entryOf(item: TailItem): ListEntry {
  if (item.kind === 'gap') {
    const missed = item.missed !== null ? `${formatCount(item.missed)}+ events` : 'Some events';
    return {
      kind: 'note',
      key: item.key,
      content: `${missed} missed while reconnecting: ${RESET_REASON_TEXT[item.reason]}. Search History for them.`,
    };
  }
  let row = rowCache.get(item);
  if (!row) {
    row = rowFromLive(item.event, item.key);
    rowCache.set(item, row);
  }
  return { kind: 'row', row };
}

interface LiveTailProps {
  filters: EventsFilters;
  /** A filter failed the client-side check: do not subscribe (the bar says what is wrong). */
  invalid: boolean;
  filtered: boolean;
  selectedId: string | null;
  hrefFor(id: string): string;
  onOpen(id: string): void;
  onClearFilters(): void;
}

/**
 * The live tail: newest on top, bounded to TAIL_CAPACITY rows. Pausing freezes the rows on screen
 * while the tail keeps receiving into the cache; the counter says how many arrived, and resuming
 * shows them. The pointer over the list holds it the same way until it leaves.
 */
export function LiveTail({
  filters,
  invalid,
  filtered,
  selectedId,
  hrefFor,
  onOpen,
  onClearFilters,
}: LiveTailProps) {
  const { tail, status, error, filterKey, retry } = useEventTail(toTailFilter(filters), {
    enabled: !invalid,
  });
  const [frozen, setFrozen] = useState<Frozen | null>(null);
  const scrollRef = useRef<HTMLDivElement | null>(null);
  // a new filter is a new tail: a pause of the old one does not carry over
  const held = frozen !== null && frozen.filterKey === filterKey ? frozen : null;
  const paused = held?.reason === 'pause';
  // The rows repaint at most every RENDER_INTERVAL_MS; the counters above them stay exact.
  const rendered = useThrottled(tail, RENDER_INTERVAL_MS);
  const shown = held ? held.tail : rendered;
  const newCount = held ? Math.max(0, tail.received - held.tail.received) : 0;
  const now = useNow(1_000);
  const sampling = activeSampling(tail, now);
  const rate = useRate(tail.received, filterKey);
  // for the rows' dates: changes once a minute, so the rows do not re-render every second
  const listNow = useNow(60_000);

  const togglePause = () => {
    if (paused) {
      setFrozen(null);
      scrollRef.current?.scrollTo({ top: 0 });
    } else {
      // freeze what is on screen; a hold becomes a pause without moving the rows being read
      setFrozen({ filterKey, tail: held?.tail ?? rendered, reason: 'pause' });
    }
  };
  // At hundreds of events a second rows slide away under the pointer; while it is over the list the
  // rows hold still (like a pause, counted the same way) so a row can be read and clicked.
  const hold = () => {
    if (!held) setFrozen({ filterKey, tail: rendered, reason: 'hover' });
  };
  const release = () => {
    if (held?.reason === 'hover') setFrozen(null);
  };

  const items = shown.items;
  const count = items.length;

  let body;
  if (invalid) {
    body = <p className={styles.message}>Fix the highlighted filter to start the tail.</p>;
  } else if (status === 'error' && count === 0) {
    body = (
      <div role="alert" className={styles.alert}>
        <p>Could not start the live tail: {error?.message ?? 'unknown error'}</p>
        <Button size="sm" onClick={retry}>
          <RotateCw size={14} aria-hidden />
          Retry
        </Button>
      </div>
    );
  } else if (count === 0 && status === 'connecting') {
    body = <EventListSkeleton label="Connecting to the live tail" />;
  } else if (count === 0) {
    body = filtered ? (
      <EmptyState
        icon={Radio}
        title="No events match these filters yet"
        action={
          <Button size="sm" onClick={onClearFilters}>
            Clear filters
          </Button>
        }
      >
        <p>The tail is live and shows matching events the moment they are published.</p>
      </EmptyState>
    ) : (
      <FirstRunState
        icon={Radio}
        title="Waiting for events"
        hint={
          <>
            Run <code>npm run demo</code> to start demo traffic, or point <code>REDIS_URL</code> at your
            Redis.
          </>
        }
      >
        <p>The tail is live: events appear here the moment a service publishes them. None has arrived yet.</p>
      </FirstRunState>
    );
  } else {
    body = (
      <div onPointerEnter={hold} onPointerLeave={release}>
        <LiveList
          items={items}
          hrefFor={hrefFor}
          onOpen={onOpen}
          selectedId={selectedId}
          scrollRef={scrollRef}
          now={listNow}
        />
      </div>
    );
  }

  const { tone, label } = paused
    ? { tone: 'neutral' as const, label: 'Paused' }
    : held
      ? { tone: 'neutral' as const, label: 'Holding' }
      : STATUS[status];
  return (
    <div className={styles.panel}>
      <div className={styles.toolbar}>
        <div className={styles.start}>
          <span
            title={held && !paused ? 'The rows hold still while the pointer is over the list' : undefined}
          >
            <Badge tone={tone}>{label}</Badge>
          </span>
          <Button
            size="sm"
            onClick={togglePause}
            disabled={invalid}
            aria-pressed={paused}
            aria-label={paused ? 'Resume' : 'Pause'}
          >
            {paused ? <Play size={14} aria-hidden /> : <Pause size={14} aria-hidden />}
            {paused ? 'Resume' : 'Pause'}
          </Button>
          <span role="status" aria-live="polite" className={styles.newCount}>
            {held ? `${formatCount(newCount)} new` : ''}
          </span>
        </div>
        <div className={styles.end}>
          {/* one rate: the server's while it samples (what matched), else what this tab receives */}
          {sampling ? (
            <span className={styles.sampling} title="The server sends this tab an even sample above its cap">
              {describeSampling(sampling)}
            </span>
          ) : (
            <span className={styles.figure} title="Events this tab received per second">
              {formatRate(rate, ' ev/s')}
            </span>
          )}
          {tail.skippedFrames > 0 ? (
            <span
              className={styles.skipped}
              title="The server dropped frames because this tab could not keep up"
            >
              {formatCount(tail.skippedFrames)} frames ({formatCount(tail.skippedEvents)} events) skipped
            </span>
          ) : null}
          {status === 'error' && count > 0 ? (
            <span role="alert" className={styles.skipped}>
              {error?.message}{' '}
              <Button size="sm" variant="ghost" onClick={retry}>
                Retry
              </Button>
            </span>
          ) : null}
          <span
            className={styles.figure}
            title={`The newest ${formatCount(TAIL_CAPACITY)} rows are kept; older ones are dropped`}
          >
            {formatCount(count)} / {formatCount(TAIL_CAPACITY)} kept
          </span>
        </div>
      </div>
      {body}
    </div>
  );
}

interface LiveListProps {
  items: readonly TailItem[];
  selectedId: string | null;
  hrefFor(id: string): string;
  onOpen(id: string): void;
  scrollRef: RefObject<HTMLDivElement | null>;
  now: number;
}

/** The rows; memoized, so the toolbar's ticks and counters do not re-render them. */
const LiveList = memo(function LiveList({
  items,
  selectedId,
  hrefFor,
  onOpen,
  scrollRef,
  now,
}: LiveListProps) {
  const count = items.length;
  // newest on top: the list's index 0 is the buffer's last item
  const itemAt = (index: number): TailItem => items[count - 1 - index] as TailItem;
  return (
    <EventList
      label="Live events"
      count={count}
      entryAt={(index) => entryOf(itemAt(index))}
      keyAt={(index) => itemAt(index).key}
      hrefFor={hrefFor}
      onOpen={onOpen}
      selectedId={selectedId}
      scrollRef={scrollRef}
      now={now}
    />
  );
});

/**
 * The latest `value`, updated at most every `ms` (trailing: the last change always shows). At the
 * server's cap a frame arrives every 100 ms and replaces most visible rows; four repaints a second
 * are as much as anyone reads, at less than half the work. The repaint is a transition: React renders
 * it in slices and yields between them, so a click never waits behind a whole list of rows.
 */
function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const shownAt = useRef(0);
  useEffect(() => {
    const timer = setTimeout(
      () => {
        shownAt.current = Date.now();
        startTransition(() => setShown(value));
      },
      Math.max(0, shownAt.current + ms - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [value, ms]);
  return shown;
}

/** The current time, ticking every `ms` (for markers that expire). */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** How often the rate badge recomputes (the window itself is RATE_WINDOW_MS). */
const RATE_TICK_MS = 500;

/**
 * Events per second received by the tail over the last RATE_WINDOW_MS (lib/tail-rate.ts); null only in
 * the first MIN_ELAPSED_MS of a tail. Samples are recorded whenever `received` changes.
 */
function useRate(received: number, resetKey: string): number | null {
  const samples = useRef<RateWindow | null>(null);
  const [rate, setRate] = useState<{ key: string; value: number | null } | null>(null);

  useEffect(() => {
    samples.current = recordSample(samples.current, resetKey, received, performance.now());
  }, [received, resetKey]);

  useEffect(() => {
    const timer = setInterval(
      () => setRate({ key: resetKey, value: rateAt(samples.current, resetKey, performance.now()) }),
      RATE_TICK_MS,
    );
    return () => clearInterval(timer);
  }, [resetKey]);

  return rate && rate.key === resetKey ? rate.value : null;
}
