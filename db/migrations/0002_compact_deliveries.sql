-- Edited by hand: deliveries are rebuilt rather than altered (a dropped column keeps its bytes in every
-- existing row), their names moved into delivery_consumers; the fixed-width columns come first so that
-- rows need no alignment padding.
CREATE TABLE "delivery_consumers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "delivery_consumers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"topic" text NOT NULL,
	"group_name" text NOT NULL,
	"consumer" text NOT NULL,
	"service" text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_consumers_identity_idx" ON "delivery_consumers" USING btree ("topic","group_name","consumer","service");--> statement-breakpoint
INSERT INTO "delivery_consumers" ("topic", "group_name", "consumer", "service")
	SELECT DISTINCT "topic", "group_name", "consumer", "service" FROM "deliveries" ORDER BY 1, 2, 3, 4;
--> statement-breakpoint
DROP INDEX "deliveries_event_idx";--> statement-breakpoint
DROP INDEX "deliveries_group_at_idx";--> statement-breakpoint
DROP INDEX "deliveries_identity_idx";--> statement-breakpoint
DROP INDEX "deliveries_at_idx";--> statement-breakpoint
ALTER TABLE "deliveries" RENAME TO "deliveries_before_0002";--> statement-breakpoint
CREATE TABLE "deliveries" (
	"at" timestamp with time zone NOT NULL,
	"consumer_id" integer NOT NULL,
	"attempt" integer NOT NULL,
	"duration_ms" real,
	"entry_id" text NOT NULL,
	"event_id" text,
	"outcome" text NOT NULL,
	"category" text,
	"error" text
);
--> statement-breakpoint
INSERT INTO "deliveries" ("at", "consumer_id", "attempt", "duration_ms", "entry_id", "event_id", "outcome", "category", "error")
	SELECT d."at", c."id", d."attempt", d."duration_ms", d."entry_id", d."event_id", d."outcome", d."category", d."error"
	FROM "deliveries_before_0002" d
	JOIN "delivery_consumers" c USING ("topic", "group_name", "consumer", "service")
	ORDER BY d."at";
--> statement-breakpoint
DROP TABLE "deliveries_before_0002";--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_identity_no_event_idx" ON "deliveries" USING btree ("consumer_id","entry_id","attempt","outcome") WHERE event_id is null;--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_identity_idx" ON "deliveries" USING btree ("event_id","consumer_id","entry_id","attempt","outcome");--> statement-breakpoint
CREATE INDEX "deliveries_at_idx" ON "deliveries" USING brin ("at");--> statement-breakpoint
DROP INDEX "events_event_id_idx";--> statement-breakpoint
DROP INDEX "events_correlation_idx";--> statement-breakpoint
DROP INDEX "events_causation_idx";--> statement-breakpoint
CREATE INDEX "events_correlation_idx" ON "events" USING btree ("correlation_id") WHERE correlation_id is not null;--> statement-breakpoint
CREATE INDEX "events_causation_idx" ON "events" USING btree ("causation_id") WHERE causation_id is not null;--> statement-breakpoint
ALTER TABLE "events" DROP CONSTRAINT "events_pk";
--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_pk" PRIMARY KEY("event_id","source","time");
