import type { CellValue, RangeData } from "./port";
import type { CellProblem, CellWarning, WarningCode } from "./problems";
import { cellName, localRange, sheetRange } from "./address";
import { formatProblem } from "./problems";
import { labelKey } from "../model";
import { isBlank, readText, type Reader } from "./cells";
import { MISSPELT_WITHIN, OWN_COLUMN_HEADERS, isOwnColumn, nearestLabel } from "./suggest";

/** Where a value of the model's input came from: the input, its sheet and cell. */
export interface CellRef {
  input: string;
  sheet: string;
  cell: string;
}

/** Model field path ("interventions[2].impact", "funding.highNeedsBlock[3]") → the cell it was read from. */
export type Provenance = Record<string, CellRef>;

/** What a parser gives back: its part of the model's input, every problem, warnings and where each value came from. */
export interface Parsed<T> {
  value: T;
  problems: CellProblem[];
  /** Each warning as it is shown: "SEND_Funding!A9: …". */
  warnings: string[];
  /** The same warnings, in the same order, with their codes and cells. */
  warningDetails: CellWarning[];
  where: Provenance;
}

/**
 * One input range being read: cell addresses relative to its sheet, and the
 * problem, warning and provenance lists its parser fills.
 */
export class Grid {
  readonly problems: CellProblem[] = [];
  readonly warnings: string[] = [];
  readonly warningDetails: CellWarning[] = [];
  readonly where: Provenance = {};
  readonly rows: number;
  /** The widest row's width: rows read from a sheet may be ragged. */
  readonly columns: number;

  constructor(
    readonly range: RangeData,
    readonly input: string
  ) {
    this.rows = range.values.length;
    this.columns = widthOf(range);
  }

  value(i: number, j: number): CellValue {
    return this.range.values[i]?.[j] ?? null;
  }

  format(i: number, j: number): string {
    return this.range.numberFormats[i]?.[j] ?? "General";
  }

  /** The sheet address of cell (i, j) of the range: "C4". */
  cell(i: number, j: number): string {
    return cellName(this.range.row + i, this.range.column + j);
  }

  ref(i: number, j: number): CellRef {
    return { input: this.input, sheet: this.range.sheet, cell: this.cell(i, j) };
  }

  /** The sheet address of rows i0..i1 and columns j0..j1 of the range: "B4:H4" ("B4" for one cell). */
  cells(i0: number, j0: number, i1: number, j1: number): string {
    return localRange(
      this.range.row + i0,
      this.range.column + j0,
      Math.max(1, i1 - i0 + 1),
      Math.max(1, j1 - j0 + 1)
    );
  }

  /** The whole input, for problems with its shape: every cell of the range ("B4:H12"). */
  wholeRef(): CellRef {
    return {
      input: this.input,
      sheet: this.range.sheet,
      cell: this.cells(0, 0, this.rows - 1, this.columns - 1),
    };
  }

  /** Cell (i, j) as `read` expects it; when it is not, a problem at the cell and undefined. */
  read<T>(i: number, j: number, read: Reader<T>): T | undefined {
    const result = read(this.value(i, j), this.format(i, j));
    if (result.ok) return result.value;
    this.problem(i, j, result.message);
    return undefined;
  }

  problem(i: number, j: number, message: string): void {
    this.problems.push({ ...this.ref(i, j), message });
  }

  /** Problems made with the shape of the input (wholeProblem, rowProblem): what follows from them is not said. */
  shapeProblems = 0;

  wholeProblem(message: string): void {
    this.shapeProblems++;
    this.problems.push({ ...this.wholeRef(), message });
  }

  /** A problem with row i as a whole (a header row without a column it needs): at the row's cells, "B4:H4". */
  rowProblem(i: number, message: string): void {
    this.shapeProblems++;
    this.problems.push({
      input: this.input,
      sheet: this.range.sheet,
      cell: this.cells(i, 0, i, this.columns - 1),
      message,
    });
  }

  /** Records rows i0..i1 of column j as where `field` came from (a key column, for a key that is missing). */
  recordColumn(field: string, j: number, i0: number, i1: number): void {
    this.where[field] = {
      input: this.input,
      sheet: this.range.sheet,
      cell: this.cells(i0, j, i1, j),
    };
  }

  warn(code: WarningCode, i: number, j: number, message: string): void {
    const warning: CellWarning = { code, ...this.ref(i, j), message };
    this.warnings.push(formatProblem(warning));
    this.warningDetails.push(warning);
  }

  record(field: string, i: number, j: number): void {
    this.where[field] = this.ref(i, j);
  }

  isBlankRow(i: number): boolean {
    for (let j = 0; j < this.columns; j++) if (!isBlank(this.value(i, j))) return false;
    return true;
  }

