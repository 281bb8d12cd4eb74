// @vitest-environment happy-dom
import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "@/components/api";
import { MAX_PHOTOS_PER_MEAL } from "@/lib/meals/meal-limits";
import { uploadPhoto } from "./upload-photo";
import { useMealUploads } from "./use-meal-uploads";

vi.mock("./upload-photo", () => ({ uploadPhoto: vi.fn() }));
const upload = vi.mocked(uploadPhoto);

const MEAL_ID = "6f1c7d1e-2a4b-4c8d-9e0f-112233445566";
const jpeg = (name: string) => new File([new Uint8Array(16)], name, { type: "image/jpeg" });

/** Every upload waits until the test settles it, and sees its abort signal. */
function holdUploads() {
  const pending = new Map<string, { resolve: () => void; reject: (error: unknown) => void }>();
  upload.mockImplementation(
    ({ clientUploadId, signal }) =>
      new Promise((resolve, reject) => {
        signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
        pending.set(clientUploadId, {
          resolve: () =>
            resolve({ id: `photo-${clientUploadId}`, status: "PENDING" } as Awaited<
              ReturnType<typeof uploadPhoto>
            >),
          reject,
        });
      }),
  );
  return pending;
}

beforeEach(() => {
  upload.mockReset();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("useMealUploads", () => {
  it("adds images up to the meal's limit and says what it left out", () => {
    const { result } = renderHook(() => useMealUploads());
    let added = 0;
    act(() => {
      added = result.current.addFiles([jpeg("a.jpg"), new File(["x"], "notes.txt", { type: "text/plain" })]);
    });
    expect(added).toBe(1);
    expect(result.current.uploads.map((u) => [u.file.name, u.state])).toEqual([["a.jpg", "ready"]]);
    expect(result.current.notice).toBe("notes.txt is not a JPEG, PNG, WebP or HEIC image.");

    const many = Array.from({ length: MAX_PHOTOS_PER_MEAL }, (_, i) => jpeg(`p${i}.jpg`));
    act(() => {
      added = result.current.addFiles(many);
    });
    expect(added).toBe(MAX_PHOTOS_PER_MEAL - 1);
    expect(result.current.uploads).toHaveLength(MAX_PHOTOS_PER_MEAL);
    expect(result.current.notice).toBe(
      `Only ${MAX_PHOTOS_PER_MEAL} photos fit in one meal; the rest were left out.`,
    );
  });

  it("accepts a HEIC file the browser gives no type, and removes a photo with a notice", () => {
    const { result } = renderHook(() => useMealUploads());
    act(() => {
      result.current.addFiles([new File(["x"], "dinner.HEIC", { type: "" }), jpeg("b.jpg")]);
    });
    expect(result.current.notice).toBe("2 photos added, 2 of 10.");
    const [first] = result.current.uploads;
    act(() => result.current.removeUpload(first?.id ?? ""));
    expect(result.current.uploads.map((u) => u.file.name)).toEqual(["b.jpg"]);
    expect(result.current.notice).toBe("Removed dinner.HEIC.");
  });

  it("uploads every photo with its id as clientUploadId and counts the failures", async () => {
    upload.mockImplementation(async ({ clientUploadId, fileName }) => {
      if (fileName === "bad.jpg") throw new ApiError(415, "unsupported_media_type", "Not an image");
      return { id: `photo-${clientUploadId}`, status: "PENDING" } as Awaited<ReturnType<typeof uploadPhoto>>;
    });
    const { result } = renderHook(() => useMealUploads());
    act(() => {
      result.current.addFiles([jpeg("a.jpg"), jpeg("bad.jpg"), jpeg("c.jpg")]);
    });
    let failed = -1;
    await act(async () => {
      failed = await result.current.uploadAll(MEAL_ID);
    });
    expect(failed).toBe(1);
    expect(upload).toHaveBeenCalledTimes(3);
    for (const call of upload.mock.calls) expect(call[0].mealId).toBe(MEAL_ID);
    const states = Object.fromEntries(result.current.uploads.map((u) => [u.file.name, [u.state, u.error]]));
    expect(states).toEqual({
      "a.jpg": ["uploaded", null],
      "bad.jpg": ["failed", "Not an image"],
      "c.jpg": ["uploaded", null],
    });
    expect(result.current.uploadedCount).toBe(2);
    expect(result.current.failedCount).toBe(1);
    const uploaded = result.current.uploads.find((u) => u.file.name === "a.jpg");
    expect(result.current.storedPhotos).toContainEqual({ id: `photo-${uploaded?.id}`, status: "PENDING" });

    // A retry sends only what is not uploaded yet.
    upload.mockClear();
    await act(async () => {
      failed = await result.current.uploadAll(MEAL_ID);
    });
    expect(upload.mock.calls.map((call) => call[0].fileName)).toEqual(["bad.jpg"]);
  });

  it("on Cancel aborts uploads sending bytes, drops queued ones and starts nothing new", async () => {
    const pending = holdUploads();
    const { result } = renderHook(() => useMealUploads());
    act(() => {
      result.current.addFiles(["a", "b", "c", "d", "e"].map((name) => jpeg(`${name}.jpg`)));
    });
    let done: Promise<number> = Promise.resolve(-1);
    act(() => {
      done = result.current.uploadAll(MEAL_ID);
    });
    await vi.waitFor(() => expect(pending.size).toBe(3)); // three lanes
    expect(result.current.inFlightCount).toBe(5);
    expect(result.current.countNotStored(new Set([result.current.uploads[0]?.id ?? null]))).toBe(4);

    act(() => result.current.stopUploads());
    expect(result.current.stopRequested()).toBe(true);
    expect(result.current.stopped).toBe(true);
    let failed = -1;
    await act(async () => {
      failed = await done;
    });
    expect(failed).toBe(5);
    expect(upload).toHaveBeenCalledTimes(3);
    expect(result.current.uploads.map((u) => u.state)).toEqual(Array(5).fill("cancelled"));
  });

  it("counts an upload refused because a cancel of the meal overtook it as cancelled, not failed", async () => {
    upload.mockRejectedValue(
      new ApiError(409, "conflict", "The meal was cancelled", { reason: "meal_cancelled" }),
    );
    const { result } = renderHook(() => useMealUploads());
    act(() => {
      result.current.addFiles([jpeg("a.jpg")]);
    });
    await act(async () => {
      await result.current.uploadAll(MEAL_ID);
    });
    expect(result.current.uploads.map((u) => [u.state, u.error])).toEqual([["cancelled", null]]);
  });
});
