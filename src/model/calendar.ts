import type { MonthKey, YearLabel } from "./types";

// Months are counted as integers (year × 12 + month − 1) so that month
// arithmetic is integer arithmetic; keys are "YYYY-MM".

const MONTH_KEY = /^(\d{4})-(\d{2})$/;

export function isMonthKey(value: unknown): value is MonthKey {
  if (typeof value !== "string") return false;
  const month = fourDigitsSeparatorTwo(value, 45); // "-"
  return month >= 0 && month % 100 >= 1 && month % 100 <= 12;
}

/**
 * "DDDD" + separator + "DD" read digit by digit ("2025-04", "2024/25";
 * the model checks many): the six digits as a number, −1 for any other
 * text.
 */
function fourDigitsSeparatorTwo(text: string, separator: number): number {
  if (text.length !== 7 || text.charCodeAt(4) !== separator) return -1;
  let n = 0;
  for (let i = 0; i < 7; i++) {
    if (i === 4) continue;
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

export function monthIndex(key: MonthKey): number {
  // "YYYY-MM" read digit by digit (the forecast reads many); anything else goes the long way.
  if (typeof key === "string" && key.length === 7 && key.charCodeAt(4) === 45) {
    let year = 0;
    let ok = true;
    for (let i = 0; i < 4; i++) {
      const d = key.charCodeAt(i) - 48;
      if (d < 0 || d > 9) ok = false;
      year = year * 10 + d;
    }
    const d1 = key.charCodeAt(5) - 48;
    const d2 = key.charCodeAt(6) - 48;
    if (ok && d1 >= 0 && d1 <= 9 && d2 >= 0 && d2 <= 9) return year * 12 + d1 * 10 + d2 - 1;
  }
  const m = MONTH_KEY.exec(key);
  if (!m) throw new RangeError(`not a month key: ${key}`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

export function monthKey(index: number): MonthKey {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;
}

/** "2024/25": four digits, a slash, and the next year's last two digits. */
export function isYearLabel(value: unknown): value is YearLabel {
  if (typeof value !== "string") return false;
  const n = fourDigitsSeparatorTwo(value, 47); // "/"
  return n >= 0 && (Math.floor(n / 100) + 1) % 100 === n % 100;
}

/** The calendar year in which a financial year starts (2024 for "2024/25"). */
export function firstCalendarYear(label: YearLabel): number {
  return Number(label.slice(0, 4));
}

export function yearLabel(firstYear: number): YearLabel {
  return `${firstYear}/${String((firstYear + 1) % 100).padStart(2, "0")}`;
}

/** The financial year (April–March) that contains a month. */
export function financialYearOf(index: number): YearLabel {
  const year = Math.floor(index / 12);
  const month = index - year * 12; // 0 = January
  return yearLabel(month >= 3 ? year : year - 1);
}

/** Index of April, the first month of a financial year. */
export function yearStartIndex(label: YearLabel): number {
  return firstCalendarYear(label) * 12 + 3;
}

const MONTH_NAMES = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/**
 * A month's number (1 to 12) from its name as people write it: in full, in
 * three letters, or "Sept", in any case; undefined for any other word (not
 * every word that happens to start like a month).
 */
export function monthOfName(word: string): number | undefined {
  const name = word.toLowerCase();
  const i = MONTH_NAMES.findIndex(
    (full) =>
      name === full || name === full.slice(0, 3) || (name === "sept" && full === "september")
  );
  return i < 0 ? undefined : i + 1;
}
