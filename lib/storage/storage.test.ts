import { createHash, randomBytes, randomUUID } from "node:crypto";
import { chmodSync, mkdtempSync, statSync } from "node:fs";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";
import { eq } from "drizzle-orm";
import pino from "pino";
import S3rver from "s3rver";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { mealPhotos } from "@/db/schema";
import { reloadConfig } from "@/lib/config";
import { AppError } from "@/lib/http/errors";
import { signUp, type TestUser } from "@/test/app-client";
import { solidJpeg } from "@/test/images";
import { freePort, settledRecognition, startJobs } from "@/test/jobs";
import { DiskStorage } from "./disk-storage";
import { getStorage, resetStorageForTests } from "./index";
import { S3Storage, type S3StorageOptions } from "./s3-storage";
import type { PhotoStorage } from "./storage";

// A real S3-compatible server over HTTP (s3rver accepts the credentials S3RVER / S3RVER only).
const BUCKET = "mealsnap-test";
const ACCESS_KEY_ID = "S3RVER";
const SECRET_ACCESS_KEY = "S3RVER";
let s3rver: S3rver;
let s3Dir: string;
let endpoint: string;
let raw: S3Client;

beforeAll(async () => {
  s3Dir = mkdtempSync(path.join(os.tmpdir(), "mealsnap-s3rver-"));
  s3rver = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory: s3Dir,
    configureBuckets: [{ name: BUCKET }],
  });
  const { port } = await s3rver.run();
  endpoint = `http://127.0.0.1:${port}`;
  raw = new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
});

afterAll(async () => {
  resetStorageForTests();
  raw?.destroy();
  await s3rver?.close();
  await rm(s3Dir, { recursive: true, force: true });
});

function s3Options(overrides: Partial<S3StorageOptions> = {}): S3StorageOptions {
  return {
    bucket: BUCKET,
    endpoint,
    region: "us-east-1",
    accessKeyId: ACCESS_KEY_ID,
    secretAccessKey: SECRET_ACCESS_KEY,
    forcePathStyle: true,
    ...overrides,
  };
}

/** A pino logger whose lines the test can read. */
function capturingLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: "info" }, sink), lines };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

function expectUnavailable(error: unknown) {
  expect(error).toBeInstanceOf(AppError);
  expect(error).toMatchObject({ code: "unavailable", status: 503 });
  expect((error as Error).message).toMatch(/^Photo storage is unavailable/);
}

const key = (name = randomUUID()) => `photos/test-user/${name}.jpg`;

const drivers: Array<{ name: string; create: () => PhotoStorage }> = [
  { name: "disk", create: () => new DiskStorage(mkdtempSync(path.join(os.tmpdir(), "mealsnap-disk-"))) },
  { name: "s3", create: () => new S3Storage(s3Options()) },
];

describe.each(drivers)("$name storage", ({ create }) => {
  let storage: PhotoStorage;
  beforeAll(() => {
    storage = create();
  });

  it("round-trips binary bytes exactly (every byte value, and 2 MB of noise)", async () => {
    const everyByte = Uint8Array.from({ length: 256 }, (_, index) => index);
    const noise = new Uint8Array(randomBytes(2 * 1024 * 1024));
    const [small, large] = [key(), key()];
    await storage.put(small, everyByte, "application/octet-stream");
    await storage.put(large, noise, "image/jpeg");
    expect(Buffer.from((await storage.get(small)) ?? [])).toEqual(Buffer.from(everyByte));
    const back = await storage.get(large);
    expect(back?.byteLength).toBe(noise.byteLength);
    expect(
      createHash("sha256")
        .update(back ?? new Uint8Array())
        .digest("hex"),
    ).toBe(createHash("sha256").update(noise).digest("hex"));
  });

  it("overwrites the bytes under one key", async () => {
    const name = key();
    await storage.put(name, new Uint8Array([1, 2, 3, 4]), "image/jpeg");
    await storage.put(name, new Uint8Array([9, 8]), "image/jpeg");
    expect(Array.from((await storage.get(name)) ?? [])).toEqual([9, 8]);
  });

  it("answers null for a key that holds nothing", async () => {
    expect(await storage.get(key())).toBeNull();
  });

  it("deletes idempotently: a missing key, then the same key twice", async () => {
    const name = key();
    await expect(storage.delete(name)).resolves.toBeUndefined();
    await storage.put(name, new Uint8Array([7]), "image/png");
    await storage.delete(name);
    await expect(storage.delete(name)).resolves.toBeUndefined();
    expect(await storage.get(name)).toBeNull();
  });

  it.each([
    "../outside.jpg",
    "photos/../../etc/passwd",
    "/absolute/path.jpg",
    "photos//double.jpg",
    ".hidden",
    "with space.jpg",
    "photos/x.jpg?versionId=1",
    "",
  ])("refuses the unsafe key %j for put, get and delete", async (unsafe) => {
    await expect(storage.put(unsafe, new Uint8Array([1]), "image/jpeg")).rejects.toThrow(
      /unsafe storage key/,
    );
    await expect(storage.get(unsafe)).rejects.toThrow(/unsafe storage key/);
    await expect(storage.delete(unsafe)).rejects.toThrow(/unsafe storage key/);
  });
});

