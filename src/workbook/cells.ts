import { isCellError, type CellValue } from "./port";
import {
  describe,
  isMonthKey,
  monthOfName,
  yearLabel,
  type MonthKey,
  type YearLabel,
} from "../model";

/**
 * Reading one cell as what the contract expects there (spec: WORKBOOK.md,
 * "Inputs"). Each reader gives the value or the "expected …, found …"
 * message; the caller adds the input name and the cell.
 */
export type CellRead<T> = { ok: true; value: T } | { ok: false; message: string };

/** A cell reader: the cell and its number format in, the value or the message out. */
export type Reader<T> = (v: CellValue, format: string) => CellRead<T>;

const ok = <T>(value: T): CellRead<T> => ({ ok: true, value });
const fail = <T>(message: string): CellRead<T> => ({ ok: false, message });

/**
 * A value as a custom function's argument or a script hands it over, as a
 * cell: blanks ("" too) as null; Excel error values, as the contract spells
 * them (`{ error: "#N/A" }`) or as the functions runtime does
 * (`{ code: "#N/A" }`), as cell errors; a number that is not finite as
 * #NUM!; a Date as its serial; anything else as #VALUE!, so a parser
 * reports it rather than tripping on it.
 */
export function toCellValue(v: unknown): CellValue {
  if (v === null || v === undefined || v === "") return null;
  if (typeof v === "number") return Number.isFinite(v) ? v : { error: "#NUM!" };
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (isCellError(v)) return { error: v.error };
  const code = typeof v === "object" ? (v as { code?: unknown }).code : undefined;
  if (typeof code === "string" && code.startsWith("#")) return { error: code };
  if (v instanceof Date) return dateToSerial(v);
  return { error: "#VALUE!" };
}

/** Empty cells and cells holding only spaces. */
export function isBlank(v: CellValue | undefined): boolean {
  return v === null || v === undefined || (typeof v === "string" && v.trim() === "");
}

/** How a cell's content is quoted back to the user in a message: the cell's own kinds here, the rest as the model words them. */
export function describeCell(v: CellValue | undefined, format = "General"): string {
  if (isBlank(v)) return "an empty cell";
  if (isCellError(v)) return `the error ${v.error}`;
  if (typeof v === "number")
    return isPercentFormat(format) && Number.isFinite(v * 100)
      ? `${trimNumber(v * 100)}%`
      : trimNumber(v);
  return describe(typeof v === "string" ? v.trim() : v);
}

export function isPercentFormat(format: string | undefined): boolean {
  return typeof format === "string" && stripLiterals(format).includes("%");
}

/** Number formats that show a date (d, m, y codes outside quoted literals and brackets). */
export function isDateFormat(format: string | undefined): boolean {
  if (typeof format !== "string") return false;
  const code = stripLiterals(format).replace(/\[[^\]]*\]/g, "");
  return /[dy]/i.test(code) || /m{3,}/i.test(code);
}

function stripLiterals(format: string): string {
  return format.replace(/"[^"]*"/g, "").replace(/\\./g, "");
}

/** A number as a message quotes it: to 9 decimals; one too large or too small for that as written (1e+308, 1e-300), never "Infinity" or 0. */
function trimNumber(x: number): string {
  const rounded = Math.round(x * 1e9) / 1e9;
  return Number.isFinite(rounded) && (rounded !== 0 || x === 0) ? String(rounded) : String(x);
}

// Beyond this no figure in the model is meaningful, and sums of such figures
// could overflow to Infinity.
const LARGEST = 1e12;

/**
 * A number, also when stored as text: "1,234", " 97 ", "£1,234", "(2,000)"
 * (accounting negative), "12%" (0.12), "-" (an accounting zero).
 */
export function readNumber(v: CellValue | undefined, format = "General"): CellRead<number> {
  let x: number | undefined;
  if (typeof v === "number") x = v;
  else if (typeof v === "string") x = numberFromText(v);
  if (x === undefined || !Number.isFinite(x))
    return fail(`expected a number, found ${describeCell(v, format)}`);
  if (Math.abs(x) > LARGEST)
    return fail(`expected a number no larger than 1,000,000,000,000, found ${trimNumber(x)}`);
  return ok(x);
}

