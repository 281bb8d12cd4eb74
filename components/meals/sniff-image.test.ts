import { describe, expect, it } from "vitest";
import { sniffFile, sniffImageType } from "./sniff-image";

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(
    parts.flatMap((part) => (typeof part === "string" ? [...part].map((c) => c.charCodeAt(0)) : part)),
  );

describe("sniffImageType", () => {
  it.each([
    ["image/jpeg", bytes([0xff, 0xd8, 0xff, 0xe0], "JFIF")],
    ["image/png", bytes([0x89], "PNG\r\n\x1a\n", [0, 0, 0, 13])],
    ["image/webp", bytes("RIFF", [1, 2, 3, 4], "WEBPVP8 ")],
    ["image/heic", bytes([0, 0, 0, 24], "ftypheic", [0, 0, 0, 0])],
    ["image/heic", bytes([0, 0, 0, 24], "ftypmif1", [0, 0, 0, 0])],
  ])("recognises %s from its first bytes", (type, head) => {
    expect(sniffImageType(head)).toBe(type);
  });

  it("refuses text, a truncated header and other ISO media (an MP4) whatever the name says", () => {
    expect(sniffImageType(bytes("just some text"))).toBeNull();
    expect(sniffImageType(bytes([0xff, 0xd8]))).toBeNull();
    expect(sniffImageType(bytes([0, 0, 0, 24], "ftypisom"))).toBeNull();
    expect(sniffImageType(new Uint8Array())).toBeNull();
  });
});

describe("sniffFile", () => {
  it("reads the bytes of the file, not its name or declared type", async () => {
    const renamed = new File(["hello, this is a note"], "lunch.jpg", { type: "image/jpeg" });
    expect(await sniffFile(renamed)).toBeNull();
    const png = new File([bytes([0x89], "PNG\r\n\x1a\n")], "scan.txt", { type: "text/plain" });
    expect(await sniffFile(png)).toBe("image/png");
  });
});
