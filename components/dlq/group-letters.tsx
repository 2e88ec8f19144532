'use client';

import { RotateCw } from 'lucide-react';
import { useCallback, useMemo } from 'react';
import { formatCount, plural } from '@/components/lib/format';
import { Button } from '@/components/ui/button';
import { PageLoading } from '@/components/ui/page-loading';
import type { DeadLetterGroup } from '@/server/contracts/dead-letter-list';
import { useDeadLetters } from './api/get-dead-letters';
import { LettersList } from './letters-list';
import type { LetterScope } from './lib/selection';
import type { DlqFilters } from './lib/url-state';
import styles from './dlq.module.css';

interface GroupLettersProps {
  group: DeadLetterGroup;
  filters: DlqFilters;
  selected: ReadonlySet<string>;
  setSelected(next: Set<string>): void;
  current: string | null;
  onOpen(id: string): void;
  /** Absent for a role that may not replay or discard. */
  onAct?: (action: 'replay' | 'discard', scope: LetterScope) => void;
}

/** The open failure group's letters, with the group's actions and those of the selected letters. */
export function GroupLetters({
  group,
  filters,
  selected,
  setSelected,
  current,
  onOpen,
  onAct,
}: GroupLettersProps) {
  const groupFilters = useMemo(() => ({ ...filters, fingerprint: [group.fingerprint] }), [filters, group]);
  const query = useDeadLetters(groupFilters);
  const letters = useMemo(() => query.data?.pages.flatMap((page) => page.items) ?? [], [query.data]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const onEndReached = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const ids = [...selected];
  return (
    <section aria-label={`Letters of ${group.errorName}`} className={styles.panel}>
      <header className={styles.panelHeader}>
        <h2 className={styles.panelTitle}>
          Letters
          <span className={styles.panelNote}>
            {formatCount(group.count)} of {group.errorName} in {group.group} ·{' '}
            {selected.size > 0 ? `${formatCount(selected.size)} selected` : 'select some to act on them'}
          </span>
        </h2>
        {onAct ? (
          <div className={styles.actions}>
            <Button
              size="sm"
              disabled={ids.length === 0}
              onClick={() => onAct('discard', { kind: 'ids', ids })}
            >
              Discard selected…
            </Button>
            <Button
              size="sm"
              disabled={ids.length === 0}
              onClick={() => onAct('replay', { kind: 'ids', ids })}
            >
              Replay selected…
            </Button>
            <Button
              size="sm"
              variant="primary"
              onClick={() =>
                onAct('replay', { kind: 'group', fingerprint: group.fingerprint, count: group.count })
              }
            >
              Replay group ({formatCount(group.count)})…
            </Button>
          </div>
        ) : null}
      </header>
      {query.isPending ? (
        <div className={styles.notice}>
          <PageLoading label="Loading letters" />
        </div>
      ) : query.isError ? (
        <div role="alert" className={styles.alert}>
          <p>Could not load the letters: {query.error.message}</p>
          <Button size="sm" onClick={() => void query.refetch()}>
            <RotateCw size={14} aria-hidden />
            Retry
          </Button>
        </div>
      ) : letters.length === 0 ? (
        <p className={styles.notice}>No letters of this group match the filters any more.</p>
      ) : (
        <>
          <LettersList
            letters={letters}
            selected={selected}
            onToggle={toggle}
            onToggleAll={(all) => setSelected(all ? new Set(letters.map((letter) => letter.id)) : new Set())}
            current={current}
            onOpen={onOpen}
            onEndReached={onEndReached}
          />
          {!hasNextPage && query.data.pages.at(-1)?.nextCursor ? (
            <p className={styles.notice}>
              Showing the newest {plural(letters.length, 'letter')}; narrow the filters to see older ones.
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
