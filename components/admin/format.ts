/** "12.5 %", or an em dash when there is nothing to divide. */
export const formatRate = (rate: number | null) => (rate === null ? "—" : `${(rate * 100).toFixed(1)} %`);

export const formatNumber = (value: number, digits = 0) =>
  value.toLocaleString("en-GB", { maximumFractionDigits: digits, minimumFractionDigits: digits });

// UTC everywhere on the audit page: the server renders the same text, and operators compare with logs.
const dateTime = new Intl.DateTimeFormat("en-GB", {
  year: "numeric",
  month: "short",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
  timeZone: "UTC",
});

const hourLabel = new Intl.DateTimeFormat("en-GB", {
  day: "2-digit",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: "UTC",
});

export const formatUtc = (iso: string) => dateTime.format(new Date(iso));
export const formatHour = (iso: string) => hourLabel.format(new Date(iso));

/** ISO instant → the value of a `datetime-local` input read as UTC ("2026-01-31T09:30"). */
export const toUtcInputValue = (iso: string | undefined) => (iso ? iso.slice(0, 16) : "");