/** A number stored as text, or undefined when the text is not one. */
export function numberFromText(text: string): number | undefined {
  let s = text.replace(/[\s\u00a0]/g, "").replace(/[\u2212\u2013]/g, "-");
  if (s === "-") return 0;
  let sign = 1;
  if (/^\(.*\)$/.test(s)) {
    sign = -1;
    s = s.slice(1, -1);
  }
  let scale = 1;
  if (s.endsWith("%")) {
    scale = 0.01;
    s = s.slice(0, -1);
  }
  s = s.replace(/^(-?)£/, "$1").replace(/,(?=\d{3}(\D|$))/g, "");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return undefined;
  return sign * Number(s) * scale;
}

/** A count of plans, requests, placements: a number of 0 or more. */
export function readCount(v: CellValue | undefined, format = "General"): CellRead<number> {
  const n = readNumber(v, format);
  if (!n.ok) return n;
  return n.value < 0 ? fail(`expected a count of 0 or more, found ${describeCell(v, format)}`) : n;
}

/** A whole number of months, 0 or more. */
export function readWholeMonths(v: CellValue | undefined, format = "General"): CellRead<number> {
  const n = readNumber(v, format);
  if (!n.ok) return n;
  return n.value < 0 || !Number.isInteger(n.value)
    ? fail(`expected a whole number of months, 0 or more, found ${describeCell(v, format)}`)
    : n;
}

/**
 * A rate as a fraction: 0.12, a percent-formatted 12%, or the text "12%".
 * A rate typed as 12 is an error, not a guess at 12%.
 */
export function readRate(v: CellValue | undefined, format = "General"): CellRead<number> {
  const n = readNumber(v, format);
  return n.ok && n.value >= 0 && n.value <= 1
    ? n
    : fail(`expected a rate between 0 and 1 (e.g. 0.12 or 12%), found ${describeCell(v, format)}`);
}

/** A signed fraction, for percentage-point and percentage impacts (0.13 = +13 points). */
export function readFraction(
  v: CellValue | undefined,
  format: string,
  what: string
): CellRead<number> {
  const n = readNumber(v, format);
  if (!n.ok) return n;
  if (Math.abs(n.value) > 1)
    return fail(
      `expected a fraction between -1 and 1 for ${what} (e.g. 0.13 or 13%), found ${describeCell(v, format)}`
    );
  return n;
}

/** Non-blank text, trimmed. Numbers are accepted as their text (a provision called "16-19" may be typed as a number). */
export function readText(v: CellValue | undefined): CellRead<string> {
  if (typeof v === "string" && v.trim() !== "") return ok(v.trim().replace(/\s+/g, " "));
  if (typeof v === "number" && Number.isFinite(v)) return ok(String(v));
  return fail(`expected text, found ${describeCell(v)}`);
}

// Excel's day 0 is 1899-12-30 for every serial after the 1900 leap-year bug (serial 61 on).
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
const EARLIEST_YEAR = 1950;
const LATEST_YEAR = 2200;

/**
 * A date as an Excel serial number in the 1900 date system, counted in UTC:
 * dates arrive as UTC instants (ExcelJS, custom-function arguments), so no
 * local time zone can move a month-start date into the previous month.
 */
export function dateToSerial(d: Date): number {
  return (d.getTime() - EXCEL_EPOCH_MS) / DAY_MS;
}

export function serialToDate(serial: number): Date {
  return new Date(Math.round(EXCEL_EPOCH_MS + serial * DAY_MS));
}

