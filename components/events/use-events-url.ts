import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { eventsHref, parseEventsUrl, type EventsUrlState } from './lib/url-state';

export interface EventsUrl {
  state: EventsUrlState;
  /** The href of the page with `change` applied (for links: shareable, open in a new tab). */
  hrefWith(change: Partial<EventsUrlState>): string;
  /**
   * Applies `change` to the URL. Filter edits replace the entry (typing is not history); opening an
   * event or switching modes pushes one, so Back closes the drawer or returns to the other mode.
   */
  navigate(change: Partial<EventsUrlState>, how?: 'push' | 'replace'): void;
}

/** The page's state lives in its search params; this reads and writes them. */
export function useEventsUrl(): EventsUrl {
  const params = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const state = useMemo(() => parseEventsUrl(params), [params]);

  const hrefWith = useCallback(
    (change: Partial<EventsUrlState>) => eventsHref({ ...state, ...change }, pathname),
    [state, pathname],
  );
  const navigate = useCallback(
    (change: Partial<EventsUrlState>, how: 'push' | 'replace' = 'replace') => {
      const href = eventsHref({ ...state, ...change }, pathname);
      if (how === 'push') router.push(href, { scroll: false });
      else router.replace(href, { scroll: false });
    },
    [state, pathname, router],
  );

  return { state, hrefWith, navigate };
}
