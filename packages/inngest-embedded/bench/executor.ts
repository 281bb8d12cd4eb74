/**
 * Embedded executor overhead: ms per run and per step for no-op step chains, and how many
 * events per second it can turn into completed runs. Prints a table; asserts nothing.
 *
 *   npm run bench -w @mealsnap/inngest-embedded
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "inngest/node";
import { silentLogger as silent, startEmbeddedExecutor } from "../src/index";
import { clientFor, testKeys } from "../src/test-harness";

const STEP_COUNTS = [1, 10, 50];
const RUNS_PER_SIZE = 20;
const EVENT_BURST = 2_000;
const SEND_BATCH = 100;

const keys = testKeys();
const executor = await startEmbeddedExecutor({ keys, port: 0, logger: silent });
const inngest = clientFor("bench", executor, keys);

const chain = inngest.createFunction(
  { id: "chain", triggers: [{ event: "bench/chain" }] },
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

const app = createServer(serve({ client: inngest, functions: [chain, trivial] }));
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
await runToCompletion("bench/chain", { steps: 5 }); // warm-up: JIT, keep-alive sockets
for (const steps of STEP_COUNTS) {
  const started = performance.now();
  for (let i = 0; i < RUNS_PER_SIZE; i++) await runToCompletion("bench/chain", { steps });
  const perRun = (performance.now() - started) / RUNS_PER_SIZE;
  rows.push({
    scenario: `${steps} no-op step(s), sequential runs`,
    runs: RUNS_PER_SIZE,
    "ms/run": perRun.toFixed(2),
    "ms/step": (perRun / steps).toFixed(2),
  });
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