describe("disk storage only", () => {
  // Mode bits themselves: the tests may run as root, which permission checks would not stop.
  const modeOf = (file: string) => statSync(file).mode & 0o777;

  it("keeps photos 0600 in folders 0700, and narrows an existing root open to others", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "mealsnap-disk-modes-"));
    chmodSync(root, 0o755);
    const storage = new DiskStorage(root);
    expect(modeOf(root)).toBe(0o700);
    await storage.put("photos/user/meal.jpg", new Uint8Array([1, 2, 3]));
    expect(modeOf(path.join(root, "photos"))).toBe(0o700);
    expect(modeOf(path.join(root, "photos", "user"))).toBe(0o700);
    expect(modeOf(path.join(root, "photos", "user", "meal.jpg"))).toBe(0o600);
  });

  it("creates a missing root and its parents 0700", () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), "mealsnap-disk-modes-"));
    new DiskStorage(path.join(parent, "data", "uploads"));
    expect(modeOf(path.join(parent, "data"))).toBe(0o700);
    expect(modeOf(path.join(parent, "data", "uploads"))).toBe(0o700);
  });
});

describe("s3 storage only", () => {
  it("stores the content type with the object, and writes under the key itself", async () => {
    const storage = new S3Storage(s3Options());
    const name = key();
    await storage.put(name, new Uint8Array([0xff, 0xd8, 0xff]), "image/webp");
    const head = await raw.send(new HeadObjectCommand({ Bucket: BUCKET, Key: name }));
    expect(head.ContentType).toBe("image/webp");
    expect(head.ContentLength).toBe(3);
    storage.destroy();
  });

  it("passes the health check on a reachable bucket", async () => {
    const storage = new S3Storage(s3Options());
    await expect(storage.healthCheck()).resolves.toBeUndefined();
    storage.destroy();
  });

  it("maps a missing bucket to AppError unavailable (503) for every operation and the health check", async () => {
    const { logger, lines } = capturingLogger();
    const storage = new S3Storage(s3Options({ bucket: "no-such-bucket", logger }));
    for (const call of [
      () => storage.put(key(), new Uint8Array([1]), "image/jpeg"),
      () => storage.get(key()),
      () => storage.delete(key()),
      () => storage.healthCheck(),
    ]) {
      expectUnavailable(await rejection(call()));
    }
    // The cause is in the log for operators, without the secret.
    expect(lines.join("")).toContain("NoSuchBucket");
    expect(lines.join("")).not.toContain(SECRET_ACCESS_KEY);
    storage.destroy();
  });

  it("maps a network error (nothing listening) to unavailable, after bounded retries", async () => {
    const closed = await freePort();
    const { logger, lines } = capturingLogger();
    const storage = new S3Storage(s3Options({ endpoint: `http://127.0.0.1:${closed}`, logger }));
    const started = Date.now();
    expectUnavailable(await rejection(storage.get(key())));
    expectUnavailable(await rejection(storage.put(key(), new Uint8Array([1]), "image/jpeg")));
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(lines.join("")).toContain("ECONNREFUSED");
    storage.destroy();
  });

  it("maps refused credentials to unavailable and never shows the secret in the error or the log", async () => {
    // s3rver does not verify SigV4 signatures, but refuses an unknown access key id (403).
    const secret = "wrong-secret-never-to-be-logged-0123456789";
    const { logger, lines } = capturingLogger();
    const storage = new S3Storage(s3Options({ accessKeyId: "UNKNOWNKEY", secretAccessKey: secret, logger }));
    const error = await rejection(storage.put(key(), new Uint8Array([1]), "image/jpeg"));
    expectUnavailable(error);
    expect(JSON.stringify(error)).not.toContain(secret);
    expect(String((error as Error).stack)).not.toContain(secret);
    expect(lines.join("")).toContain("InvalidAccessKeyId");
    expect(lines.join("")).not.toContain(secret);
    storage.destroy();
  });

  it("refuses half a credential pair at construction, naming the variables", () => {
    expect(() => new S3Storage(s3Options({ secretAccessKey: undefined }))).toThrow(
      /S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/,
    );
  });
});

