/**
 * The workbook port on .xlsx files, for the headless refresh and the tests.
 *
 * Cells, tables and formats go through ExcelJS; defined names are read from
 * and written back to the package directly (see names.ts) so that
 * sheet-scoped names and names that are not ranges survive a save.
 *
 * What an .xlsx file cannot give or take here:
 * - input bindings live in the add-in's document settings, which only Excel
 *   reads; `read` reports none;
 * - ExcelJS cannot draw native charts: `write` lays out the tables the charts
 *   plot, and the charts are added to the package as it is saved (charts.ts).
 */
import { promises as fs, rmSync } from "fs";
import * as path from "path";
import type ExcelJS from "exceljs";
import JSZip from "jszip";
import {
  OUTPUT_SHEET,
  OWNERSHIP_NAME,
  isCellError,
  type CellKind,
  type CellValue,
  type Legend,
  type NameInfo,
  type OutputSheet,
  type OutputTable,
  type RangeData,
  type ReadResult,
  type SheetOwnership,
  type WorkbookPort,
} from "../port";
import { numberFormatOf, readCell, uniqueHeaders } from "./cells";
import { CELL_STYLES } from "../output";
import "./excelJsCells";
import { refuseUnsafeWrite } from "../contract";
import { cellName, columnLetters, localRange, quoteSheet } from "../address";
import { parseAreaReference, replaceDefinedNames, type Area, type StoredName } from "./names";
import {
  preparePackage,
  unreadablePart,
  tableHeaderRows,
  UnreadableWorkbookError,
  type DroppedItem,
} from "./package";
import { addCharts } from "./charts";

export { UnreadableWorkbookError, type DroppedItem } from "./package";

// ExcelJS's workbook alone: the package's index also loads its streaming
// reader and writer and their dependencies, which this adapter never uses and
// which made up half of the command line's start-up.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Workbook: typeof ExcelJS.Workbook = require("exceljs/lib/doc/workbook");

/** Built-in names Excel keeps for itself (print areas, filters): not the user's inputs. */
const isBuiltInName = (name: string): boolean => /^_xlnm\./i.test(name);

/** Excel compares names, table names and sheet names without regard to case. */
const sameName = (a: string, b: string): boolean => a.toUpperCase() === b.toUpperCase();

interface LoadedTable {
  name: string;
  sheet: ExcelJS.Worksheet;
  ref: string;
}

export class XlsxWorkbook implements WorkbookPort {
  private constructor(
    /** The ExcelJS model of the file: cells, styles and tables. */
    readonly workbook: ExcelJS.Workbook,
    /** Every defined name exactly as the file has it. */
    private names: StoredName[]
  ) {}

  /** What a copy saved from this workbook leaves out (charts, pivot tables …), by sheet; the output sheet's own are not counted. */
  dropped: DroppedItem[] = [];

  /** The output sheet last written, whose charts a save adds to the package. */
  private written: OutputSheet | undefined;

  /** Reads an .xlsx file. Throws (an I/O or format error, not an input problem) if it is not a readable workbook. */
  static async open(file: string): Promise<XlsxWorkbook> {
    return XlsxWorkbook.fromBuffer(await fs.readFile(file));
  }

  static async fromBuffer(data: Buffer | Uint8Array): Promise<XlsxWorkbook> {
    const prepared = await preparePackage(data);
    const { zip, workbook: parsed, dropped } = prepared;
    const tableHeaders = await tableHeaderRows(zip);
    const workbook = new Workbook();
    // The defined names are read (and written back) from workbook.xml here; ExcelJS would also
    // expand each into a map of its cells, millions for a name over whole columns, so it loads
    // the file without them.
    const { names, orphanNames } = parsed;
    if (names.length + orphanNames.length > 0)
      zip.file(
        "xl/workbook.xml",
        replaceDefinedNames(await zip.file("xl/workbook.xml")!.async("string"), [])
      );
    const forExcelJs = await zip.generateAsync({ type: "nodebuffer", compression: "STORE" });
    try {
      await workbook.xlsx.load(forExcelJs as unknown as ExcelJS.Buffer);
    } catch {
      throw new UnreadableWorkbookError(await unreadablePart(prepared));
    }
    for (const ws of workbook.worksheets)
      for (const t of ws.getTables() as unknown as { table?: Record<string, unknown> }[]) {
        const model = t.table;
        if (!model) continue;
        // ExcelJS reads an absent headerRowCount as "no header row", but absent means 1 (ECMA-376 §18.5.1.2),
        // and it cannot write a table back without a style element, which LibreOffice omits.
        const name = String(model.name);
        if (tableHeaders.has(name)) model.headerRow = tableHeaders.get(name);
        if (!model.style)
          model.style = {
            theme: null,
            showFirstColumn: false,
            showLastColumn: false,
            showRowStripes: false,
            showColumnStripes: false,
          };
      }
    const opened = new XlsxWorkbook(workbook, names);
    opened.dropped = dropped.filter((d) => !sameName(d.sheet, OUTPUT_SHEET));
    return opened;
  }

