-- Edited by hand: drizzle-kit wrote the first statement; it does not manage triggers.
-- The foreign key's check locked each replayed letter's wide dead_letters row (a write to its page per
-- letter); triggers keep what it cascaded: a dead letter deleted or truncated takes its state row along.
ALTER TABLE "dead_letter_states" DROP CONSTRAINT "dead_letter_states_letter_id_dead_letters_id_fk";--> statement-breakpoint
CREATE FUNCTION "dead_letters_drop_states"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "dead_letter_states" st USING "gone" g WHERE st."letter_id" = g."id";
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "dead_letters_drop_states" AFTER DELETE ON "dead_letters"
  REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "dead_letters_drop_states"();--> statement-breakpoint
-- a DELETE, not a TRUNCATE: `truncate dead_letters, dead_letter_states` fires it with the states in use
CREATE FUNCTION "dead_letters_truncate_states"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "dead_letter_states";
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "dead_letters_truncate_states" AFTER TRUNCATE ON "dead_letters"
  FOR EACH STATEMENT EXECUTE FUNCTION "dead_letters_truncate_states"();
