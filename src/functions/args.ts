import { describe as describeValue, labelKey, type MonthKey, type YearLabel } from "../model";
import {
  describeCell,
  readCount,
  readFraction,
  readMonth,
  readNumber,
  readRate,
  readYearLabel,
  toCellValue,
  type CellRead,
} from "../workbook/cells";
import type { CellValue } from "../workbook/port";
import { excelError, isExcelError, type ExcelErrorValue } from "./excelError";

/**
 * The one argument-checking path of the custom functions. Each function
 * names its arguments and how each is checked; `evaluate` checks them all,
 * and only when every one is good calls the body with the converted values.
 * A bad argument becomes `#VALUE!` naming the argument and what was expected
 * ("noToAssessRate: expected a rate between 0 and 1, found 12"); every bad
 * argument is reported, not only the first. Nothing here throws to Excel.
 *
 * What Excel passes: numbers, text, booleans; a range as a 2-D array (rows
 * of cells, an empty cell as "" or null); an omitted optional argument as
 * null (undefined when called from script); a date as its serial number.
 * Single values are read exactly as the contract reads a cell of an input
 * (numbers typed as text, "12%", dates as serials or ISO text), so a figure
 * means the same in a formula as in a named input.
 */

export type Checked<T> = { ok: true; value: T } | { ok: false; expected: string };

/** Checks and converts one raw argument; `expected` completes "name: …". */
export type Check<T> = (raw: unknown) => Checked<T>;

type ArgSpec = Record<string, readonly [raw: unknown, check: Check<unknown>]>;
type CheckedArgs<S extends ArgSpec> = {
  [K in keyof S]: S[K] extends readonly [unknown, Check<infer T>] ? T : never;
};

const good = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = <T>(expected: string): Checked<T> => ({ ok: false, expected });

/** How a raw argument reads in a message: `12`, `text 'tbc'`, `nothing`. */
export function describe(raw: unknown): string {
  if (raw === "") return describeValue(null); // an empty cell
  if (typeof raw === "string" && raw.length > 40) return describeValue(`${raw.slice(0, 37)}...`);
  if (Array.isArray(raw)) return `a range of ${raw.length} row${raw.length === 1 ? "" : "s"}`;
  if (isExcelError(raw)) return `the error ${raw.code}`;
  return describeValue(raw);
}

const isBlank = (raw: unknown): boolean => raw === null || raw === undefined || raw === "";

/**
 * Check every argument, then run `body` on the converted values. The body's
 * result is checked too: a number that is not finite becomes `#NUM!`, so a
 * cell never shows NaN or Infinity.
 */
export function evaluate<S extends ArgSpec, R>(
  spec: S,
  body: (args: CheckedArgs<S>) => R | ExcelErrorValue
): R | ExcelErrorValue {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, [raw, check]] of Object.entries(spec)) {
    const checked = check(raw);
    if (checked.ok) values[name] = checked.value;
    else problems.push(`${name}: ${checked.expected}`);
  }
  if (problems.length > 0) return excelError("invalidValue", problems.join("; "));
  let result: R | ExcelErrorValue;
  try {
    result = body(values as CheckedArgs<S>);
  } catch (e) {
    // A programming mistake, not bad input; still a value, never a throw into Excel.
    return excelError(
      "invalidValue",
      `could not be calculated: ${e instanceof Error ? e.message : String(e)}`
    );
  }
  return isExcelError(result) ? result : finiteOrError(result);
}

function finiteOrError<R>(result: R): R | ExcelErrorValue {
  const notFinite = (x: unknown): boolean => typeof x === "number" && !Number.isFinite(x);
  if (notFinite(result)) return excelError("invalidNumber", "the result is not a finite number");
  if (Array.isArray(result) && result.some((row) => Array.isArray(row) && row.some(notFinite)))
    return excelError("invalidNumber", "a result in the spilled range is not a finite number");
  return result;
}

// ---- scalar checks ---------------------------------------------------------

/** A cell reader of the contract as a check of one argument. */
function fromCell<T>(read: (v: CellValue) => CellRead<T>): Check<T> {
  return (raw) => {
    const r = read(toCellValue(raw));
    return r.ok ? good(r.value) : bad(r.message);
  };
}

export const number: Check<number> = fromCell((v) => readNumber(v));
/** Requests, plans, placements: a number of 0 or more. */
export const count: Check<number> = fromCell((v) => readCount(v));
/** A rate or share as a fraction (0.12, or 12%); 12 typed for 12% is refused, not guessed. */
export const rate: Check<number> = fromCell((v) => readRate(v));
/** A month: an Excel date (serial) or text such as 2025-04. */
export const month: Check<MonthKey> = fromCell((v) => readMonth(v));
/** An annual inflation rate as a fraction above −1 (0.03, or 3%); 3 typed for 3% is refused. */
export const inflation: Check<number> = (raw) => {
  const r = readFraction(toCellValue(raw), "General", "inflation");
  if (!r.ok) return bad(r.message);
  return r.value > -1
    ? good(r.value)
    : bad(`expected an inflation rate above -100%, found ${r.value}`);
};
/** A whole number of years, of either sign (years after the year a cost is priced in). */
export const wholeYears: Check<number> = (raw) => {
  const n = number(raw);
  if (!n.ok) return bad(`expected a whole number of years, found ${describe(raw)}`);
  return Number.isInteger(n.value) ? n : bad(`expected a whole number of years, found ${n.value}`);
};
/** A financial year label, normalised to "2024/25". */
export const year: Check<YearLabel> = fromCell((v) => readYearLabel(v));

