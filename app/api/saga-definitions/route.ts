import { z } from 'zod';
import { SagaDefinitionSummary } from '@/server/contracts/sagas';
import { route } from '@/server/http/route';
import { getSagaDefinitions } from '@/server/queries/sagas/definitions';
import { readSagaDefinitions } from '@/server/services/saga-definitions';

export const dynamic = 'force-dynamic';

/**
 * The saga definitions buses announced (orchestrated and choreographed), each with live counts of its
 * instances per status and, per step, of those running, failed, compensating, compensated or stuck there.
 */
export const GET = route(
  {
    auth: 'metadata:read',
    summary: 'Saga definitions with live instance counts per status, step and compensation',
    response: z.array(SagaDefinitionSummary),
  },
  async ({ ctx }) => getSagaDefinitions(ctx.db, await readSagaDefinitions(ctx)),
);
