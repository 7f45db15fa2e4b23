import { quoteSheet } from "./address";

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
