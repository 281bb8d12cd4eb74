import "server-only";
import { z } from "zod";
import { CLIENT_CANCEL_REASONS } from "@/lib/cancel/inputs";
import { decodeCursor } from "./cursor";

/** Every reason a cancel_events row can carry: the client's, and the server's own `meal_deleted`. */
export const AUDIT_REASONS = [...CLIENT_CANCEL_REASONS, "meal_deleted"] as const;
export type AuditReason = (typeof AUDIT_REASONS)[number];
export const STATS_WINDOWS = ["24h", "7d", "30d"] as const;
export type StatsWindow = (typeof STATS_WINDOWS)[number];

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

// A native GET form sends empty fields as `name=`: treat them as not set.
const blankAsUnset = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

// `datetime-local` inputs send no zone; the page labels them UTC, so a bare time is read as UTC.
const instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.datetime({ local: true })], {
    message: "must be a date-time such as 2026-01-31T09:30Z",
  })
  .transform((value) => new Date(/(z|[+-]\d\d:?\d\d)$/i.test(value) ? value : `${value}Z`).toISOString());

const flag = z.enum(["1", "true", "0", "false"]).transform((value) => value === "1" || value === "true");

const filterShape = {
  from: blankAsUnset(instant),
  to: blankAsUnset(instant),
  /** A user id (exact) or part of an email address (case-insensitive). */
  user: blankAsUnset(z.string().trim().min(1).max(200)),
  reason: blankAsUnset(z.enum(AUDIT_REASONS)),
  noopOnly: blankAsUnset(flag),
  mealMissingOnly: blankAsUnset(flag),
};

const fromNotAfterTo = (value: { from?: string; to?: string }) =>
  !value.from || !value.to || value.from <= value.to;
const rangeIssue = { message: "must not be before from", path: ["to"] };

/** The filters of the audit table, shared by the JSON list, the CSV export and the page URL. */
export const cancelEventFilters = z.object(filterShape).refine(fromNotAfterTo, rangeIssue);
export type CancelEventFilters = z.infer<typeof cancelEventFilters>;

/** GET /api/admin/cancel-events. */
export const cancelEventsQuery = z
  .object({
    ...filterShape,
    cursor: blankAsUnset(
      z.string().transform((value, ctx) => {
        const cursor = decodeCursor(value);
        if (!cursor) ctx.addIssue({ code: "custom", message: "is not a cursor from a previous page" });
        return cursor ?? z.NEVER;
      }),
    ),
    limit: blankAsUnset(z.coerce.number().int().min(1).max(MAX_PAGE_SIZE)),
    format: blankAsUnset(z.enum(["json", "csv"])),
  })
  .refine(fromNotAfterTo, rangeIssue);

/** GET /api/admin/cancel-stats. */
export const cancelStatsQuery = z.object({
  window: z.preprocess((value) => (value === "" ? undefined : value), z.enum(STATS_WINDOWS).default("24h")),
});
