import "server-only";
import { localExecutor } from "@/lib/jobs/local-executor";
import { metrics } from "./registry";

/**
 * The executor's queue depth, per instance: the runs the embedded executor of this process holds
 * unfinished. With Inngest (or another process's executor) there is none to read here: Inngest's
 * own dashboard has it, and the database gauges say what waits for the engine (the outbox) and
 * what it has not finished (photos in flight).
 */
export async function refreshExecutorGauges(): Promise<void> {
  const executor = await localExecutor();
  const m = metrics();
  m.executorRuns.reset();
  if (!executor) return;
  const { queued, running } = executor.unfinishedRuns();
  m.executorRuns.set({ state: "queued" }, queued);
  m.executorRuns.set({ state: "running" }, running);
}
