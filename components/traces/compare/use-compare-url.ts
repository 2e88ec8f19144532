import { useSearchParams } from 'next/navigation';

/** The two correlation ids compared, from `?a=&b=` ('' when missing). */
export function useCompareUrl(): { a: string; b: string } {
  const params = useSearchParams();
  return { a: params.get('a')?.trim() ?? '', b: params.get('b')?.trim() ?? '' };
}
