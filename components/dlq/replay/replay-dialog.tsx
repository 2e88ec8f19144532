'use client';

import dynamic from 'next/dynamic';
import { useId, useState } from 'react';
import { formatCount, formatRate } from '@/components/lib/format';
import { Button } from '@/components/ui/button';
import { ModalDialog } from '@/components/ui/modal-dialog';
import { FormAlert } from '@/components/ui/text-field';
import type { DeadLetterDetail } from '@/server/contracts/dead-letter-list';
import {
  REPLAY_RATE_DEFAULTS,
  REPLAY_RATE_LIMIT,
  type ReplayJob,
  type ReplayRequest,
} from '@/server/contracts/replays';
import { useCreateReplay } from '../api/create-replay';
import { usePreviewReplay } from '../api/preview-replay';
import { scopeLabel, toSelection, type LetterScope } from '../lib/selection';
import { editableEvent } from './editable-event';
import { PlanSummary } from './plan-summary';
import styles from './replay.module.css';

// CodeMirror is large: loaded only when someone chooses to edit
const EventEditor = dynamic(() => import('./event-editor'), {
  ssr: false,
  loading: () => <p className={styles.muted}>Loading the editor…</p>,
});

type TargetMode = 'all' | 'group' | 'topic';

interface ReplayDialogProps {
  scope: LetterScope;
  /** The one consumer group that failed, when the scope has one; null: each letter goes to its own. */
  failingGroup: string | null;
  /** The single letter being replayed, whole: enables "Edit before replay". */
  letter?: DeadLetterDetail;
  onClose(): void;
  onCreated(job: ReplayJob): void;
}

/**
 * Replay as a job, preview first: the options (target, pace, an edit for one letter) make a request,
 * the preview (`dryRun`) freezes its letters and says what will happen, and Confirm creates the job on
 * exactly that set (`previewId`). Changing an option after the preview asks for a new one.
 */
