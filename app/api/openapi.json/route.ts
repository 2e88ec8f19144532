import { getOpenApi } from '../registry';

export const dynamic = 'force-dynamic';

/** The OpenAPI 3.1 document of this API, built from the route declarations (app/api/registry.ts). */
export const GET = getOpenApi;
