import sharp from "sharp";

export interface BenchImages {
  /** A 12 MP phone photo (4032×3024 JPEG, ~3 MB): what a browser would send without compression. */
  phone: Buffer;
  /** The same photo as the browser sends it after compressing: longest side 1600 px, JPEG q0.85. */
  browser: Buffer;
  /** A small JPEG that every seeded photo row points at. */
  thumbnail: Buffer;
}

/**
 * Made on the fly with sharp. Gaussian noise drawn at half resolution and scaled up keeps some
 * fine detail, so the JPEG neither compresses to nothing nor balloons like per-pixel noise.
 */
export async function makeBenchImages(): Promise<BenchImages> {
  const texture = await sharp({
    create: {
      width: 2016,
      height: 1512,
      channels: 3,
      background: { r: 128, g: 128, b: 128 },
      noise: { type: "gaussian", mean: 128, sigma: 20 },
    },
  })
    .png()
    .toBuffer();
  const phone = await sharp(texture).resize(4032, 3024, { kernel: "cubic" }).jpeg({ quality: 85 }).toBuffer();
  const browser = await sharp(phone).resize(1600, 1600, { fit: "inside" }).jpeg({ quality: 85 }).toBuffer();
  const thumbnail = await sharp(phone).resize(640, 480).jpeg({ quality: 80 }).toBuffer();
  return { phone, browser, thumbnail };
}
