import { z } from 'zod';

/** `POST /api/dead-letters/{id}/discard` (replays are jobs: `POST /api/replays`): ids are `<topic>/<entry id>`, URL-encoded in the path. */
export const DeadLetterIdParams = z.object({ id: z.string().min(3).max(600) });

export const DeadLetterDiscarded = z.object({ id: z.string(), status: z.literal('discarded') });
export type DeadLetterDiscarded = z.infer<typeof DeadLetterDiscarded>;
