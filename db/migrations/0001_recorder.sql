CREATE TABLE "dead_letters" (
	"id" text PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"group_name" text NOT NULL,
	"consumer" text NOT NULL,
	"entry_id" text NOT NULL,
	"event_id" text,
	"event_type" text,
	"correlation_id" text,
	"category" text NOT NULL,
	"attempts" integer NOT NULL,
	"first_failure_at" timestamp with time zone NOT NULL,
	"last_failure_at" timestamp with time zone NOT NULL,
	"error_name" text NOT NULL,
	"error_message" text NOT NULL,
	"error_stack" text NOT NULL,
	"raw" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"history" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"topic" text NOT NULL,
	"entry_id" text NOT NULL,
	"group_name" text NOT NULL,
	"consumer" text NOT NULL,
	"service" text NOT NULL,
	"event_id" text,
	"type" text,
	"correlation_id" text,
	"outcome" text NOT NULL,
	"attempt" integer NOT NULL,
	"duration_ms" real,
	"category" text,
	"error" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"source" text NOT NULL,
	"event_id" text NOT NULL,
	"time" timestamp with time zone NOT NULL,
	"topic" text NOT NULL,
	"stream" text NOT NULL,
	"entry_id" text NOT NULL,
	"type" text NOT NULL,
	"subject" text,
	"correlation_id" text,
	"causation_id" text,
	"traceparent" text,
	"tenant_id" text,
	"data_version" integer,
	"sensitivity" text,
	"data" jsonb,
	"raw_fields" jsonb,
	"foreign" boolean DEFAULT false NOT NULL,
	"decode_error" text,
	"size_bytes" integer DEFAULT 0 NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_pk" PRIMARY KEY("source","event_id","time")
) PARTITION BY RANGE ("time");
--> statement-breakpoint
-- Edited by hand (drizzle-kit cannot express partitioning): daily partitions are created ahead of time
-- by the recorder's maintenance job, and retention drops them; the default partition catches events
-- whose time falls outside every daily partition (clock skew, foreign entries with old ids).
CREATE TABLE "events_default" PARTITION OF "events" DEFAULT;
--> statement-breakpoint
CREATE TABLE "retention_policies" (
	"type" text PRIMARY KEY NOT NULL,
	"days" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metric_rollups" (
	"resolution" text NOT NULL,
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	"failed" bigint DEFAULT 0 NOT NULL,
	"retried" bigint DEFAULT 0 NOT NULL,
	"dead_lettered" bigint DEFAULT 0 NOT NULL,
	"latency_sum_ms" real DEFAULT 0 NOT NULL,
	"latency_max_ms" real DEFAULT 0 NOT NULL,
	"latency_buckets" integer[] DEFAULT '{}' NOT NULL,
	"lag" bigint,
	CONSTRAINT "metric_rollups_pk" PRIMARY KEY("resolution","scope","key","bucket_start")
);
--> statement-breakpoint
CREATE TABLE "service_nodes" (
	"service" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"events_published" bigint DEFAULT 0 NOT NULL,
	"mean_size_bytes" real DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "topology_edges" (
	"kind" text NOT NULL,
	"from_node" text NOT NULL,
	"to_node" text NOT NULL,
	"events" bigint DEFAULT 0 NOT NULL,
	"failures" bigint DEFAULT 0 NOT NULL,
	"latency_buckets" integer[] DEFAULT '{}' NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "topology_edges_pk" PRIMARY KEY("kind","from_node","to_node")
);
--> statement-breakpoint
CREATE INDEX "dead_letters_status_idx" ON "dead_letters" USING btree ("status","last_failure_at");--> statement-breakpoint
CREATE INDEX "dead_letters_topic_idx" ON "dead_letters" USING btree ("topic","last_failure_at");--> statement-breakpoint
CREATE INDEX "dead_letters_category_idx" ON "dead_letters" USING btree ("category");--> statement-breakpoint
CREATE INDEX "dead_letters_correlation_idx" ON "dead_letters" USING btree ("correlation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_identity_idx" ON "deliveries" USING btree ("topic","entry_id","group_name","attempt","outcome","consumer");--> statement-breakpoint
CREATE INDEX "deliveries_event_idx" ON "deliveries" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "deliveries_group_at_idx" ON "deliveries" USING btree ("group_name","at");--> statement-breakpoint
CREATE INDEX "deliveries_at_idx" ON "deliveries" USING btree ("at");--> statement-breakpoint
CREATE INDEX "events_correlation_idx" ON "events" USING btree ("correlation_id","time");--> statement-breakpoint
CREATE INDEX "events_causation_idx" ON "events" USING btree ("causation_id");--> statement-breakpoint
CREATE INDEX "events_event_id_idx" ON "events" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "events_type_time_idx" ON "events" USING btree ("type","time");--> statement-breakpoint
CREATE INDEX "events_topic_time_idx" ON "events" USING btree ("topic","time");--> statement-breakpoint
CREATE INDEX "events_time_idx" ON "events" USING btree ("time");