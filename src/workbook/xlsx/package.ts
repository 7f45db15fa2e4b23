/**
 * The .xlsx package (the zip and its parts) as other programs write it,
 * checked and evened out before ExcelJS reads it, and what a copy saved
 * through ExcelJS will leave out.
 *
 * ExcelJS reads what Excel writes and little else: it looks a worksheet's
 * tables, comments and drawings up by relationship targets relative to the
 * sheet ("../tables/table1.xml"), while openpyxl writes them from the package
 * root ("/xl/tables/table1.xml"); it reads a drawing only when its elements
 * carry Excel's "xdr:" prefix, while openpyxl declares the namespace as the
 * default; and a part a relationship names but the package lacks, or a part
 * that does not decompress, ends in an internal error. Here targets are made
 * relative, drawings it cannot read are handed to it empty (their charts and
 * pictures are listed as left out), and a missing or damaged part is an
 * error that names the part and its sheet.
 */
import JSZip from "jszip";
import { SaxesParser } from "saxes";
import { readWorkbookXml, type WorkbookXml } from "./names";

/** Something on a sheet that a copy saved through ExcelJS does not keep. */
export interface DroppedItem {
  sheet: string;
  kind: DroppedKind;
  count: number;
}

export type DroppedKind =
  | "chart"
  | "chart sheet"
  | "pivot table"
  | "slicer"
  | "timeline"
  | "shape"
  | "picture"
  | "sparkline group"
  | "form control"
  | "embedded object";

/** A workbook that cannot be read, with a message for the user (what is wrong and what to do). */
export class UnreadableWorkbookError extends Error {}

export interface PreparedPackage {
  zip: JSZip;
  workbookXml: string;
  workbook: WorkbookXml;
  /** What a copy saved through ExcelJS leaves out, by sheet in workbook order. */
  dropped: DroppedItem[];
  /** "the part xl/worksheets/sheet2.xml (sheet 'Monthly')": a part as messages name it. */
  describePart: (part: string) => string;
}

const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Relationship types by the last part of their URI. */
const relType = (type: string): string => type.slice(type.lastIndexOf("/") + 1);

export interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

/** An XML part read with a parser; `open` sees each element's local name and attributes, `text` its text. */
export function walk(
  xml: string,
  open: (name: string, attributes: Record<string, string>, parents: string[]) => void
): void {
  const parser = new SaxesParser();
  const parents: string[] = [];
  parser.on("opentag", (node) => {
    const name = node.name.slice(node.name.indexOf(":") + 1);
    open(name, node.attributes as Record<string, string>, parents);
    if (!node.isSelfClosing) parents.push(name);
  });
  parser.on("closetag", (node) => {
    if (!node.isSelfClosing) parents.pop();
  });
  parser.write(xml).close();
}

export function readRelationships(xml: string): Relationship[] {
  const out: Relationship[] = [];
  walk(xml, (name, a) => {
    if (name === "Relationship")
      out.push({
        id: a.Id ?? "",
        type: relType(a.Type ?? ""),
        target: a.Target ?? "",
        external: a.TargetMode === "External",
      });
  });
  return out;
}

