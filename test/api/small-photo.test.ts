import { eq } from "drizzle-orm";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { mealPhotos } from "@/db/schema";
import { SMALL_PHOTO_WIDTH } from "@/lib/photos/photo-sizes";
import { smallPhotoKey } from "@/lib/photos/small-photo";
import { getStorage } from "@/lib/storage";
import { signUp, type TestUser } from "@/test/app-client";
import { phoneJpegWithExif } from "@/test/images";

let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  alice = await signUp("Alice");
  bob = await signUp("Bob");
});

/** Uploads a phone photo (1600×1200, EXIF orientation 6: upright it is 1200×1600) for Alice. */
async function uploadPhonePhoto() {
  const meal = await alice.client.createMeal();
  const upload = await alice.client.upload(meal.id, await phoneJpegWithExif(1600, 1200));
  expect(upload.status).toBe(201);
  const { photo } = (await upload.json()) as { photo: { id: string } };
  const [row] = await (await getDb()).select().from(mealPhotos).where(eq(mealPhotos.id, photo.id));
  if (!row) throw new Error("the uploaded photo has no row");
  return row;
}

describe("the small copy made at upload", () => {
  it("is stored beside the photo by the upload itself, upright, before any page asks for it", async () => {
    const row = await uploadPhonePhoto();
    const stored = await getStorage().get(smallPhotoKey(row.storageKey));
    if (!stored) throw new Error("the upload stored no small copy");
    const small = await sharp(stored).metadata();
    expect(small.format).toBe("webp");
    expect(small.width).toBe(SMALL_PHOTO_WIDTH);
    // Same orientation as the stored photo (EXIF applied): portrait, like the full one.
    expect(small.height).toBe(Math.round((SMALL_PHOTO_WIDTH * (row.height ?? 0)) / (row.width ?? 1)));

    const served = await alice.client.get(`/api/photos/${row.id}?size=small`);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.from(stored))).toBe(true);
  });

  it("is made on first request for a photo stored without one (stored before uploads made it)", async () => {
    const row = await uploadPhonePhoto();
    await getStorage().delete(smallPhotoKey(row.storageKey));
    const served = await alice.client.get(`/api/photos/${row.id}?size=small`);
    expect(served.status).toBe(200);
    expect((await sharp(Buffer.from(await served.arrayBuffer())).metadata()).width).toBe(SMALL_PHOTO_WIDTH);
    expect(await getStorage().get(smallPhotoKey(row.storageKey))).not.toBeNull();
  });
});

describe("GET /api/photos/:id?size=small", () => {
  it("serves the owner a small WebP copy, the same bytes every time, with its own ETag; others get 404", async () => {
    const photo = await uploadPhonePhoto();

    const first = await alice.client.get(`/api/photos/${photo.id}?size=small`);
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("image/webp");
    const bytes = Buffer.from(await first.arrayBuffer());
    const { width, format } = await sharp(bytes).metadata();
    expect(format).toBe("webp");
    expect(width).toBe(SMALL_PHOTO_WIDTH);
    const full = await alice.client.get(`/api/photos/${photo.id}`);
    expect(bytes.byteLength).toBeLessThan((await full.arrayBuffer()).byteLength);

    const again = await alice.client.get(`/api/photos/${photo.id}?size=small`);
    expect(Buffer.from(await again.arrayBuffer()).equals(bytes)).toBe(true);
    expect(again.headers.get("etag")).not.toBe(full.headers.get("etag"));

    expect((await bob.client.get(`/api/photos/${photo.id}?size=small`)).status).toBe(404);
    expect((await alice.client.get(`/api/photos/${photo.id}?size=huge`)).status).toBe(400);
  });
});
