/** Cells between Office.js and the port: what Range.values gives and takes. */
import { isCellError, type CellValue } from "../port";

/**
 * A cell as Office.js hands it over → a port CellValue. Excel gives empty
 * cells as "" and errors as their text ("#N/A"); valueTypes says which is which.
 */
export function cellFromExcel(value: unknown, valueType: string | undefined): CellValue {
  if (valueType === "Error") return { error: String(value) };
  if (valueType === "Empty" || value === "" || value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean")
    return value;
  return String(value);
}

/** A port CellValue → what Range.values / Range.formulas accepts for it. */
export function cellToExcel(value: CellValue): string | number | boolean {
  if (value === null) return "";
  if (isCellError(value)) return value.error;
  if (typeof value === "number") return Number.isFinite(value) ? value : "#NUM!";
  // Text that Excel would take for a formula is entered as text.
  if (typeof value === "string" && value.startsWith("=")) return `'${value}`;
  return value;
}
