import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { SMALL_PHOTO_WIDTH } from "@/lib/photos/photo-sizes";
import { signUp, type TestUser } from "@/test/app-client";
import { phoneJpegWithExif } from "@/test/images";

let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  alice = await signUp("Alice");
  bob = await signUp("Bob");
});

describe("GET /api/photos/:id?size=small", () => {
  it("serves the owner a small WebP copy, made once and stored, with its own ETag; others get 404", async () => {
    const meal = await alice.client.createMeal();
    const upload = await alice.client.upload(meal.id, await phoneJpegWithExif(1600, 1200));
    expect(upload.status).toBe(201);
    const { photo } = (await upload.json()) as { photo: { id: string } };

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