export function ReplayDialog({ scope, failingGroup, letter, onClose, onCreated }: ReplayDialogProps) {
  const id = useId();
  // the failing group alone (each letter's own, when they span several): the other groups of the topic
  // handled the event already, and a resend to every subscription is how a replay applies an event
  // twice (azure-service-bus#706)
  const [target, setTarget] = useState<TargetMode>('group');
  const [topic, setTopic] = useState('');
  const [rateMax, setRateMax] = useState(String(REPLAY_RATE_DEFAULTS.max));
  const [editing, setEditing] = useState(false);
  const [edited, setEdited] = useState(() => (letter ? editableEvent(letter) : ''));
  const preview = usePreviewReplay();
  const create = useCreateReplay();

  const rate = Number(rateMax);
  const rateValid = Number.isInteger(rate) && rate >= 1 && rate <= REPLAY_RATE_LIMIT;
  const topicValid = target !== 'topic' || topic.trim().length > 0;
  const request: Omit<ReplayRequest, 'dryRun' | 'previewId'> = {
    selection: toSelection(scope),
    ...(target === 'group'
      ? { target: failingGroup ? { group: failingGroup } : { failedGroup: true as const } }
      : {}),
    ...(target === 'topic' && topic.trim() ? { target: { topic: topic.trim() } } : {}),
    ...(rateValid ? { rate: { max: rate } } : {}),
    ...(editing && edited ? { edit: { event: edited } } : {}),
  };
  const requestKey = JSON.stringify(request);
  const [previewedKey, setPreviewedKey] = useState<string | null>(null);
  const plan = preview.data && previewedKey === requestKey ? preview.data : null;
  const editInvalid = plan?.edit ? !plan.edit.valid : false;

  const runPreview = () => {
    setPreviewedKey(requestKey);
    preview.mutate(request);
  };
  const confirm = () => {
    if (!plan) return;
    create.mutate({ ...request, previewId: plan.previewId }, { onSuccess: onCreated });
  };
  const error = preview.error ?? create.error;

  return (
    <ModalDialog
      title={`Replay ${scopeLabel(scope)}`}
      onClose={onClose}
      wide
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button onClick={runPreview} disabled={!rateValid || !topicValid || preview.isPending}>
            {preview.isPending ? 'Previewing…' : plan ? 'Preview again' : 'Preview'}
          </Button>
          <Button
            variant="primary"
            onClick={confirm}
            disabled={!plan || plan.count === 0 || editInvalid || create.isPending}
          >
            {create.isPending
              ? 'Creating…'
              : plan?.needsApproval
                ? `Request approval for ${formatCount(plan.count)}`
                : plan
                  ? `Replay ${formatCount(plan.count)}`
                  : 'Replay'}
          </Button>
        </>
      }
    >
      <fieldset className={styles.fieldset}>
        <legend className={styles.label}>Send to</legend>
        <label className={styles.choice}>
          <input
            type="radio"
            name={`${id}-target`}
            checked={target === 'group'}
            onChange={() => setTarget('group')}
          />
          {failingGroup ? (
            <>
              Only the failing group<span className={styles.mono}> {failingGroup}</span>
            </>
          ) : (
            <>
              Only the group that failed each letter
              <span className={styles.muted}> (letters of several groups)</span>
            </>
          )}
        </label>
        <label className={styles.choice}>
          <input
            type="radio"
            name={`${id}-target`}
            checked={target === 'all'}
            onChange={() => setTarget('all')}
          />
          The original topic, for every group
          <span className={styles.muted}> (groups that handled it see it again)</span>
        </label>
        <label className={styles.choice}>
          <input
            type="radio"
            name={`${id}-target`}
            checked={target === 'topic'}
            onChange={() => setTarget('topic')}
          />
          Another topic
        </label>
        {target === 'topic' ? (
          <input
            aria-label="Target topic"
            className={styles.input}
            value={topic}
            placeholder="orders.retry"
            onChange={(event) => setTopic(event.target.value)}
          />
        ) : null}
      </fieldset>

      <div className={styles.field}>
        <label htmlFor={`${id}-rate`} className={styles.label}>
          Rate cap (events per second)
        </label>
        <input
          id={`${id}-rate`}
          className={styles.input}
          inputMode="numeric"
          value={rateMax}
          aria-invalid={rateValid ? undefined : true}
          onChange={(event) => setRateMax(event.target.value)}
        />
        <p className={styles.hint}>
          {rateValid
            ? `Ramps 1, 2, 5, 10, 20 … per second up to ${formatRate(rate)}; pauses itself when too many replayed events fail again.`
            : `A whole number from 1 to ${formatCount(REPLAY_RATE_LIMIT)}.`}
        </p>
      </div>

      {letter ? (
        <div className={styles.field}>
          <label className={styles.choice}>
            <input type="checkbox" checked={editing} onChange={(event) => setEditing(event.target.checked)} />
            Edit before replay
          </label>
          {editing ? (
            <>
              <p className={styles.hint}>
                The edited event is a new event (new id, caused by the original, same correlation); the change
                is audited and the replay needs a second admin&apos;s approval.
                {letter.masked || letter.data?.masked
                  ? ' Masked values (***) are replayed as written here.'
                  : ''}
              </p>
              <div className={styles.editor}>
                <EventEditor value={edited} onChange={setEdited} dark={isDark()} />
              </div>
            </>
          ) : null}
        </div>
      ) : null}

      {plan ? (
        <PlanSummary plan={plan} />
      ) : (
        <p className={styles.muted}>Preview to see what the replay will do before it starts.</p>
      )}
      {plan && plan.count === 0 ? (
        <p className={styles.muted}>Nothing to replay: the letters are no longer pending.</p>
      ) : null}
      <FormAlert message={error ? error.message : null} />
    </ModalDialog>
  );
}

function isDark(): boolean {
  return typeof document !== 'undefined' && document.documentElement.dataset.theme !== 'light';
}
