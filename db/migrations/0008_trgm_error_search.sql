-- Edited by hand: the extension comes first (drizzle-kit does not manage extensions). pg_trgm is a
-- trusted extension, so a database owner without superuser may create it; the embedded store loads
-- it in db/pglite-worker.mjs.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX "dead_letters_error_trgm_idx" ON "dead_letters" USING gin ("error_message" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "deliveries_error_trgm_idx" ON "deliveries" USING gin ("error" gin_trgm_ops) WITH (fastupdate=false) WHERE error is not null;
