import type { Metadata } from 'next';
import { openApiDocument } from '@/app/api/registry';
import { ApiReference } from '@/components/api-reference/api-reference';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'API reference' };

/** Built from the route declarations on the server, the same document /api/openapi.json serves. */
export default function ApiReferencePage() {
  return (
    <>
      <PageHeader
        title="API reference"
        description="Every route of the EventLens API: who may call it, its parameters and what it answers. Send an API token as Authorization: Bearer."
      />
      <ApiReference doc={openApiDocument()} />
    </>
  );
}
