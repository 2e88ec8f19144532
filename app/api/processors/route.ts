import { z } from 'zod';
import { ProcessorSummary } from '@/server/contracts/rules';
import { route } from '@/server/http/route';
import { summariseProcessors } from '@/server/queries/rules/summarise';
import { readProcessorPresence } from '@/server/services/stream-processors';

export const dynamic = 'force-dynamic';

/**
 * The stream processors running now (filter/map/to, windows, rules), from their heartbeats: kind,
 * inputs, output, rate, lag, errors, live processes and their counters.
 */
export const GET = route(
  {
    auth: 'metadata:read',
    summary: 'Running stream processors with their rate, lag, errors and counters',
    response: z.array(ProcessorSummary),
  },
  async ({ ctx }) => summariseProcessors(await readProcessorPresence(ctx)),
);
