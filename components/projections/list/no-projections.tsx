'use client';

import { Layers } from 'lucide-react';
import { FirstRunState } from '@/components/ui/first-run-state';

const ICON = <Layers size={20} strokeWidth={1.75} aria-hidden />;

/** Nothing registered under this prefix yet: what will appear, and how to get one. */
export function NoProjections() {
  return (
    <FirstRunState
      icon={ICON}
      title="No projections yet"
      hint={
        <>
          Run <code>npm run demo</code>: it keeps a read model of open investigations by severity.
        </>
      }
    >
      <p>
        Read models built with the EventLens SDK (<code>bus.projections.register</code>) appear here with
        their position, lag and errors, and can be paused, resumed and rebuilt.
      </p>
    </FirstRunState>
  );
}
