// Captures the product screenshots in docs/screenshots/: the add-meal flow mid-recognition, after a
// cancel, and the diary, each on a phone (390×844) and a desktop (1280×800).
//
//   npx tsx scripts/screenshots.ts                      starts its own `next dev` (own build
//                                                        folder, database and photos in a temp dir)
//   APP_URL=http://localhost:3000 npx tsx scripts/screenshots.ts   uses a running app instead
//                                                        (start it with DEMO_RECOGNITION_LATENCY_MS=4000)
//   … scripts/screenshots.ts --foods                     only the food search screens
//   … scripts/screenshots.ts --portions                  only the portion picker and the rename rule
//   … scripts/screenshots.ts --own-foods                 only the own foods screens (phone)
//
// Which photo is done when the picture is taken must not depend on timing, so the script holds
// each recognition at the app's test-only save gate (lib/photos/save-gate.ts) and lets photos
// finish one by one. With APP_URL, start the app with RECOGNITION_SAVE_GATE_DIR and pass the
// same variable to the script; without it photos finish on their own and a run may be racy.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, expect, type Page } from "@playwright/test";
import sharp from "sharp";
import { chromiumLaunchOptions } from "../e2e/chromium";
import { releaseSave } from "../lib/photos/save-gate";

const OUT_DIR = path.join(import.meta.dirname, "..", "docs", "screenshots");
const MAX_PNG_BYTES = 200 * 1024;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `next dev` on free ports, with its own build folder, database and photo storage. */
interface App {
  url: string;
  stop: () => void;
  /** The app's save-gate folder, when known. */
  gateDir?: string;
}

async function startApp(): Promise<App> {
  const [port, jobsPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "mealsnap-screens-"));
  const gateDir = path.join(dataDir, "save-gate");
  const child: ChildProcess = spawn("npx", ["next", "dev", "-p", String(port)], {
    cwd: path.join(import.meta.dirname, ".."),
    detached: true, // its own process group, so stopping it also stops the compiler workers
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_DIST_DIR: ".next-screens",
      PGLITE_DATA_DIR: path.join(dataDir, "pglite"),
      STORAGE_DIR: path.join(dataDir, "uploads"),
      INNGEST_EMBEDDED_PORT: String(jobsPort),
      DEMO_RECOGNITION_LATENCY_MS: "4000",
      RECOGNITION_SAVE_GATE_DIR: gateDir,
      LOG_LEVEL: "warn",
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
    },
  });
  const url = `http://localhost:${port}`;
  const stop = () => {
    if (child.pid) process.kill(-child.pid, "SIGTERM");
  };
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const healthy = await fetch(`${url}/api/health`)
      .then((response) => response.ok)
      .catch(() => false);
    if (healthy) {
      // Compile the pages once before a browser opens them: a first compile can reload the page.
      for (const page of [
        "/sign-up",
        "/diary",
        "/meals/new",
        "/meals/00000000-0000-4000-8000-000000000000",
      ]) {
        await fetch(`${url}${page}`, { redirect: "manual" }).catch(() => undefined);
      }
      return { url, stop, gateDir };
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  stop();
  throw new Error(`the app did not answer on ${url} within 3 minutes`);
}

