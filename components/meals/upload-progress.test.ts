import { describe, expect, it } from "vitest";
import { bytesProgress, describeUploadProgress } from "./upload-progress";

describe("bytesProgress", () => {
  it("adds the bytes of stored and sending photos, and leaves out refused, stopped and unsent ones", () => {
    expect(
      bytesProgress([
        { state: "uploaded", bytes: 1000, progress: 1 },
        { state: "uploading", bytes: 2000, progress: 0.25 },
        { state: "queued", bytes: 500, progress: 0 },
        { state: "refused", bytes: 9000, progress: 0 },
        { state: "stopped", bytes: 9000, progress: 0.5 },
        { state: "ready", bytes: 9000, progress: 0 },
      ]),
    ).toEqual({ sent: 1500, total: 3500 });
  });
});

describe("describeUploadProgress", () => {
  it("gives no time left before there is a speed to go by", () => {
    expect(describeUploadProgress(0, 3 * 1024 * 1024, 5000)).toBe("Uploading 0 B of 3.0 MB…");
    expect(describeUploadProgress(1024, 3 * 1024 * 1024, 500)).toBe("Uploading 1 KB of 3.0 MB…");
  });

  it("estimates the time left from the average speed so far", () => {
    const mb = 1024 * 1024;
    expect(describeUploadProgress(mb, 3 * mb, 5000)).toBe("Uploading 1.0 MB of 3.0 MB · about 10 s left");
    expect(describeUploadProgress(0.1 * mb, 3 * mb, 10_000)).toMatch(/about 5 min left$/);
  });
});
