import autocannon, { type Request } from "autocannon";
import { latencySummary, median } from "./stats";

/** One HTTP scenario for autocannon: a URL and its request (setupRequest makes each one fresh). */
export interface LoadTarget {
  name: string;
  url: string;
  request: Request;
  /**
   * Requests per run for a given connection count, instead of a fixed duration: for slow
   * requests, so that every request sent is measured (a timed run drops those still in flight
   * at its end, and leaves them loading the server during the next run).
   */
  amount?: (connections: number) => number;
}

export interface LoadRun {
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  requests: number;
  non2xx: number;
  errors: number;
}

export interface LoadPoint extends LoadRun {
  connections: number;
  runs: number;
}

export interface LoadPlan {
  connections: readonly number[];
  runs: number;
  durationS: number;
  /** Called after every run, e.g. to let background jobs drain before the next one. */
  settle?: () => Promise<void>;
}

/** One autocannon run; latencies are kept per response so p95 is exact (autocannon reports p97.5). */
export async function runLoad(
  target: LoadTarget,
  connections: number,
  durationS: number,
  amount = target.amount?.(connections),
): Promise<LoadRun> {
  const latencies: number[] = [];
  const instance = autocannon({
    url: target.url,
    connections,
    ...(amount ? { amount } : { duration: durationS }),
    timeout: 300,
    requests: [target.request],
  });
  instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
  });
  const result = await instance;
  return {
    ...latencySummary(latencies),
    rps: latencies.length / result.duration,
    requests: latencies.length,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/**
 * Medians of latency (over the runs that got answers) and throughput (over all runs); failures
 * are summed, never hidden.
 */
function combine(connections: number, runs: LoadRun[]): LoadPoint {
  const answered = runs.filter((run) => run.requests > 0);
  const mid = (pick: (run: LoadRun) => number) => median(answered.map(pick));
  const sum = (pick: (run: LoadRun) => number) => runs.reduce((total, run) => total + pick(run), 0);
  return {
    connections,
    runs: runs.length,
    p50: mid((run) => run.p50),
    p95: mid((run) => run.p95),
    p99: mid((run) => run.p99),
    rps: median(runs.map((run) => run.rps)),
    requests: sum((run) => run.requests),
    non2xx: sum((run) => run.non2xx),
    errors: sum((run) => run.errors),
  };
}

/**
 * Every target at every connection count, `runs` times, the targets interleaved run by run (A B A
 * B …) so that a noisy moment on the machine hurts them alike. A short warm-up comes first.
 */
export async function measure(targets: LoadTarget[], plan: LoadPlan): Promise<Record<string, LoadPoint[]>> {
  for (const target of targets) await runLoad(target, 2, 1, target.amount && 2);
  await plan.settle?.();
  const points: Record<string, LoadPoint[]> = Object.fromEntries(targets.map((target) => [target.name, []]));
  for (const connections of plan.connections) {
    const runs = new Map<string, LoadRun[]>(targets.map((target) => [target.name, []]));
    for (let round = 0; round < plan.runs; round++) {
      for (const target of targets) {
        runs.get(target.name)?.push(await runLoad(target, connections, plan.durationS));
        await plan.settle?.();
      }
    }
    for (const target of targets)
      points[target.name]?.push(combine(connections, runs.get(target.name) ?? []));
  }
  return points;
}
