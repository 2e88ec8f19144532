import { useLiveRoom } from '@/components/lib/use-live-room';
import { Overview } from '@/server/contracts/overview';
import { overviewKeys } from '../api/keys';

/** Keeps the overview query fresh from the `metrics` room, which pushes what /api/overview returns. */
export function useOverviewLive(): void {
  useLiveRoom('metrics', overviewKeys.current(), Overview);
}
