-- Trigram search on food names (trusted extension: a database owner may create it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "foods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"source_id" text NOT NULL,
	"name" text NOT NULL,
	"food_group" text NOT NULL,
	"kcal" real NOT NULL,
	"protein" real NOT NULL,
	"fat" real NOT NULL,
	"carbs" real NOT NULL
);
--> statement-breakpoint
ALTER TABLE "food_items" ADD COLUMN "food_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "foods_source_id_uq" ON "foods" USING btree ("source","source_id");--> statement-breakpoint
CREATE INDEX "foods_name_trgm_idx" ON "foods" USING gin (lower("name") gin_trgm_ops);--> statement-breakpoint
ALTER TABLE "food_items" ADD CONSTRAINT "food_items_food_id_foods_id_fk" FOREIGN KEY ("food_id") REFERENCES "public"."foods"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "food_items_food_id_idx" ON "food_items" USING btree ("food_id");