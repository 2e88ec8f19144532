-- Edited by hand: drizzle-kit drops and rebuilds the index to change its storage parameters; ALTER INDEX
-- changes them in place (the pending list applies to inserts from now on, nothing is rebuilt).
ALTER INDEX "dead_letters_error_trgm_idx" SET (fastupdate = on, gin_pending_list_limit = 256);
