type AnyFunction = (...args: unknown[]) => unknown;

export interface StatementHooks {
  /** What the layer does, as `driverLayers` lists it. */
  layer: string;
  /** Sends one statement: `send` with the arguments drizzle gave, or with others. */
  statement(send: AnyFunction, args: unknown[]): unknown;
  /** Runs a whole transaction (`run` runs its callback); as is when not given. */
  transaction?(run: () => Promise<unknown>): Promise<unknown>;
}

const LAYERS = Symbol("driver layers");

/** The layers proxyDriver put around a driver object, innermost first; none for the driver itself. */
export function driverLayers(driver: object): string[] {
  return (Reflect.get(driver, LAYERS) as string[] | undefined) ?? [];
}

/** Where a driver takes statements and transactions. */
export interface DriverShape {
  statementMethod: string;
  transactionMethods: string[];
}

/**
 * A proxy of a driver object (postgres.js, PGlite) whose statement method goes through
 * `hooks.statement` and whose transaction methods hand their callback a transaction object proxied
 * the same way. Other members are the target's, bound to it (PGlite keeps private fields, which a
 * proxy as `this` could not read).
 */
export function proxyDriver<T extends object>(target: T, driver: DriverShape, hooks: StatementHooks): T {
  const { statementMethod, transactionMethods } = driver;
  const layers = [...driverLayers(target), hooks.layer];
  return new Proxy(target, {
    get(object, property) {
      if (property === LAYERS) return layers;
      const value = Reflect.get(object, property, object) as unknown;
      if (typeof value !== "function") return value;
      const method = value as AnyFunction;
      if (property === statementMethod) {
        return (...args: unknown[]) => hooks.statement((...sent) => method.call(object, ...sent), args);
      }
      if (typeof property === "string" && transactionMethods.includes(property)) {
        return (...args: unknown[]) => {
          const callback = args.pop() as (tx: object) => unknown;
          const proxiedCallback = (tx: object) => callback(proxyDriver(tx, driver, hooks));
          const run = () => method.call(object, ...args, proxiedCallback) as Promise<unknown>;
          return hooks.transaction ? hooks.transaction(run) : run();
        };
      }
      return method.bind(object);
    },
  });
}

/** postgres.js: statements go through `unsafe`, transactions through `begin` and `savepoint`. */
export const postgresJsDriver: DriverShape = {
  statementMethod: "unsafe",
  transactionMethods: ["begin", "savepoint"],
};

/** PGlite: statements go through `query`, transactions through `transaction`. */
export const pgliteDriver: DriverShape = { statementMethod: "query", transactionMethods: ["transaction"] };
