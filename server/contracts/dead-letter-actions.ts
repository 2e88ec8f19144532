import { z } from 'zod';

/** `POST /api/dead-letters/{id}/replay|discard`: ids are `<topic>/<entry id>`, URL-encoded in the path. */
export const DeadLetterIdParams = z.object({ id: z.string().min(3).max(600) });

export const DeadLetterReplayed = z.object({
  id: z.string(),
  status: z.literal('replayed'),
  /** The new entry on the topic's stream. */
  entryId: z.string(),
});
export type DeadLetterReplayed = z.infer<typeof DeadLetterReplayed>;

export const DeadLetterDiscarded = z.object({ id: z.string(), status: z.literal('discarded') });
export type DeadLetterDiscarded = z.infer<typeof DeadLetterDiscarded>;
