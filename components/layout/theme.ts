/**
 * The colour theme lives in `data-theme` on <html> (set before paint by `themeInitScript`) and, once
 * the user picks one, in localStorage. Until then it follows the system's light or dark setting, live.
 * This module is the only code that reads or writes either.
 */
export type Theme = 'dark' | 'light';

export const THEME_STORAGE_KEY = 'eventlens-theme';
/** When the system states no preference (or the browser cannot say): an ops console's usual look. */
export const DEFAULT_THEME: Theme = 'dark';
const SYSTEM_LIGHT = '(prefers-color-scheme: light)';

/**
 * Runs inline in <head> before first paint, so a light-theme user never sees a dark flash.
 * Kept tiny and dependency-free; it must not throw (private mode can deny localStorage).
 */
export const themeInitScript = `(function(){var t;try{t=localStorage.getItem(${JSON.stringify(
  THEME_STORAGE_KEY,
)});}catch(e){}if(t!=='light'&&t!=='dark'){try{t=matchMedia(${JSON.stringify(
  SYSTEM_LIGHT,
)}).matches?'light':'dark';}catch(e){t=${JSON.stringify(DEFAULT_THEME)};}}document.documentElement.setAttribute('data-theme',t);})();`;

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

/** The user's own pick, or null while the theme follows the system. */
function chosenTheme(): Theme | null {
  try {
    const stored = localStorage.getItem(THEME_STORAGE_KEY);
    return stored === 'light' || stored === 'dark' ? stored : null;
  } catch {
    return null;
  }
}

/**
 * For useSyncExternalStore: follows this tab's toggles, other tabs' storage writes, and (while the
 * user has not picked a theme) the system's setting changing, as it does at dusk on many desktops.
 */
export function subscribeTheme(notify: () => void): () => void {
  const apply = (theme: Theme) => {
    document.documentElement.setAttribute('data-theme', theme);
    notify();
  };
  const system = window.matchMedia(SYSTEM_LIGHT);
  const onSystem = () => {
    if (chosenTheme() === null) apply(system.matches ? 'light' : 'dark');
  };
  const onStorage = (event: StorageEvent) => {
    if (event.key !== THEME_STORAGE_KEY) return;
    if (event.newValue === 'light' || event.newValue === 'dark') apply(event.newValue);
    else onSystem();
  };
  listeners.add(notify);
  window.addEventListener('storage', onStorage);
  system.addEventListener('change', onSystem);
  return () => {
    listeners.delete(notify);
    window.removeEventListener('storage', onStorage);
    system.removeEventListener('change', onSystem);
  };
}
