// Per process, on globalThis: Next.js may evaluate this module in more than one bundle.
const state = globalThis as unknown as { __mealsnapTracing?: boolean };

/** Whether this process registered the OpenTelemetry SDK; the database wraps its driver only then. */
export function tracingStarted(): boolean {
  return state.__mealsnapTracing === true;
}

export function markTracingStarted(): void {
  state.__mealsnapTracing = true;
}
