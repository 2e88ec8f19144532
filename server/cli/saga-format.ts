/**
 * `eventlens sagas` as text (pure): the list's rows, one instance's timeline (each step with its
 * compensation, attempts, timeouts and late replies, operator actions, allowed actions) and an action's
 * outcome. Steps are numbered from 1, as on the console. `now` is a parameter so the output is testable.
 */
import type { MaskInfo } from '@/server/contracts/masking';
import type { SagaActionResult, SagaDetail, SagaPhase, SagaSummary } from '@/server/contracts/sagas';
import { duration, preview, table, truncate } from './output';

const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

const stepRef = (step: { index: number; name: string } | null): string =>
  step ? `${step.index + 1}. ${step.name}` : '-';

const errorText = (error: { name: string; message: string } | null): string =>
  error ? `${error.name}: ${error.message}` : '';

function failedText(summary: SagaSummary): string {
  const failed = summary.failedStep;
  if (!failed) return '-';
  return failed.error ? `${stepRef(failed)}: ${errorText(failed.error)}` : stepRef(failed);
}

/** Since the instance started: how old it is (the operator's question is "since when"). */
const age = (summary: SagaSummary, now: number): string =>
  duration(Math.max(0, now - Date.parse(summary.startedAt)));

export function sagaRows(sagas: readonly SagaSummary[], now: number): string[] {
  return table(
    ['ID', 'DEFINITION', 'STATUS', 'CURRENT STEP', 'FAILED STEP', 'AGE'],
    sagas.map((s) => [
      s.sagaId,
      `${s.definition.name}@${s.definition.version}`,
      s.status,
      stepRef(s.currentStep),
      truncate(failedText(s), 60),
      age(s, now),
    ]),
  );
}

function maskNote(masking: MaskInfo | undefined): string {
  if (!masking) return '';
  return masking.all
    ? ` (masked: ${masking.reason === 'role' ? 'your role' : masking.reason})`
    : ` (masked at ${masking.paths.join(', ')})`;
}

/** How long a phase or attempt took, or has run so far; '' when it has not started. */
function took(startedAt: string | null, endedAt: string | null, now: number): string {
  if (!startedAt) return '';
  const ms = (endedAt ? Date.parse(endedAt) : now) - Date.parse(startedAt);
  return endedAt ? duration(Math.max(0, ms)) : `${duration(Math.max(0, ms))} so far`;
}

function phaseLine(phase: SagaPhase, now: number): string {
  const timeouts = phase.attempts.filter((a) => a.outcome === 'timed-out').length;
  const facts = [
    took(phase.startedAt, phase.endedAt, now),
    phase.attempts.length > 1 ? plural(phase.attempts.length, 'attempt') : '',
    timeouts > 0 ? plural(timeouts, 'timeout') : '',
    phase.lateReplies.length > 0 ? plural(phase.lateReplies.length, 'late reply', 'late replies') : '',
  ].filter(Boolean);
  return [phase.name, phase.status, facts.join(', ')].filter(Boolean).join('  ');
}

/** Attempts are listed when there is more to say than "ran once and completed". */
function attemptLines(phase: SagaPhase, now: number): string[] {
  const plain = phase.attempts.length === 1 && phase.attempts[0]!.outcome === 'completed';
  const attempts = plain
    ? []
    : phase.attempts.map((a) =>
        [
          `attempt ${a.attempt}`,
          a.outcome,
          took(a.startedAt, a.endedAt, now),
          errorText(a.error),
          a.retryInMs !== null ? `retry in ${duration(a.retryInMs)}` : '',
        ]
          .filter(Boolean)
          .join('  '),
      );
  const late = phase.lateReplies.map(
    (r) => `late reply at ${r.at}${r.eventId ? ` (event ${r.eventId})` : ''}: ignored`,
  );
  return [...attempts, ...late];
}

function stepLines(step: SagaDetail['steps'][number], now: number): string[] {
  const head = `  ${step.index + 1}. ${phaseLine(step.step, now)}`;
  const lines = [head, ...attemptLines(step.step, now).map((l) => `       ${l}`)];
  if (step.compensation) {
    lines.push(
      `     ↩ ${phaseLine(step.compensation, now)}`,
      ...attemptLines(step.compensation, now).map((l) => `         ${l}`),
    );
  }
  return lines;
}

export function describeSaga(detail: SagaDetail, now: number): string[] {
  const s = detail.summary;
  const lines = [
    `saga ${s.sagaId}`,
    `definition:      ${s.definition.name}@${s.definition.version} (${s.kind})`,
    `status:          ${s.status}`,
    `correlation id:  ${s.correlationId ? `${s.correlationId} (eventlens trace ${s.correlationId})` : '-'}`,
    `started:         ${s.startedAt}, ${s.endedAt ? `took ${took(s.startedAt, s.endedAt, now)}` : `running for ${duration(Math.max(0, now - Date.parse(s.startedAt)))}`}`,
    `last activity:   ${s.updatedAt}`,
    `current step:    ${stepRef(s.currentStep)}`,
  ];
  if (s.failedStep) lines.push(`failed at:       ${failedText(s)}`);
  if (detail.input !== undefined)
    lines.push(`input:           ${preview(detail.input, 200)}${maskNote(detail.masking)}`);
  if (detail.deadLetters.length > 0) {
    lines.push(
      `dead letters:    ${detail.deadLetters.map((d) => `${d.id} (${d.status})`).join(', ')} (eventlens dlq show <id>)`,
    );
  }
  lines.push('', 'steps (↩ its compensation):');
  if (detail.steps.length === 0) lines.push('  none recorded');
  // an operator's retry of a compensated instance ran its steps again: each round under its own head
  const rounds = new Set(detail.steps.map((step) => step.round)).size;
  for (const [i, step] of detail.steps.entries()) {
    if (rounds > 1 && step.round !== detail.steps[i - 1]?.round) lines.push(`  round ${step.round + 1}:`);
    lines.push(...stepLines(step, now));
  }
  lines.push('', 'operator actions:');
  if (detail.actions.length === 0) lines.push('  none');
  for (const a of detail.actions) {
    lines.push(
      `  ${a.at}  ${a.action}  by ${a.actor ?? 'unknown'}${a.reason ? `: ${truncate(a.reason, 200)}` : ''}`,
    );
  }
  lines.push(
    '',
    detail.allowedActions.length === 0
      ? 'allowed actions: none'
      : `allowed actions: ${detail.allowedActions.join(', ')} (eventlens sagas <action> ${s.sagaId})`,
  );
  return lines;
}

export function actionLine(result: SagaActionResult): string {
  return `${result.action}: ${result.from} → ${result.status} (audit #${result.auditId})`;
}
