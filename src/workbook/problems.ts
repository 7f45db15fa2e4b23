/**
 * A problem with the workbook's input, addressed to the cell it came from
 * (spec: WORKBOOK.md, "Bad input"). Problems are values, collected and shown
 * together; nothing here throws.
 */
export interface CellProblem {
  /** The input as the user knows it: the contract name, or their own bound name. */
  input: string;
  /** Worksheet, unquoted; "" when the input was not found at all. */
  sheet: string;
  /** "C4", or "" when the problem is with the whole input. */
  cell: string;
  /** What was expected and what was found. */
  message: string;
}

/** "SEND_Funding!C4: expected a number, found text 'tbc'" ("SEND_Baseline: …" for the whole input). */
export function formatProblem(p: CellProblem): string {
  return p.cell === "" ? `${p.input}: ${p.message}` : `${p.input}!${p.cell}: ${p.message}`;
}

/**
 * The Excel address to select for a problem: "'Bob''s Sheet'!C4". For a
 * problem with a whole input, the input's own name (Excel selects a named
 * range or table by its name); "" when there is nothing to select.
 */
export function problemAddress(p: CellProblem): string {
  if (p.sheet === "") return p.cell === "" ? "" : p.input;
  if (p.cell === "") return p.input;
  return `${quoteSheet(p.sheet)}!${p.cell}`;
}

/** A sheet name as Excel writes it in a reference: quoted (with doubled apostrophes) unless it is a plain identifier. */
export function quoteSheet(sheet: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) && !looksLikeCellReference(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
}

// "A1", "R1C1" and the like must be quoted even though they are identifiers.
function looksLikeCellReference(s: string): boolean {
  return /^[A-Za-z]{1,3}[0-9]+$/.test(s) || /^[Rr][0-9]*[Cc][0-9]*$/.test(s);
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

/** "C4" from a 0-based row and column. */
export function cellName(row: number, column: number): string {
  return `${columnLetters(column)}${row + 1}`;
}
