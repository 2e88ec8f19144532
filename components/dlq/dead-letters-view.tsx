'use client';

import { useCallback, useState } from 'react';
import { ApiRequestError } from '@/components/lib/api-client';
import { formatCount, plural } from '@/components/lib/format';
import { useRoleAtLeast } from '@/components/lib/principal';
import type { ReplayJob } from '@/server/contracts/replays';
import { useDeadLetter } from './api/get-dead-letter';
import { useDeadLetterGroups } from './api/get-dead-letter-groups';
import { useReplayJobs } from './api/get-replay-jobs';
import { DiscardDialog } from './discard-dialog';
import { LetterDrawer } from './drawer/letter-drawer';
import { FilterBar } from './filter-bar';
import { GroupLetters } from './group-letters';
import { LettersTab } from './letters-tab';
import { JobsPanel } from './jobs/jobs-panel';
import type { LetterScope } from './lib/selection';
import type { DlqFilters } from './lib/url-state';
import { useDeadLettersLive } from './live/use-dead-letters-live';
import { useLettersFollowJobs } from './live/use-letters-follow-jobs';
import { useReplayProgress } from './live/use-replay-progress';
import { ReplayDialog } from './replay/replay-dialog';
import { useDlqUrl } from './use-dlq-url';
import styles from './dlq.module.css';

type Dialog =
  | { kind: 'replay'; scope: LetterScope; failingGroup: string | null; single: boolean }
  | { kind: 'discard'; scope: LetterScope };

/**
 * The Dead letters page: failure groups under the page's filters, the open group's letters, the
 * letter drawer, and the replay jobs (with Approvals) in a second tab. Everything in the URL; new letters
 * and job progress arrive over the socket.
 */
export function DeadLettersView() {
  const { state, navigate } = useDlqUrl();
  const { filters, open, letter, view, job: markedJob } = state;
  useDeadLettersLive();
  useReplayProgress();
  const canAct = useRoleAtLeast('operator');
  const groups = useDeadLetterGroups(filters);
  const jobs = useReplayJobs();
  useLettersFollowJobs(jobs.data?.items);
  const openLetter = useDeadLetter(letter);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [selectedFor, setSelectedFor] = useState(open);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  if (selectedFor !== open) {
    setSelectedFor(open);
    setSelected(new Set());
  }

  const setFilters = useCallback((next: DlqFilters) => navigate({ filters: next }), [navigate]);
  const closeLetter = useCallback(() => navigate({ letter: null }, 'push'), [navigate]);
  const openGroup = useCallback(
    (fingerprint: string | null) => navigate({ open: fingerprint }, 'push'),
    [navigate],
  );
  const openLetterId = useCallback((id: string) => navigate({ letter: id }, 'push'), [navigate]);

  const openGroupData = groups.data?.groups.find((group) => group.fingerprint === open) ?? null;
  const act = (action: 'replay' | 'discard', scope: LetterScope) => {
    setNotice(null);
    if (action === 'discard') setDialog({ kind: 'discard', scope });
    else {
      const failingGroup =
        scope.kind === 'filter' ? singleGroup(groups.data?.groups ?? []) : (openGroupData?.group ?? null);
      setDialog({ kind: 'replay', scope, failingGroup, single: false });
    }
  };
  const onCreated = (job: ReplayJob) => {
    setDialog(null);
    setNotice(
      job.state === 'awaiting-approval'
        ? `Replay of ${plural(job.total, 'letter')} created: it waits for a second admin's approval.`
        : `Replay of ${plural(job.total, 'letter')} started.`,
    );
    navigate({ view: 'jobs', job: job.id, letter: null }, 'push');
  };

  const filterError =
    groups.error instanceof ApiRequestError && groups.error.status === 400 ? groups.error.message : null;
  const activeJobs = jobs.data?.items.filter((job) =>
    ['running', 'queued', 'paused', 'awaiting-approval'].includes(job.state),
  ).length;

  return (
    <div className={styles.page}>
      <FilterBar filters={filters} error={filterError} onChange={setFilters} />
      <div role="tablist" aria-label="Dead letter views" className={styles.tabs}>
        <button
          type="button"
          role="tab"
          aria-selected={view === 'letters'}
          className={styles.tab}
          onClick={() => navigate({ view: 'letters' }, 'push')}
        >
          Letters
          {groups.data ? <span className={styles.count}>{formatCount(groups.data.total)}</span> : null}
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={view === 'jobs'}
          className={styles.tab}
          onClick={() => navigate({ view: 'jobs' }, 'push')}
        >
          Replay jobs
          {activeJobs ? <span className={styles.count}>{formatCount(activeJobs)} active</span> : null}
        </button>
      </div>
      {notice ? (
        <p role="status" className={styles.notice}>
          {notice}
        </p>
      ) : null}

      {view === 'jobs' ? (
        <section aria-label="Replay jobs panel" className={styles.panel}>
          <JobsPanel highlight={markedJob} onOpenLetter={openLetterId} />
        </section>
      ) : (
        <LettersTab
          groups={groups}
          filters={filters}
          open={open}
          onOpenGroup={openGroup}
          onAct={canAct ? act : undefined}
        >
          {openGroupData ? (
            <GroupLetters
              group={openGroupData}
              filters={filters}
              selected={selected}
              setSelected={setSelected}
              current={letter}
              onOpen={openLetterId}
              onAct={canAct ? act : undefined}
            />
          ) : null}
        </LettersTab>
      )}

      {letter ? (
        <LetterDrawer
          letterId={letter}
          onClose={closeLetter}
          onOpenJob={(jobId) => navigate({ view: 'jobs', job: jobId, letter: null }, 'push')}
          {...(canAct
            ? {
                onReplay: () =>
                  openLetter.data &&
                  setDialog({
                    kind: 'replay',
                    scope: { kind: 'ids', ids: [letter] },
                    failingGroup: openLetter.data.group,
                    single: true,
                  }),
                onDiscard: () => setDialog({ kind: 'discard', scope: { kind: 'ids', ids: [letter] } }),
              }
            : {})}
        />
      ) : null}

      {dialog?.kind === 'replay' ? (
        <ReplayDialog
          scope={dialog.scope}
          failingGroup={dialog.failingGroup}
          {...(dialog.single && openLetter.data ? { letter: openLetter.data } : {})}
          onClose={() => setDialog(null)}
          onCreated={onCreated}
        />
      ) : null}
      {dialog?.kind === 'discard' ? (
        <DiscardDialog
          scope={dialog.scope}
          onClose={() => setDialog(null)}
          onDone={(message) => {
            setDialog(null);
            setSelected(new Set());
            setNotice(message);
          }}
        />
      ) : null}
    </div>
  );
}

/** The one consumer group of all groups shown, if there is only one ("only the failing group"). */
function singleGroup(groups: readonly { topic: string; group: string }[]): string | null {
  const names = new Set(groups.map((group) => group.group));
  return names.size === 1 ? [...names][0]! : null;
}
