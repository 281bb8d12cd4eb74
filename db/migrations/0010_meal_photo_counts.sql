CREATE TABLE "meal_photo_counts" (
	"status" "photo_status" NOT NULL,
	"error_code" text DEFAULT '' NOT NULL,
	"shard" integer NOT NULL,
	"photos" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "meal_photo_counts_status_error_code_shard_pk" PRIMARY KEY("status","error_code","shard")
);
--> statement-breakpoint
-- Kept by the statement triggers below, in the transaction that writes meal_photos. Each database
-- backend adds to its own rows (shard = its pid), so concurrent writers never wait for one another
-- here; a change that moves no count (a heartbeat) writes nothing. One function per operation, with
-- static SQL, so PL/pgSQL keeps each plan.
CREATE FUNCTION "meal_photo_counts_on_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO meal_photo_counts AS c (status, error_code, shard, photos)
  SELECT status, CASE WHEN status = 'FAILED' THEN coalesce(error_code, 'unknown') ELSE '' END, pg_backend_pid(), count(*)
  FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (status, error_code, shard) DO UPDATE SET photos = c.photos + excluded.photos;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "meal_photo_counts_on_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO meal_photo_counts AS c (status, error_code, shard, photos)
  SELECT d.status, d.error_code, pg_backend_pid(), sum(d.photos)
  FROM (
    SELECT status, CASE WHEN status = 'FAILED' THEN coalesce(error_code, 'unknown') ELSE '' END, 1 FROM new_rows
    UNION ALL
    SELECT status, CASE WHEN status = 'FAILED' THEN coalesce(error_code, 'unknown') ELSE '' END, -1 FROM old_rows
  ) d (status, error_code, photos)
  GROUP BY 1, 2 HAVING sum(d.photos) <> 0 ORDER BY 1, 2
  ON CONFLICT (status, error_code, shard) DO UPDATE SET photos = c.photos + excluded.photos;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "meal_photo_counts_on_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO meal_photo_counts AS c (status, error_code, shard, photos)
  SELECT status, CASE WHEN status = 'FAILED' THEN coalesce(error_code, 'unknown') ELSE '' END, pg_backend_pid(), -count(*)
  FROM old_rows GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (status, error_code, shard) DO UPDATE SET photos = c.photos + excluded.photos;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "meal_photo_counts_on_insert" AFTER INSERT ON "meal_photos"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION meal_photo_counts_on_insert();
--> statement-breakpoint
CREATE TRIGGER "meal_photo_counts_on_update" AFTER UPDATE ON "meal_photos"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION meal_photo_counts_on_update();
--> statement-breakpoint
CREATE TRIGGER "meal_photo_counts_on_delete" AFTER DELETE ON "meal_photos"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION meal_photo_counts_on_delete();
--> statement-breakpoint
INSERT INTO "meal_photo_counts" (status, error_code, shard, photos)
SELECT status, CASE WHEN status = 'FAILED' THEN coalesce(error_code, 'unknown') ELSE '' END, 0, count(*)
FROM "meal_photos" GROUP BY 1, 2;