describe("photos through the API with STORAGE_DRIVER=s3", () => {
  const S3_ENV = [
    "STORAGE_DRIVER",
    "S3_BUCKET",
    "S3_ENDPOINT",
    "S3_REGION",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "S3_FORCE_PATH_STYLE",
  ] as const;
  const saved = Object.fromEntries(S3_ENV.map((name) => [name, process.env[name]]));
  let alice: TestUser;
  let bob: TestUser;

  /** The app reads config() and getStorage() once: re-read both after changing the environment. */
  function pointAppAtS3(bucket = BUCKET) {
    Object.assign(process.env, {
      STORAGE_DRIVER: "s3",
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_REGION: "us-east-1",
      S3_ACCESS_KEY_ID: ACCESS_KEY_ID,
      S3_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
      S3_FORCE_PATH_STYLE: "1",
    });
    reloadConfig();
    resetStorageForTests();
  }

  beforeAll(async () => {
    pointAppAtS3();
    expect(getStorage()).toBeInstanceOf(S3Storage);
    [alice, bob] = await Promise.all([signUp("Alice"), signUp("Bob")]);
    await startJobs();
  });

  afterAll(() => {
    for (const name of S3_ENV) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    reloadConfig();
    resetStorageForTests();
  });

  async function uploaded(mealId: string) {
    const response = await alice.client.upload(mealId, await solidJpeg(320, 240));
    expect(response.status).toBe(201);
    const { photo } = (await response.json()) as { photo: { id: string } };
    const db = await getDb();
    const [row] = await db.select().from(mealPhotos).where(eq(mealPhotos.id, photo.id));
    if (!row) throw new Error("the uploaded photo has no row");
    return row;
  }

  it("stores the upload and its small copy in the bucket under their generated keys, served to their owner only", async () => {
    const meal = await alice.client.createMeal();
    const row = await uploaded(meal.id);
    expect(row.storageKey).toBe(`photos/${alice.id}/${row.id}.jpg`);

    const object = await raw.send(new GetObjectCommand({ Bucket: BUCKET, Key: row.storageKey }));
    const inBucket = await object.Body?.transformToByteArray();
    expect(object.ContentType).toBe(row.mime);
    expect(
      createHash("sha256")
        .update(inBucket ?? new Uint8Array())
        .digest("hex"),
    ).toBe(row.sha256);

    // The small copy is stored beside it by the upload, a WebP at most SMALL_PHOTO_WIDTH wide.
    const smallObject = await raw.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: `photos/${alice.id}/${row.id}-small.webp` }),
    );
    expect(smallObject.ContentType).toBe("image/webp");
    const small = await smallObject.Body?.transformToByteArray();
    expect(await sharp(small).metadata()).toMatchObject({ format: "webp", width: 320, height: 240 });
    const servedSmall = await alice.client.get(`/api/photos/${row.id}?size=small`);
    expect(Buffer.from(await servedSmall.arrayBuffer())).toEqual(Buffer.from(small ?? []));

    const served = await alice.client.get(`/api/photos/${row.id}`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe(row.mime);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(Buffer.from(inBucket ?? []));
    expect((await bob.client.get(`/api/photos/${row.id}`)).status).toBe(404);

    // The recognition job read the same bytes back from the bucket.
    expect((await settledRecognition(row.id)).status).toBe("Completed");
    const [after] = await (await getDb()).select().from(mealPhotos).where(eq(mealPhotos.id, row.id));
    expect(after?.status).toBe("SUCCESS");
  });

  it("answers 404 for a photo whose object was deleted behind the app's back", async () => {
    const meal = await alice.client.createMeal();
    const row = await uploaded(meal.id);
    await settledRecognition(row.id);
    await raw.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: row.storageKey }));
    expect(await getStorage().get(row.storageKey)).toBeNull();
    const response = await alice.client.get(`/api/photos/${row.id}`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });

  it("answers 503 unavailable for an upload when the bucket is missing, leaving no row and no object", async () => {
    const meal = await alice.client.createMeal();
    const before = await raw.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    pointAppAtS3("missing-bucket");
    try {
      const response = await alice.client.upload(meal.id, await solidJpeg(200, 150));
      expect(response.status).toBe(503);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe("unavailable");
      expect(error.message).toMatch(/Photo storage is unavailable/);
      const health = (await (await alice.client.get("/api/health")).json()) as {
        ok: boolean;
        storage: { ok: boolean; driver: string };
      };
      expect(health).toMatchObject({ ok: false, storage: { ok: false, driver: "s3" } });
    } finally {
      pointAppAtS3();
    }
    const db = await getDb();
    expect(await db.select().from(mealPhotos).where(eq(mealPhotos.mealId, meal.id))).toEqual([]);
    const after = await raw.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    expect(after.KeyCount).toBe(before.KeyCount);
  });
});
