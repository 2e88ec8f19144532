/**
 * The colour theme lives in `data-theme` on <html> (set before paint by `themeInitScript`) and in
 * localStorage. This module is the only code that reads or writes either.
 */
export type Theme = 'dark' | 'light';

export const THEME_STORAGE_KEY = 'eventlens-theme';
export const DEFAULT_THEME: Theme = 'dark';

/**
 * Runs inline in <head> before first paint, so a light-theme user never sees a dark flash.
 * Kept tiny and dependency-free; it must not throw (private mode can deny localStorage).
 */
export const themeInitScript = `(function(){try{var t=localStorage.getItem(${JSON.stringify(
  THEME_STORAGE_KEY,
)});if(t!=='light'&&t!=='dark')t=${JSON.stringify(DEFAULT_THEME)};document.documentElement.setAttribute('data-theme',t);}catch(e){}})();`;

const listeners = new Set<() => void>();

export function readTheme(): Theme {
  return document.documentElement.getAttribute('data-theme') === 'light' ? 'light' : 'dark';
}

export function writeTheme(theme: Theme): void {
  document.documentElement.setAttribute('data-theme', theme);
  try {
    localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Storage denied (private mode): the theme still applies for this page, it just is not remembered.
  }
  listeners.forEach((notify) => notify());
}

/** For useSyncExternalStore: follows this tab's toggles and other tabs' storage writes. */
export function subscribeTheme(notify: () => void): () => void {
  const onStorage = (event: StorageEvent) => {
    if (event.key !== THEME_STORAGE_KEY) return;
    document.documentElement.setAttribute('data-theme', event.newValue === 'light' ? 'light' : 'dark');
    notify();
  };
  listeners.add(notify);
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(notify);
    window.removeEventListener('storage', onStorage);
  };
}
