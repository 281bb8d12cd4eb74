import "server-only";
import type { CancelEventCursor } from "./cursor";
import type { CancelEventFilters } from "./inputs";
import { type AuditedCancelEvent, listCancelEvents } from "./list-cancel-events";

// Bigger than the UI's pages: fewer round trips, and still one bounded keyset statement each.
const CSV_PAGE_SIZE = 1000;

type Cell = string | number | boolean | null;

const COLUMNS: ReadonlyArray<[header: string, cell: (event: AuditedCancelEvent) => Cell]> = [
  ["created_at", (event) => event.createdAt],
  ["user_email", (event) => event.userEmail],
  ["user_id", (event) => event.userId],
  ["client_cancel_id", (event) => event.clientCancelId],
  ["meal_id", (event) => event.mealId],
  ["requested_meal_id", (event) => event.requestedMealId],
  ["reason", (event) => event.reason],
  ["noop", (event) => event.noop],
  ["cancelled_tasks", (event) => event.cancelledTasks],
  ["updated_photos", (event) => event.updatedPhotos],
  ["duplicate_count", (event) => event.duplicateCount],
  ["payload", (event) => JSON.stringify(event.payload)],
];

// Spreadsheets run a text cell that starts with one of these as a formula (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

/** One RFC 4180 cell; user-controlled text that a spreadsheet would evaluate is defused with a quote. */
export function csvCell(value: Cell): string {
  if (value === null) return "";
  if (typeof value !== "string") return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvLine = (cells: Cell[]) => `${cells.map(csvCell).join(",")}\r\n`;

/**
 * The filtered audit rows as CSV, newest first, streamed page by page (keyset), so an export of
 * any size holds one page in memory and issues one statement per page.
 */
export function cancelEventsCsv(filters: CancelEventFilters): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: CancelEventCursor | undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvLine(COLUMNS.map(([header]) => header))));
    },
    async pull(controller) {
      const page = await listCancelEvents(filters, { cursor, limit: CSV_PAGE_SIZE });
      const lines = page.events.map((event) => csvLine(COLUMNS.map(([, cell]) => cell(event))));
      if (lines.length > 0) controller.enqueue(encoder.encode(lines.join("")));
      const last = page.events.at(-1);
      if (!page.nextCursor || !last) {
        controller.close();
        return;
      }
      cursor = { createdAt: last.createdAt, id: last.id };
    },
  });
}
