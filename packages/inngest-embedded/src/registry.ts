import { createHash } from "node:crypto";
import type { CelEvaluator } from "./cel";
import type { EventPayload, FunctionConfig } from "./types";

/** Inngest's default when `retries` is not configured. */
const DEFAULT_RETRIES = 3;

export interface RegisteredFunction {
  appName: string;
  config: FunctionConfig;
  /** The `serve()` endpoint, `?fnId=…&stepId=step`. */
  url: string;
  /** `retries.attempts` counts retries, so total attempts are one more. */
  maxAttempts: number;
  /** Inngest keys functions by a UUID (`ctx.fn_id`, the dev server's `id`); derived from the slug. */
  uuid: string;
}

function uuidOf(slug: string): string {
  const hex = createHash("sha256").update(slug).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Event-name patterns support `*` wildcards, e.g. `meal/*`. */
export function eventNameMatches(pattern: string, name: string): boolean {
  if (!pattern.includes("*")) return pattern === name;
  const regex = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${regex}$`).test(name);
}

/** Function configs by app; a sync replaces everything an app registered before. */
export class Registry {
  private readonly apps = new Map<string, RegisteredFunction[]>();
  private readonly byId = new Map<string, RegisteredFunction>();

  constructor(private readonly cel: CelEvaluator) {}

  replaceApp(appName: string, configs: FunctionConfig[]): RegisteredFunction[] {
    for (const old of this.apps.get(appName) ?? []) this.byId.delete(old.config.id);
    const functions = configs.flatMap((config) => {
      const url = config.steps.step?.runtime.url;
      if (!url) return [];
      const retries = config.steps.step?.retries?.attempts ?? DEFAULT_RETRIES;
      return [{ appName, config, url, maxAttempts: retries + 1, uuid: uuidOf(config.id) }];
    });
    this.apps.set(appName, functions);
    for (const fn of functions) this.byId.set(fn.config.id, fn);
    return functions;
  }

  get(functionId: string): RegisteredFunction | undefined {
    return this.byId.get(functionId);
  }

  all(): RegisteredFunction[] {
    return [...this.byId.values()];
  }

  /** Functions with an event trigger whose name and `expression` match; each at most once. */
  triggeredBy(event: EventPayload): RegisteredFunction[] {
    return this.all().filter((fn) =>
      fn.config.triggers.some(
        (trigger) =>
          trigger.event !== undefined &&
          eventNameMatches(trigger.event, event.name) &&
          (!trigger.expression || this.cel.matches(trigger.expression, { event })),
      ),
    );
  }
}
