import { parse } from "@marcbachmann/cel-js";

type Compiled = ReturnType<typeof parse>;

/**
 * Compiles and caches CEL expressions. Inngest semantics: an expression that fails to parse or
 * evaluate (typically a missing key) never matches, so errors are swallowed into `undefined`.
 */
export class CelEvaluator {
  private readonly cache = new Map<string, Compiled | null>();

  /** True only when the expression evaluates to boolean `true`. */
  matches(expression: string, context: Record<string, unknown>): boolean {
    return this.evaluate(expression, context) === true;
  }

  /** False when the expression does not parse (Inngest refuses it with a 400). */
  compiles(expression: string): boolean {
    return this.compile(expression) !== null;
  }

  /** Evaluates to a string key (for concurrency and idempotency), or `undefined` on error. */
  key(expression: string, context: Record<string, unknown>): string | undefined {
    const value = this.evaluate(expression, context);
    if (value === undefined || value === null) return undefined;
    return typeof value === "object" ? JSON.stringify(value) : String(value);
  }

  private evaluate(expression: string, context: Record<string, unknown>): unknown {
    const compiled = this.compile(expression);
    if (!compiled) return undefined;
    try {
      return compiled(context);
    } catch {
      return undefined;
    }
  }

  private compile(expression: string): Compiled | null {
    let compiled = this.cache.get(expression);
    if (compiled === undefined) {
      try {
        compiled = parse(expression);
      } catch {
        compiled = null;
      }
      this.cache.set(expression, compiled);
    }
    return compiled;
  }
}
