/**
 * Whether the sidebar shows its labels or only an icon rail. A user's choice lives in `data-sidebar` on
 * <html> (set before paint by `sidebarInitScript`) and in localStorage; without one, the rail is the
 * default on screens narrower than `RAIL_MEDIA` so that tables keep their columns. Only this module
 * reads or writes either.
 */
export type SidebarState = 'expanded' | 'collapsed';

export const SIDEBAR_STORAGE_KEY = 'eventlens-sidebar';
/** Keep in step with the media queries in app-shell.module.css and nav.module.css. */
export const RAIL_MEDIA = '(max-width: 1099px)';

export const sidebarInitScript = `(function(){try{var s=localStorage.getItem(${JSON.stringify(
  SIDEBAR_STORAGE_KEY,
)});if(s==='expanded'||s==='collapsed')document.documentElement.setAttribute('data-sidebar',s);}catch(e){}})();`;

const listeners = new Set<() => void>();

export function readSidebar(): SidebarState {
  const chosen = document.documentElement.getAttribute('data-sidebar');
  if (chosen === 'expanded' || chosen === 'collapsed') return chosen;
  return window.matchMedia(RAIL_MEDIA).matches ? 'collapsed' : 'expanded';
}

export function writeSidebar(state: SidebarState): void {
  document.documentElement.setAttribute('data-sidebar', state);
  try {
    localStorage.setItem(SIDEBAR_STORAGE_KEY, state);
  } catch {
    // Storage denied (private mode): the choice holds for this page, it just is not remembered.
  }
  listeners.forEach((notify) => notify());
}

/** For useSyncExternalStore: this tab's toggles, other tabs' choices and the screen crossing RAIL_MEDIA. */
export function subscribeSidebar(notify: () => void): () => void {
  const media = window.matchMedia(RAIL_MEDIA);
  const onStorage = (event: StorageEvent) => {
    if (event.key !== SIDEBAR_STORAGE_KEY) return;
    if (event.newValue === 'expanded' || event.newValue === 'collapsed')
      document.documentElement.setAttribute('data-sidebar', event.newValue);
    else document.documentElement.removeAttribute('data-sidebar');
    notify();
  };
  listeners.add(notify);
  media.addEventListener('change', notify);
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(notify);
    media.removeEventListener('change', notify);
    window.removeEventListener('storage', onStorage);
  };
}