/** The month of an Excel date serial (45658 → "2025-01"). */
export function monthOfSerial(serial: number): MonthKey {
  const d = new Date(EXCEL_EPOCH_MS + Math.floor(serial) * DAY_MS);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** The Excel date serial of a month's first day ("2025-01" → 45658), for writing months as real dates. */
export function serialOfMonth(month: MonthKey): number {
  const [y, m] = month.split("-").map(Number);
  return Math.round((Date.UTC(y, m - 1, 1) - EXCEL_EPOCH_MS) / DAY_MS);
}

/**
 * A month: an Excel date (serial number, whatever its format: a number in a
 * month column can only be a date), ISO text "2025-04" or "2025-04-01",
 * "Apr 2025" / "April-25", or a UK date typed as text "01/04/2025".
 */
export function readMonth(v: CellValue | undefined, format = "General"): CellRead<MonthKey> {
  const expected = `expected a month (a date, or text like 2025-04), found ${describeCell(v, isDateFormat(format) ? "General" : format)}`;
  let month: MonthKey | undefined;
  if (typeof v === "number" && Number.isFinite(v)) month = monthOfSerial(v);
  else if (typeof v === "string") month = monthFromText(v.trim());
  if (month === undefined || !isMonthKey(month)) return fail(expected);
  const year = Number(month.slice(0, 4));
  return year < EARLIEST_YEAR || year > LATEST_YEAR ? fail(expected) : ok(month);
}

function monthFromText(s: string): MonthKey | undefined {
  let m = /^(\d{4})[-/](\d{1,2})(?:[-/](\d{1,2}))?(?:[T ].*)?$/.exec(s);
  if (m)
    return m[3] !== undefined && !isDay(Number(m[1]), Number(m[2]), Number(m[3]))
      ? undefined
      : key(Number(m[1]), Number(m[2]));
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  // 31/02/2025 is no date: the day must be in its month.
  if (m)
    return isDay(Number(m[3]), Number(m[2]), Number(m[1]))
      ? key(Number(m[3]), Number(m[2]))
      : undefined;
  m = /^([A-Za-z]{3,9})\.?[\s\-/]+(\d{4}|\d{2})$/.exec(s);
  if (m) {
    // "Apr", "April" and "Sept"; not any word that happens to start like a month.
    const month = monthOfName(m[1]);
    if (month === undefined) return undefined;
    return key(m[2].length === 2 ? 2000 + Number(m[2]) : Number(m[2]), month);
  }
  return undefined;

  function isDay(year: number, month: number, day: number): boolean {
    return (
      day >= 1 &&
      month >= 1 &&
      month <= 12 &&
      day <= new Date(Date.UTC(year, month, 0)).getUTCDate()
    );
  }

  function key(year: number, month: number): MonthKey | undefined {
    if (month < 1 || month > 12) return undefined;
    return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;
  }
}

/** The forms a financial year label is read in, as messages list them. */
export const YEAR_LABEL_FORMS =
  "2025/26, 2025-26, 2025/2026, FY2025/26, FY25/26 or 25/26, alone or with a word before or after (2025/26 Outturn, Outturn 2025-26, 2025/26 £'000)";

/**
 * A financial year label, normalised to "2023/24": accepts "2023/24",
 * "2023-24", "2023/2024", "FY2023/24", "FY23/24", "23/24" (two-digit years
 * are 2000 on), each with words before or after ("Outturn 2023-24",
 * "2023/24 Outturn", "2023/24 £'000"). A single year (2026, as a number or
 * text) is refused: it could be 2025/26 (the year ending March 2026) or
 * 2026/27, and the message says so.
 */
export function readYearLabel(v: CellValue | undefined): CellRead<YearLabel> {
  const expected = `expected a financial year label like 2023/24, found ${describeCell(v)}`;
  const single =
    typeof v === "number" ? v : typeof v === "string" ? /^\s*(\d{4})\s*$/.exec(v)?.[1] : undefined;
  if (single !== undefined && Number.isInteger(Number(single))) {
    const y = Number(single);
    if (y > EARLIEST_YEAR && y <= LATEST_YEAR)
      return fail(
        `${expected}, a single year: it could be ${yearLabel(y - 1)} (April ${y - 1} to March ${y}) or ${yearLabel(y)}; write the financial year, e.g. ${yearLabel(y - 1)}`
      );
  }
  if (typeof v !== "string") return fail(expected);
  // Words before the year may not hold digits ("Q1 2023/24" is not a year label); FY may be glued on.
  const m =
    /^([^\d]*?)(?:\bFY\s*)?(\d{4}|\d{2})\s*[/\-\u2013]\s*(\d{2}|\d{4})(?![\d/])(\D.*)?$/i.exec(
      v.trim()
    );
  if (!m || (m[1] !== "" && !/[\s\-:(]$/.test(m[1]) && !/fy$/i.test(m[1]))) return fail(expected);
  const short = m[2].length === 2;
  if (short && m[3].length !== 2) return fail(expected);
  const first = short ? 2000 + Number(m[2]) : Number(m[2]);
  const second = Number(m[3]);
  const consecutive = m[3].length === 2 ? (first + 1) % 100 === second : second === first + 1;
  if (!consecutive) return fail(`${expected}: the second year must follow the first`);
  if (first < EARLIEST_YEAR || first > LATEST_YEAR) return fail(expected);
  return ok(yearLabel(first));
}
