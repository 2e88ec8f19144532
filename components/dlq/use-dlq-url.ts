import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { dlqUrlSearch, parseDlqUrl, type DlqUrlState } from './lib/url-state';

export interface DlqUrl {
  state: DlqUrlState;
  hrefWith(change: Partial<DlqUrlState>): string;
  /** Filter edits replace the history entry; opening a group or a letter pushes one (Back closes it). */
  navigate(change: Partial<DlqUrlState>, how?: 'push' | 'replace'): void;
}

export function useDlqUrl(): DlqUrl {
  const params = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const state = useMemo(() => parseDlqUrl(params), [params]);

  const hrefWith = useCallback(
    (change: Partial<DlqUrlState>) => {
      const search = dlqUrlSearch({ ...state, ...change });
      return search ? `${pathname}?${search}` : pathname;
    },
    [state, pathname],
  );
  const navigate = useCallback(
    (change: Partial<DlqUrlState>, how: 'push' | 'replace' = 'replace') => {
      const href = hrefWith(change);
      if (how === 'push') router.push(href, { scroll: false });
      else router.replace(href, { scroll: false });
    },
    [hrefWith, router],
  );
  return { state, hrefWith, navigate };
}
