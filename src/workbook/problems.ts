import type { Warning } from "../model";
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

/**
 * Why a refresh warns, stable for programs that read the warnings: the
 * model's own codes, and the reader's for what it left out or doubts.
 */
export type WarningCode =
  | Warning["code"]
  /** A key in a two-column input that is not one of its keys; ignored. */
  | "unknownKey"
  /** A row with a label and no figures, read as a heading. */
  | "headingRow"
  /** A funding row the forecast computes itself (a total, the in-year position); ignored. */
  | "computedRow"
  /** Funding years that are not among the expenditure's; ignored. */
  | "extraYears"
  /** A negative opening deficit, read as a surplus brought forward. */
  | "surplusBroughtForward"
  /** An income line given as positive figures. */
  | "positiveIncome"
  /** A comparison with no months below its header. */
  | "emptyComparison"
  /** Asked for live formulas, the deficit table was written as values. */
  | "valuesNotFormulas";

/**
 * A warning: the refresh went ahead, but the user should know. Addressed
 * like a problem; input, sheet and cell are "" when it belongs to no input.
 */
export interface CellWarning extends CellProblem {
  code: WarningCode;
}

/** "SEND_Funding!C4: expected a number, found text 'tbc'" ("SEND_Baseline: …" for the whole input). */
export function formatProblem(p: CellProblem): string {
  return p.cell === "" ? `${p.input}: ${p.message}` : `${p.input}!${p.cell}: ${p.message}`;
}

/**
 * formatProblem with the sheet to find the cell on, where the message does
 * not already say it: "SEND_Funding!C4: expected a number, found text 'tbc'
 * (sheet 'Revised Forecast')". For lines read away from the workbook (the
 * command line's stderr), where there is no cell to go to.
 */
export function formatProblemOnSheet(p: CellProblem): string {
  const text = formatProblem(p);
  if (p.sheet === "" || p.message.includes(quoteSheet(p.sheet))) return text;
  return `${text} (sheet '${p.sheet}')`;
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