/** A number of months, 1 or more. */
export const months: Check<number> = (raw) => {
  const n = number(raw);
  if (!n.ok) return bad(`expected a whole number of months, found ${describe(raw)}`);
  return Number.isInteger(n.value) && n.value >= 1
    ? n
    : bad(`expected a whole number of months, 1 or more, found ${n.value}`);
};

/** A whole number, 1 or more (a window length). */
export const positiveWhole: Check<number> = (raw) => {
  const n = number(raw);
  if (!n.ok) return n;
  return Number.isInteger(n.value) && n.value >= 1
    ? n
    : bad(`expected a whole number, 1 or more, found ${n.value}`);
};

/** A whole number from `min` (to `max`), named in the message: "expected the number of draws, a whole number from 1 to 100,000, found 0". */
export function wholeNumber(what: string, min: number, max = Infinity): Check<number> {
  const range = Number.isFinite(max)
    ? `from ${min.toLocaleString("en-GB")} to ${max.toLocaleString("en-GB")}`
    : `${min.toLocaleString("en-GB")} or more`;
  return (raw) => {
    const n = number(raw);
    if (!n.ok) return bad(`expected ${what}, a whole number ${range}, found ${describe(raw)}`);
    return Number.isInteger(n.value) && n.value >= min && n.value <= max
      ? n
      : bad(`expected ${what}, a whole number ${range}, found ${n.value}`);
  };
}

export const text: Check<string> = (raw) =>
  typeof raw === "string" && raw.trim() !== ""
    ? good(raw.trim())
    : bad(`expected text, found ${describe(raw)}`);

/** One of a fixed set of words, matched case- and punctuation-insensitively, as the contract matches names ("risk-adjusted" = "riskAdjusted"). */
export function oneOf<T extends string>(choices: readonly T[]): Check<T> {
  const byKey = new Map(choices.map((c) => [labelKey(c), c] as const));
  return (raw) => {
    const found = typeof raw === "string" ? byKey.get(labelKey(raw)) : undefined;
    return found !== undefined
      ? good(found)
      : bad(`expected one of ${choices.join(", ")}, found ${describe(raw)}`);
  };
}

/** An optional argument: omitted (null, undefined or an empty cell) gives `fallback`. */
export function optional<T, F>(check: Check<T>, fallback: F): Check<T | F> {
  return (raw) => (isBlank(raw) ? good(fallback) : check(raw));
}

// ---- ranges ----------------------------------------------------------------

/**
 * A range as the contract reads cells: rectangular rows, blanks as null,
 * Excel error values as `{ error: "#N/A" }`.
 */
export const range: Check<CellValue[][]> = (raw) => {
  // A single cell passed where a range is expected arrives as a scalar.
  const rows = Array.isArray(raw) ? raw : [[raw]];
  if (rows.length === 0 || !rows.every(Array.isArray))
    return bad(`expected a range of cells, found ${describe(raw)}`);
  const width = (rows[0] as unknown[]).length;
  if (width === 0 || !rows.every((r) => (r as unknown[]).length === width))
    return bad("expected a rectangular range of cells");
  return good(rows.map((r) => (r as unknown[]).map(toCellValue)));
};

/** A one-row or one-column range as a list, in reading order. */
export const vector: Check<CellValue[]> = (raw) => {
  const r = range(raw);
  if (!r.ok) return r;
  const rows = r.value;
  if (rows.length === 1) return good(rows[0]);
  if (rows[0].length === 1) return good(rows.map((row) => row[0]));
  return bad(
    `expected a single row or column, found ${rows.length} rows by ${rows[0].length} columns`
  );
};

/** A single row or column of numbers; blank cells at the end (a series not yet filled in) are dropped. */
export const numberSeries: Check<number[]> = (raw) => {
  const v = vector(raw);
  if (!v.ok) return v;
  const cells = [...v.value];
  while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
  if (cells.length === 0) return bad("expected at least one number, found only empty cells");
  const numbers: number[] = [];
  for (const [k, c] of cells.entries()) {
    const n = readNumber(c);
    if (!n.ok)
      return bad(`expected a number in every cell, found ${describeCell(c)} in cell ${k + 1}`);
    numbers.push(n.value);
  }
  return good(numbers);
};

/** A single row or column of financial year labels (normalised to "2024/25"); blank cells at the end are dropped. */
export const yearSeries: Check<YearLabel[]> = (raw) => {
  const v = vector(raw);
  if (!v.ok) return v;
  const cells = [...v.value];
  while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
  if (cells.length === 0)
    return bad("expected at least one financial year label, found only empty cells");
  const years: YearLabel[] = [];
  for (const [k, c] of cells.entries()) {
    const y = readYearLabel(c);
    if (!y.ok) return bad(`${y.message} in cell ${k + 1}`);
    years.push(y.value);
  }
  return good(years);
};

/** Exported for the functions that convert a problem list from the contract into one Excel error. */
export function invalid(message: string): ExcelErrorValue {
  return excelError("invalidValue", message);
}
