/**
 * Defined names as an .xlsx package stores them (xl/workbook.xml), read and
 * written here rather than through ExcelJS: ExcelJS keeps only names that
 * refer to ranges and forgets which sheet scopes a name, so a workbook saved
 * through it alone would lose the user's sheet-scoped names, constants and
 * formulas. The adapter keeps the names exactly as read and puts them back.
 */
import { columnIndex } from "../address";

/** One <definedName> element, its formula text kept verbatim (XML-decoded). */
export interface StoredName {
  name: string;
  /** The formula it stands for, without a leading "=" ("'Bob''s Figures'!$B$2:$C$9"). */
  refersTo: string;
  /** Name of the sheet that scopes it; undefined for workbook-scoped names. */
  scope?: string;
  /** Attributes other than name and localSheetId (hidden, comment …), kept as they were. */
  attributes: Record<string, string>;
}

/** A single rectangular area on one sheet, 1-based as ExcelJS counts. */
export interface Area {
  sheet: string;
  top: number;
  left: number;
  /** Bottom row / right column; undefined when the reference is whole columns / whole rows (clipped by the reader). */
  bottom?: number;
  right?: number;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

export function xmlDecode(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e.startsWith("#x")
      ? String.fromCodePoint(parseInt(e.slice(2), 16))
      : e.startsWith("#")
        ? String.fromCodePoint(parseInt(e.slice(1), 10))
        : ENTITIES[e]
  );
}

export function xmlEncode(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

function parseAttributes(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g))
    out[m[1]] = xmlDecode(m[3] ?? m[4] ?? "");
  return out;
}

/** Sheet names in workbook order: the order localSheetId counts in (chart sheets included). */
export function sheetOrder(workbookXml: string): string[] {
  return [...workbookXml.matchAll(/<(?:\w+:)?sheet\b([^>]*?)\/?>/g)].map(
    (m) => parseAttributes(m[1]).name ?? ""
  );
}

export function parseDefinedNames(workbookXml: string): StoredName[] {
  const sheets = sheetOrder(workbookXml);
  const out: StoredName[] = [];
  for (const m of workbookXml.matchAll(
    /<(?:\w+:)?definedName\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?definedName>)/g
  )) {
    const attributes = parseAttributes(m[1]);
    const { name, localSheetId, ...rest } = attributes;
    if (!name) continue;
    const scope = localSheetId === undefined ? undefined : sheets[Number(localSheetId)];
    if (localSheetId !== undefined && scope === undefined) continue; // scoped to a sheet that is not there
    out.push({
      name,
      refersTo: xmlDecode(m[2] ?? "").replace(/^=/, ""),
      ...(scope === undefined ? {} : { scope }),
      attributes: rest,
    });
  }
  return out;
}

/**
 * Replaces the <definedNames> block of a workbook.xml with `names`, their
 * scopes re-numbered against this file's sheet order. Names scoped to a
 * sheet the file no longer has are dropped (Excel would reject them).
 */
export function replaceDefinedNames(workbookXml: string, names: readonly StoredName[]): string {
  const sheets = sheetOrder(workbookXml).map((s) => s.toLowerCase());
  const elements = names.flatMap((n) => {
    const attrs: string[] = [`name="${xmlEncode(n.name)}"`];
    for (const [k, v] of Object.entries(n.attributes)) attrs.push(`${k}="${xmlEncode(v)}"`);
    if (n.scope !== undefined) {
      const index = sheets.indexOf(n.scope.toLowerCase());
      if (index < 0) return [];
      attrs.push(`localSheetId="${index}"`);
    }
    return [`<definedName ${attrs.join(" ")}>${xmlEncode(n.refersTo)}</definedName>`];
  });
  const block = elements.length > 0 ? `<definedNames>${elements.join("")}</definedNames>` : "";
  const existing = /<definedNames\b[^>]*\/>|<definedNames\b[^>]*>[\s\S]*?<\/definedNames>/;
  if (existing.test(workbookXml)) return workbookXml.replace(existing, () => block);
  if (block === "") return workbookXml;
  // Schema order: definedNames come right after sheets (and externalReferences).
  const after = /<\/externalReferences>|<\/sheets>/g;
  let insertAt = -1;
  for (const m of workbookXml.matchAll(after))
    insertAt = Math.max(insertAt, (m.index ?? 0) + m[0].length);
  if (insertAt < 0) throw new Error("workbook.xml has no <sheets> element");
  return workbookXml.slice(0, insertAt) + block + workbookXml.slice(insertAt);
}

/** The name older callers use for quoteSheet. */
export { quoteSheet as quoteSheetName } from "../address";

/**
 * Parses a reference to one rectangular area: `Sheet!$A$1`, `'Bob''s Figures'!$B$2:$C$9`,
 * `Sheet!$A:$C`, `Sheet!$2:$4`. Anything else (several areas, constants,
 * formulas, #REF!) is not a range: null.
 */
export function parseAreaReference(refersTo: string): Area | null {
  const text = refersTo.trim().replace(/^=/, "");
  let sheet: string;
  let rest: string;
  if (text.startsWith("'")) {
    const m = /^'((?:[^']|'')+)'!(.*)$/.exec(text);
    if (!m) return null;
    sheet = m[1].replace(/''/g, "'");
    rest = m[2];
  } else {
    const m = /^([^'!:,()"]+)!(.*)$/.exec(text);
    if (!m) return null;
    sheet = m[1];
    rest = m[2];
  }
  const cell = /^\$?([A-Za-z]{1,3})\$?(\d+)$/;
  const parts = rest.split(":");
  if (parts.length === 1 || parts.length === 2) {
    const a = cell.exec(parts[0]);
    const b = cell.exec(parts[parts.length - 1]);
    if (a && b) {
      const [r1, c1, r2, c2] = [
        Number(a[2]),
        columnIndex(a[1]) + 1,
        Number(b[2]),
        columnIndex(b[1]) + 1,
      ];
      if (r1 < 1 || r2 < 1) return null;
      return {
        sheet,
        top: Math.min(r1, r2),
        left: Math.min(c1, c2),
        bottom: Math.max(r1, r2),
        right: Math.max(c1, c2),
      };
    }
  }
  if (parts.length === 2) {
    const cols = parts.map((p) => /^\$?([A-Za-z]{1,3})$/.exec(p));
    if (cols[0] && cols[1]) {
      const [c1, c2] = [columnIndex(cols[0][1]) + 1, columnIndex(cols[1][1]) + 1];
      return { sheet, top: 1, left: Math.min(c1, c2), right: Math.max(c1, c2) };
    }
    const rows = parts.map((p) => /^\$?(\d+)$/.exec(p));
    if (rows[0] && rows[1]) {
      const [r1, r2] = [Number(rows[0][1]), Number(rows[1][1])];
      if (r1 < 1 || r2 < 1) return null;
      return { sheet, top: Math.min(r1, r2), left: 1, bottom: Math.max(r1, r2) };
    }
  }
  return null;
}
