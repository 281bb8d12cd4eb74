CREATE TABLE "operation_stats_hourly" (
	"hour" timestamp with time zone NOT NULL,
	"shard" integer NOT NULL,
	"race_guard_discards" integer DEFAULT 0 NOT NULL,
	"meals_complete" integer DEFAULT 0 NOT NULL,
	"meals_failed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "operation_stats_hourly_hour_shard_pk" PRIMARY KEY("hour","shard")
);
--> statement-breakpoint
CREATE INDEX "operation_events_created_idx" ON "operation_events" USING btree ("created_at");--> statement-breakpoint
-- Kept like cancel_stats_hourly (0009): statement triggers in the transaction that writes
-- operation_events, each backend adding to its own row of the hour (shard = its pid).
CREATE FUNCTION "operation_stats_hourly_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  counts text := 'SELECT created_at, %s * (kind = ''race_guard_discard'')::int,
    %s * ((kind = ''meal_finalized'' AND detail ->> ''status'' = ''COMPLETE'') IS TRUE)::int,
    %s * ((kind = ''meal_finalized'' AND detail ->> ''status'' = ''FAILED'') IS TRUE)::int FROM %s';
  added text := format(counts, 1, 1, 1, 'new_rows');
  removed text := format(counts, -1, -1, -1, 'old_rows');
BEGIN
  EXECUTE format($sql$
    INSERT INTO operation_stats_hourly AS s (hour, shard, race_guard_discards, meals_complete, meals_failed)
    SELECT date_trunc('hour', d.created_at, 'UTC'), pg_backend_pid(), sum(d.discards), sum(d.complete),
      sum(d.failed)
    FROM (%s) d (created_at, discards, complete, failed)
    GROUP BY 1
    HAVING sum(d.discards) <> 0 OR sum(d.complete) <> 0 OR sum(d.failed) <> 0
    ORDER BY 1
    ON CONFLICT (hour, shard) DO UPDATE SET
      race_guard_discards = s.race_guard_discards + excluded.race_guard_discards,
      meals_complete = s.meals_complete + excluded.meals_complete,
      meals_failed = s.meals_failed + excluded.meals_failed$sql$,
    CASE TG_OP WHEN 'INSERT' THEN added WHEN 'DELETE' THEN removed ELSE added || ' UNION ALL ' || removed END);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "operation_stats_hourly_on_insert" AFTER INSERT ON "operation_events"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION operation_stats_hourly_apply();
--> statement-breakpoint
CREATE TRIGGER "operation_stats_hourly_on_update" AFTER UPDATE ON "operation_events"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION operation_stats_hourly_apply();
--> statement-breakpoint
CREATE TRIGGER "operation_stats_hourly_on_delete" AFTER DELETE ON "operation_events"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION operation_stats_hourly_apply();
--> statement-breakpoint
INSERT INTO "operation_stats_hourly" (hour, shard, race_guard_discards, meals_complete, meals_failed)
SELECT date_trunc('hour', created_at, 'UTC'), 0, count(*) FILTER (WHERE kind = 'race_guard_discard'),
  count(*) FILTER (WHERE kind = 'meal_finalized' AND detail ->> 'status' = 'COMPLETE'),
  count(*) FILTER (WHERE kind = 'meal_finalized' AND detail ->> 'status' = 'FAILED')
FROM "operation_events" GROUP BY 1;
