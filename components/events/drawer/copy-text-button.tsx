'use client';

import { Check, Copy } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';

interface CopyTextButtonProps {
  /** Built on click, so a large payload is serialized only when asked for. */
  value: () => string;
  children: string;
}

/** A copy button with a visible label ("Copy JSON"), for copies bigger than an id. */
export function CopyTextButton({ value, children }: CopyTextButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 1_500);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value());
      setState('copied');
    } catch {
      // Clipboard needs a secure context; the label says so and the JSON tree stays selectable.
      setState('failed');
    }
  };

  return (
    <Button size="sm" onClick={copy} aria-live="polite">
      {state === 'copied' ? <Check size={14} aria-hidden /> : <Copy size={14} aria-hidden />}
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : children}
    </Button>
  );
}
