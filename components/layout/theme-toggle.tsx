'use client';

import { Moon, Sun } from 'lucide-react';
import { useSyncExternalStore } from 'react';
import { Button } from '@/components/ui/button';
import { DEFAULT_THEME, readTheme, subscribeTheme, writeTheme, type Theme } from './theme';

const serverTheme = (): Theme => DEFAULT_THEME;

export function ThemeToggle() {
  const theme = useSyncExternalStore(subscribeTheme, readTheme, serverTheme);
  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  const label = `Switch to ${next} theme`;
  return (
    <Button variant="ghost" iconOnly aria-label={label} title={label} onClick={() => writeTheme(next)}>
      {theme === 'dark' ? <Sun size={16} aria-hidden /> : <Moon size={16} aria-hidden />}
    </Button>
  );
}
