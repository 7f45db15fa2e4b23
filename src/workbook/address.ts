/**
 * A1 addresses as Excel writes them, in one place for every adapter and
 * message: sheet names quoted where Excel quotes them, columns as letters,
 * 0-based rows and columns in, "C4" and "'Bob''s Sheet'!B3:D12" out.
 */

/** A sheet name as Excel writes it in a reference: quoted (with doubled apostrophes) unless it is a plain identifier. */
export function quoteSheet(sheet: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) && !looksLikeCellReference(sheet)
    ? sheet
    : `'${sheet.replace(/'/g, "''")}'`;
}

// "A1", "R1C1", and "R", "C" and "RC" (R1C1 references to the current row or
// column) must be quoted even though they are identifiers.
function looksLikeCellReference(s: string): boolean {
  return (
    /^[A-Za-z]{1,3}[0-9]+$/.test(s) || /^[Rr][0-9]*([Cc][0-9]*)?$/.test(s) || /^[Cc][0-9]*$/.test(s)
  );
}

/** Column letters from a 0-based index: 0 → "A", 26 → "AA". */
export function columnLetters(column: number): string {
  let n = column + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** The 0-based index of column letters: "A" → 0, "AA" → 26. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** "C4" from a 0-based row and column. */
export function cellName(row: number, column: number): string {
  return `${columnLetters(column)}${row + 1}`;
}

/** A local A1 range from a 0-based corner and size: "A3:F10" ("A3" for one cell). */
export function localRange(row: number, column: number, rows = 1, columns = 1): string {
  const first = cellName(row, column);
  return rows === 1 && columns === 1
    ? first
    : `${first}:${cellName(row + rows - 1, column + columns - 1)}`;
}

/** "'Bob''s Sheet'!B3:D12": a range on a sheet from a 0-based corner and size. */
export function sheetRange(
  sheet: string,
  row: number,
  column: number,
  rows = 1,
  columns = 1
): string {
  return `${quoteSheet(sheet)}!${localRange(row, column, rows, columns)}`;
}

/** Splits "'Bob''s Sheet'!B3" into the unquoted sheet ("Bob's Sheet") and the local part ("B3"). */
export function splitAddress(address: string): { sheet: string | null; local: string } {
  const text = address.trim().replace(/^=/, "");
  if (text.startsWith("'")) {
    const end = /^'((?:[^']|'')*)'!/.exec(text);
    if (end) return { sheet: end[1].replace(/''/g, "'"), local: text.slice(end[0].length) };
  }
  const bang = text.lastIndexOf("!");
  return bang < 0
    ? { sheet: null, local: text }
    : { sheet: text.slice(0, bang), local: text.slice(bang + 1) };
}

export interface ParsedAddress {
  /** Unquoted sheet name. */
  sheet: string;
  /** 0-based top-left cell and size. */
  row: number;
  column: number;
  rows: number;
  columns: number;
}

/** "'Bob''s Sheet'!$B$3:D12" → sheet "Bob's Sheet", row 2, column 1, 10 rows × 3 columns; null if it is not a cell range on a sheet. */
export function parseAddress(address: string): ParsedAddress | null {
  const { sheet, local } = splitAddress(address);
  const m = /^\$?([A-Za-z]{1,3})\$?([0-9]+)(?::\$?([A-Za-z]{1,3})\$?([0-9]+))?$/.exec(local);
  if (sheet === null || !m) return null;
  const r0 = Number(m[2]) - 1;
  const c0 = columnIndex(m[1]);
  const r1 = m[4] === undefined ? r0 : Number(m[4]) - 1;
  const c1 = m[3] === undefined ? c0 : columnIndex(m[3]);
  return {
    sheet,
    row: Math.min(r0, r1),
    column: Math.min(c0, c1),
    rows: Math.abs(r1 - r0) + 1,
    columns: Math.abs(c1 - c0) + 1,
  };
}