/** Three appetising plates drawn as SVG and saved as phone-sized JPEGs. */
async function makeFoodPhotos(dir: string): Promise<string[]> {
  const table = (inner: string, tone: [string, string]) => `
    <svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1200">
      <defs>
        <radialGradient id="wood" cx="40%" cy="35%" r="85%"><stop offset="0" stop-color="${tone[0]}"/><stop offset="1" stop-color="${tone[1]}"/></radialGradient>
        <radialGradient id="plate" cx="45%" cy="40%" r="60%"><stop offset="0" stop-color="#ffffff"/><stop offset="0.8" stop-color="#f1ede4"/><stop offset="1" stop-color="#d9d2c3"/></radialGradient>
        <filter id="soft"><feGaussianBlur stdDeviation="3"/></filter>
        <filter id="shadow"><feDropShadow dx="14" dy="22" stdDeviation="20" flood-opacity="0.35"/></filter>
      </defs>
      <rect width="100%" height="100%" fill="url(#wood)"/>
      <g opacity="0.12" stroke="#000" stroke-width="3">${Array.from({ length: 14 }, (_, i) => `<path d="M0 ${i * 90 + 20} Q800 ${i * 90 + 60} 1600 ${i * 90}" fill="none"/>`).join("")}</g>
      <circle cx="800" cy="600" r="500" fill="url(#plate)" filter="url(#shadow)"/>
      <circle cx="800" cy="600" r="380" fill="none" stroke="#e4ddcf" stroke-width="6"/>
      <g filter="url(#soft)">${inner}</g>
    </svg>`;
  const dots = (n: number, cx: number, cy: number, spread: number, r: number, colors: string[]) =>
    Array.from({ length: n }, (_, i) => {
      const angle = i * 2.399;
      const dist = spread * Math.sqrt((i + 0.5) / n);
      const color = colors[i % colors.length];
      return `<circle cx="${cx + Math.cos(angle) * dist}" cy="${cy + Math.sin(angle) * dist}" r="${r}" fill="${color}"/>`;
    }).join("");
  const plates = {
    "salmon-bowl.jpg": table(
      `${dots(70, 640, 620, 230, 30, ["#f4efe2", "#ece4d0", "#faf6ec"])}
       <rect x="760" y="430" width="330" height="170" rx="50" fill="#f08a5d" transform="rotate(-12 925 515)"/>
       <path d="M790 470 L1060 440 M800 520 L1070 490 M810 570 L1075 540" stroke="#f6b89a" stroke-width="14" transform="rotate(-12 925 515)"/>
       ${dots(26, 930, 760, 120, 34, ["#3f8f3a", "#58a94a", "#2f7a32"])}
       <ellipse cx="620" cy="860" rx="120" ry="70" fill="#f2c14e"/>
       ${dots(14, 560, 420, 80, 18, ["#1f1f1f", "#f5f5f5"])}`,
      ["#b5835a", "#6b4429"],
    ),
    "pasta.jpg": table(
      `${Array.from({ length: 40 }, (_, i) => `<path d="M${560 + (i % 8) * 60} ${380 + Math.floor(i / 8) * 90} q60 -50 120 0 t120 0" stroke="#f3cf74" stroke-width="22" fill="none" stroke-linecap="round"/>`).join("")}
       ${dots(18, 800, 600, 230, 38, ["#c8322b", "#d94a35", "#b82a24"])}
       ${dots(30, 800, 600, 260, 12, ["#2f7a32", "#3f8f3a"])}
       ${dots(24, 820, 560, 200, 9, ["#fffbe8"])}`,
      ["#7d8ea3", "#3a4657"],
    ),
    "avocado-toast.jpg": table(
      `<rect x="470" y="380" width="420" height="460" rx="70" fill="#d39a55" transform="rotate(-8 680 610)"/>
       <rect x="500" y="410" width="360" height="400" rx="55" fill="#e8c07d" transform="rotate(-8 680 610)"/>
       ${dots(30, 680, 600, 160, 40, ["#7fb24a", "#94c35a", "#6da03c"])}
       <ellipse cx="1030" cy="520" rx="150" ry="120" fill="#ffffff"/>
       <circle cx="1040" cy="515" r="58" fill="#f7a823"/>
       ${dots(40, 1000, 800, 150, 16, ["#d8322b", "#e85a3a", "#f3e3b3"])}`,
      ["#c9a27a", "#7a5534"],
    ),
  };
  const files: string[] = [];
  for (const [name, svg] of Object.entries(plates)) {
    const file = path.join(dir, name);
    await sharp(Buffer.from(svg)).jpeg({ quality: 88 }).toFile(file);
    files.push(file);
  }
  return files;
}

