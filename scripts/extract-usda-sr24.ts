// Copies the foods chosen in lib/foods/data/usda-sr24-foods.ts from the USDA National Nutrient
// Database for Standard Reference, Release 24 (USDA ARS, 2011; public domain) into
// lib/foods/data/usda-sr24.json (docs/FOODS.md): per 100 g energy (kcal), protein, fat,
// carbohydrate (by difference, fibre included) and fibre, the food's own Atwater factors and its
// household measures. Nothing is computed: the values are SR24's.
//
// The source: Debian's `cronometer` package 0.9.9+dfsg1-1 ships SR24 as one XML file per food in
// /usr/share/cronometer/usda_sr24.jar. To get the files:
//   apt-get download cronometer && dpkg-deb -x cronometer_*.deb x && unzip x/usr/share/cronometer/usda_sr24.jar
// which leaves them in ./usda_sr24/. Then:
//   npx tsx scripts/extract-usda-sr24.ts ./usda_sr24
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SR24_CHOICES } from "@/lib/foods/data/usda-sr24-foods";

const OUT = path.join(process.cwd(), "lib", "foods", "data", "usda-sr24.json");
const dir = process.argv[2];
if (!dir) {
  console.error("Usage: npx tsx scripts/extract-usda-sr24.ts <directory of SR24's XML files>");
  process.exit(1);
}

const ENTITIES: Record<string, string> = { quot: '"', amp: "&", apos: "'", lt: "<", gt: ">" };
const decode = (text: string) =>
  text.replace(/&(quot|amp|apos|lt|gt);/g, (_, name: string) => ENTITIES[name] ?? "");

/** A flat tag's attributes (`<measure amount="1.0" name="cup" grams="158.0"/>`). */
function attributes(tag: string): Record<string, string> {
  return Object.fromEntries(
    [...tag.matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key, decode(value ?? "")]),
  );
}

function number(value: string | undefined, what: string): number {
  const parsed = Number(value);
  if (value === undefined || value === "" || !Number.isFinite(parsed))
    throw new Error(`SR24 gives no ${what}`);
  return parsed;
}

const foods = SR24_CHOICES.map((choice) => {
  const xml = readFileSync(path.join(dir, `${choice.ndb}.xml`), "utf8");
  const food = attributes(xml.match(/<food [^>]*>/)?.[0] ?? "");
  if (food.uid !== choice.ndb) throw new Error(`${choice.ndb}.xml describes food ${food.uid}`);
  const nutrients = new Map(
    [...xml.matchAll(/<nutrient [^>]*\/>/g)].map(([tag]) => {
      const { name, amount } = attributes(tag);
      return [name, amount] as const;
    }),
  );
  const nutrient = (name: string) => number(nutrients.get(name), `${name} for ${choice.ndb}`);
  // SR gives a food's Atwater factors when it has them; some foods have none.
  const factors =
    food.pcf && food.fcf && food.ccf
      ? { protein: Number(food.pcf), fat: Number(food.fcf), carbs: Number(food.ccf) }
      : null;
  return {
    ...choice,
    description: food.name,
    kcal: nutrient("Energy"),
    protein: nutrient("Protein"),
    fat: nutrient("Fat"),
    carbs: nutrient("Carbs"),
    fibre: nutrients.has("Fiber") ? nutrient("Fiber") : null,
    factors,
    measures: [...xml.matchAll(/<measure [^>]*\/>/g)].map(([tag]) => {
      const { amount, name, grams } = attributes(tag);
      return {
        amount: number(amount, "measure amount"),
        name: name ?? "",
        grams: number(grams, "measure grams"),
      };
    }),
  };
});

const ndbs = new Set(foods.map((food) => food.ndb));
if (ndbs.size !== foods.length) throw new Error("A food is chosen twice");
writeFileSync(
  OUT,
  `${JSON.stringify(
    {
      source:
        "U.S. Department of Agriculture, Agricultural Research Service. 2011. USDA National Nutrient Database for Standard Reference, Release 24. Public domain. As packaged by Debian's cronometer 0.9.9+dfsg1-1 (usda_sr24.jar).",
      foods,
    },
    null,
    2,
  )}\n`,
);
// In the repository's format, so that a run on the same source leaves the file unchanged.
execFileSync("npx", ["biome", "format", "--write", OUT], { stdio: "ignore" });
console.log(`${foods.length} foods written to ${path.relative(process.cwd(), OUT)}`);
