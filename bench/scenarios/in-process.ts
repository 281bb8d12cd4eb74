import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { BenchContext } from "../context";
import { createInFlightMeals } from "../fixtures";
import type { InProcessInput, InProcessReport } from "../in-process/protocol";
import { runCommand } from "../setup/processes";

/**
 * Statement counts and the naive-diary baseline, measured in a separate process that loads the
 * app's modules against the same database (bench/in-process/measure.ts).
 */
export async function measureInProcess(
  ctx: BenchContext,
  appEnv: Record<string, string>,
): Promise<InProcessReport> {
  const [inFlightMealId = ""] = await createInFlightMeals(ctx.sql, ctx.heavy.id, 1, {
    photos: 2,
    date: "2020-01-01",
  });
  const folder = await mkdtemp(path.join(os.tmpdir(), "mealsnap-bench-images-"));
  const images = { phone: path.join(folder, "phone.jpg"), browser: path.join(folder, "browser.jpg") };
  await writeFile(images.phone, ctx.images.phone);
  await writeFile(images.browser, ctx.images.browser);
  const input: InProcessInput = {
    cookie: ctx.heavy.cookie,
    userId: ctx.heavy.id,
    dates: ctx.heavyDates.slice(-30),
    completedMealId: ctx.heavyMealIds[0] ?? "",
    inFlightMealId,
    iterations: ctx.options.quick ? 250 : 1_000,
    images,
  };
  const output = await runCommand(
    "npx",
    ["tsx", "--conditions=react-server", "bench/in-process/measure.ts"],
    {
      env: {
        ...process.env,
        ...appEnv,
        // Statements are counted with the default rate limits on, as a real request pays for them.
        RATE_LIMIT_UPLOADS_PER_MINUTE: "",
        RATE_LIMIT_CANCELS_PER_MINUTE: "",
        LOG_LEVEL: "silent",
        BENCH_IN_PROCESS_INPUT: JSON.stringify(input),
      },
      timeoutMs: 300_000,
    },
  ).finally(() => rm(folder, { recursive: true, force: true }));
  const line = output
    .trim()
    .split("\n")
    .findLast((text) => text.startsWith("{"));
  if (!line) throw new Error(`the in-process measurements printed no report:\n${output.slice(-2000)}`);
  return JSON.parse(line) as InProcessReport;
}
