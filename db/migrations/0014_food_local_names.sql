ALTER TABLE "foods" ADD COLUMN "local_names" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX "foods_local_names_trgm_idx" ON "foods" USING gin (lower("local_names") gin_trgm_ops);