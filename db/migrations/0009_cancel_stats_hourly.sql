CREATE TABLE "cancel_stats_hourly" (
	"hour" timestamp with time zone NOT NULL,
	"shard" integer NOT NULL,
	"cancels" integer DEFAULT 0 NOT NULL,
	"noops" integer DEFAULT 0 NOT NULL,
	"duplicates" integer DEFAULT 0 NOT NULL,
	"updated_photos" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "cancel_stats_hourly_hour_shard_pk" PRIMARY KEY("hour","shard")
);
--> statement-breakpoint
-- Kept by the statement triggers below, in the transaction that writes cancel_events. Each
-- database backend adds to its own row of the hour (shard = its pid), so concurrent cancels never
-- wait for one another here; a change that moves no count (meal_id set to null) writes nothing.
CREATE FUNCTION "cancel_stats_hourly_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  added text := 'SELECT created_at, 1, noop::int, duplicate_count, updated_photos FROM new_rows';
  removed text := 'SELECT created_at, -1, -(noop::int), -duplicate_count, -updated_photos FROM old_rows';
BEGIN
  EXECUTE format($sql$
    INSERT INTO cancel_stats_hourly AS s (hour, shard, cancels, noops, duplicates, updated_photos)
    SELECT date_trunc('hour', d.created_at, 'UTC'), pg_backend_pid(), sum(d.cancels), sum(d.noops),
      sum(d.duplicates), sum(d.updated_photos)
    FROM (%s) d (created_at, cancels, noops, duplicates, updated_photos)
    GROUP BY 1
    HAVING sum(d.cancels) <> 0 OR sum(d.noops) <> 0 OR sum(d.duplicates) <> 0 OR sum(d.updated_photos) <> 0
    ORDER BY 1
    ON CONFLICT (hour, shard) DO UPDATE SET
      cancels = s.cancels + excluded.cancels,
      noops = s.noops + excluded.noops,
      duplicates = s.duplicates + excluded.duplicates,
      updated_photos = s.updated_photos + excluded.updated_photos$sql$,
    CASE TG_OP WHEN 'INSERT' THEN added WHEN 'DELETE' THEN removed ELSE added || ' UNION ALL ' || removed END);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "cancel_stats_hourly_on_insert" AFTER INSERT ON "cancel_events"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cancel_stats_hourly_apply();
--> statement-breakpoint
CREATE TRIGGER "cancel_stats_hourly_on_update" AFTER UPDATE ON "cancel_events"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cancel_stats_hourly_apply();
--> statement-breakpoint
CREATE TRIGGER "cancel_stats_hourly_on_delete" AFTER DELETE ON "cancel_events"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cancel_stats_hourly_apply();
--> statement-breakpoint
INSERT INTO "cancel_stats_hourly" (hour, shard, cancels, noops, duplicates, updated_photos)
SELECT date_trunc('hour', created_at, 'UTC'), 0, count(*), count(*) FILTER (WHERE noop), sum(duplicate_count),
  sum(updated_photos)
FROM "cancel_events" GROUP BY 1;
