/**
 * The workbook port: the little the contract needs from a workbook, so the
 * same contract runs in Excel (Office.js adapter, office/) and on .xlsx
 * files (ExcelJS adapter, xlsx/). An adapter reads in one round trip and
 * writes in one.
 *
 * A refresh is read, check, compute, write: the write is handed the read it
 * follows and acts on what that read saw (whether the output sheet is the
 * add-in's, which names are taken, where the output tables sit). An adapter
 * keeps nothing between calls, so two refreshes on one adapter cannot mix.
 */
import type { ParsedAddress } from "./address";

/** An Excel error value in a cell (#N/A, #REF!, #VALUE! …). */
export interface CellError {
  error: string;
}

/**
 * A cell as the contract sees it. Dates are Excel serial numbers (their
 * number format says they are dates); formulas are represented by their
 * last calculated value.
 */
export type CellValue = number | string | boolean | null | CellError;

export function isCellError(v: unknown): v is CellError {
  return typeof v === "object" && v !== null && typeof (v as CellError).error === "string";
}

/** A named range or an Excel table, read whole (a table includes its header row). */
export interface RangeData {
  /** The name or table name as the workbook spells it. */
  name: string;
  kind: "name" | "table";
  /** Worksheet name, unquoted ("Bob's Figures"). */
  sheet: string;
  /** 0-based row and column of the top-left cell on the sheet. */
  row: number;
  column: number;
  values: CellValue[][];
  /** Excel number format code of each cell ("0.0%", "dd/mm/yyyy", "General"). */
  numberFormats: string[][];
}

/** A workbook-scoped name, a sheet-scoped name or a table, as listed by the workbook. */
export interface NameInfo {
  name: string;
  kind: "name" | "table";
  /** "Sheet1!A1:B4", or null when it does not refer to a range (a constant, a #REF!). */
  address: string | null;
  /** For sheet-scoped names, the sheet that scopes them. */
  scope?: string;
}

export type SheetOwnership = "absent" | "ours" | "foreign";

export interface ReadResult {
  /** Every requested name found (matched case-insensitively), keyed by the requested spelling. */
  ranges: Record<string, RangeData | undefined>;
  /** All names and tables in the workbook, for punctuation-insensitive matching and for the binding picker. */
  names: NameInfo[];
  /** Whether the output sheet exists and whether it carries the add-in's ownership mark. */
  outputSheet: SheetOwnership;
  /** Input bindings saved in the workbook (input name → the user's name or table). */
  bindings: Record<string, string>;
  /**
   * What the read found on the add-in's own sheet, for the write that
   * follows it to keep the tables in place. Given by an adapter that
   * rewrites the sheet in place (Office.js); absent where the write
   * re-creates the sheet (.xlsx) or there is no sheet.
   */
  onOutputSheet?: OutputSheetContents;
}

/** The add-in's own sheet as a read found it: its tables and charts by name, and where each output table sits. */
export interface OutputSheetContents {
  tables: string[];
  charts: string[];
  /** Lower-cased table name → its range (header row included), for the output tables looked up by the read. */
  placed: Map<string, ParsedAddress>;
  /** Lower-cased table name → the labels in its first column's data rows ("Total expenditure"), where the read saw them. */
  labels?: Map<string, string[]>;
}

/** A number format for a whole output column, or per cell. */
export type NumberFormat = string;

/**
 * What a figure the output writes is, so both adapters can mark it the same
 * way: `actual` (an outturn year, before the forecast starts), `supplied`
 * (the council's own figure for a forecast year, used as given), `driven`
 * (a line priced from the forecast's activity, SEND_Costs) or `forecast`
 * (calculated by the model).
 */
export type CellKind = "actual" | "supplied" | "driven" | "forecast";

/** The key to the cell styles, written on the output sheet above the tables. */
export interface Legend {
  /** 0-based position of its title cell. */
  row: number;
  column: number;
  title: string;
  /** One row each: a cell styled as the kind, holding its label, and the description beside it. */
  entries: { kind: CellKind; label: string; description: string }[];
  /** Lines under the entries. */
  notes: string[];
}

export interface OutputTable {
  /** Excel table name (SEND_OutDeficit …). */
  name: string;
  /** A heading written in the row above the table. */
  title: string;
  /** 0-based position of the header row's first cell on the output sheet. */
  row: number;
  column: number;
  headers: string[];
  rows: CellValue[][];
  /** Optional formulas, same shape as rows; a non-null entry is written instead of the value. */
  formulas?: (string | null)[][];
  /** One per column. */
  numberFormats: NumberFormat[];
  /** Rows drawn bold (totals), by index into rows. */
  emphasisedRows?: number[];
  /** What each data cell is, same shape as rows; null (or absent) for labels and blanks, which keep the table's look. */
  kinds?: (CellKind | null)[][];
  /** Lines written under the table, one a row (what its figures are, how they are rounded). */
  notes?: string[];
}

export interface ChartSpec {
  /**
   * "line" for trajectories, "column" for the deficit balance, "fan" for a
   * range of outcomes: a stacked area whose first series (the low edge,
   * P10) is drawn invisible as the base, the second (the spread, P90 − P10)
   * stacked on it as a shaded band, and the third (the middle, P50) a line.
   */
  type: "line" | "column" | "fan";
  title: string;
  /** The output table whose data it plots; series are its columns (or rows) named here. */
  table: string;
  /** Column holding the categories (x axis). */
  categoryColumn: string;
  /** Columns plotted as series; for a fan, exactly [low edge, spread, middle]. */
  seriesColumns: string[];
  /** For a fan, where the host cannot combine an area with a line: the columns drawn as plain lines instead (low, middle, high). */
  fallbackColumns?: string[];
  /** 0-based top-left cell where the chart is placed. */
  row: number;
  column: number;
}

export interface OutputSheet {
  name: string;
  tables: OutputTable[];
  charts: ChartSpec[];
  /** The key to the cell styles, above the tables. */
  legend?: Legend;
  /** Whether the write makes the sheet the one shown (a refresh the user asked for, and the .xlsx copy's opening sheet). */
  show?: boolean;
}

export interface WorkbookPort {
  /** One round trip: the requested ranges, the list of names, the output sheet's ownership and saved bindings. */
  read(requested: readonly string[]): Promise<ReadResult>;
  /**
   * One round trip: (re)create the output sheet, mark it as ours, write its
   * tables and charts, as the given read found the workbook. Refuses (throws,
   * writing nothing) what the contract's output guards refuse for that read:
   * a sheet of the output sheet's name that is not the add-in's, or a name of
   * the user's that an output table needs. Never touches another sheet.
   */
  write(sheet: OutputSheet, read: ReadResult): Promise<void>;
}

/** The add-in's own output sheet. */
export const OUTPUT_SHEET = "SEND Forecast";

/**
 * The ownership mark: a workbook-scoped defined name that refers to A1 of the
 * output sheet. A sheet called "SEND Forecast" without it is the user's and is
 * never overwritten. (A defined name survives every .xlsx writer, Excel's own
 * and ExcelJS's, where sheet-level custom properties do not.)
 */
export const OWNERSHIP_NAME = "SEND_ForecastOwner";
