'use client';

import { TriangleAlert } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';

interface ErrorPageProps {
  error: Error & { digest?: string };
  reset: () => void;
}

/** Route error boundary: the shell stays up, the page says what broke and offers a retry. */
export default function ErrorPage({ error, reset }: ErrorPageProps) {
  return (
    <EmptyState
      icon={TriangleAlert}
      title="This page failed to render"
      action={
        <Button variant="primary" onClick={reset}>
          Try again
        </Button>
      }
    >
      <p>{error.message || 'An unexpected error occurred.'}</p>
      {error.digest ? (
        <p>
          Reference <code>{error.digest}</code> in the server log.
        </p>
      ) : null}
    </EmptyState>
  );
}