  /** A workbook built in memory with ExcelJS (its names are the ranges ExcelJS holds, all workbook-scoped). */
  static fromExcelJs(workbook: ExcelJS.Workbook): XlsxWorkbook {
    const names = workbook.definedNames.model.map((d) => ({
      name: d.name,
      refersTo: d.ranges.join(","),
      attributes: {},
    }));
    return new XlsxWorkbook(workbook, names);
  }

  async read(requested: readonly string[]): Promise<ReadResult> {
    const tables = this.tables();
    const ranges: Record<string, RangeData | undefined> = {};
    for (const wanted of requested)
      ranges[wanted] = this.readName(wanted, tables) ?? this.readTable(wanted, tables);
    return {
      ranges,
      names: this.listNames(tables),
      outputSheet: this.outputSheetOwnership(),
      bindings: {},
    };
  }

  /** Re-creates the output sheet, as `read` found the workbook; refuses what the contract's output guards refuse for that read. */
  async write(sheet: OutputSheet, read: ReadResult): Promise<void> {
    refuseUnsafeWrite(read, sheet);
    const existing = this.findSheet(sheet.name);

    // Re-create in place, so the tab keeps its position among the user's sheets.
    const orderNo = existing ? (existing as unknown as { orderNo: number }).orderNo : undefined;
    if (existing) this.workbook.removeWorksheet(existing.id);
    const ws = this.workbook.addWorksheet(sheet.name);
    if (orderNo !== undefined) (ws as unknown as { orderNo: number }).orderNo = orderNo;

    const widths = new Map<number, number>();
    if (sheet.legend) writeLegend(ws, sheet.legend);
    for (const table of sheet.tables) writeTable(ws, table, widths);
    for (const [column, width] of widths) ws.getColumn(column).width = width;
    // Freeze the label column of the first table, so years scroll past the row labels.
    const first = sheet.tables[0];
    if (first)
      ws.views = [
        {
          state: "frozen",
          xSplit: first.column + 1,
          ySplit: 0,
          activeCell: "A1",
          ...(sheet.show ? { tabSelected: true } : {}),
        } as ExcelJS.WorksheetView,
      ];
    if (sheet.show) this.showSheet(ws);
    this.written = sheet;

    this.names = this.names.filter(
      (n) =>
        !sameName(n.name, OWNERSHIP_NAME) &&
        !(n.scope !== undefined && sameName(n.scope, sheet.name))
    );
    this.names.push({
      name: OWNERSHIP_NAME,
      refersTo: `${quoteSheet(sheet.name)}!$A$1`,
      attributes: {},
    });
  }

  /** The workbook as .xlsx bytes, with every defined name as read (plus the ownership mark once written) and the output sheet's charts. */
  async toBuffer(): Promise<Buffer> {
    const written = Buffer.from(await this.workbook.xlsx.writeBuffer());
    const zip = await JSZip.loadAsync(written);
    const entry = zip.file("xl/workbook.xml");
    if (!entry) throw new Error("ExcelJS wrote no xl/workbook.xml");
    zip.file("xl/workbook.xml", replaceDefinedNames(await entry.async("string"), this.names));
    if (this.written && this.findSheet(this.written.name)) await addCharts(zip, this.written);
    return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
  }

  /** Writes the workbook to `file` atomically: a temporary file beside it, then a rename, so a failure leaves no half file. */
  async save(file: string): Promise<void> {
    await writeFileAtomic(file, await this.toBuffer());
  }