/** Saves a screenshot as a palette PNG, shrinking the palette until it fits MAX_PNG_BYTES. */
async function capture(page: Page, name: string, fullPage = false): Promise<void> {
  // Every photo drawn, and the development-mode indicator of `next dev` out of the picture.
  await page.waitForFunction(() =>
    Array.from(document.images).every((img) => img.complete && img.naturalWidth > 0),
  );
  await page.addStyleTag({ content: "nextjs-portal { display: none !important; }" });
  await page.mouse.move(0, 0); // no hover highlight where the last click was
  const raw = await page.screenshot({ fullPage, animations: "disabled", caret: "hide" });
  for (const colours of [256, 128, 64]) {
    const png = await sharp(raw).png({ palette: true, colours, effort: 10, compressionLevel: 9 }).toBuffer();
    if (png.byteLength <= MAX_PNG_BYTES || colours === 64) {
      writeFileSync(path.join(OUT_DIR, `${name}.png`), png);
      console.log(`${name}.png  ${Math.round(png.byteLength / 1024)} KB`);
      return;
    }
  }
}

/** The same moment at both sizes: the phone first, then the desktop. */
async function captureBoth(page: Page, name: string, fullPagePhone = false): Promise<void> {
  await page.setViewportSize(PHONE);
  await capture(page, `${name}-phone`, fullPagePhone);
  await page.setViewportSize(DESKTOP);
  await capture(page, `${name}-desktop`);
  await page.setViewportSize(PHONE);
}

async function signUp(page: Page): Promise<void> {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Alex Morgan");
  await page.getByLabel("Email").fill(`alex-${Date.now()}@example.com`);
  await page.getByLabel("Password").fill("correct-horse-battery");
  await page.getByRole("button", { name: /sign up|create account/i }).click();
  await page.waitForURL(/\/diary/);
}

async function addMeal(page: Page, type: string, photos: string[]): Promise<void> {
  await page.goto(`/meals/new?type=${type}`);
  await page.locator('input[type="file"][multiple]').setInputFiles(photos);
  await page.getByRole("button", { name: /save meal with/i }).click();
  await page.waitForURL(/\/meals\/[0-9a-f-]{36}$/, { timeout: 60_000 });
}

/** Lets the recognition of the meal's photos at these positions save its result. */
async function finishPhotos(page: Page, gateDir: string | undefined, positions: number[]): Promise<void> {
  if (!gateDir) return;
  const mealId = new URL(page.url()).pathname.split("/").pop();
  const { photos } = (await (await page.request.get(`/api/meals/${mealId}`)).json()) as {
    photos: { id: string; attempt: number }[];
  };
  for (const position of positions) {
    const photo = photos[position];
    if (photo) await releaseSave(gateDir, photo.id, photo.attempt);
  }
}

