export const MEAL_TYPES = ["breakfast", "lunch", "dinner", "snack"] as const;
export type MealTypeName = (typeof MEAL_TYPES)[number];

export const MEAL_TYPE_LABELS: Record<MealTypeName, string> = {
  breakfast: "Breakfast",
  lunch: "Lunch",
  dinner: "Dinner",
  snack: "Snack",
};

export const mealTypeLabel = (type: string) => MEAL_TYPE_LABELS[type as MealTypeName] ?? type;

/** The meal type a person most likely means at this local time. */
export function mealTypeForTime(now: Date): MealTypeName {
  const hour = now.getHours();
  if (hour < 11) return "breakfast";
  if (hour < 16) return "lunch";
  if (hour < 21) return "dinner";
  return "snack";
}

const pad = (n: number) => String(n).padStart(2, "0");

/** Today's date in the browser's time zone (YYYY-MM-DD). Call it in the browser, not on the server. */
export function localDate(now = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== "string" || !ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Calendar arithmetic on YYYY-MM-DD, independent of any time zone. */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

// Fixed locale and UTC so the server and the browser render the same text.
const longDate = new Intl.DateTimeFormat("en-GB", {
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

export const formatLongDate = (isoDate: string) => longDate.format(new Date(`${isoDate}T00:00:00Z`));

const dayDate = new Intl.DateTimeFormat("en-GB", {
  weekday: "short",
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});

/** "Mon 23 Nov 2026": short enough for a phone heading. */
export const formatDayDate = (isoDate: string) => dayDate.format(new Date(`${isoDate}T00:00:00Z`));

/** "Today" / "Yesterday" / "Tomorrow" when `today` is known, else null. */
export function relativeDayName(isoDate: string, today: string | null): string | null {
  if (!today) return null;
  if (isoDate === today) return "Today";
  if (isoDate === addDays(today, -1)) return "Yesterday";
  if (isoDate === addDays(today, 1)) return "Tomorrow";
  return null;
}

export const formatKcal = (kcal: number) => `${Math.round(kcal).toLocaleString("en-GB")} kcal`;

/** Grams of a macro, one decimal below 10 g, whole grams above. */
export function formatGrams(grams: number): string {
  const rounded = grams < 10 ? Math.round(grams * 10) / 10 : Math.round(grams);
  return `${rounded} g`;
}

/** An item's amount: "2 × roti (80 g)" when given in a household portion, else its grams. */
export function formatAmount(grams: number, portion?: { label: string; count: number } | null): string {
  return portion
    ? `${portion.count.toLocaleString("en-GB")} × ${portion.label} (${formatGrams(grams)})`
    : formatGrams(grams);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