  /** The copy opens on this sheet: the workbook's active tab, and the only selected tab. */
  private showSheet(ws: ExcelJS.Worksheet): void {
    const order = this.workbook.worksheets;
    const index = order.indexOf(ws);
    if (index < 0) return;
    for (const other of order) {
      if (other === ws) continue;
      const views = other.views as (ExcelJS.WorksheetView & { tabSelected?: boolean })[];
      for (const v of views ?? []) v.tabSelected = false;
    }
    const books = (this.workbook.views ?? []) as (ExcelJS.WorkbookView & { firstSheet?: number })[];
    const view = books[0] ?? {
      x: 0,
      y: 0,
      width: 10000,
      height: 20000,
      visibility: "visible",
    };
    view.activeTab = index;
    // The tab strip starts at or before the active tab, so the tab shows.
    if ((view.firstSheet ?? 0) > index) view.firstSheet = index;
    this.workbook.views = [view, ...books.slice(1)];
  }

  private findSheet(name: string): ExcelJS.Worksheet | undefined {
    return this.workbook.worksheets.find((w) => sameName(w.name, name));
  }

  /** The ownership mark: a workbook-scoped OWNERSHIP_NAME referring to a cell of that sheet. */
  private owns(ws: ExcelJS.Worksheet): boolean {
    return this.names.some(
      (n) =>
        n.scope === undefined &&
        sameName(n.name, OWNERSHIP_NAME) &&
        sameName(parseAreaReference(n.refersTo)?.sheet ?? "", ws.name)
    );
  }

  private outputSheetOwnership(): SheetOwnership {
    const ws = this.findSheet(OUTPUT_SHEET);
    return ws === undefined ? "absent" : this.owns(ws) ? "ours" : "foreign";
  }

  private tables(): LoadedTable[] {
    return this.workbook.worksheets.flatMap((sheet) =>
      (
        sheet.getTables() as unknown as {
          table?: { name: string; tableRef?: string; ref?: string };
        }[]
      ).flatMap((t) => {
        const ref = t.table?.tableRef ?? t.table?.ref;
        return t.table && ref ? [{ name: t.table.name, sheet, ref }] : [];
      })
    );
  }

  /** Workbook-scoped names first; a name only some sheet scopes is found too (the first such sheet in tab order). */
  private readName(wanted: string, tables: LoadedTable[]): RangeData | undefined {
    const candidates = this.names.filter((n) => !isBuiltInName(n.name) && sameName(n.name, wanted));
    const sheetOrder = this.workbook.worksheets.map((w) => w.name.toLowerCase());
    candidates.sort(
      (a, b) =>
        (a.scope === undefined ? -1 : sheetOrder.indexOf(a.scope.toLowerCase())) -
        (b.scope === undefined ? -1 : sheetOrder.indexOf(b.scope.toLowerCase()))
    );
    for (const n of candidates) {
      const area = parseAreaReference(n.refersTo) ?? this.tableReference(n.refersTo, tables);
      if (!area) continue;
      const data = this.readArea(area, n.name, "name");
      if (data) return data;
    }
    return undefined;
  }

