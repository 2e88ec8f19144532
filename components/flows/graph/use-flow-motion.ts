import { useCallback, useSyncExternalStore } from 'react';

/**
 * Whether flowing edges move (React Flow's dash animation). Off unless the user turns it on: the dashes
 * repaint every edge on every frame, which on a busy graph costs the browser more than the rest of the
 * page together (bench:ui). The rate labels, colours and arrow heads tell the same story standing still.
 * The choice is kept in this browser.
 */
const KEY = 'eventlens:flows:motion';
const listeners = new Set<() => void>();

const subscribe = (onChange: () => void) => {
  listeners.add(onChange);
  window.addEventListener('storage', onChange);
  return () => {
    listeners.delete(onChange);
    window.removeEventListener('storage', onChange);
  };
};
const read = () => window.localStorage.getItem(KEY) === 'on';
const serverRead = () => false;

export function useFlowMotion(): { moving: boolean; toggle: () => void } {
  const moving = useSyncExternalStore(subscribe, read, serverRead);
  const toggle = useCallback(() => {
    window.localStorage.setItem(KEY, moving ? 'off' : 'on');
    for (const notify of listeners) notify();
  }, [moving]);
  return { moving, toggle };
}