  isBlankColumn(j: number, fromRow = 0): boolean {
    for (let i = fromRow; i < this.rows; i++) if (!isBlank(this.value(i, j))) return false;
    return true;
  }

  done<T>(value: T): Parsed<T> {
    return {
      value,
      problems: this.problems,
      warnings: this.warnings,
      warningDetails: this.warningDetails,
      where: this.where,
    };
  }
}

/** "'Bob''s Sheet'!B3:D12": the address a range occupies. */
export function rangeAddress(r: RangeData): string {
  return sheetRange(
    r.sheet,
    r.row,
    r.column,
    Math.max(1, r.values.length),
    Math.max(1, widthOf(r))
  );
}

function widthOf(r: RangeData): number {
  return r.values.reduce((w, row) => Math.max(w, row.length), 0);
}

/** A column the contract knows in a table input: its field, the header labels that name it, and whether it must be there. */
export interface ColumnSpec<K extends string> {
  field: K;
  labels: readonly string[];
  required: boolean;
}

/**
 * A table input's header row: which column holds each known field. Header
 * labels match case- and punctuation-insensitively; a missing required
 * column and a repeated one are problems. So is a header that is none of
 * the known ones — a misspelt optional column would otherwise be dropped
 * without a word — with the nearest known header suggested; a column the
 * user keeps for their own use is headed Notes, Comments (see
 * OWN_COLUMN_HEADERS) or starts with #. With `others: "keep"` unknown
 * headers are the caller's to read.
 */
export function tableHeader<K extends string>(
  g: Grid,
  specs: readonly ColumnSpec<K>[],
  others: "problem" | "keep" = "problem"
): { columns: Partial<Record<K, number>>; headerRow: number } | undefined {
  const headerRow = firstNonBlankRow(g);
  if (headerRow === undefined) {
    g.wholeProblem(
      `expected a header row (${specs.map((s) => s.labels[0]).join(", ")}) and rows below it; found an empty range`
    );
    return undefined;
  }
  const columns: Partial<Record<K, number>> = {};
  for (let j = 0; j < g.columns; j++) {
    const label = readText(g.value(headerRow, j));
    if (!label.ok) continue;
    const key = labelKey(label.value);
    const spec = specs.find((s) => s.labels.some((l) => labelKey(l) === key));
    if (!spec) {
      if (others === "problem") unknownHeader(g, headerRow, j, label.value, specs);
      continue;
    }
    if (columns[spec.field] !== undefined) {
      g.problem(
        headerRow,
        j,
        `expected the column ${spec.labels[0]} once, found it again (first in ${g.cell(headerRow, columns[spec.field]!)})`
      );
      continue;
    }
    columns[spec.field] = j;
  }
  const missing = specs.filter((s) => s.required && columns[s.field] === undefined);
  if (missing.length > 0)
    g.rowProblem(
      headerRow,
      `expected ${missing.length === 1 ? "a column" : "columns"} headed ${missing.map((s) => s.labels[0]).join(", ")} in the header row (row ${g.range.row + headerRow + 1}); found none`
    );
  return { columns, headerRow };
}

/** A header no column of the input has: a problem at its cell, with the nearest known header or the list of them. */
function unknownHeader<K extends string>(
  g: Grid,
  i: number,
  j: number,
  header: string,
  specs: readonly ColumnSpec<K>[]
): void {
  const near = nearestLabel(
    header,
    specs.flatMap((s) => s.labels)
  );
  const owner = near && specs.find((s) => s.labels.includes(near.label));
  const meant = owner?.labels[0];
  if (near && near.distance <= MISSPELT_WITHIN) {
    g.problem(
      i,
      j,
      `expected a column header of ${g.input}, found '${header}': did you mean ${meant}? Rename the header to ${meant}`
    );
    return;
  }
  if (isOwnColumn(header)) return;
  g.problem(
    i,
    j,
    `expected a column header of ${g.input} (${specs.map((s) => s.labels[0]).join(", ")}), found '${header}'${near && near.distance <= MISSPELT_WITHIN + 1 ? ` (nearest: ${meant})` : ""}: rename it to the column it is, or, to keep it as a column of your own, head it ${OWN_COLUMN_HEADERS.slice(0, 2).join(" or ")}, or start its header with #`
  );
}

export function firstNonBlankRow(g: Grid): number | undefined {
  for (let i = 0; i < g.rows; i++) if (!g.isBlankRow(i)) return i;
  return undefined;
}

/** The data rows of a table input: every non-blank row after the header. */
export function dataRows(g: Grid, headerRow: number): number[] {
  const out: number[] = [];
  for (let i = headerRow + 1; i < g.rows; i++) if (!g.isBlankRow(i)) out.push(i);
  return out;
}
