import type { SagaAction, SagaSummary } from '@/server/contracts/sagas';

interface ActionCopy {
  label: string;
  pending: string;
  done: string;
  placeholder: string;
  reasonRequired: boolean;
  explain(summary: SagaSummary): string;
}

const stepName = (summary: SagaSummary) =>
  summary.failedStep?.name ?? summary.currentStep?.name ?? 'the failed step';

/** What each operator action is called, what it does to the instance, and what it says when done. */
export const ACTION_COPY: Record<SagaAction, ActionCopy> = {
  retry: {
    label: 'Retry step',
    pending: 'Retrying…',
    done: 'Retry requested: the orchestrator runs it again.',
    placeholder: 'Why it should succeed now',
    reasonRequired: false,
    explain: (summary) =>
      summary.status === 'stuck'
        ? `Runs the stuck compensation of ${summary.currentStep?.name ?? 'the step'} again with a fresh set of attempts; the earlier compensations follow.`
        : `Every step was undone, so the saga runs again from its first step (a new round); ${stepName(summary)} failed last time.`,
  },
  compensate: {
    label: 'Start compensation',
    pending: 'Starting…',
    done: 'Compensation started: completed steps are undone in reverse order.',
    placeholder: 'Why this instance should be rolled back',
    reasonRequired: false,
    explain: () =>
      'Stops going forward and runs the compensation of every completed step, last completed first.',
  },
  abort: {
    label: 'Abort',
    pending: 'Aborting…',
    done: 'Aborted: the instance stops where it is.',
    placeholder: 'Why this instance should stop',
    reasonRequired: false,
    explain: () =>
      'Stops the instance where it is, without compensating: what its completed steps did stays done.',
  },
  resolve: {
    label: 'Mark resolved',
    pending: 'Resolving…',
    done: 'Marked resolved: the stuck compensation counts as done.',
    placeholder: 'What was done by hand to undo the step',
    reasonRequired: true,
    explain: (summary) =>
      `Marks the stuck compensation${summary.currentStep ? ` of ${summary.currentStep.name}` : ''} as done by hand, so the rollback goes on. Say what you did.`,
  },
};
