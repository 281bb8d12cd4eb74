/** The photo states of DESIGN §3. Free of imports, so the browser shares them with the server. */
export const PHOTO_STATUSES = ["PENDING", "PROCESSING", "SUCCESS", "FAILED", "CANCELLED"] as const;
export type PhotoStatus = (typeof PHOTO_STATUSES)[number];

/** In flight: a recognition may still move the photo. Cancel, failure and the sweeper act only on these. */
export const IN_FLIGHT_PHOTO_STATUSES = ["PENDING", "PROCESSING"] as const satisfies readonly PhotoStatus[];

export function isInFlight(status: string): boolean {
  return (IN_FLIGHT_PHOTO_STATUSES as readonly string[]).includes(status);
}

/** The in-flight states as an SQL list, for raw statements: `status in (${IN_FLIGHT_SQL_LIST})`. */
export const IN_FLIGHT_SQL_LIST = IN_FLIGHT_PHOTO_STATUSES.map((status) => `'${status}'`).join(", ");
