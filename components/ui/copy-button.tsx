'use client';

import { Check, Copy } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Button } from './button';

interface CopyButtonProps {
  value: string;
  /** What is copied, for the accessible name: "Copy command". */
  label?: string;
}

type CopyState = 'idle' | 'copied' | 'failed';

export function CopyButton({ value, label = 'Copy' }: CopyButtonProps) {
  const [state, setState] = useState<CopyState>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 1_500);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      // Clipboard needs a secure context; the title tells the user to select the text instead.
      setState('failed');
    }
  }

  const name =
    state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select the text instead' : label;
  return (
    <Button variant="ghost" size="sm" iconOnly aria-label={name} title={name} onClick={copy}>
      {state === 'copied' ? <Check size={14} aria-hidden /> : <Copy size={14} aria-hidden />}
    </Button>
  );
}
