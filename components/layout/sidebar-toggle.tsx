'use client';

import { PanelLeftClose, PanelLeftOpen } from 'lucide-react';
import { useSyncExternalStore } from 'react';
import { Button } from '@/components/ui/button';
import { readSidebar, subscribeSidebar, writeSidebar, type SidebarState } from './sidebar';

const serverState = (): SidebarState => 'expanded';

/** Shows or hides the sidebar's labels; the icon rail stays, so every section is one click away. */
export function SidebarToggle({ controls }: { controls: string }) {
  const state = useSyncExternalStore(subscribeSidebar, readSidebar, serverState);
  const expanded = state === 'expanded';
  const label = expanded ? 'Collapse sidebar' : 'Expand sidebar';
  return (
    <Button
      variant="ghost"
      iconOnly
      aria-label={label}
      title={label}
      aria-expanded={expanded}
      aria-controls={controls}
      onClick={() => writeSidebar(expanded ? 'collapsed' : 'expanded')}
    >
      {expanded ? <PanelLeftClose size={16} aria-hidden /> : <PanelLeftOpen size={16} aria-hidden />}
    </Button>
  );
}
