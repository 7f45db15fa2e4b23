import { isMonthKey, type MonthKey } from "../model";

/**
 * Excel's 1900 date system: serial 1 is 1 January 1900, and serials from 61
 * on count days since 30 December 1899 (Excel keeps Lotus's phantom
 * 29 February 1900 at serial 60). Forecast months are all far past that.
 */
const EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
/** 1 March 1900: the first serial with no leap-year oddity behind it. */
export const FIRST_SAFE_SERIAL = 61;

/** The month containing an Excel date serial ("2025-04" for 45748, 1 April 2025). */
export function monthOfSerial(serial: number): MonthKey {
  const date = new Date(EPOCH_MS + Math.floor(serial) * DAY_MS);
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** The Excel date serial of a month's first day (45658 for "2025-01"). */
export function serialOfMonth(month: MonthKey): number {
  const [year, m] = month.split("-").map(Number);
  return (Date.UTC(year, m - 1, 1) - EPOCH_MS) / DAY_MS;
}

const ISO_DATE = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;

/** A month typed as ISO text: "2025-04" or "2025-04-01". */
export function monthOfIsoText(text: string): MonthKey | undefined {
  const m = ISO_DATE.exec(text.trim());
  if (!m) return undefined;
  const key = `${m[1]}-${m[2]}`;
  return isMonthKey(key) ? key : undefined;
}
