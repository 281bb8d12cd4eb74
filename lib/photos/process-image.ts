import "server-only";
import { createHash } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import sharp, { type Sharp } from "sharp";
import { AppError } from "@/lib/http/errors";
import { inImageWorker } from "./image-work";
import { SMALL_PHOTO_WIDTH } from "./photo-sizes";

/** Longest side of a stored photo: plenty for recognition and the diary, small enough to serve. */
export const MAX_STORED_SIDE = 2048;

const ACCEPTED = new Set(["image/jpeg", "image/png", "image/webp", "image/heic", "image/heif"]);

export interface ProcessedImage {
  bytes: Buffer;
  mime: "image/jpeg" | "image/png" | "image/webp";
  extension: "jpg" | "png" | "webp";
  width: number;
  height: number;
  sha256: string;
  /** The small copy pages show in cards and thumbnails (WebP, at most SMALL_PHOTO_WIDTH wide). */
  small: Buffer;
}

/** The small copy of a photo, from a pipeline already oriented upright. */
export const toSmallPhoto = (pipeline: Sharp): Sharp =>
  pipeline.resize({ width: SMALL_PHOTO_WIDTH, withoutEnlargement: true }).webp({ quality: 72 });

function tooManyPixels(width: number, height: number, maxPixels: number): AppError {
  return new AppError(
    "payload_too_large",
    `The image is ${width}×${height} pixels; at most ${maxPixels.toLocaleString("en")} pixels are accepted`,
  );
}

const unreadable = () =>
  new AppError("unsupported_media_type", "The file is damaged or not a readable image");

/** HEIC/HEIF (iPhone photos): sharp's bundled libvips decodes only AVIF, so libheif (wasm) decodes it. */
async function decodeHeic(input: Uint8Array, maxPixels: number): Promise<Sharp> {
  const { default: heicDecode } = await import("heic-decode");
  const images = await heicDecode.all({ buffer: input }).catch(() => {
    throw unreadable();
  });
  const primary = images[0];
  if (!primary) throw unreadable();
  if (primary.width * primary.height > maxPixels)
    throw tooManyPixels(primary.width, primary.height, maxPixels);
  const { data, width, height } = await primary.decode();
  return sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), {
    raw: { width, height, channels: 4 },
  });
}

/**
 * Sniffs the type from the bytes (never the name), refuses decompression bombs before decoding,
 * and re-encodes: EXIF orientation applied, all metadata (EXIF, GPS) dropped, longest side bounded.
 * The small copy comes from a clone of the same pipeline, encoded alongside the full photo (a
 * HEIC photo is decoded once for both; a JPEG's small copy is decoded shrunk on load). Waits for a
 * free image worker (image-work.ts).
 */
export function processImage(input: Uint8Array, maxPixels: number): Promise<ProcessedImage> {
  return inImageWorker(() => reencode(input, maxPixels));
}

async function reencode(input: Uint8Array, maxPixels: number): Promise<ProcessedImage> {
  if (input.byteLength === 0) throw new AppError("bad_request", "The file is empty");
  const type = await fileTypeFromBuffer(input);
  if (!type || !ACCEPTED.has(type.mime)) {
    throw new AppError("unsupported_media_type", "Only JPEG, PNG, WebP and HEIC photos are accepted", {
      detected: type?.mime ?? "unknown",
    });
  }

  let pipeline: Sharp;
  if (type.mime === "image/heic" || type.mime === "image/heif") {
    pipeline = await decodeHeic(input, maxPixels);
  } else {
    // The header alone gives the dimensions: refuse a bomb before a single pixel is decoded.
    // Reading the header decodes no pixels, so sharp's own pixel limit is lifted for this call.
    const meta = await sharp(input, { limitInputPixels: false })
      .metadata()
      .catch(() => {
        throw unreadable();
      });
    if (!meta.width || !meta.height) throw unreadable();
    if (meta.width * meta.height > maxPixels) throw tooManyPixels(meta.width, meta.height, maxPixels);
    pipeline = sharp(input, { limitInputPixels: maxPixels, failOn: "error" }).rotate();
  }

  const small = toSmallPhoto(pipeline.clone());
  pipeline = pipeline.resize({
    width: MAX_STORED_SIDE,
    height: MAX_STORED_SIDE,
    fit: "inside",
    withoutEnlargement: true,
  });
  const output =
    type.mime === "image/png"
      ? {
          encoded: pipeline.png({ compressionLevel: 8 }),
          mime: "image/png" as const,
          extension: "png" as const,
        }
      : type.mime === "image/webp"
        ? { encoded: pipeline.webp({ quality: 85 }), mime: "image/webp" as const, extension: "webp" as const }
        : {
            // Plain libjpeg: mozjpeg saves ~10 % of bytes but costs 6–12× the CPU per upload.
            encoded: pipeline.jpeg({ quality: 85 }),
            mime: "image/jpeg" as const,
            extension: "jpg" as const,
          };

  const [{ data, info }, smallBytes] = await Promise.all([
    output.encoded.toBuffer({ resolveWithObject: true }),
    small.toBuffer(),
  ]).catch(() => {
    throw unreadable();
  });
  return {
    bytes: data,
    mime: output.mime,
    extension: output.extension,
    width: info.width,
    height: info.height,
    sha256: createHash("sha256").update(data).digest("hex"),
    small: smallBytes,
  };
}
