import { existsSync } from "node:fs";
import { runCommand } from "../setup/processes";

export interface CompanionOutcome {
  script: string;
  status: "ran" | "skipped" | "failed";
  output: string;
}

/**
 * Benchmarks other engineers own (packages/inngest-embedded/bench/executor.ts, bench/admin-audit.ts): run as they are,
 * against this run's server and database, and keep what they print. A missing script is skipped.
 */
export async function runCompanion(script: string, env: Record<string, string>): Promise<CompanionOutcome> {
  if (!existsSync(script)) return { script, status: "skipped", output: `${script} does not exist yet` };
  try {
    const output = await runCommand("npx", ["tsx", "--conditions=react-server", script], {
      env: { ...process.env, ...env },
      timeoutMs: 600_000,
    });
    return { script, status: "ran", output: output.trim() };
  } catch (error) {
    return { script, status: "failed", output: (error as Error).message };
  }
}
