/**
 * Defined names as an .xlsx package stores them (xl/workbook.xml), read and
 * written here rather than through ExcelJS: ExcelJS keeps only names that
 * refer to ranges and forgets which sheet scopes a name, so a workbook saved
 * through it alone would lose the user's sheet-scoped names, constants and
 * formulas. The adapter keeps the names exactly as read and puts them back.
 */
import { SaxesParser } from "saxes";
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

export function xmlEncode(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** One <sheet> of workbook.xml, in workbook order (chart sheets included). */
export interface SheetEntry {
  name: string;
  /** The relationship id of its part in xl/_rels/workbook.xml.rels. */
  rId: string;
}

/** What workbook.xml says, read with an XML parser: comments, CDATA and attribute text are never taken for elements. */
export interface WorkbookXml {
  sheets: SheetEntry[];
  names: StoredName[];
  /** Names whose localSheetId counts past the last sheet: left out of `names`. */
  orphanNames: string[];
  /** Where the <definedNames> element is, [start, end) in the text; undefined when there is none. */
  namesBlock?: [number, number];
  /** Just past the end of </sheets> or </externalReferences>, whichever is later: where a <definedNames> goes. */
  namesInsertAt?: number;
}

/** The local part of a qualified XML name ("x:sheet" → "sheet"). */
const localName = (qname: string): string => qname.slice(qname.indexOf(":") + 1);

/**
 * Reads workbook.xml. Throws (the message says where the XML is malformed) if
 * it is not well-formed XML.
 */
export function readWorkbookXml(xml: string): WorkbookXml {
  const parser = new SaxesParser({ position: true });
  const sheets: SheetEntry[] = [];
  const raw: { attributes: Record<string, string>; text: string }[] = [];
  let current: { attributes: Record<string, string>; text: string } | undefined;
  let namesBlock: [number, number] | undefined;
  let namesStart = -1;
  let namesInsertAt: number | undefined;
  const path: string[] = [];
  parser.on("opentag", (node) => {
    const name = localName(node.name);
    const attributes = node.attributes as Record<string, string>;
    const parent = path[path.length - 1];
    path.push(name);
    if (name === "sheet" && parent === "sheets")
      sheets.push({
        name: attributes.name ?? "",
        rId:
          Object.entries(attributes).find(([k]) => localName(k) === "id" && k !== "sheetId")?.[1] ??
          "",
      });
    else if (name === "definedNames" && path.length === 2) {
      // A tag's attribute values cannot hold "<": the last one before the tag's end starts it.
      namesStart = xml.lastIndexOf("<", parser.position - 1);
    } else if (name === "definedName" && parent === "definedNames")
      current = { attributes: { ...attributes }, text: "" };
  });
  parser.on("text", (text) => {
    if (current) current.text += text;
  });
  parser.on("cdata", (text) => {
    if (current) current.text += text;
  });
  parser.on("closetag", (node) => {
    const name = localName(node.name);
    path.pop();
    if (name === "definedName" && current) {
      raw.push(current);
      current = undefined;
    } else if (name === "definedNames" && path.length === 1 && namesStart >= 0)
      namesBlock = [namesStart, parser.position];
    else if ((name === "sheets" || name === "externalReferences") && path.length === 1)
      namesInsertAt = Math.max(namesInsertAt ?? 0, parser.position);
  });
  parser.write(xml).close();

  const names: StoredName[] = [];
  const orphanNames: string[] = [];
  for (const { attributes, text } of raw) {
    const { name, localSheetId, ...rest } = attributes;
    if (!name) continue;
    const scope = localSheetId === undefined ? undefined : sheets[Number(localSheetId)]?.name;
    if (localSheetId !== undefined && scope === undefined) {
      orphanNames.push(name); // scoped to a sheet that is not there
      continue;
    }
    names.push({
      name,
      refersTo: text.trim().replace(/^=/, ""),
      ...(scope === undefined ? {} : { scope }),
      attributes: rest,
    });
  }
  return {
    sheets,
    names,
    orphanNames,
    ...(namesBlock ? { namesBlock } : {}),
    ...(namesInsertAt === undefined ? {} : { namesInsertAt }),
  };
}

/** Sheet names in workbook order: the order localSheetId counts in (chart sheets included). */
export function sheetOrder(workbookXml: string): string[] {
  return readWorkbookXml(workbookXml).sheets.map((s) => s.name);
}

export function parseDefinedNames(workbookXml: string): StoredName[] {
  return readWorkbookXml(workbookXml).names;
}

/**
 * Replaces the <definedNames> element of a workbook.xml with `names`, their
 * scopes re-numbered against this file's sheet order. Names scoped to a
 * sheet the file no longer has are dropped (Excel would reject them).
 * Everything else in the file is kept character for character.
 */
export function replaceDefinedNames(workbookXml: string, names: readonly StoredName[]): string {
  const parsed = readWorkbookXml(workbookXml);
  const sheets = parsed.sheets.map((s) => s.name.toLowerCase());
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
  if (parsed.namesBlock) {
    const [start, end] = parsed.namesBlock;
    return workbookXml.slice(0, start) + block + workbookXml.slice(end);
  }
  if (block === "") return workbookXml;
  // Schema order: definedNames come right after sheets (and externalReferences).
  if (parsed.namesInsertAt === undefined) throw new Error("workbook.xml has no <sheets> element");
  return (
    workbookXml.slice(0, parsed.namesInsertAt) + block + workbookXml.slice(parsed.namesInsertAt)
  );
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
