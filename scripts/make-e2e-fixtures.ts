// Regenerates the small food photos under e2e/fixtures (drawn with SVG, since the tests must not
// download anything): a phone-style JPEG stored sideways with EXIF orientation 6 and GPS tags,
// and a PNG. Run: npx tsx scripts/make-e2e-fixtures.ts
import sharp from "sharp";

const plate = (width: number, height: number, food: string) => `
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <defs><radialGradient id="t" cx="50%" cy="50%" r="70%"><stop offset="0" stop-color="#b07a4a"/><stop offset="1" stop-color="#5b3a22"/></radialGradient></defs>
  <rect width="100%" height="100%" fill="url(#t)"/>
  <circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) * 0.42}" fill="#f4f1ea" stroke="#d8d2c4" stroke-width="8"/>
  ${food}
</svg>`;

const breakfast = plate(
  1200,
  900,
  `<ellipse cx="520" cy="420" rx="150" ry="110" fill="#fff"/><circle cx="540" cy="410" r="55" fill="#f6b21a"/>
   <rect x="640" y="330" width="160" height="60" rx="20" fill="#a8432b" transform="rotate(20 720 360)"/>
   <rect x="650" y="450" width="170" height="55" rx="20" fill="#b04a30" transform="rotate(-10 735 477)"/>
   <circle cx="480" cy="580" r="40" fill="#3f8f3a"/><circle cx="540" cy="600" r="35" fill="#4aa343"/>`,
);
const salad = plate(
  800,
  800,
  `<circle cx="360" cy="360" r="90" fill="#5aa845"/><circle cx="450" cy="330" r="80" fill="#6cbf4f"/>
   <circle cx="420" cy="450" r="85" fill="#4e9a3c"/><circle cx="330" cy="460" r="40" fill="#d7352b"/>
   <circle cx="480" cy="430" r="38" fill="#e0463a"/><rect x="360" y="300" width="120" height="30" rx="12" fill="#f1e1a6"/>`,
);

await sharp(Buffer.from(breakfast))
  .jpeg({ quality: 82 })
  .withMetadata({
    orientation: 6,
    exif: {
      IFD0: { Make: "Mealsnap", Model: "Test Phone" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "48/1 51/1 24/1",
        GPSLongitudeRef: "E",
        GPSLongitude: "2/1 21/1 7/1",
      },
    },
  })
  .toFile("e2e/fixtures/breakfast-phone.jpg");
await sharp(Buffer.from(salad)).png({ compressionLevel: 9 }).toFile("e2e/fixtures/salad.png");
await sharp(Buffer.from(salad)).rotate(90).jpeg({ quality: 80 }).toFile("e2e/fixtures/salad-2.jpg");
console.log("e2e fixtures written");
