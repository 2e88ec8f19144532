'use client';

import type { LucideIcon } from 'lucide-react';
import { PlugZap } from 'lucide-react';
import type { ReactElement, ReactNode } from 'react';
import { useHealth } from '@/components/lib/api/get-health';
import { demoCanHelp, downDependencies } from '@/components/lib/dependencies';
import { EmptyState } from './empty-state';

interface FirstRunStateProps {
  icon: LucideIcon | ReactElement;
  title: string;
  /** What will appear here once there is traffic. */
  children: ReactNode;
  /** How to get traffic, shown beside the `npm run demo` command while the demo can help. */
  hint: ReactNode;
}

/**
 * A page with nothing to show yet. While Redis and the store answer: what will appear and how to start
 * demo traffic. While one is down: that it is down and why (the demo would not help), not "no data".
 */
export function FirstRunState({ icon, title, children, hint }: FirstRunStateProps) {
  const { data: health } = useHealth();
  const down = downDependencies(health)[0];
  if (down) {
    return (
      <EmptyState icon={PlugZap} title={`${down.name} is unreachable`}>
        <p>
          Nothing can be shown here until it answers
          {down.cause ? (
            <>
              : <code>{down.cause}</code>
            </>
          ) : null}
          .
        </p>
        {down.check ? <p>{down.check}</p> : null}
      </EmptyState>
    );
  }
  if (!demoCanHelp(health)) {
    return (
      <EmptyState icon={icon} title={title}>
        {children}
      </EmptyState>
    );
  }
  return (
    <EmptyState icon={icon} title={title} command="npm run demo">
      {children}
      <p>{hint}</p>
    </EmptyState>
  );
}