async function run(browser: Browser, baseURL: string, photos: string[], gateDir?: string): Promise<void> {
  const context: BrowserContext = await browser.newContext({
    baseURL,
    viewport: PHONE,
    hasTouch: true, // phones see "Take photo"
    colorScheme: "light",
    timezoneId: "Europe/London",
  });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  await signUp(page);

  // An earlier meal, fully recognised, so the diary has more than one meal.
  const [salmon, pasta, toast] = photos as [string, string, string];
  await addMeal(page, "breakfast", [toast]);
  await finishPhotos(page, gateDir, [0]);
  await expect(page.getByText(/recognition finished/i)).toBeVisible({ timeout: 60_000 });

  // The add-meal form with photos chosen.
  await page.goto("/meals/new?type=lunch");
  await page.locator('input[type="file"][multiple]').setInputFiles([salmon, pasta, toast]);
  await captureBoth(page, "add-meal");

  // Mid-recognition: the first photo done, the others queued or recognising.
  await page.getByRole("button", { name: /save meal with/i }).click();
  await page.waitForURL(/\/meals\/[0-9a-f-]{36}$/, { timeout: 60_000 });
  await finishPhotos(page, gateDir, [0]);
  await expect(page.getByText(/[1-2] of 3 done/)).toBeVisible({ timeout: 60_000 });
  await captureBoth(page, "recognising");

  // Leaving by an in-app link with recognition in flight asks first; Keep is the default.
  await page.getByRole("navigation").getByRole("link", { name: "Diary", exact: true }).click();
  await expect(page.getByRole("dialog", { name: /keep recognising/i })).toBeVisible();
  await captureBoth(page, "leave-dialog");
  await page.keyboard.press("Escape");

  // After Cancel: the server's answer, and Retry on the cancelled photos.
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByText(/cancelled \d+ photo|nothing was left/i)).toBeVisible({ timeout: 60_000 });
  await captureBoth(page, "after-cancel");

  // Done → the diary of that day.
  await page.getByRole("link", { name: "Done" }).click();
  await page.waitForURL(/\/diary\?date=/);
  await expect(page.getByRole("heading", { name: "Lunch" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  await captureBoth(page, "diary", true);

  // Editing an item: the dialog with the live portion preview.
  await page
    .getByRole("list", { name: /^food in lunch/i })
    .getByRole("button")
    .first()
    .click();
  await page.getByLabel("Portion (grams)").fill("250");
  await captureBoth(page, "edit-item");

  // Deleting that item: it leaves the meal and the totals at once, with Undo; focus moves on.
  await page.getByRole("button", { name: "Delete item" }).click();
  // Focus on Undo holds its window open while both pictures are taken.
  await page.getByRole("button", { name: "Undo" }).focus();
  await captureBoth(page, "delete-item-undo");
  await page.getByRole("button", { name: "Undo" }).click();

  // Deleting a meal: it leaves the diary at once, with Undo.
  await page.getByRole("button", { name: /^delete breakfast/i }).click();
  await expect(page.getByRole("button", { name: "Undo" })).toBeVisible();
  await captureBoth(page, "delete-undo");
  await page.getByRole("button", { name: "Undo" }).click();

  // A meal the user stopped: the truth on its page, then the quiet "Stopped" strip in the diary.
  await addMeal(page, "dinner", [salmon]);
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByText(/^you stopped recognition/i)).toBeVisible({ timeout: 60_000 });
  await captureBoth(page, "stopped-meal");
  await page.getByRole("link", { name: "Done" }).click();
  await expect(page.getByRole("region", { name: "Stopped" })).toBeVisible();
  await captureBoth(page, "diary-stopped", true);

  // Cancel during upload (uploads held here): the photos stay on the form to resume or remove.
  await page.route("**/api/meals/*/photos", () => {});
  await page.goto("/meals/new?type=snack");
  await page.locator('input[type="file"][multiple]').setInputFiles(photos.slice(1, 3));
  await page.getByRole("button", { name: /save meal with/i }).click();
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("button", { name: "Resume" })).toBeVisible({ timeout: 60_000 });
  await captureBoth(page, "upload-stopped");
  await page.unroute("**/api/meals/*/photos");

  // Offline: the banner says what waits for the connection.
  await context.setOffline(true);
  await expect(page.getByText(/^you are offline/i)).toBeVisible();
  await captureBoth(page, "offline");
  await context.setOffline(false);
  await context.close();
}

/** The food search of Add food: a misspelt search with its matches, then the food picked and its portion. */
async function captureFoodSearch(browser: Browser, baseURL: string): Promise<void> {
  const context = await browser.newContext({ baseURL, viewport: PHONE, colorScheme: "light" });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  await signUp(page);
  const date = "2026-11-18";
  const created = await page.request.post("/api/meals", {
    data: { clientRequestId: crypto.randomUUID(), mealType: "lunch", date },
  });
  const { meal } = (await created.json()) as { meal: { id: string } };
  const water = { name: "Sparkling water", grams: 330, kcal: 0, protein: 0, fat: 0, carbs: 0 };
  await page.request.post(`/api/meals/${meal.id}/items`, { data: water });
  await page.goto(`/diary?date=${date}`);
  await page.getByRole("button", { name: "+ Add food to Lunch" }).click();
  await page.getByRole("combobox", { name: "Food" }).fill("chiken brest");
  await expect(page.getByRole("option").first()).toContainText("Roast chicken breast");
  await page.keyboard.press("ArrowDown");
  await captureBoth(page, "food-search");
  await page.keyboard.press("Enter");
  await page.getByLabel("Portion (g)").fill("150");
  await captureBoth(page, "food-picked");
  await context.close();
}

