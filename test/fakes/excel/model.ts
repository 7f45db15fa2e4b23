/**
 * The plain JSON a fake workbook is built from, so the same workbook can be
 * handed to Jest tests and injected into a browser page.
 */

/** A cell's stored value; errors are { error: "#N/A" } as in the workbook port. */
export type FakeCellValue = number | string | boolean | null | { error: string };

export interface FakeCellModel {
  value?: FakeCellValue;
  /** "=SUM(A1:A3)"; the value is then the formula's last calculated result. */
  formula?: string;
  numberFormat?: string;
  bold?: boolean;
  italic?: boolean;
  /** Fill colour ("#DDEBF7"). */
  fill?: string;
}

export interface FakeSheetModel {
  name: string;
  /** Keyed by A1 cell name ("B3"); a bare value is shorthand for { value }. */
  cells?: Record<string, FakeCellModel | FakeCellValue>;
  /** Sheet-scoped names: name → "B3:C10" (on this sheet) or "Other!B3", or "=0.12" for a constant. */
  names?: Record<string, string>;
}

export interface FakeWorkbookModel {
  sheets: FakeSheetModel[];
  /** Workbook-scoped names: name → "Sheet!B3:C10", or "=0.12" / "=#REF!" for names that are not ranges. */
  names?: Record<string, string>;
  /** Excel tables: name → "Sheet!A1:D10", header row included. */
  tables?: Record<string, string>;
  /** Document settings (Office.context.document.settings) as saved in the file. */
  settings?: Record<string, unknown>;
}

export function isFakeCellModel(v: FakeCellModel | FakeCellValue | undefined): v is FakeCellModel {
  return typeof v === "object" && v !== null && !("error" in v);
}