  /** A name defined as a whole table (`=Table1[#All]` or `=Table1`) reads as that table. */
  private tableReference(refersTo: string, tables: LoadedTable[]): Area | null {
    const m = /^=?\s*([A-Za-z_\\][\w.\\]*)\s*(\[#All\])?\s*$/i.exec(refersTo);
    const t = m && tables.find((x) => sameName(x.name, m[1]));
    return t ? { sheet: t.sheet.name, ...refBounds(t.ref) } : null;
  }

  private readTable(wanted: string, tables: LoadedTable[]): RangeData | undefined {
    const t = tables.find((x) => sameName(x.name, wanted));
    return t
      ? this.readArea({ sheet: t.sheet.name, ...refBounds(t.ref) }, t.name, "table")
      : undefined;
  }

  private readArea(area: Area, name: string, kind: RangeData["kind"]): RangeData | undefined {
    const ws = this.findSheet(area.sheet);
    if (!ws) return undefined;
    // Every range stops at the sheet's last used row and column, as Excel's used range does:
    // a name over whole columns ($A:$I) or down to row 1,048,576 reads the rows that hold something.
    const lastRow = Math.max(area.top, ws.actualRowCount > 0 ? ws.rowCount : area.top);
    const lastColumn = Math.max(area.left, ws.columnCount);
    const bottom = Math.min(area.bottom ?? lastRow, lastRow);
    const right = Math.min(area.right ?? lastColumn, lastColumn);
    const values: CellValue[][] = [];
    const numberFormats: string[][] = [];
    for (let r = area.top; r <= bottom; r++) {
      const row = ws.getRow(r);
      const v: CellValue[] = [];
      const f: string[] = [];
      for (let c = area.left; c <= right; c++) {
        const cell = row.getCell(c);
        v.push(readCell(cell));
        f.push(numberFormatOf(cell));
      }
      values.push(v);
      numberFormats.push(f);
    }
    return {
      name,
      kind,
      sheet: ws.name,
      row: area.top - 1,
      column: area.left - 1,
      values,
      numberFormats,
    };
  }

  private listNames(tables: LoadedTable[]): NameInfo[] {
    const names: NameInfo[] = this.names
      .filter((n) => !isBuiltInName(n.name))
      .map((n) => {
        const area = parseAreaReference(n.refersTo);
        // A reference to a sheet the workbook does not have is as broken as #REF!.
        const address =
          area && this.findSheet(area.sheet) ? `${quoteSheet(area.sheet)}!${areaText(area)}` : null;
        return {
          name: n.name,
          kind: "name" as const,
          address,
          ...(n.scope === undefined ? {} : { scope: n.scope }),
        };
      });
    for (const t of tables)
      names.push({ name: t.name, kind: "table", address: `${quoteSheet(t.sheet.name)}!${t.ref}` });
    return names;
  }
}

export async function openXlsx(file: string): Promise<XlsxWorkbook> {
  return XlsxWorkbook.open(file);
}

/** Temporary files being written now, so that an interrupted run can remove them (removePendingTempFiles). */
const pendingTempFiles = new Set<string>();

/** Removes the temporary files of writes still in progress; for a signal handler, so synchronous. */
export function removePendingTempFiles(): void {
  for (const temp of pendingTempFiles) rmSync(temp, { force: true });
  pendingTempFiles.clear();
}

/**
 * Test hook, never set in use: SEND_FORECAST_TEST_HOLD_TEMP_MS=N waits N ms
 * once the temporary file is written, before the rename, so a test can
 * interrupt the write at a known point.
 */
const holdTempMs = (): number => Number(process.env.SEND_FORECAST_TEST_HOLD_TEMP_MS ?? 0) || 0;

export async function writeFileAtomic(file: string, data: Buffer): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const temp = path.join(
    dir,
    `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`
  );
  pendingTempFiles.add(temp);
  try {
    await fs.writeFile(temp, data, { flag: "wx" });
    if (holdTempMs() > 0) await new Promise((resolve) => setTimeout(resolve, holdTempMs()));
    await fs.rename(temp, file);
  } catch (e) {
    await fs.rm(temp, { force: true });
    throw e;
  } finally {
    pendingTempFiles.delete(temp);
  }
}

function refBounds(ref: string): { top: number; left: number; bottom: number; right: number } {
  const area = parseAreaReference(`X!${ref}`);
  if (!area || area.bottom === undefined || area.right === undefined)
    throw new Error(`unreadable table reference ${ref}`);
  return { top: area.top, left: area.left, bottom: area.bottom, right: area.right };
}

/** An area's local reference: "B2:C9", or "A:C" / "2:4" for whole columns / rows. */
function areaText(a: Area): string {
  if (a.bottom === undefined)
    return `${columnLetters(a.left - 1)}:${columnLetters((a.right ?? a.left) - 1)}`;
  if (a.right === undefined) return `${a.top}:${a.bottom}`;
  return localRange(a.top - 1, a.left - 1, a.bottom - a.top + 1, a.right - a.left + 1);
}

// ---- writing the output sheet ----

const TITLE_FONT: Partial<ExcelJS.Font> = { bold: true, size: 12 };

/** A cell drawn as its kind: the kind's fill and, for what the forecast works out, italic (kept bold if it was). */
function styleCell(cell: ExcelJS.Cell, kind: CellKind | null | undefined, bold: boolean): void {
  const style = kind ? CELL_STYLES[kind] : undefined;
  if (style?.fill)
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: `FF${style.fill}` } };
  const font: Partial<ExcelJS.Font> = {};
  if (bold) font.bold = true;
  if (style?.italic) font.italic = true;
  if (font.bold || font.italic) cell.font = font;
}