/**
 * The portion picker of Add food (2 pieces of the user's own roti recipe) and Edit food asking for
 * the numbers of a new name.
 */
async function capturePortions(browser: Browser, baseURL: string): Promise<void> {
  const context = await browser.newContext({ baseURL, viewport: PHONE, colorScheme: "light" });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  await signUp(page);
  const date = "2026-11-18";
  // A recipe of the user's, as they would weigh it: 100 g of the table's atta made 4 rotis
  // weighing 140 g in all; its piece is a portion.
  const atta = await tableFood(page, "atta");
  const created = await page.request.post("/api/foods", {
    data: {
      name: "Whole wheat roti (home)",
      ingredients: [{ foodId: atta.id, grams: 100 }],
      cookedGrams: 140,
      pieces: 4,
    },
  });
  const { food } = (await created.json()) as { food: { id: string } };
  const lunch = await page.request.post("/api/meals", {
    data: { clientRequestId: crypto.randomUUID(), mealType: "lunch", date },
  });
  const { meal } = (await lunch.json()) as { meal: { id: string } };
  await page.request.post(`/api/meals/${meal.id}/items`, {
    data: { name: "Whole wheat roti (home)", foodId: food.id, portion: { label: "piece", count: 1 } },
  });
  await page.goto(`/diary?date=${date}`);
  await page.getByRole("button", { name: "+ Add food to Lunch" }).click();
  const adder = page.getByRole("dialog", { name: /add food to lunch/i });
  await adder.getByRole("combobox", { name: "Food" }).fill("roti home");
  await adder.getByRole("option").filter({ hasText: "Whole wheat roti (home)" }).first().click();
  await adder.getByLabel("How many").fill("2");
  await expect(adder.getByText("2 × piece (70 g)")).toBeVisible();
  await captureBoth(page, "portion-picker");
  await adder.getByRole("button", { name: "Cancel" }).click();

  await page.getByRole("button", { name: /Edit Whole wheat roti/ }).click();
  const editor = page.getByRole("dialog", { name: "Edit food" });
  await editor.getByRole("combobox", { name: "Food" }).fill("Aunty's thepla");
  await expect(editor.getByText(/No food matches/)).toBeVisible();
  await editor.getByRole("button", { name: "Save" }).click();
  await captureBoth(page, "rename-needs-numbers");
  await context.close();
}

/** A table food's values per 100 g, as the API answers its first match for `q`. */
async function tableFood(page: Page, q: string) {
  const answer = await page.request.get(`/api/foods?${new URLSearchParams({ q })}`);
  const { foods } = (await answer.json()) as {
    foods: { id: string; name: string; own: boolean; per100g: Record<string, number> }[];
  };
  const food = foods.find((found) => !found.own);
  if (!food) throw new Error(`no table food for "${q}"`);
  return food;
}

/**
 * The user's own foods on a phone: a search that finds one of them first ("Yours"), a search that
 * finds nothing with its actions, and the recipe builder with two ingredients and its totals.
 */
