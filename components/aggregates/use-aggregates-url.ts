import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { routes } from '@/components/lib/routes';

export interface AggregateLookup {
  type: string;
  id: string;
  /** The version to show; undefined: the latest. */
  at: number | undefined;
}

export function parseLookup(params: URLSearchParams): AggregateLookup {
  const at = Number(params.get('at'));
  return {
    type: params.get('type') ?? '',
    id: params.get('id') ?? '',
    at: Number.isInteger(at) && at >= 1 ? at : undefined,
  };
}

/** The lookup (type, id, version) lives in the URL; a new version replaces the entry (stepping is not a step back). */
export function useAggregatesUrl(): { lookup: AggregateLookup; setLookup(next: AggregateLookup): void } {
  const params = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const lookup = useMemo(() => parseLookup(new URLSearchParams(params.toString())), [params]);
  const setLookup = useCallback(
    (next: AggregateLookup) => {
      const href = routes.aggregates({
        type: next.type || undefined,
        id: next.id || undefined,
        at: next.at,
      });
      router.replace(href.replace('/aggregates', pathname), { scroll: false });
    },
    [pathname, router],
  );
  return { lookup, setLookup };
}
