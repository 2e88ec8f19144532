/**
 * zod schemas for what the server pushes to a tail. The contract declares these as TypeScript
 * interfaces (the server builds them); the browser still parses them, since a socket message crosses
 * a trust boundary. Each schema is checked against its interface by the annotation.
 */
import { z } from 'zod';
import {
  LiveError,
  TAIL_RESET_REASONS,
  type LiveEvent,
  type TailFrame,
  type TailReset,
  type TailSubscribed,
} from '@/server/contracts/live';

const Positions = z.record(z.string(), z.string());

const LiveEventSchema: z.ZodType<LiveEvent> = z.object({
  topic: z.string(),
  entryId: z.string(),
  time: z.string(),
  id: z.string().optional(),
  type: z.string().optional(),
  source: z.string().optional(),
  subject: z.string().optional(),
  correlationId: z.string().optional(),
  causationId: z.string().optional(),
  preview: z.string(),
  truncated: z.boolean(),
  sizeBytes: z.number(),
  foreign: z.string().optional(),
});

export const TailFrameSchema: z.ZodType<TailFrame> = z.object({
  seq: z.number(),
  tails: z.array(
    z.object({
      tailId: z.string(),
      events: z.array(LiveEventSchema),
      positions: Positions,
      sampling: z
        .object({ sampled: z.literal(true), keptOneIn: z.number(), ratePerSec: z.number() })
        .optional(),
      replay: z.literal(true).optional(),
    }),
  ),
  skippedFrames: z.number(),
  skippedEvents: z.number(),
});

export const TailResetSchema: z.ZodType<TailReset> = z.object({
  tailId: z.string(),
  reason: z.enum(TAIL_RESET_REASONS),
  missed: z.number().optional(),
  positions: Positions,
});

const ResumeOutcome = z.union([
  z.object({ replayed: z.number() }),
  z.object({ reset: z.enum(TAIL_RESET_REASONS) }),
  z.null(),
]);

/** The ack of `tail:subscribe`. */
export const TailSubscribeAck: z.ZodType<({ ok: true } & TailSubscribed) | { ok: false; error: LiveError }> =
  z.union([
    z.object({
      ok: z.literal(true),
      tailId: z.string(),
      topics: z.array(z.string()),
      positions: Positions,
      resume: ResumeOutcome,
    }),
    z.object({ ok: z.literal(false), error: LiveError }),
  ]);
