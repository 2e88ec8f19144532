'use client';

import { ChevronRight, Clock, Undo2 } from 'lucide-react';
import { Fragment, useId, useMemo, useState } from 'react';
import { formatLatency } from '@/components/lib/format';
import { Badge } from '@/components/ui/badge';
import type { MaskInfo } from '@/server/contracts/masking';
import type { SagaDetail, SagaPhase } from '@/server/contracts/sagas';
import { phaseFacts } from '../lib/phase-facts';
import { ATTEMPT_TONE, PHASE_STATUS_TONE } from '../lib/status';
import {
  phaseGeometry,
  roundGeometry,
  timeScale,
  type Segment,
  type TimeScale,
} from '../lib/timeline-geometry';
import { PhaseDetail } from './phase-detail';
import styles from './gantt.module.css';

type PhaseKind = 'step' | 'compensation';

const pct = (x: number) => `${(x * 100).toFixed(3)}%`;
const AXIS_TICKS = [0, 0.25, 0.5, 0.75, 1];

/**
 * The instance as a gantt: one row per step and, right under it in the same bracket, the row of its
 * compensation, on one time axis from the start to the end (or now). Attempts are segments inside the
 * phase's bar, the backoff before a retry hatched, a timeout a clock, a late reply a diamond. A row opens
 * its attempts, errors, payload and events below it. An instance an operator retried after it
 * compensated ran its steps again: each round gets a heading row with its span, earlier rounds muted.
 */
export function SagaGantt({ detail, now }: { detail: SagaDetail; now: number }) {
  const { summary } = detail;
  const scale = useMemo(() => timeScale(summary.startedAt, summary.endedAt, now), [summary, now]);
  const rounds = useMemo(() => roundGeometry(detail.steps, scale, now), [detail.steps, scale, now]);
  const lastRound = rounds.at(-1)?.round ?? 0;
  const baseId = useId();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = (key: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(key)) next.add(key);
      return next;
    });

  return (
    <div role="table" aria-label="Saga timeline" className={styles.gantt}>
      <div role="rowgroup">
        <div role="row" className={styles.axisRow}>
          <span role="columnheader" className={styles.labelHeader}>
            Step / compensation
          </span>
          <span role="columnheader">Status</span>
          <span role="columnheader" className={styles.axis}>
            {AXIS_TICKS.map((x) => (
              <span
                key={x}
                className={styles.tick}
                data-align={x === 0 ? 'start' : x === 1 ? 'end' : 'middle'}
                style={x === 1 ? { right: 0 } : { left: pct(x) }}
              >
                {formatLatency(x * (scale.endMs - scale.startMs))}
              </span>
            ))}
          </span>
        </div>
      </div>
      {rounds.map(({ round, entries, span }) => {
        const earlier = round < lastRound;
        return (
          <Fragment key={round}>
            {rounds.length > 1 ? <RoundRow round={round} earlier={earlier} span={span} /> : null}
            {entries.map((entry) => {
              const stepKey = `step-${round}-${entry.index}`;
              const compensationKey = `comp-${round}-${entry.index}`;
              const { compensation } = entry;
              return (
                <div
                  key={entry.index}
                  role="rowgroup"
                  aria-label={`${rounds.length > 1 ? `Round ${round + 1}, step` : 'Step'} ${entry.index + 1}: ${entry.step.name}${compensation ? `, paired with its compensation ${compensation.name}` : ''}`}
                  className={styles.pair}
                  data-earlier={earlier || undefined}
                >
                  <PhaseRow
                    kind="step"
                    index={entry.index}
                    phase={entry.step}
                    scale={scale}
                    now={now}
                    open={expanded.has(stepKey)}
                    detailId={`${baseId}-${stepKey}`}
                    onToggle={() => toggle(stepKey)}
                  />
                  {compensation ? (
                    <PhaseRow
                      kind="compensation"
                      index={entry.index}
                      phase={compensation}
                      stepName={entry.step.name}
                      scale={scale}
                      now={now}
                      open={expanded.has(compensationKey)}
                      detailId={`${baseId}-${compensationKey}`}
                      onToggle={() => toggle(compensationKey)}
                    />
                  ) : null}
                  {/* details after the pair, so a step and its compensation stay next to each other */}
                  {expanded.has(stepKey) ? (
                    <DetailRow
                      id={`${baseId}-${stepKey}`}
                      kind="step"
                      phase={entry.step}
                      masking={detail.masking}
                    />
                  ) : null}
                  {compensation && expanded.has(compensationKey) ? (
                    <DetailRow
                      id={`${baseId}-${compensationKey}`}
                      kind="compensation"
                      phase={compensation}
                      masking={detail.masking}
                    />
                  ) : null}
                </div>
              );
            })}
          </Fragment>
        );
      })}
    </div>
  );
}

/** The heading of one round (shown when there are several): its number and where it ran. */
function RoundRow({ round, earlier, span }: { round: number; earlier: boolean; span: Segment | null }) {
  return (
    <div role="row" className={styles.roundRow} data-earlier={earlier || undefined}>
      <span role="rowheader" className={styles.roundLabel}>
        Round {round + 1}
      </span>
      <span role="cell" className={styles.roundNote}>
        {earlier ? 'compensated' : 'after retry'}
      </span>
      <span role="cell" className={styles.track}>
        {span ? (
          <span
            className={styles.roundSpan}
            title={`Round ${round + 1} ran here`}
            style={{ left: pct(span.x0), width: pct(span.x1 - span.x0) }}
          />
        ) : null}
      </span>
    </div>
  );
}

