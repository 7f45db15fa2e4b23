/**
 * A1 addresses as Excel spells them: "'Bob''s Sheet'!$B$3:D12". The fake
 * parses what the adapter sends and answers with the form Excel returns
 * (sheet quoted only when it must be, no dollar signs).
 */

export interface CellBox {
  /** 0-based, inclusive. */
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

export const MAX_ROWS = 1048576;
export const MAX_COLUMNS = 16384;

export function columnLetters(column: number): string {
  let n = column + 1;
  let s = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    s = String.fromCharCode(65 + rem) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function cellName(row: number, column: number): string {
  return `${columnLetters(column)}${row + 1}`;
}

export function boxAddress(box: CellBox): string {
  const a = cellName(box.r0, box.c0);
  return box.r0 === box.r1 && box.c0 === box.c1 ? a : `${a}:${cellName(box.r1, box.c1)}`;
}

/** Excel quotes a sheet name unless it is a plain identifier. */
export function quoteSheet(sheet: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) && !/^[A-Za-z]{1,3}[0-9]+$/.test(sheet)
    ? sheet
    : `'${sheet.replace(/'/g, "''")}'`;
}

export function sheetAddress(sheet: string, box: CellBox): string {
  return `${quoteSheet(sheet)}!${boxAddress(box)}`;
}

/** Splits "'Bob''s Sheet'!B3" into the unquoted sheet and the local part; sheet is undefined when absent. */
export function splitSheet(address: string): { sheet?: string; local: string } {
  const text = address.trim().replace(/^=/, "");
  if (text.startsWith("'")) {
    let i = 1;
    let name = "";
    while (i < text.length) {
      if (text[i] === "'" && text[i + 1] === "'") {
        name += "'";
        i += 2;
      } else if (text[i] === "'") {
        break;
      } else {
        name += text[i++];
      }
    }
    return { sheet: name, local: text.slice(i + 2) };
  }
  const bang = text.lastIndexOf("!");
  return bang < 0 ? { local: text } : { sheet: text.slice(0, bang), local: text.slice(bang + 1) };
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
    return { r0: Math.min(r0, r1), c0: Math.min(c0, c1), r1: Math.max(r0, r1), c1: Math.max(c0, c1) };
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
