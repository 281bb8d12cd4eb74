import { randomUUID } from "node:crypto";
import { readdir } from "node:fs/promises";
import { eq, sql } from "drizzle-orm";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { countStatements, getDb } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { jobOutbox, mealPhotos } from "@/db/schema";
import { enqueueHeldJobEventSql } from "@/lib/jobs/outbox";
import { recognitionEvent } from "@/lib/jobs/queue-recognition";
import { relayOutbox } from "@/lib/jobs/relay-outbox";
import { signUp, type TestUser } from "@/test/app-client";
import { phoneJpegWithExif, pngBomb, solidJpeg, solidPng } from "@/test/images";
import { eventually, startExecutor, stopJobs } from "@/test/jobs";

let user: TestUser;

beforeAll(async () => {
  user = await signUp();
});

async function storedFiles(): Promise<string[]> {
  const root = process.env.STORAGE_DIR as string;
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

async function photoRows(mealId: string) {
  const db = await getDb();
  return db.select().from(mealPhotos).where(eq(mealPhotos.mealId, mealId));
}

async function outboxRowsOf(mealId: string): Promise<string[]> {
  const rows = await (await getDb())
    .select({ id: jobOutbox.id })
    .from(jobOutbox)
    .where(sql`${jobOutbox.data} ->> 'mealId' = ${mealId}`);
  return rows.map((row) => row.id);
}

async function outboxOf(mealId: string) {
  const rows = await (await getDb())
    .select()
    .from(jobOutbox)
    .where(sql`${jobOutbox.data} ->> 'mealId' = ${mealId}`);
  return rows.map((row) => ({
    attempts: row.attempts,
    delivered: row.deliveredAt !== null,
    error: row.lastError !== null,
  }));
}

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

describe("POST /api/meals/:id/photos", () => {
  it("stores a phone JPEG upright, without EXIF or GPS, and serves it to its owner", async () => {
    const meal = await user.client.createMeal();
    const response = await user.client.upload(meal.id, await phoneJpegWithExif(800, 600), {
      filename: "IMG_0001.JPG",
    });
    expect(response.status).toBe(201);
    const { photo } = (await response.json()) as {
      photo: { id: string; status: string; width: number; height: number; url: string };
    };
    // Orientation 6 means the camera was turned: the upright image is 600 wide and 800 high.
    expect(photo).toMatchObject({ status: "PENDING", width: 600, height: 800 });

    const served = await user.client.get(photo.url);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/jpeg");
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    const bytes = Buffer.from(await served.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect([meta.width, meta.height]).toEqual([600, 800]);
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation ?? 1).toBe(1);

    const [row] = await photoRows(meal.id);
    expect(row?.storageKey).not.toContain("IMG_0001");
    expect(row?.storageKey).toMatch(new RegExp(`^photos/${user.id}/${photo.id}\\.jpg$`));
    expect(row?.bytes).toBe(bytes.byteLength);
    expect(
      (await user.client.get(photo.url, { headers: { "if-none-match": served.headers.get("etag") ?? "" } }))
        .status,
    ).toBe(304);
  });

  it("accepts a PNG and keeps it a PNG, bounding the longest side", async () => {
    const meal = await user.client.createMeal();
    const response = await user.client.upload(meal.id, await solidPng(3000, 1500), { filename: "plate.png" });
    expect(response.status).toBe(201);
    const { photo } = (await response.json()) as { photo: { mime: string; width: number; height: number } };
    expect(photo).toMatchObject({ mime: "image/png", width: 2048, height: 1024 });
  });

  it("is idempotent by clientUploadId, also under concurrency", async () => {
    const meal = await user.client.createMeal();
    const clientUploadId = randomUUID();
    const image = await solidJpeg();
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => user.client.upload(meal.id, image, { clientUploadId })),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    const ids = new Set(
      await Promise.all(responses.map(async (r) => ((await r.json()) as { photo: { id: string } }).photo.id)),
    );
    expect(ids.size).toBe(1);
    expect(await photoRows(meal.id)).toHaveLength(1);
    const files = (await storedFiles()).filter((name) => [...ids].some((id) => name.startsWith(id)));
    // One photo and its small copy: the bytes of the repeats were not kept.
    expect(files.sort()).toEqual([`${[...ids][0]}-small.webp`, `${[...ids][0]}.jpg`]);
  });

  it("moves a finished meal back to PROCESSING when a photo is added", async () => {
    const meal = await user.client.createMeal();
    await user.client.post(`/api/meals/${meal.id}/items`, {
      name: "Tea",
      grams: 250,
      kcal: 2,
      protein: 0,
      fat: 0,
      carbs: 0,
    });
    expect(
      ((await (await user.client.get(`/api/meals/${meal.id}`)).json()) as { meal: { status: string } }).meal
        .status,
    ).toBe("COMPLETE");
    await user.client.upload(meal.id, await solidJpeg());
    expect(
      ((await (await user.client.get(`/api/meals/${meal.id}`)).json()) as { meal: { status: string } }).meal
        .status,
    ).toBe("PROCESSING");
  });

  describe("refuses bad files and writes neither a row nor a file", () => {
    const cases: Array<[string, () => Promise<Uint8Array | Blob>, number, string]> = [
      [
        "a text file named .jpg",
        async () => new TextEncoder().encode("hello, I am not a photo\n".repeat(20)),
        415,
        "unsupported_media_type",
      ],
      [
        "an SVG",
        async () =>
          new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        415,
        "unsupported_media_type",
      ],
      [
        "a GIF",
        async () =>
          sharp({ create: { width: 4, height: 4, channels: 3, background: "red" } })
            .gif()
            .toBuffer(),
        415,
        "unsupported_media_type",
      ],
      ["a zero-byte file", async () => new Uint8Array(), 400, "bad_request"],
      [
        "a truncated JPEG",
        async () => (await solidJpeg(400, 300)).subarray(0, 200),
        415,
        "unsupported_media_type",
      ],
      ["a 20000×20000 PNG (decompression bomb)", async () => pngBomb(20000), 413, "payload_too_large"],
      [
        "a file over MAX_UPLOAD_BYTES",
        async () => new Uint8Array(16 * 1024 * 1024),
        413,
        "payload_too_large",
      ],
    ];
    it.each(cases)("%s", async (_name, makeFile, status, code) => {
      const meal = await user.client.createMeal();
      const before = await storedFiles();
      const response = await user.client.upload(meal.id, await makeFile(), { filename: "photo.jpg" });
      expect(response.status).toBe(status);
      expect((await errorOf(response)).code).toBe(code);
      expect(await photoRows(meal.id)).toEqual([]);
      expect(await storedFiles()).toEqual(before);
    });
  });

  it("answers 400 without a file or with a bad clientUploadId, 415 to a JSON body", async () => {
    const meal = await user.client.createMeal();
    const noFile = new FormData();
    noFile.set("clientUploadId", randomUUID());
    expect((await user.client.request("POST", `/api/meals/${meal.id}/photos`, { body: noFile })).status).toBe(
      400,
    );
    expect((await user.client.upload(meal.id, await solidJpeg(), { clientUploadId: "abc" })).status).toBe(
      400,
    );
    expect((await user.client.post(`/api/meals/${meal.id}/photos`, { file: "x" })).status).toBe(415);
    expect(await photoRows(meal.id)).toEqual([]);
  });

  it("refuses an 11th photo with 409", async () => {
    const meal = await user.client.createMeal();
    const image = await solidJpeg(64, 64);
    for (let i = 0; i < 10; i++) expect((await user.client.upload(meal.id, image)).status).toBe(201);
    const eleventh = await user.client.upload(meal.id, image);
    expect(eleventh.status).toBe(409);
    expect(await photoRows(meal.id)).toHaveLength(10);
  });

  it("sends its own event: no relay claims it while held, and one it could not send waits for the relay", async () => {
    const db = await getDb();
    const meal = await user.client.createMeal();
    const image = await solidJpeg(64, 64);
    expect((await user.client.upload(meal.id, image)).status).toBe(201);
    expect(await outboxOf(meal.id)).toEqual([{ attempts: 1, delivered: true, error: false }]);

    // Held, not yet sent (its request still running, or dead): a relay pass leaves it alone.
    const held = recognitionEvent({ id: randomUUID(), attempt: 1, mealId: meal.id, userId: user.id });
    await db.execute(enqueueHeldJobEventSql(held, sql`true`));
    await relayOutbox();
    const [row] = await db.select().from(jobOutbox).where(eq(jobOutbox.id, held.id));
    expect(row).toMatchObject({ attempts: 1, deliveredAt: null });
    await db.delete(jobOutbox).where(eq(jobOutbox.id, held.id));

    // The engine down: the upload answers, its event is due again after the first backoff.
    const port = Number(process.env.INNGEST_EMBEDDED_PORT);
    await stopJobs();
    let restarted = false;
    try {
      const other = await user.client.createMeal();
      expect((await user.client.upload(other.id, image)).status).toBe(201);
      expect(await outboxOf(other.id)).toEqual([{ attempts: 1, delivered: false, error: true }]);
      const [due] = rowsOf<{ soon: boolean }>(
        await db.execute(sql`select next_attempt_at < now() + interval '5 seconds' as soon
          from job_outbox where data ->> 'mealId' = ${other.id}`),
      );
      expect(due).toEqual({ soon: true });
      await startExecutor(port);
      restarted = true;
      // Then the relay sends it, as any event waiting in the outbox.
      await eventually(async () => {
        await relayOutbox();
        const [state] = await outboxOf(other.id);
        return state?.delivered ? state : undefined;
      });
    } finally {
      if (!restarted) await startExecutor(port);
    }
  });

  it("stores a photo in two statements in its transaction, its event with it, a refused one with none", async () => {
    const meal = await user.client.createMeal();
    const image = await solidJpeg(64, 64);
    const upload = await countStatements(() => user.client.upload(meal.id, image));
    expect(upload.result.status).toBe(201);
    const { photo } = (await upload.result.json()) as { photo: { id: string; createdAt: string } };
    // The meal with an earlier photo of this clientUploadId (no rate limit in tests); in the
    // transaction the meal's lock, then the checks with the photo's insert, its outbox row (held
    // by the upload) and the meal back to PROCESSING; after the commit its delivery mark.
    expect(upload.statements).toBe(4);
    const [row] = await photoRows(meal.id);
    expect(photo.createdAt).toBe(row?.createdAt.toISOString());
    expect(await outboxRowsOf(meal.id)).toEqual([`recognize-${photo.id}-1`]);

    const repeat = await countStatements(() =>
      user.client.upload(meal.id, image, { clientUploadId: row?.clientUploadId }),
    );
    expect(repeat.result.status).toBe(200);
    // Found before the image work: no transaction.
    expect(repeat.statements).toBe(1);

    for (let i = 1; i < 10; i++) expect((await user.client.upload(meal.id, image)).status).toBe(201);
    const refused = await countStatements(() => user.client.upload(meal.id, image));
    expect(refused.result.status).toBe(409);
    // The meal, then the lock and the checks, which insert nothing.
    expect(refused.statements).toBe(3);
    expect(await outboxRowsOf(meal.id)).toHaveLength(10);
  });
});