/** A relationship target as a path in the package, from the folder of the part that has it. */
export function resolveTarget(fromFolder: string, target: string): string {
  const parts = target.startsWith("/") ? [] : fromFolder.split("/").filter(Boolean);
  for (const p of target.replace(/^\//, "").split("/")) {
    if (p === "..") parts.pop();
    else if (p !== "." && p !== "") parts.push(p);
  }
  return parts.join("/");
}

/** `to` relative to the folder `fromFolder` ("xl/worksheets", "xl/tables/table1.xml" → "../tables/table1.xml"). */
function relativeTarget(fromFolder: string, to: string): string {
  const from = fromFolder.split("/").filter(Boolean);
  const dest = to.split("/");
  let i = 0;
  while (i < from.length && i < dest.length - 1 && from[i] === dest[i]) i++;
  return [...from.slice(i).map(() => ".."), ...dest.slice(i)].join("/");
}

const folderOf = (part: string): string => part.slice(0, part.lastIndexOf("/"));
const relsOf = (part: string): string =>
  `${folderOf(part)}/_rels/${part.slice(part.lastIndexOf("/") + 1)}.rels`;

/** A drawing as Excel writes it, its elements prefixed xdr:, the only kind ExcelJS reads. */
const EXCELJS_DRAWING = /^\s*(?:<\?xml[^>]*\?>\s*)?<xdr:wsDr\b/;

const EMPTY_DRAWING =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" ' +
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"></xdr:wsDr>';

/** Says why bytes that are not a zip are not a workbook: an encrypted workbook, or an older Office file. */
function notAZip(data: Uint8Array): UnreadableWorkbookError {
  const isCfb = CFB_SIGNATURE.every((b, i) => data[i] === b);
  if (isCfb) {
    // A password-protected .xlsx is an OLE compound file holding EncryptionInfo and EncryptedPackage streams.
    const encrypted = Buffer.from(data).includes(Buffer.from("EncryptionInfo", "utf16le"));
    return new UnreadableWorkbookError(
      encrypted
        ? "it is encrypted (protected with a password to open); save a copy without the password (File > Info > Protect Workbook > Encrypt with Password, cleared) and run on that"
        : "it is an older Office file (.xls or similar), not an .xlsx workbook; save it as an Excel Workbook (.xlsx) and run on that"
    );
  }
  return new UnreadableWorkbookError("not an .xlsx workbook");
}

/**
 * Opens the package, checks every part decompresses, evens out what ExcelJS
 * cannot read, and lists what a copy will leave out. Throws an
 * UnreadableWorkbookError, naming the part, when the workbook cannot be read.
 */
export async function preparePackage(data: Uint8Array): Promise<PreparedPackage> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(data);
  } catch {
    throw notAZip(data);
  }
  const texts = new Map<string, string>();
  /** Which sheet each part belongs to, for messages. */
  const owner = new Map<string, string>();
  const where = (part: string): string =>
    owner.has(part) ? `the part ${part} (sheet '${owner.get(part)}')` : `the part ${part}`;
  const read = async (part: string): Promise<string> => {
    const cached = texts.get(part);
    if (cached !== undefined) return cached;
    const file = zip.file(part);
    if (!file)
      throw new UnreadableWorkbookError(
        `${where(part)} is missing from the package: the file is damaged; open it in Excel and save it again`
      );
    try {
      const text = await file.async("string");
      texts.set(part, text);
      return text;
    } catch {
      throw new UnreadableWorkbookError(
        `${where(part)} is damaged and cannot be unpacked; open the file in Excel and save it again, or restore it from a backup`
      );
    }
  };
  const parse = <T>(part: string, xml: string, f: (xml: string) => T): T => {
    try {
      return f(xml);
    } catch (e) {
      throw new UnreadableWorkbookError(
        `${where(part)} is not well-formed XML${xmlPosition(e)}; open the file in Excel and save it again, or restore it from a backup`
      );
    }
  };

  if (!zip.file("xl/workbook.xml"))
    throw new UnreadableWorkbookError("not an .xlsx workbook (no xl/workbook.xml)");
  const workbookXml = await read("xl/workbook.xml");
  const workbook = parse("xl/workbook.xml", workbookXml, readWorkbookXml);
  const workbookRels = zip.file("xl/_rels/workbook.xml.rels")
    ? parse(
        "xl/_rels/workbook.xml.rels",
        await read("xl/_rels/workbook.xml.rels"),
        readRelationships
      )
    : [];

  const dropped: DroppedItem[] = [];
  const drop = (sheet: string, kind: DroppedKind, count: number): void => {
    if (count <= 0) return;
    const same = dropped.find((d) => d.sheet === sheet && d.kind === kind);
    if (same) same.count += count;
    else dropped.push({ sheet, kind, count });
  };

  for (const sheet of workbook.sheets) {
    const rel = workbookRels.find((r) => r.id === sheet.rId);
    if (!rel) continue;
    const part = resolveTarget("xl", rel.target);
    owner.set(part, sheet.name);
    if (rel.type === "chartsheet") {
      drop(sheet.name, "chart sheet", 1);
      continue;
    }
    if (rel.type !== "worksheet") continue;
    const sheetXml = await read(part);
    // Sparklines live in the sheet's extension list, which ExcelJS does not keep.
    drop(
      sheet.name,
      "sparkline group",
      (sheetXml.match(/<(?:\w+:)?sparklineGroup\b/g) ?? []).length
    );
    const relsPart = relsOf(part);
    if (!zip.file(relsPart)) continue;
    owner.set(relsPart, sheet.name);
    const rels = parse(relsPart, await read(relsPart), readRelationships);
    let relsXml = await read(relsPart);
    let changed = false;
    for (const r of rels) {
      if (r.external) continue;
      const target = resolveTarget(folderOf(part), r.target);
      owner.set(target, sheet.name);
      if (r.target.startsWith("/")) {
        // ExcelJS finds a sheet's parts by their target relative to the sheet.
        relsXml = relsXml
          .split(`"${r.target}"`)
          .join(`"${relativeTarget(folderOf(part), target)}"`);
        changed = true;
      }
      switch (r.type) {
        case "table":
        case "comments":
        case "vmlDrawing":
          await read(target); // there and readable, or named
          break;
        case "drawing":
          await checkDrawing(target, sheet.name);
          break;
        case "pivotTable":
          drop(sheet.name, "pivot table", 1);
          break;
        case "slicer":
          drop(sheet.name, "slicer", countElements(await read(target), "slicer"));
          break;
        case "timeline":
          drop(sheet.name, "timeline", countElements(await read(target), "timeline"));
          break;
        case "ctrlProp":
          drop(sheet.name, "form control", 1);
          break;
        case "oleObject":
        case "package":
          drop(sheet.name, "embedded object", 1);
          break;
      }
    }
    if (changed) zip.file(relsPart, relsXml);
  }

  /** Counts what a drawing holds; one ExcelJS cannot read is handed to it empty and all of it is left out. */
  async function checkDrawing(part: string, sheet: string): Promise<void> {
    const xml = await read(part);
    let charts = 0;
    let shapes = 0;
    let pictures = 0;
    let frames = 0;
    parse(part, xml, (text) =>
      walk(text, (name, _attributes, parents) => {
        if (name === "chart" && parents.includes("graphicFrame")) charts++;
        // An anchor's own content: one shape, group, picture or frame each.
        if (parents.length !== 2) return;
        if (name === "sp" || name === "grpSp" || name === "cxnSp") shapes++;
        else if (name === "pic") pictures++;
        else if (name === "graphicFrame") frames++;
      })
    );
    // A chart is a graphicFrame holding a c:chart; other frames (SmartArt, ink) are shapes here.
    shapes += Math.max(0, frames - charts);
    const excelJsReads = EXCELJS_DRAWING.test(xml);
    drop(sheet, "chart", charts);
    drop(sheet, "shape", shapes);
    if (!excelJsReads) {
      drop(sheet, "picture", pictures);
      zip.file(part, EMPTY_DRAWING);
      zip.remove(relsOf(part));
    }
  }

  // Drawings no worksheet names (a chart sheet's): ExcelJS reads them all the same.
  for (const file of Object.values(zip.files))
    if (/^xl\/drawings\/[^/]+\.xml$/.test(file.name) && !texts.has(file.name)) {
      const xml = await read(file.name);
      if (!EXCELJS_DRAWING.test(xml)) {
        zip.file(file.name, EMPTY_DRAWING);
        zip.remove(relsOf(file.name));
      }
    }

  // Every other part decompresses, or the one that does not is named.
  for (const file of Object.values(zip.files)) {
    if (file.dir || texts.has(file.name)) continue;
    try {
      await file.async("uint8array");
    } catch {
      throw new UnreadableWorkbookError(
        `${where(file.name)} is damaged and cannot be unpacked; open the file in Excel and save it again, or restore it from a backup`
      );
    }
  }

  return { zip, workbookXml, workbook, dropped, describePart: where };
}

