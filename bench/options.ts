export interface BenchOptions {
  quick: boolean;
  build: boolean;
  cancelEvents: number;
  durationS: number;
  runs: number;
  connections: readonly number[];
  pipelineMeals: number;
}

export const USAGE = `npm run bench [-- flags]
  --quick            3 s per load point instead of 10 s, one upload run per point instead of
                     --runs, 30 pipeline meals instead of 100
  --no-build         reuse .next-bench as it is (else rebuilt when older than the sources)
  --million-cancels  seed 1,000,000 cancel events (audit history) before measuring
  --runs=N           runs per load point, reported as medians (default 3)
  --duration=S       seconds per run (overrides --quick's and the default's)`;

function numberFlag(args: string[], name: string): number | undefined {
  const raw = args.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

export function parseOptions(args: string[]): BenchOptions {
  const known = /^--(quick|no-build|million-cancels|help|runs=\d+|duration=\d+)$/;
  const unknown = args.filter((arg) => !known.test(arg));
  if (unknown.length > 0) throw new Error(`Unknown flag(s): ${unknown.join(" ")}\n${USAGE}`);
  const quick = args.includes("--quick");
  return {
    quick,
    build: !args.includes("--no-build"),
    cancelEvents: args.includes("--million-cancels") ? 1_000_000 : 0,
    durationS: numberFlag(args, "duration") ?? (quick ? 3 : 10),
    runs: numberFlag(args, "runs") ?? 3,
    connections: [1, 16, 64],
    pipelineMeals: quick ? 30 : 100,
  };
}