function DetailRow({
  id,
  kind,
  phase,
  masking,
}: {
  id: string;
  kind: PhaseKind;
  phase: SagaPhase;
  masking: MaskInfo | undefined;
}) {
  return (
    <div role="row" className={styles.detailRow} data-kind={kind}>
      <div role="cell" id={id} className={styles.detailCell}>
        <PhaseDetail kind={kind} phase={phase} masking={masking} />
      </div>
    </div>
  );
}

interface PhaseRowProps {
  kind: PhaseKind;
  index: number;
  phase: SagaPhase;
  /** Compensations: the step they undo. */
  stepName?: string;
  scale: TimeScale;
  now: number;
  open: boolean;
  /** The id of the detail row this row opens. */
  detailId: string;
  onToggle(): void;
}

function PhaseRow({ kind, index, phase, stepName, scale, now, open, detailId, onToggle }: PhaseRowProps) {
  const name = kind === 'step' ? `Step ${phase.name}` : `Compensation ${phase.name}`;
  return (
    <div role="row" className={styles.row} data-kind={kind}>
      <span role="cell" className={styles.label}>
        {kind === 'step' ? (
          <span className={styles.order} aria-hidden>
            {index + 1}
          </span>
        ) : (
          <Undo2 size={13} aria-hidden className={styles.undoIcon} />
        )}
        <button
          type="button"
          className={styles.disclosure}
          aria-expanded={open}
          aria-controls={open ? detailId : undefined}
          aria-label={name}
          onClick={onToggle}
        >
          <ChevronRight size={13} aria-hidden className={styles.chevron} data-open={open || undefined} />
          <span className={styles.name}>{phase.name}</span>
        </button>
        {stepName ? <span className={styles.undoes}>undoes {stepName}</span> : null}
      </span>
      <span role="cell">
        <Badge tone={PHASE_STATUS_TONE[phase.status]}>{phase.status}</Badge>
      </span>
      <span role="cell" className={styles.track} title={phaseFacts(phase, now)}>
        <PhaseBars phase={phase} kind={kind} scale={scale} now={now} />
      </span>
    </div>
  );
}

function PhaseBars({
  phase,
  kind,
  scale,
  now,
}: {
  phase: SagaPhase;
  kind: PhaseKind;
  scale: TimeScale;
  now: number;
}) {
  const geometry = phaseGeometry(phase, scale, now);
  const facts = phaseFacts(phase, now);
  if (!geometry.bar) return <span className={styles.notRun}>{facts}</span>;
  const { bar } = geometry;
  const side = bar.x1 < 0.7 ? 'right' : bar.x0 > 0.3 ? 'left' : 'inside';
  return (
    <>
      <span
        className={styles.phaseBar}
        data-kind={kind}
        data-tone={PHASE_STATUS_TONE[phase.status]}
        style={{ left: pct(bar.x0), width: pct(bar.x1 - bar.x0) }}
      />
      {geometry.backoffs.map((gap, i) => (
        <span
          key={`b${i}`}
          className={styles.backoff}
          title="Backoff before the next attempt"
          style={{ left: pct(gap.x0), width: pct(gap.x1 - gap.x0) }}
        />
      ))}
      {geometry.attempts.length === 0 ? (
        // a choreographed phase has no attempts: its own span is the work
        <span
          className={styles.attempt}
          data-kind={kind}
          data-tone={PHASE_STATUS_TONE[phase.status]}
          style={{ left: pct(bar.x0), width: pct(bar.x1 - bar.x0) }}
        />
      ) : null}
      {geometry.attempts.map((attempt) => (
        <span
          key={attempt.attempt}
          className={styles.attempt}
          data-kind={kind}
          data-tone={ATTEMPT_TONE[attempt.outcome]}
          title={`Attempt ${attempt.attempt}: ${attempt.outcome}`}
          style={{ left: pct(attempt.x0), width: pct(attempt.x1 - attempt.x0) }}
        />
      ))}
      {geometry.timeouts.map((x, i) => (
        <span key={`t${i}`} className={styles.timeout} title="Timed out" style={{ left: pct(x) }}>
          <Clock size={11} aria-hidden />
        </span>
      ))}
      {geometry.lateReplies.map((x, i) => (
        <span
          key={`l${i}`}
          className={styles.lateReply}
          title="A reply after the timeout: recorded, ignored"
          style={{ left: pct(x) }}
        />
      ))}
      {side === 'inside' ? (
        // a bar across most of the track leaves no room beside it: the marks say it, the words are on hover
        <span className="visually-hidden">{facts}</span>
      ) : (
        <span
          className={styles.barLabel}
          data-side={side}
          style={side === 'left' ? { right: pct(1 - bar.x0) } : { left: pct(bar.x1) }}
        >
          {facts}
        </span>
      )}
    </>
  );
}
