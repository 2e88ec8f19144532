'use client';

import { useId, useMemo } from 'react';
import { formatCount, formatLatency } from '@/components/lib/format';
import { useElementWidth } from '@/components/lib/use-element-width';
import type { TraceNode } from '@/server/contracts/traces';
import { sequenceModel, type SequenceMessage } from '../lib/sequence';
import { OUTCOME_TONE } from './outcome';
import styles from './sequence.module.css';

/** Arrows drawn at most: an SVG of this many rows paints at once; more is a scroll nobody reads. */
export const MAX_SEQUENCE_MESSAGES = 400;
/** Lanes share the width they are given, between these: narrower lanes would cut service names. */
const LANE_MIN = 104;
const LANE_MAX = 150;
const GUTTER = 84;
const ROW = 30;
const TOP = 12;
const MAX_HEIGHT = 620;

/**
 * The trace as a sequence diagram: a lane per service (publishers and consumers, in the order they
 * first act) and an arrow per delivery from the publishing service to the consuming one, in time order;
 * an event nobody consumed is a dot on its publisher's lane. Capped, and it says so.
 */
export function SequenceView({ nodes }: { nodes: readonly TraceNode[] }) {
  // React's ids hold characters that an SVG url(#…) reference does not take
  const markerId = `seq-arrow-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const model = useMemo(() => sequenceModel(nodes, MAX_SEQUENCE_MESSAGES), [nodes]);
  const [frameRef, frameWidth] = useElementWidth<HTMLDivElement>();
  const lanes = Math.max(model.lanes.length, 1);
  const laneWidth =
    frameWidth > 0
      ? Math.min(LANE_MAX, Math.max(LANE_MIN, Math.floor((frameWidth - GUTTER) / lanes)))
      : LANE_MAX;
  const width = GUTTER + lanes * laneWidth;
  const height = TOP * 2 + model.messages.length * ROW;
  const laneX = (lane: number) => GUTTER + lane * laneWidth + laneWidth / 2;

  return (
    <figure className={styles.sequence} aria-label="Sequence diagram">
      <figcaption className={styles.caption} role="status">
        {model.messages.length < model.total
          ? `Showing ${formatCount(model.messages.length)} of ${formatCount(model.total)} messages (the earliest); the tree and the waterfall show them all.`
          : `${formatCount(model.total)} messages between ${formatCount(model.lanes.length)} services, in time order.`}
      </figcaption>
      <div ref={frameRef} className={styles.scrollX}>
        <div style={{ width }}>
          <div
            className={styles.lanes}
            style={{
              paddingLeft: GUTTER,
              gridTemplateColumns: `repeat(${model.lanes.length}, ${laneWidth}px)`,
            }}
          >
            {model.lanes.map((lane) => (
              <span key={lane} className={styles.lane} title={lane}>
                {lane}
              </span>
            ))}
          </div>
          <div className={styles.scrollY} style={{ maxHeight: MAX_HEIGHT }}>
            <svg
              width={width}
              height={height}
              className={styles.svg}
              role="img"
              aria-label={`${formatCount(model.messages.length)} messages`}
            >
              <defs>
                <marker
                  id={markerId}
                  viewBox="0 0 10 10"
                  refX="9"
                  refY="5"
                  markerWidth="8"
                  markerHeight="8"
                  markerUnits="userSpaceOnUse"
                  orient="auto-start-reverse"
                >
                  <path d="M0,0 L10,5 L0,10 z" className={styles.arrowHead} />
                </marker>
              </defs>
              {model.lanes.map((lane, i) => (
                <line key={lane} x1={laneX(i)} x2={laneX(i)} y1={0} y2={height} className={styles.laneLine} />
              ))}
              {model.messages.map((message, i) => (
                <Message
                  key={`${message.eventId}-${message.group ?? ''}-${i}`}
                  message={message}
                  y={TOP + i * ROW + ROW / 2}
                  laneX={laneX}
                  marker={markerId}
                />
              ))}
            </svg>
          </div>
        </div>
      </div>
    </figure>
  );
}

function Message({
  message,
  y,
  laneX,
  marker,
}: {
  message: SequenceMessage;
  y: number;
  laneX(lane: number): number;
  marker: string;
}) {
  const x1 = laneX(message.from);
  const tone = message.outcome ? OUTCOME_TONE[message.outcome] : 'neutral';
  const title = `${message.type}${message.group ? ` → ${message.group} (${message.outcome})` : ' (no delivery)'} @ ${formatLatency(message.atMs)}`;
  return (
    <g className={styles.message} data-tone={tone} data-critical={message.critical || undefined}>
      <title>{title}</title>
      <text x={8} y={y + 4} className={styles.time}>
        {formatLatency(message.atMs)}
      </text>
      {message.to === null ? (
        <>
          <circle cx={x1} cy={y} r={4} className={styles.point} />
          <text x={x1 + 8} y={y - 5} className={styles.label}>
            {message.type}
          </text>
        </>
      ) : message.to === message.from ? (
        <>
          <path
            d={`M${x1},${y - 6} h28 v12 h-26`}
            className={styles.arrow}
            markerEnd={`url(#${marker})`}
            fill="none"
          />
          <text x={x1 + 34} y={y + 4} className={styles.label}>
            {message.type}
          </text>
        </>
      ) : (
        <>
          <line
            x1={x1}
            x2={laneX(message.to)}
            y1={y}
            y2={y}
            className={styles.arrow}
            markerEnd={`url(#${marker})`}
          />
          <text x={(x1 + laneX(message.to)) / 2} y={y - 5} textAnchor="middle" className={styles.label}>
            {message.type}
          </text>
        </>
      )}
    </g>
  );
}
