'use client';

import { useCallback } from 'react';
import { ApiRequestError } from '@/components/lib/api-client';
import { useEvents } from './api/get-events';
import { EventDrawer } from './drawer/event-drawer';
import { FilterBar } from './filter-bar';
import { HistoryResults } from './history-results';
import { historyFilterIssues, issuesByField, tailFilterIssues, type Issue } from './lib/filter-mapping';
import {
  EMPTY_FILTERS,
  hasFilters,
  type EventsFilters,
  type EventsMode,
  type EventsOrder,
} from './lib/url-state';
import { LiveTail } from './live-tail';
import { MODE_PANEL_ID, ModeTabs, modeTabId } from './mode-tabs';
import { useEventsUrl } from './use-events-url';
import styles from './events-view.module.css';

/**
 * The Events page: a live tail and a history search over the same filters, and the drawer of the
 * event in the URL. Everything the view shows is in its URL, so any state can be shared as a link.
 */
export function EventsView() {
  const { state, hrefWith, navigate } = useEventsUrl();
  const { mode, filters, eventId } = state;

  const clientIssues = mode === 'live' ? tailFilterIssues(filters) : historyFilterIssues(filters);
  const invalid = clientIssues.length > 0;
  // sent even when a client check fails, so the server's own issues show up beside them at once
  const history = useEvents(filters, { enabled: mode === 'history' });
  const issues = issuesByField([...clientIssues, ...searchIssues(mode, history.error)]);
  const filtered = hasFilters(filters, mode);

  const hrefForEvent = useCallback((id: string) => hrefWith({ eventId: id }), [hrefWith]);
  const openEvent = useCallback((id: string) => navigate({ eventId: id }, 'push'), [navigate]);
  const closeEvent = useCallback(() => navigate({ eventId: null }, 'push'), [navigate]);
  const setFilters = useCallback((next: EventsFilters) => navigate({ filters: next }), [navigate]);
  const clearFilters = useCallback(() => navigate({ filters: EMPTY_FILTERS }), [navigate]);
  const setMode = useCallback((next: EventsMode) => navigate({ mode: next }, 'push'), [navigate]);
  // past the page cap, a new search continues from the last row loaded, in the list's order
  const continueFrom = useCallback(
    (time: string) =>
      navigate(
        { filters: filters.order === 'asc' ? { ...filters, from: time } : { ...filters, to: time } },
        'push',
      ),
    [navigate, filters],
  );
  const setOrder = useCallback(
    (order: EventsOrder) => navigate({ filters: { ...filters, order } }),
    [navigate, filters],
  );

  return (
    <div className={styles.view} data-mode={mode}>
      <ModeTabs mode={mode} onChange={setMode} />
      <FilterBar mode={mode} filters={filters} issues={issues} onChange={setFilters} />
      <div role="tabpanel" id={MODE_PANEL_ID} aria-labelledby={modeTabId(mode)} className={styles.panel}>
        {mode === 'live' ? (
          <LiveTail
            filters={filters}
            invalid={invalid}
            filtered={filtered}
            selectedId={eventId}
            hrefFor={hrefForEvent}
            onOpen={openEvent}
            onClearFilters={clearFilters}
          />
        ) : (
          <HistoryResults
            query={history}
            invalid={invalid}
            filtered={filtered}
            selectedId={eventId}
            hrefFor={hrefForEvent}
            onOpen={openEvent}
            onClearFilters={clearFilters}
            onContinueFrom={continueFrom}
            order={filters.order}
            onOrderChange={setOrder}
          />
        )}
      </div>
      {eventId ? <EventDrawer eventId={eventId} hrefWith={hrefWith} onClose={closeEvent} /> : null}
    </div>
  );
}

/** A 400 from the search names the parameters that are wrong; other errors belong to the list. */
function searchIssues(mode: EventsMode, error: unknown): Issue[] {
  if (mode !== 'history' || !(error instanceof ApiRequestError) || error.status !== 400) return [];
  return error.issues?.length ? error.issues : [{ path: '', message: error.message }];
}
