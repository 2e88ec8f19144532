CREATE TABLE "store_identity" (
	"id" text PRIMARY KEY NOT NULL,
	"recorder_group" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- A database that has recorded already keeps the shared group it used, so that the upgrade does not read
-- every stream again; a new one gets a group of its own (see db/schema/system.ts).
INSERT INTO "store_identity" ("id", "recorder_group")
SELECT
	"id",
	CASE
		WHEN EXISTS (SELECT 1 FROM "events")
			OR EXISTS (SELECT 1 FROM "dead_letters")
			OR EXISTS (SELECT 1 FROM "instances" WHERE "role" = 'recorder')
		THEN 'eventlens-recorder'
		ELSE 'eventlens-recorder-' || substr("id", 1, 8)
	END
FROM (SELECT replace(gen_random_uuid()::text, '-', '') AS "id") AS "fresh";
