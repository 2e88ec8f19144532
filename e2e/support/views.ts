/**
 * The sizes and themes pages are pictured at, and how many pictures a run takes. Pictures are for a
 * person reviewing a change, and a full-page capture in software rendering costs seconds of the two
 * cores the suite shares. By default (`npm test`) the screenshot sweep pictures every page once, half of
 * them at 1024×768 in the dark theme and half at 1440×900 in the light one, and the specs picture
 * nothing else. `E2E_SHOTS=all` (`npm run test:screenshots [-- e2e/<spec>]`) pictures every page at
 * every size in every theme, and every state the specs picture.
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

export const ALL_SHOTS = process.env.E2E_SHOTS === 'all';

export const VIEWS: readonly View[] = ALL_SHOTS
  ? ALL
  : [
      { ...SIZES[0], theme: 'dark' },
      { ...SIZES[1], theme: 'light' },
    ];

/** The themes pictured at one size. */
export const themesAt = (width: number): Theme[] =>
  VIEWS.filter((view) => view.width === width).map((view) => view.theme);