/** The key to the cell styles: its title, a styled cell per kind with its description beside it, then its notes. */
function writeLegend(ws: ExcelJS.Worksheet, legend: Legend): void {
  const top = legend.row + 1;
  const left = legend.column + 1;
  const title = ws.getCell(top, left);
  title.value = legend.title;
  title.font = { bold: true };
  legend.entries.forEach((e, k) => {
    const cell = ws.getCell(top + 1 + k, left);
    cell.value = e.label;
    styleCell(cell, e.kind, false);
    ws.getCell(top + 1 + k, left + 1).value = e.description;
  });
  legend.notes.forEach((note, k) => {
    ws.getCell(top + 1 + legend.entries.length + k, left).value = note;
  });
}

function writeTable(ws: ExcelJS.Worksheet, table: OutputTable, widths: Map<number, number>): void {
  const top = table.row + 1;
  const left = table.column + 1;
  if (table.title && top > 1) {
    const cell = ws.getCell(top - 1, left);
    cell.value = table.title;
    cell.font = TITLE_FONT;
  }
  const headers = uniqueHeaders(table.headers);
  const rows = table.rows.map((row, r) =>
    headers.map((_, c) => {
      const formula = table.formulas?.[r]?.[c];
      const value = toExcelJs(row[c] ?? null);
      if (formula)
        return {
          formula: formula.replace(/^=/, ""),
          result: value ?? undefined,
        } as ExcelJS.CellFormulaValue;
      return value;
    })
  );
  ws.addTable({
    name: table.name,
    displayName: table.name,
    ref: cellName(top - 1, left - 1),
    headerRow: true,
    totalsRow: false,
    // No banding: the fills say what each figure is.
    style: { theme: "TableStyleMedium2", showRowStripes: false },
    columns: headers.map((name) => ({ name, filterButton: true })),
    rows,
  } as ExcelJS.TableProperties);

  headers.forEach((h, c) => {
    const format = table.numberFormats[c] ?? "General";
    for (let r = 0; r < rows.length; r++) ws.getCell(top + 1 + r, left + c).numFmt = format;
    const longest = Math.max(
      h.length,
      ...table.rows.map((row) => displayLength(row[c] ?? null, format))
    );
    const width = Math.min(60, Math.max(10, longest + 2));
    widths.set(left + c, Math.max(widths.get(left + c) ?? 0, width));
  });
  const emphasised = new Set(table.emphasisedRows ?? []);
  for (let r = 0; r < rows.length; r++)
    for (let c = 0; c < headers.length; c++)
      styleCell(ws.getCell(top + 1 + r, left + c), table.kinds?.[r]?.[c], emphasised.has(r));
  (table.notes ?? []).forEach((note, k) => {
    ws.getCell(top + 1 + Math.max(1, rows.length) + k, left).value = note;
  });
}

function toExcelJs(v: CellValue): ExcelJS.CellValue {
  if (isCellError(v)) return { error: v.error } as ExcelJS.CellErrorValue;
  if (typeof v === "number" && !Number.isFinite(v))
    return { error: "#NUM!" } as ExcelJS.CellErrorValue;
  return v;
}

/** Roughly how wide a value shows in its format (thousands separators, percentages), for the column width. */
function displayLength(v: CellValue, format: string): number {
  if (typeof v === "number") {
    if (format.includes("%")) return (v * 100).toFixed(1).length + 1;
    const decimals = /\.(0+)/.exec(format)?.[1].length ?? (format === "General" ? 2 : 0);
    return (
      v.toLocaleString("en-GB", { maximumFractionDigits: decimals, minimumFractionDigits: 0 })
        .length + 1
    );
  }
  if (typeof v === "string") return v.length;
  if (isCellError(v)) return v.error.length;
  return 0;
}
