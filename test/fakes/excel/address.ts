/**
 * A1 addresses as Excel spells them: "'Bob''s Sheet'!$B$3:D12". The fake
 * parses what the adapter sends and answers with the form Excel returns
 * (sheet quoted only when it must be, no dollar signs). The spelling rules
 * (quoting, column letters, splitting off the sheet) are the product's own
 * address module; what is the fake's alone is the box model, with the whole
 * rows and columns ("A:C", "3:5") Excel accepts and the adapter never sends.
 */
import {
  cellName,
  columnIndex,
  columnLetters,
  localRange,
  quoteSheet,
  splitAddress,
} from "../../../src/workbook/address";

export { cellName, columnIndex, columnLetters, quoteSheet };

export interface CellBox {
  /** 0-based, inclusive. */
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

export const MAX_ROWS = 1048576;
export const MAX_COLUMNS = 16384;

export function boxAddress(box: CellBox): string {
  return localRange(box.r0, box.c0, boxRows(box), boxColumns(box));
}

export function sheetAddress(sheet: string, box: CellBox): string {
  return `${quoteSheet(sheet)}!${boxAddress(box)}`;
}

/** Splits "'Bob''s Sheet'!B3" into the unquoted sheet and the local part; sheet is undefined when absent. */
export function splitSheet(address: string): { sheet?: string; local: string } {
  const { sheet, local } = splitAddress(address);
  return sheet === null ? { local } : { sheet, local };
}

/** Parses "B3", "$B$3:D12", "A:C" or "3:5" into a box; null when it is not an address. */
export function parseBox(local: string): CellBox | null {
  const text = local.replace(/\$/g, "").toUpperCase();
  const cell = /^([A-Z]{1,3})([0-9]{1,7})$/;
  const parts = text.split(":");
  if (parts.length === 1) {
    const m = cell.exec(parts[0]);
    if (!m) return null;
    const r = Number(m[2]) - 1;
    const c = columnIndex(m[1]);
    return { r0: r, c0: c, r1: r, c1: c };
  }
  if (parts.length !== 2) return null;
  const [a, b] = parts;
  const ma = cell.exec(a);
  const mb = cell.exec(b);
  if (ma && mb) {
    const r0 = Number(ma[2]) - 1;
    const r1 = Number(mb[2]) - 1;
    const c0 = columnIndex(ma[1]);
    const c1 = columnIndex(mb[1]);
    return {
      r0: Math.min(r0, r1),
      c0: Math.min(c0, c1),
      r1: Math.max(r0, r1),
      c1: Math.max(c0, c1),
    };
  }
  if (/^[A-Z]{1,3}$/.test(a) && /^[A-Z]{1,3}$/.test(b)) {
    return { r0: 0, c0: columnIndex(a), r1: MAX_ROWS - 1, c1: columnIndex(b) };
  }
  if (/^[0-9]+$/.test(a) && /^[0-9]+$/.test(b)) {
    return { r0: Number(a) - 1, c0: 0, r1: Number(b) - 1, c1: MAX_COLUMNS - 1 };
  }
  return null;
}

export function boxRows(box: CellBox): number {
  return box.r1 - box.r0 + 1;
}

export function boxColumns(box: CellBox): number {
  return box.c1 - box.c0 + 1;
}

export function boxesOverlap(a: CellBox, b: CellBox): boolean {
  return a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;
}
