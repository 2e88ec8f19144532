import { z } from 'zod';
import { RuleSummary } from '@/server/contracts/rules';
import { route } from '@/server/http/route';
import { getRules } from '@/server/queries/rules/list';
import { summariseProcessors } from '@/server/queries/rules/summarise';
import { readProcessorPresence } from '@/server/services/stream-processors';

export const dynamic = 'force-dynamic';

/**
 * The complex-event rules running now (stream processors of kind count and absence): their definition
 * as announced, matches per minute over the last hour (stored alerts) and their last match.
 */
export const GET = route(
  {
    auth: 'metadata:read',
    summary: 'Running complex-event rules with matches per minute over the last hour',
    response: z.array(RuleSummary),
  },
  async ({ ctx }) => getRules(ctx.db, summariseProcessors(await readProcessorPresence(ctx))),
);
