/**
 * The image type a file really is, read from its first bytes (its "magic number"), never from its
 * name or the type the browser guessed from the name: the same check the server makes (DESIGN §5),
 * done when the file is picked so a refusal is found before anything is created.
 */
export type SniffedType = "image/jpeg" | "image/png" | "image/webp" | "image/heic";

const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, to));

/** HEIF brands of still images and sequences (ISO/IEC 23008-12), as iPhones and others write them. */
const HEIF_BRANDS = new Set(["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"]);

export function sniffImageType(head: Uint8Array): SniffedType | null {
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "image/jpeg";
  if (ascii(head, 0, 8) === "\x89PNG\r\n\x1a\n") return "image/png";
  if (ascii(head, 0, 4) === "RIFF" && ascii(head, 8, 12) === "WEBP") return "image/webp";
  if (ascii(head, 4, 8) === "ftyp" && HEIF_BRANDS.has(ascii(head, 8, 12))) return "image/heic";
  return null;
}

/** Reads the first bytes of a picked file and sniffs them. */
export async function sniffFile(file: Blob): Promise<SniffedType | null> {
  return sniffImageType(new Uint8Array(await file.slice(0, 16).arrayBuffer()));
}
