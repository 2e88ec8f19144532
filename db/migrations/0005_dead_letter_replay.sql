CREATE TABLE "replay_job_letters" (
	"job_id" text NOT NULL,
	"letter_id" text NOT NULL,
	"seq" integer NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"event_id" text,
	"entry_id" text,
	"new_letter_id" text,
	"replayed_at" timestamp with time zone,
	"settled_at" timestamp with time zone,
	"detail" text,
	CONSTRAINT "replay_job_letters_job_id_letter_id_pk" PRIMARY KEY("job_id","letter_id")
);
--> statement-breakpoint
CREATE TABLE "replay_jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"selection" jsonb NOT NULL,
	"target" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"rate_start" integer NOT NULL,
	"rate_max" integer NOT NULL,
	"pause_at_failure_rate" real NOT NULL,
	"edit" jsonb,
	"plan" jsonb NOT NULL,
	"total" integer NOT NULL,
	"replayed" integer DEFAULT 0 NOT NULL,
	"succeeded" integer DEFAULT 0 NOT NULL,
	"failed_again" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"created_by" text NOT NULL,
	"created_by_name" text NOT NULL,
	"approved_by" text,
	"approved_by_name" text,
	"reason" text,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "dead_letters" ADD COLUMN "fingerprint" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "dead_letters" ADD COLUMN "pattern" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "dead_letters" ADD COLUMN "frame" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "replay_job_letters" ADD CONSTRAINT "replay_job_letters_job_id_replay_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."replay_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "replay_job_letters_order_idx" ON "replay_job_letters" USING btree ("job_id","state","seq");--> statement-breakpoint
CREATE INDEX "replay_job_letters_event_idx" ON "replay_job_letters" USING btree ("event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "replay_job_letters_live_idx" ON "replay_job_letters" USING btree ("letter_id") WHERE state in ('pending', 'replaying');--> statement-breakpoint
CREATE INDEX "replay_jobs_state_idx" ON "replay_jobs" USING btree ("state","created_at");--> statement-breakpoint
CREATE INDEX "dead_letters_fingerprint_idx" ON "dead_letters" USING btree ("fingerprint","last_failure_at");--> statement-breakpoint
CREATE INDEX "dead_letters_event_idx" ON "dead_letters" USING btree ("event_id");