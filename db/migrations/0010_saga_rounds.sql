ALTER TABLE "saga_instances" ADD COLUMN "round" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "saga_steps" ADD COLUMN "round" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "saga_steps" DROP CONSTRAINT "saga_steps_pk";
--> statement-breakpoint
ALTER TABLE "saga_steps" ADD CONSTRAINT "saga_steps_pk" PRIMARY KEY("saga_id","round","step_index","phase","attempt");