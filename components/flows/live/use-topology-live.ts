import { useLiveRoom } from '@/components/lib/use-live-room';
import { Topology } from '@/server/contracts/topology';
import { topologyKeys } from '../api/get-topology';

/**
 * Keeps the topology query fresh from the `topology` room (about one snapshot a second). React Query's
 * structural sharing keeps every node and edge object that did not change, which the graph relies on
 * to re-render only what moved.
 */
export function useTopologyLive(): void {
  useLiveRoom('topology', topologyKeys.current(), Topology);
}
