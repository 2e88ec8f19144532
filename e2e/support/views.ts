/**
 * The sizes and themes pages are pictured at. Every page is checked at both sizes and in both themes;
 * by default each size in one theme (1024×768 dark, 1440×900 light), which halves the pictures `npm test`
 * takes. `E2E_SHOTS=all` pictures every size in every theme (`npm run test:screenshots`).
 */
export type Theme = 'dark' | 'light';

export interface View {
  width: number;
  height: number;
  theme: Theme;
}

export const SIZES = [
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
] as const;

const THEMES: readonly Theme[] = ['dark', 'light'];

const ALL: readonly View[] = SIZES.flatMap((size) => THEMES.map((theme) => ({ ...size, theme })));

export const VIEWS: readonly View[] =
  process.env.E2E_SHOTS === 'all'
    ? ALL
    : [
        { ...SIZES[0], theme: 'dark' },
        { ...SIZES[1], theme: 'light' },
      ];

/** The themes pictured at one size. */
export const themesAt = (width: number): Theme[] =>
  VIEWS.filter((view) => view.width === width).map((view) => view.theme);