async function captureOwnFoods(browser: Browser, baseURL: string): Promise<void> {
  const context = await browser.newContext({ baseURL, viewport: PHONE, colorScheme: "light" });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  await signUp(page);
  // An oatmeal cup of the user's own, its label made from the table's oatmeal (40 g a serving).
  const oatmeal = await tableFood(page, "oatmeal");
  const perServing = Object.fromEntries(
    Object.entries(oatmeal.per100g).map(([key, value]) => [key, Math.round(value * 4) / 10]),
  );
  await page.request.post("/api/foods", {
    data: { name: "Oatmeal cup", perServing, servingGrams: 40 },
  });
  const created = await page.request.post("/api/meals", {
    data: { clientRequestId: crypto.randomUUID(), mealType: "breakfast", date: "2026-11-18" },
  });
  const { meal } = (await created.json()) as { meal: { id: string } };
  const tea = { name: "Masala chai", grams: 150, kcal: 0, protein: 0, fat: 0, carbs: 0 };
  await page.request.post(`/api/meals/${meal.id}/items`, { data: tea });
  await page.goto("/diary?date=2026-11-18");
  await page.getByRole("button", { name: "+ Add food to Breakfast" }).click();
  const field = page.getByRole("combobox", { name: "Food" });
  await field.fill("oatmeal");
  await expect(page.getByRole("option").first()).toContainText("Yours");
  await capture(page, "own-food-search-phone");
  await field.fill("idli");
  await expect(page.getByRole("button", { name: "Create a recipe" })).toBeVisible();
  await capture(page, "food-search-empty-phone");

  await page.goto("/foods/new-recipe?name=Kheer");
  for (const [query, grams] of [
    ["raw rice", 100],
    ["milk", 500],
  ] as const) {
    const food = await tableFood(page, query);
    await page.getByRole("combobox", { name: /ingredient/ }).fill(food.name);
    await expect(page.getByRole("option").first()).toContainText(food.name); // this search's answer
    await page.getByRole("option").first().click();
    await page.getByLabel(`${food.name} (g)`, { exact: true }).fill(String(grams));
  }
  await page.getByLabel("Cooked weight (g)").fill("550");
  await page.getByLabel("Pieces or servings (optional)").fill("5");
  await expect(page.getByRole("region", { name: "Recipe totals" })).toContainText("Per piece");
  await page.getByLabel("Pieces or servings (optional)").blur();
  await capture(page, "recipe-builder-phone", true);
  await context.close();
}

const ADMIN_EMAIL = "admin@mealsnap.example";
const ADMIN_PASSWORD = "admin-screens-password";

/** The admin's cancel audit after the run above made its cancels, and the jobs page. */
async function captureAdmin(browser: Browser, baseURL: string): Promise<void> {
  const context = await browser.newContext({ baseURL, viewport: DESKTOP, colorScheme: "light" });
  const page = await context.newPage();
  await page.goto("/sign-in?next=/admin/cancel-audit");
  await page.getByLabel("Email").fill(ADMIN_EMAIL);
  await page.getByLabel("Password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: /sign in/i }).click();
  await page.waitForURL(/\/admin\/cancel-audit/);
  await expect(page.locator("table tbody tr").first()).toBeVisible({ timeout: 60_000 });
  await page.waitForLoadState("networkidle");
  await capture(page, "admin-cancel-audit-desktop", true);
  await page.getByRole("navigation", { name: "Admin pages" }).getByRole("link", { name: "Jobs" }).click();
  await page.getByRole("heading", { name: "Jobs", level: 1 }).waitFor();
  await capture(page, "admin-jobs-desktop", true);
  await context.close();
}

async function main(): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true });
  const photoDir = mkdtempSync(path.join(os.tmpdir(), "mealsnap-photos-"));
  const photos = await makeFoodPhotos(photoDir);
  const app: App = process.env.APP_URL
    ? { url: process.env.APP_URL, stop: () => {}, gateDir: process.env.RECOGNITION_SAVE_GATE_DIR }
    : await startApp();
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    if (process.argv.includes("--foods")) {
      await captureFoodSearch(browser, app.url);
      return;
    }
    if (process.argv.includes("--portions")) {
      await capturePortions(browser, app.url);
      return;
    }
    if (process.argv.includes("--own-foods")) {
      await captureOwnFoods(browser, app.url);
      return;
    }
    await run(browser, app.url, photos, app.gateDir);
    await captureFoodSearch(browser, app.url);
    await capturePortions(browser, app.url);
    await captureOwnFoods(browser, app.url);
    await captureAdmin(browser, app.url);
  } finally {
    await browser.close();
    app.stop();
  }
}

await main();
