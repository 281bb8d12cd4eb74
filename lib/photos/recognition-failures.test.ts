import { beforeAll, describe, expect, it } from "vitest";
import { reloadConfig } from "@/lib/config";
import { signUp, type TestUser } from "@/test/app-client";
import { solidJpeg } from "@/test/images";
import { settledRecognition, startJobs } from "@/test/jobs";

// Every demo recognition of this file fails (retriable), so each photo exhausts its retries.
process.env.DEMO_RECOGNITION_FAILURE_RATE = "1";
process.env.RECOGNITION_RETRIES = "2";
reloadConfig();

let user: TestUser;

beforeAll(async () => {
  user = await signUp();
  await startJobs();
});

describe("a recognition that keeps failing", () => {
  it("is retried, then the photo becomes FAILED with the error and the meal is finalised FAILED", async () => {
    const meal = await user.client.createMeal();
    const upload = await user.client.upload(meal.id, await solidJpeg());
    const { photo } = (await upload.json()) as { photo: { id: string } };

    const run = await settledRecognition(photo.id);
    expect(run.status).toBe("Completed");
    expect(run.output).toMatchObject({ failed: true, mealStatus: "FAILED" });
    const recognizeCalls = run.steps.filter((step) => step.name === "recognize");
    expect(recognizeCalls).toHaveLength(3); // retries + 1

    const view = (await (await user.client.get(`/api/meals/${meal.id}`)).json()) as {
      meal: { status: string };
      photos: { status: string; error: { code: string; message: string } | null }[];
      items: unknown[];
    };
    expect(view.meal.status).toBe("FAILED");
    expect(view.photos[0]?.status).toBe("FAILED");
    expect(view.photos[0]?.error?.code).toBe("demo_failure");
    expect(view.items).toEqual([]);

    const diary = (await (await user.client.get(`/api/meals?date=${meal.date}`)).json()) as {
      meals: unknown[];
    };
    expect(diary.meals).toEqual([]);
  });
});
