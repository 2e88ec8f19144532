import { useCallback, useState, useSyncExternalStore } from 'react';

/**
 * Below this width the graph's canvas is narrow enough that the mini map (bottom right) sits on nodes,
 * so it starts hidden there; the toggle in the zoom controls brings it back.
 */
export const MINIMAP_MEDIA = '(min-width: 1280px)';

const subscribe = (onChange: () => void) => {
  const media = window.matchMedia(MINIMAP_MEDIA);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
};
const readWide = () => window.matchMedia(MINIMAP_MEDIA).matches;
// the server cannot know the width: no mini map in the first paint, so nothing flashes over nodes
const serverWide = () => false;

/** Whether the mini map shows: the user's choice once made, else whether the window is wide. */
export function useMinimap(): { shown: boolean; toggle: () => void } {
  const wide = useSyncExternalStore(subscribe, readWide, serverWide);
  const [choice, setChoice] = useState<boolean | null>(null);
  const shown = choice ?? wide;
  const toggle = useCallback(() => setChoice(!shown), [shown]);
  return { shown, toggle };
}
