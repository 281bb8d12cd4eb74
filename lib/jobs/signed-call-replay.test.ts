import type { IncomingMessage } from "node:http";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { metrics } from "@/lib/metrics/registry";
import { signUp, type TestUser } from "@/test/app-client";
import { settledRecognition, startJobs } from "@/test/jobs";
import { uploadPhoto } from "@/test/meal-flow";

/** A call the executor made to the app's job endpoint, as it went over the wire. */
interface CapturedCall {
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

const calls: CapturedCall[] = [];
let appUrl = "";
let user: TestUser;

const read = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

beforeAll(async () => {
  user = await signUp();
  await startJobs((endpoint) => async (req, res) => {
    if (!appUrl) appUrl = `http://${req.headers.host}`;
    if (req.method !== "POST") return endpoint(req, res);
    const body = await read(req);
    const signature = req.headers["x-inngest-signature"];
    if (typeof signature === "string") {
      calls.push({ url: req.url ?? "", headers: { "x-inngest-signature": signature }, body });
    }
    // The SDK reads the body itself: hand it the bytes already read.
    const { Readable } = await import("node:stream");
    const replay = Object.assign(Readable.from([body]), {
      method: req.method,
      url: req.url,
      headers: req.headers,
      socket: req.socket,
    });
    return endpoint(replay as unknown as IncomingMessage, res);
  });
});

/** What a recognition leaves in the database for a photo: its row, its items, its meal. */
async function footprint(photoId: string) {
  const db = await getDb();
  return rowsOf(
    await db.execute(sql`
      select row_to_json(p) as photo, row_to_json(m) as meal,
        (select json_agg(i order by i.id) from food_items i where i.photo_id = p.id) as items
      from meal_photos p join meals m on m.id = p.meal_id where p.id = ${photoId}`),
  );
}

const recognitions = async () =>
  (await metrics().recognitionDuration.get()).values.find((value) => value.metricName?.endsWith("_count"))
    ?.value ?? 0;

describe("a signed call replayed after its run completed", () => {
  it("is answered without a second recognition or any row changed", async () => {
    const meal = await user.client.createMeal();
    const photoId = await uploadPhoto(user, meal.id);
    expect((await settledRecognition(photoId)).status).toBe("Completed");
    const ofThisPhoto = calls.filter((call) => call.body.includes(photoId));
    expect(ofThisPhoto.length).toBeGreaterThan(0);

    const before = { rows: await footprint(photoId), recognitions: await recognitions() };
    expect(before.rows[0]).toMatchObject({ photo: { status: "SUCCESS" } });
    for (const call of ofThisPhoto) {
      // Within the signature's 5 minute window: the SDK takes it as the executor's own call.
      const replayed = await fetch(`${appUrl}${call.url}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...call.headers },
        body: new Uint8Array(call.body),
      });
      expect(replayed.status, await replayed.text()).not.toBe(401);
    }
    expect({ rows: await footprint(photoId), recognitions: await recognitions() }).toEqual(before);
  });
});
