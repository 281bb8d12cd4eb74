DROP INDEX "foods_owner_id_idx";--> statement-breakpoint
DROP INDEX "foods_name_trgm_idx";--> statement-breakpoint
DROP INDEX "foods_local_names_trgm_idx";--> statement-breakpoint
CREATE INDEX "foods_owner_id_idx" ON "foods" USING btree ("owner_id") WHERE "foods"."owner_id" is not null;--> statement-breakpoint
CREATE INDEX "foods_name_trgm_idx" ON "foods" USING gin (lower("name") gin_trgm_ops) WHERE "foods"."owner_id" is null;--> statement-breakpoint
CREATE INDEX "foods_local_names_trgm_idx" ON "foods" USING gin (lower("local_names") gin_trgm_ops) WHERE "foods"."owner_id" is null;