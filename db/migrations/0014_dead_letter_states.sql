CREATE TABLE "dead_letter_states" (
	"letter_id" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"history" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "dead_letters_status_idx";--> statement-breakpoint
ALTER TABLE "dead_letter_states" ADD CONSTRAINT "dead_letter_states_letter_id_dead_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."dead_letters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dead_letter_states_status_idx" ON "dead_letter_states" USING btree ("status","changed_at");--> statement-breakpoint
CREATE INDEX "dead_letters_last_failure_idx" ON "dead_letters" USING btree ("last_failure_at");--> statement-breakpoint
-- Edited by hand: what operators did moves out of the recorded rows before their status goes
INSERT INTO "dead_letter_states" ("letter_id", "status", "history", "changed_at")
SELECT d."id", d."status",
  coalesce((SELECT jsonb_agg(h ORDER BY n) FROM jsonb_array_elements(d."history") WITH ORDINALITY AS e(h, n)
    WHERE h ->> 'action' <> 'recorded'), '[]'::jsonb),
  coalesce((SELECT max((h ->> 'at')::timestamptz) FROM jsonb_array_elements(d."history") AS e(h)
    WHERE h ->> 'action' <> 'recorded'), d."recorded_at")
FROM "dead_letters" d
WHERE d."status" <> 'pending' OR EXISTS (SELECT 1 FROM jsonb_array_elements(d."history") AS e(h) WHERE h ->> 'action' <> 'recorded');--> statement-breakpoint
UPDATE "dead_letters" d SET "history" = coalesce((SELECT jsonb_agg(h ORDER BY n)
  FROM jsonb_array_elements(d."history") WITH ORDINALITY AS e(h, n) WHERE h ->> 'action' = 'recorded'), '[]'::jsonb)
WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(d."history") AS e(h) WHERE h ->> 'action' <> 'recorded');--> statement-breakpoint
ALTER TABLE "dead_letters" DROP COLUMN "status";