/** " (line 3, column 14)" from the XML parser's error, where it says; never its own words. */
function xmlPosition(e: unknown): string {
  const m = e instanceof Error ? /^[^\n]*?(\d+):(\d+):/.exec(e.message) : null;
  return m ? ` (line ${m[1]}, column ${m[2]})` : "";
}

/**
 * When ExcelJS cannot read a package that unpacked: the first XML part that
 * is not well-formed, named with its sheet, or else a message that names no
 * part. Never the library's own words.
 */
export async function unreadablePart(prepared: PreparedPackage): Promise<string> {
  for (const file of Object.values(prepared.zip.files)) {
    if (file.dir || !/\.(xml|rels|vml)$/i.test(file.name)) continue;
    let xml: string;
    try {
      xml = await file.async("string");
    } catch {
      return `${prepared.describePart(file.name)} is damaged and cannot be unpacked; open the file in Excel and save it again, or restore it from a backup`;
    }
    try {
      walk(xml, () => undefined);
    } catch (e) {
      return `${prepared.describePart(file.name)} is not well-formed XML${xmlPosition(e)}; open the file in Excel and save it again, or restore it from a backup`;
    }
  }
  return "a part of it is not as Excel writes it and cannot be read; open the file in Excel and save it again, or restore it from a backup";
}

function countElements(xml: string, local: string): number {
  let n = 0;
  walk(xml, (name, _a, parents) => {
    if (name === local && parents.length === 1) n++;
  });
  return n;
}

/** headerRowCount of every table part, by table name (absent means a header row, ECMA-376 §18.5.1.2). */
export async function tableHeaderRows(zip: JSZip): Promise<Map<string, boolean>> {
  const out = new Map<string, boolean>();
  for (const file of Object.values(zip.files)) {
    if (!/^xl\/tables\/[^/]+\.xml$/i.test(file.name)) continue;
    const xml = await file.async("string");
    try {
      walk(xml, (name, a, parents) => {
        if (name === "table" && parents.length === 0 && a.name)
          out.set(a.name, a.headerRowCount === undefined || a.headerRowCount !== "0");
      });
    } catch (e) {
      throw new UnreadableWorkbookError(
        `the part ${file.name} (a table) is not well-formed XML${xmlPosition(e)}; open the file in Excel and save it again, or restore it from a backup`
      );
    }
  }
  return out;
}
