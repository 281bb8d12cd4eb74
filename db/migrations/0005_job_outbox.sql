CREATE TABLE "job_outbox" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"data" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
DROP INDEX "meal_photos_in_flight_idx";--> statement-breakpoint
ALTER TABLE "meal_photos" ADD COLUMN "heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "meal_photos" ADD COLUMN "retry_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "meal_photos" ADD COLUMN "recoveries" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "job_outbox_due_idx" ON "job_outbox" USING btree ("next_attempt_at") WHERE "job_outbox"."delivered_at" is null;--> statement-breakpoint
CREATE INDEX "job_outbox_delivered_idx" ON "job_outbox" USING btree ("delivered_at") WHERE "job_outbox"."delivered_at" is not null;--> statement-breakpoint
CREATE INDEX "meal_photos_user_heartbeat_idx" ON "meal_photos" USING btree ("user_id","heartbeat_at");--> statement-breakpoint
CREATE INDEX "meal_photos_in_flight_idx" ON "meal_photos" USING btree ("heartbeat_at") WHERE "meal_photos"."status" in ('PENDING', 'PROCESSING');