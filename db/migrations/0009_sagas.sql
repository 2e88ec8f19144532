CREATE TABLE "saga_instances" (
	"saga_id" text PRIMARY KEY NOT NULL,
	"definition_name" text NOT NULL,
	"definition_version" integer NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"correlation_id" text,
	"current_step_index" integer,
	"current_step_name" text,
	"failed_step_index" integer,
	"failed_step_name" text,
	"failed_error" jsonb,
	"input" jsonb,
	"started_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"last_seq" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "saga_steps" (
	"saga_id" text NOT NULL,
	"step_index" integer NOT NULL,
	"phase" text NOT NULL,
	"attempt" integer NOT NULL,
	"name" text NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"error" jsonb,
	"retry_in_ms" integer,
	"late_replies" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"payload" jsonb,
	"payload_type" text,
	"event_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"last_seq" bigint NOT NULL,
	CONSTRAINT "saga_steps_pk" PRIMARY KEY("saga_id","step_index","phase","attempt")
);
--> statement-breakpoint
CREATE INDEX "saga_instances_definition_idx" ON "saga_instances" USING btree ("definition_name","status","updated_at");--> statement-breakpoint
CREATE INDEX "saga_instances_updated_idx" ON "saga_instances" USING btree ("updated_at","saga_id");--> statement-breakpoint
CREATE INDEX "saga_instances_stuck_idx" ON "saga_instances" USING btree ("updated_at") WHERE status = 'stuck';--> statement-breakpoint
CREATE INDEX "saga_instances_correlation_idx" ON "saga_instances" USING btree ("correlation_id") WHERE correlation_id is not null;