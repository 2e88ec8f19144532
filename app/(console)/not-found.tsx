import { Compass } from 'lucide-react';
import type { Metadata } from 'next';
import { routes } from '@/components/lib/routes';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Not found' };

export default function NotFound() {
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState
        icon={Compass}
        title="Nothing lives at this address"
        action={
          <ButtonLink href={routes.overview()} variant="primary">
            Go to the overview
          </ButtonLink>
        }
      >
        <p>The link may be old, or the id in it may no longer exist. Pick a page from the sidebar.</p>
      </EmptyState>
    </>
  );
}
