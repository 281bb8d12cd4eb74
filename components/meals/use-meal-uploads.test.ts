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
/** The meal the uploads go into, already created. */
const mealFor = async () => MEAL_ID;
/** A file that starts like a JPEG (its magic number), which is all the pick-time check reads. */
const jpeg = (name: string) =>
  new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new Array(12).fill(0)])], name, {
    type: "image/jpeg",
  });
const heic = (name: string) =>
  new File(
    [new Uint8Array([0, 0, 0, 24, ...[..."ftypheic"].map((c) => c.charCodeAt(0)), 0, 0, 0, 0])],
    name,
    {
      type: "",
    },
  );

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
  it("adds real images up to the meal's limit and says, per file, what it left out", async () => {
    const { result } = renderHook(() => useMealUploads());
    let added = 0;
    const renamedText = new File(["just a note"], "notes.jpg", { type: "image/jpeg" });
    await act(async () => {
      added = await result.current.addFiles([jpeg("a.jpg"), renamedText]);
    });
    expect(added).toBe(1);
    expect(result.current.uploads.map((u) => [u.file.name, u.state])).toEqual([["a.jpg", "ready"]]);
    expect(result.current.problems).toEqual(["notes.jpg is not a JPEG, PNG, WebP or HEIC photo."]);
    expect(result.current.notice).toBe(
      "1 photo added, 1 of 10. notes.jpg is not a JPEG, PNG, WebP or HEIC photo.",
    );

    const many = Array.from({ length: MAX_PHOTOS_PER_MEAL }, (_, i) => jpeg(`p${i}.jpg`));
    await act(async () => {
      added = await result.current.addFiles(many);
    });
    expect(added).toBe(MAX_PHOTOS_PER_MEAL - 1);
    expect(result.current.uploads).toHaveLength(MAX_PHOTOS_PER_MEAL);
    expect(result.current.problems).toEqual([
      `Only ${MAX_PHOTOS_PER_MEAL} photos fit in one meal; the rest were left out.`,
    ]);
  });

  it("accepts a HEIC file the browser gives no type, and removes a photo with a notice", async () => {
    const { result } = renderHook(() => useMealUploads());
    await act(async () => {
      await result.current.addFiles([heic("dinner.HEIC"), jpeg("b.jpg")]);
    });
    expect(result.current.notice).toBe("2 photos added, 2 of 10.");
    const [first] = result.current.uploads;
    act(() => result.current.removeUpload(first?.id ?? ""));
    expect(result.current.uploads.map((u) => u.file.name)).toEqual(["b.jpg"]);
    expect(result.current.notice).toBe("Removed dinner.HEIC.");
  });

  it("uploads every photo with its id as clientUploadId; a refusal is final, a 5xx can be retried", async () => {
    upload.mockImplementation(async ({ clientUploadId, fileName }) => {
      if (fileName === "bad.jpg") throw new ApiError(415, "unsupported_media_type", "Not an image");
      if (fileName === "busy.jpg") throw new ApiError(503, "unavailable", "Try again");
      return { id: `photo-${clientUploadId}`, status: "PENDING" } as Awaited<ReturnType<typeof uploadPhoto>>;
    });
    const { result } = renderHook(() => useMealUploads());
    await act(async () => {
      await result.current.addFiles([jpeg("a.jpg"), jpeg("bad.jpg"), jpeg("c.jpg"), jpeg("busy.jpg")]);
    });
    let outcome = { stored: -1, notStored: -1 };
    await act(async () => {
      outcome = await result.current.uploadAll(mealFor);
    });
    expect(outcome).toEqual({ stored: 2, notStored: 2 });
    expect(upload).toHaveBeenCalledTimes(4);
    for (const call of upload.mock.calls) expect(call[0].mealId).toBe(MEAL_ID);
    const states = Object.fromEntries(result.current.uploads.map((u) => [u.file.name, [u.state, u.error]]));
    expect(states).toEqual({
      "a.jpg": ["uploaded", null],
      "bad.jpg": ["refused", "Not an image"],
      "c.jpg": ["uploaded", null],
      "busy.jpg": ["failed", "Try again"],
    });
    expect(result.current.uploadedCount).toBe(2);
    expect(result.current.failedCount).toBe(1);
    expect(result.current.refusedCount).toBe(1);
    const uploaded = result.current.uploads.find((u) => u.file.name === "a.jpg");
    expect(result.current.storedPhotos).toContainEqual({ id: `photo-${uploaded?.id}`, status: "PENDING" });

    // A retry sends only what is not uploaded yet and may still succeed.
    upload.mockClear();
    await act(async () => {
      outcome = await result.current.uploadAll(mealFor);
    });
    expect(upload.mock.calls.map((call) => call[0].fileName)).toEqual(["busy.jpg"]);
  });

  it("on Cancel aborts uploads sending bytes, starts nothing new, keeps every photo to resume", async () => {
    const pending = holdUploads();
    const { result } = renderHook(() => useMealUploads());
    await act(async () => {
      await result.current.addFiles(["a", "b", "c", "d", "e"].map((name) => jpeg(`${name}.jpg`)));
    });
    let done: Promise<{ stored: number; notStored: number }> = Promise.resolve({ stored: -1, notStored: -1 });
    act(() => {
      done = result.current.uploadAll(mealFor);
    });
    await vi.waitFor(() => expect(pending.size).toBe(3)); // three lanes
    expect(result.current.inFlightCount).toBe(5);
    expect(result.current.countNotStored(new Set([result.current.uploads[0]?.id ?? null]))).toBe(4);

    act(() => result.current.stopUploads());
    expect(result.current.stopRequested()).toBe(true);
    expect(result.current.stopped).toBe(true);
    let outcome = { stored: -1, notStored: -1 };
    await act(async () => {
      outcome = await done;
    });
    expect(outcome).toEqual({ stored: 0, notStored: 5 });
    expect(upload).toHaveBeenCalledTimes(3);
    expect(result.current.uploads.map((u) => u.state)).toEqual(Array(5).fill("stopped"));
    expect(result.current.stoppedCount).toBe(5);

    // Resume: the same photos, ready to go again with the same ids.
    const ids = result.current.uploads.map((u) => u.id);
    act(() => result.current.resumeUploads());
    expect(result.current.stopped).toBe(false);
    expect(result.current.uploads.map((u) => [u.id, u.state])).toEqual(ids.map((id) => [id, "ready"]));
  });

  it("asks for the meal only when a photo is ready to go; a Cancel before it answers sends nothing", async () => {
    let createMeal: (id: string | null) => void = () => {};
    const creation = new Promise<string | null>((resolve) => {
      createMeal = resolve;
    });
    const mealForHeld = vi.fn(() => creation);
    const { result } = renderHook(() => useMealUploads());
    await act(async () => {
      await result.current.addFiles([jpeg("a.jpg"), jpeg("b.jpg")]);
    });
    let done: Promise<{ stored: number; notStored: number }> = Promise.resolve({ stored: -1, notStored: -1 });
    act(() => {
      done = result.current.uploadAll(mealForHeld);
    });
    await vi.waitFor(() => expect(mealForHeld).toHaveBeenCalled());

    act(() => result.current.stopUploads());
    let outcome = { stored: -1, notStored: -1 };
    await act(async () => {
      createMeal(null); // the form abandoned the creation
      outcome = await done;
    });
    expect(outcome).toEqual({ stored: 0, notStored: 2 });
    expect(upload).not.toHaveBeenCalled();
    expect(result.current.uploads.map((u) => u.state)).toEqual(["stopped", "stopped"]);
  });

  it("counts an upload refused because a cancel of the meal overtook it as stopped, not failed", async () => {
    upload.mockRejectedValue(
      new ApiError(409, "conflict", "The meal was cancelled", { reason: "meal_cancelled" }),
    );
    const { result } = renderHook(() => useMealUploads());
    await act(async () => {
      await result.current.addFiles([jpeg("a.jpg")]);
    });
    await act(async () => {
      await result.current.uploadAll(mealFor);
    });
    expect(result.current.uploads.map((u) => [u.state, u.error])).toEqual([["stopped", null]]);
  });

  it("resends an upload cut off by a lost connection when it returns, with the same clientUploadId", async () => {
    let online = true;
    vi.spyOn(navigator, "onLine", "get").mockImplementation(() => online);
    upload
      .mockImplementationOnce(async () => {
        online = false;
        throw new ApiError(0, "network", "offline");
      })
      .mockImplementationOnce(
        async ({ clientUploadId }) =>
          ({ id: `photo-${clientUploadId}`, status: "PENDING" }) as Awaited<ReturnType<typeof uploadPhoto>>,
      );
    const { result } = renderHook(() => useMealUploads());
    await act(async () => {
      await result.current.addFiles([jpeg("a.jpg")]);
    });
    let done: Promise<unknown> = Promise.resolve();
    act(() => {
      done = result.current.uploadAll(mealFor);
    });
    await vi.waitFor(() => expect(result.current.uploads[0]?.state).toBe("queued"));
    expect(upload).toHaveBeenCalledTimes(1);

    online = true;
    await act(async () => {
      window.dispatchEvent(new Event("online"));
      await done;
    });
    expect(upload).toHaveBeenCalledTimes(2);
    expect(upload.mock.calls[1]?.[0].clientUploadId).toBe(upload.mock.calls[0]?.[0].clientUploadId);
    expect(result.current.uploads[0]?.state).toBe("uploaded");
  });
});
