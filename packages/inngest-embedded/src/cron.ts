import { Cron } from "croner";
import type { RegisteredFunction } from "./registry";
import type { Logger } from "./types";

/** Splits Inngest's `TZ=Europe/Paris 0 3 * * *` form into croner's pattern and timezone. */
export function parseCronTrigger(cron: string): { pattern: string; timezone?: string } {
  const match = cron.trim().match(/^(?:CRON_)?TZ=(\S+)\s+(.+)$/);
  return match?.[1] && match[2] ? { pattern: match[2], timezone: match[1] } : { pattern: cron.trim() };
}

/** Owns one croner job per cron trigger; rebuilt on every sync. */
export class CronScheduler {
  private jobs: Cron[] = [];

  constructor(
    private readonly onTick: (fn: RegisteredFunction, cron: string) => void,
    private readonly logger: Logger,
  ) {}

  reschedule(functions: RegisteredFunction[]): void {
    this.stop();
    for (const fn of functions) {
      for (const trigger of fn.config.triggers) {
        const expression = trigger.cron;
        if (!expression) continue;
        const { pattern, timezone } = parseCronTrigger(expression);
        try {
          this.jobs.push(new Cron(pattern, { timezone, protect: true }, () => this.onTick(fn, expression)));
        } catch (err) {
          this.logger.warn({ err, fnId: fn.config.id, cron: expression }, "invalid cron trigger ignored");
        }
      }
    }
  }

  stop(): void {
    for (const job of this.jobs) job.stop();
    this.jobs = [];
  }
}
