/**
 * Embedded executor overhead: ms per run and per step, and calls to the app per run, for no-op
 * step chains with the SDK's async checkpointing (its default) and without (`checkpointing:
 * false`, one call per step); and how many events per second it can turn into completed runs.
 * Prints a table; asserts nothing.
 *
 *   npm run bench -w @mealsnap/inngest-embedded
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "inngest/node";
import { silentLogger as silent, startEmbeddedExecutor } from "../src/index";
import { clientFor, testKeys } from "../src/test-harness";

const STEP_COUNTS = [1, 3, 10, 50];
const RUNS_PER_SIZE = 20;
const EVENT_BURST = 2_000;
const SEND_BATCH = 100;

const keys = testKeys();
const executor = await startEmbeddedExecutor({ keys, port: 0, logger: silent });
const inngest = clientFor("bench", executor, keys);

const chainOf = (checkpointing: boolean) =>
  inngest.createFunction(
    { id: `chain-${checkpointing}`, checkpointing, triggers: [{ event: `bench/chain-${checkpointing}` }] },
    async ({ event, step }) => {
      const steps = event.data.steps as number;
      for (let i = 0; i < steps; i++) await step.run(`noop-${i}`, () => i);
      return steps;
    },
  );
const trivial = inngest.createFunction(
  { id: "trivial", triggers: [{ event: "bench/trivial" }] },
  async () => "ok",
);

const handler = serve({ client: inngest, functions: [chainOf(true), chainOf(false), trivial] });
let calls = 0;
const app = createServer((req, res) => {
  calls += 1;
  handler(req, res);
});
await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
await executor.sync(`http://127.0.0.1:${(app.address() as AddressInfo).port}/api/inngest`);

async function runToCompletion(name: string, data: Record<string, unknown>): Promise<void> {
  const { ids } = await inngest.send({ name, data });
  const eventId = ids[0] ?? "";
  let run = executor.runsForEvent(eventId)[0];
  while (!run) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    run = executor.runsForEvent(eventId)[0];
  }
  const settled = await executor.waitForRun(run.run_id, 120_000);
  if (settled.status !== "Completed") throw new Error(`bench run ${settled.run_id} ${settled.status}`);
}

const rows: Array<Record<string, string | number>> = [];
for (const checkpointing of [true, false]) {
  await runToCompletion(`bench/chain-${checkpointing}`, { steps: 5 }); // warm-up: JIT, keep-alive sockets
}
for (const steps of STEP_COUNTS) {
  for (const checkpointing of [true, false]) {
    calls = 0;
    const started = performance.now();
    for (let i = 0; i < RUNS_PER_SIZE; i++) await runToCompletion(`bench/chain-${checkpointing}`, { steps });
    const perRun = (performance.now() - started) / RUNS_PER_SIZE;
    rows.push({
      scenario: `${steps} no-op step(s), ${checkpointing ? "checkpointed" : "a call per step"}`,
      runs: RUNS_PER_SIZE,
      "ms/run": perRun.toFixed(2),
      "ms/step": (perRun / steps).toFixed(2),
      "calls/run": calls / RUNS_PER_SIZE,
    });
  }
}

const burstStarted = performance.now();
const batches = Array.from({ length: EVENT_BURST / SEND_BATCH }, (_, batch) =>
  inngest.send(
    Array.from({ length: SEND_BATCH }, (_, i) => ({
      name: "bench/trivial",
      data: { n: batch * SEND_BATCH + i },
    })),
  ),
);
const eventIds = (await Promise.all(batches)).flatMap((result) => result.ids);
const accepted = performance.now();
await Promise.all(
  eventIds.map(async (eventId) => {
    const run = executor.runsForEvent(eventId)[0];
    if (run) await executor.waitForRun(run.run_id, 120_000);
  }),
);
const finished = performance.now();
rows.push({
  scenario: `${EVENT_BURST} events → trivial fn (accepted)`,
  runs: EVENT_BURST,
  "events/s": Math.round(EVENT_BURST / ((accepted - burstStarted) / 1000)),
});
rows.push({
  scenario: `${EVENT_BURST} events → trivial fn (completed)`,
  runs: EVENT_BURST,
  "events/s": Math.round(EVENT_BURST / ((finished - burstStarted) / 1000)),
});

console.table(rows);
await executor.close();
app.closeAllConnections();
app.close();
