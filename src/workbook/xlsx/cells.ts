import type { Cell, CellValue as ExcelJsValue } from "exceljs";
import type { CellValue } from "../port";
import { dateToSerial } from "../cells";

/** A value as the contract sees it: formulas by their cached result, rich text as plain text, dates as serials. */
export function normaliseValue(v: ExcelJsValue | undefined): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return Number.isFinite(v) ? v : { error: "#NUM!" };
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? { error: "#VALUE!" } : dateToSerial(v);
  if (typeof v === "object") {
    const o = v as unknown as Record<string, unknown>;
    if (typeof o.error === "string") return { error: o.error };
    if (Array.isArray(o.richText))
      return (o.richText as { text?: unknown }[])
        .map((r) => (typeof r.text === "string" ? r.text : ""))
        .join("");
    if ("formula" in o || "sharedFormula" in o)
      return normaliseValue(o.result as ExcelJsValue | undefined);
    if ("hyperlink" in o) return normaliseValue(o.text as ExcelJsValue | undefined);
    if ("text" in o && typeof o.text === "string") return o.text;
  }
  return null;
}

/** Merged cells other than the top-left one read as empty, as Excel reports them. */
export function readCell(cell: Cell): CellValue {
  if (cell.isMerged && cell.master !== cell) return null;
  return normaliseValue(cell.value);
}

export function numberFormatOf(cell: Cell): string {
  const f = cell.numFmt;
  return typeof f === "string" && f !== "" ? f : "General";
}

/** Excel tables need distinct, non-empty header labels. */
export function uniqueHeaders(headers: readonly string[]): string[] {
  const seen = new Set<string>();
  return headers.map((h, i) => {
    let label = String(h ?? "").trim() || `Column${i + 1}`;
    for (let k = 2; seen.has(label.toLowerCase()); k++) label = `${String(h).trim()} ${k}`;
    seen.add(label.toLowerCase());
    return label;
  });
}
