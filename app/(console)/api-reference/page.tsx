import type { Metadata } from 'next';
import { openApiDocument } from '@/app/api/registry';
import { ApiReference } from '@/components/api-reference/api-reference';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'API reference' };

/** Built from the route declarations on the server, the same document /api/openapi.json serves. */
export default async function ApiReferencePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { area } = await searchParams;
  return (
    <>
      <PageHeader
        title="API reference"
        description="Every route of the EventLens API, area by area: who may call it, its parameters and what it answers. Send an API token as Authorization: Bearer."
      />
      <ApiReference doc={openApiDocument()} area={typeof area === 'string' ? area : undefined} />
    </>
  );
}
