CREATE TABLE "replay_previews" (
	"id" text PRIMARY KEY NOT NULL,
	"letter_ids" text[] NOT NULL,
	"request" jsonb NOT NULL,
	"plan" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "replay_jobs" ADD COLUMN "rate_current" real;--> statement-breakpoint
ALTER TABLE "replay_jobs" ADD COLUMN "new_since_preview" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "replay_jobs" ADD COLUMN "audit_id" bigint;--> statement-breakpoint
CREATE INDEX "replay_previews_expires_idx" ON "replay_previews" USING btree ("expires_at");