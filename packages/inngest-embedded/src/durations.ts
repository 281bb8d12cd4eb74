const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g;

/** Parses an Inngest time string such as `"30s"` or `"1h30m"` (what the SDK's `timeStr` emits). */
export function parseDuration(input: string): number | undefined {
  const compact = input.replace(/\s+/g, "");
  if (!DURATION.test(compact)) return undefined;
  let total = 0;
  for (const [, amount, unit] of compact.matchAll(PART)) {
    total += Number(amount) * (UNIT_MS[unit ?? ""] ?? 0);
  }
  return total;
}

/** A sleep target is either a duration (`step.sleep`) or an ISO instant (`step.sleepUntil`). */
export function resolveWakeTime(name: string, now: number): number | undefined {
  const duration = parseDuration(name);
  if (duration !== undefined) return now + duration;
  const instant = Date.parse(name);
  return Number.isNaN(instant) ? undefined : instant;
}

/** `Retry-After` is either delta-seconds, an HTTP date or, from the SDK, an ISO date or time string. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1_000;
  const duration = parseDuration(value);
  if (duration !== undefined) return duration;
  const instant = Date.parse(value);
  return Number.isNaN(instant) ? undefined : Math.max(0, instant - now);
}

/** `work`'s outcome, or a rejection with `timedOut()` should `ms` pass first; the timer never outlives it. */
export async function within<T>(work: Promise<T>, ms: number, timedOut: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timedOut()), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
