CREATE TYPE "public"."operation_kind" AS ENUM('race_guard_discard', 'meal_finalized');--> statement-breakpoint
CREATE TABLE "operation_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "operation_kind" NOT NULL,
	"user_id" text,
	"meal_id" uuid,
	"photo_id" uuid,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "operation_events_kind_created_idx" ON "operation_events" USING btree ("kind","created_at");