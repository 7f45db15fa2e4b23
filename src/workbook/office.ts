/**
 * The workbook port inside Excel, over Office.js (spec: WORKBOOK.md).
 *
 * Round trips are what make an add-in slow, so each side of the port is one
 * context.sync: the read queues every name, table and check at once (and
 * lists the tables and charts already on the output sheet); the write
 * clears the output sheet in place, or creates it, and queues every table,
 * format, chart and the ownership mark behind that. A write is split into
 * more syncs only when its payload would pass Excel on the web's 5 MB
 * request limit.
 *
 * The output sheet is never deleted once it exists: Excel turns every
 * formula that points into a deleted sheet (a user's "='SEND Forecast'!C12")
 * into #REF!, which would change the user's cells. For the same reason its
 * tables are kept, not re-made: a formula that uses one by name
 * ("=SUM(SEND_OutDeficit[[2025/26]])") breaks when the table is deleted.
 * When an earlier table grows or shrinks (a provision line added to the
 * input), whole sheet rows are inserted into it or deleted from it, as a
 * user would do by hand: every table and cell below moves down or up and
 * Excel carries the move into every formula that points there, by name or
 * by address. Each table is then rewritten in place (and resized when its
 * columns changed). Only a layout that rows cannot reach — tables in
 * another order or column — has its tables deleted and added again.
 */
import { createSheet } from "../office/helpers";
import {
  OUTPUT_SHEET,
  OWNERSHIP_NAME,
  isCellError,
  type CellValue,
  type ChartSpec,
  type NameInfo,
  type OutputSheet,
  type OutputTable,
  type RangeData,
  type ReadResult,
  type SheetOwnership,
  type WorkbookPort,
} from "./port";
import { columnLetters, localRange, parseAddress, sheetRange, splitAddress, type ParsedAddress } from "./address";
import { rangeAddress } from "./grid";
import { OUTPUT_TABLES } from "./output";
import { documentSettings } from "./settings";

/** Excel.run, or a stand-in with the same shape (tests pass a fake Excel's run). */
export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** The document settings key under which input bindings travel with the workbook. */
export const BINDINGS_SETTING = "SEND.bindings";

/** Excel on the web refuses requests over 5 MB; stay under it with room for the request's own envelope. */
export const DEFAULT_MAX_REQUEST_BYTES = 4_500_000;

export interface OfficeWorkbookOptions {
  /** Largest estimated payload for one sync before a write is split. */
  maxRequestBytes?: number;
  /** Where bindings are saved; default Office.context.document.settings. */
  settings?: Pick<Office.Settings, "get">;
}

export type OfficeWorkbook = WorkbookPort & {
  /** Round trips (context.sync calls) made so far by this adapter. */
  syncCount(): number;
};

// ------------------------------------------------------------------ cells

/**
 * A cell as Office.js hands it over → a port CellValue. Excel gives empty
 * cells as "" and errors as their text ("#N/A"); valueTypes says which is which.
 */
export function cellFromExcel(value: unknown, valueType: string | undefined): CellValue {
  if (valueType === "Error") return { error: String(value) };
  if (valueType === "Empty" || value === "" || value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
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

// ------------------------------------------------------------------ bindings

/** The saved bindings (input name → the user's name or table); malformed entries are ignored. */
export function bindingsFrom(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return out;
  for (const [input, name] of Object.entries(raw)) if (typeof name === "string" && name.trim()) out[input] = name.trim();
  return out;
}

export { documentSettings } from "./settings";

// ------------------------------------------------------------------ read

/** "Inputs!Rates" names a sheet-scoped name; anything else is workbook-scoped or a table. */
function scopedName(name: string): { sheet: string; name: string } | null {
  const { sheet, local } = splitAddress(name);
  return sheet === null ? null : { sheet, name: local };
}

/** A named range or table found by the read: its cells, and the Excel objects to write back through. */
export interface FoundRange {
  data: RangeData;
  range: Excel.Range;
  /** The table, when the name is a table's. */
  table: Excel.Table | null;
}

const RANGE_PROPERTIES = "address,values,valueTypes,numberFormat";

/**
 * Queues the lookups of one input (a defined name, a sheet-scoped
 * "Sheet!Name", or a table) without a sync; the function it returns
 * resolves them once the caller has synced.
 */
export function queueRange(workbook: Excel.Workbook, requested: string): () => FoundRange | undefined {
  const scoped = scopedName(requested);
  const item = scoped
    ? workbook.worksheets.getItemOrNullObject(scoped.sheet).names.getItemOrNullObject(scoped.name)
    : workbook.names.getItemOrNullObject(requested);
  item.load("name");
  const itemRange = item.getRangeOrNullObject().load(RANGE_PROPERTIES);
  // A table and a defined name can never share a name, so at most one is found.
  const table = scoped ? null : workbook.tables.getItemOrNullObject(requested);
  table?.load("name");
  const tableRange = table ? table.getRange().load(RANGE_PROPERTIES) : null;
  return () => {
    const named = !item.isNullObject && !itemRange.isNullObject ? rangeData(item.name, "name", itemRange) : undefined;
    if (named) return { data: named, range: itemRange, table: null };
    const tabled = table && tableRange && !table.isNullObject && !tableRange.isNullObject ? rangeData(table.name, "table", tableRange) : undefined;
    return tabled && table && tableRange ? { data: tabled, range: tableRange, table } : undefined;
  };
}

function rangeData(name: string, kind: RangeData["kind"], range: Excel.Range): RangeData | undefined {
  const where = parseAddress(range.address);
  if (!where) return undefined;
  const types = range.valueTypes as unknown as string[][];
  return {
    name,
    kind,
    sheet: where.sheet,
    row: where.row,
    column: where.column,
    values: range.values.map((row, r) => row.map((v, c) => cellFromExcel(v, types[r]?.[c]))),
    numberFormats: range.numberFormat.map((row) => row.map((f) => (typeof f === "string" && f ? f : "General"))),
  };
}

/** A name's reference as Excel reports it ("Data!$B$3:$C$10"), or null when it is a constant or #REF!. */
export function nameAddress(item: Excel.NamedItem): string | null {
  if (item.type !== "Range") return null;
  const value = String(item.value ?? "");
  return parseAddress(value) ? value.replace(/^=/, "") : null;
}

// ------------------------------------------------------------------ write plan

/** One queued piece of the write, with its estimated request size. */
interface WriteStep {
  bytes: number;
  queue: (sheet: Excel.Worksheet) => void;
}

const STEP_OVERHEAD = 200;

function estimate(payload: unknown): number {
  return STEP_OVERHEAD + JSON.stringify(payload).length;
}

function tableGrid(t: OutputTable): (string | number | boolean)[][] {
  const header = t.headers.map((h) => cellToExcel(h));
  const body = t.rows.map((row, r) => row.map((v, c) => t.formulas?.[r]?.[c] ?? cellToExcel(v)));
  return [header, ...body];
}

function tableFormats(t: OutputTable): string[][] {
  // The header row is text so that labels such as "2024/25" stay as typed.
  return [t.headers.map(() => "@"), ...t.rows.map(() => t.headers.map((_, c) => t.numberFormats[c] ?? "General"))];
}

/**
 * The cell writes of one output table: its title, then header and rows
 * (formats first, so a text column keeps "2024/25" as text), in bands of
 * rows small enough for one request each.
 */
function cellSteps(t: OutputTable, maxBytes: number): WriteStep[] {
  const steps: WriteStep[] = [];
  if (t.row > 0) {
    steps.push({
      bytes: estimate(t.title),
      queue: (sheet) => {
        const title = sheet.getRange(localRange(t.row - 1, t.column));
        title.values = [[cellToExcel(t.title)]];
        title.format.font.bold = true;
      },
    });
  }
  const grid = tableGrid(t);
  const formats = tableFormats(t);
  const hasFormulas = t.formulas?.some((row) => row.some((f) => f !== null && f !== undefined)) ?? false;
  const columns = t.headers.length;
  let start = 0;
  while (start < grid.length) {
    let end = start;
    let bytes = STEP_OVERHEAD;
    while (end < grid.length) {
      const rowBytes = JSON.stringify(grid[end]).length + JSON.stringify(formats[end]).length + 2;
      if (end > start && bytes + rowBytes > maxBytes - STEP_OVERHEAD) break;
      bytes += rowBytes;
      end++;
    }
    const values = grid.slice(start, end);
    const numberFormat = formats.slice(start, end);
    const at = t.row + start;
    steps.push({
      bytes,
      queue: (sheet) => {
        const range = sheet.getRange(localRange(at, t.column, values.length, columns));
        range.numberFormat = numberFormat;
        if (hasFormulas) range.formulas = values;
        else range.values = values;
      },
    });
    start = end;
  }
  return steps;
}

/** Header row plus data rows: a table keeps one (blank) data row when it has none. */
function tableRows(t: OutputTable): number {
  return Math.max(1, t.rows.length) + 1;
}

function tableAddress(t: OutputTable): string {
  return sheetRange(OUTPUT_SHEET, t.row, t.column, tableRows(t), t.headers.length);
}

/**
 * The table object and its emphasised rows: small commands, queued once
 * every cell is written. A kept table has its old emphasis taken off its
 * data rows first (not its header row, whose bold comes from the table style).
 */
function tableStep(t: OutputTable, kept: boolean): WriteStep {
  return {
    bytes: estimate([t.name, t.emphasisedRows ?? []]) + STEP_OVERHEAD,
    queue: (sheet) => {
      if (kept) sheet.getRange(localRange(t.row + 1, t.column, tableRows(t) - 1, t.headers.length)).format.font.bold = false;
      else sheet.tables.add(tableAddress(t), true).name = t.name;
      for (const r of t.emphasisedRows ?? []) {
        if (r >= 0 && r < t.rows.length) sheet.getRange(localRange(t.row + 1 + r, t.column, 1, t.headers.length)).format.font.bold = true;
      }
    },
  };
}

/** Names for the charts, so a later refresh (or the user) can find them: "SEND_OutTrajectoryChart". */
export function chartNames(charts: readonly ChartSpec[]): string[] {
  const names: string[] = [];
  for (const c of charts) {
    const base = `${c.table}Chart`;
    let name = base;
    for (let n = 2; names.some((x) => x.toLowerCase() === name.toLowerCase()); n++) name = `${base}${n}`;
    names.push(name);
  }
  return names;
}

const CHART_WIDTH_COLUMNS = 9;
const CHART_HEIGHT_ROWS = 18;

/**
 * A native chart over an output table's columns. Adjacent columns (the
 * category first) make one source range; otherwise each series is added on
 * its own with the categories as its x values.
 */
function chartStep(spec: ChartSpec, name: string, tables: readonly OutputTable[]): WriteStep | null {
  const t = tables.find((x) => x.name === spec.table);
  if (!t) return null;
  const category = t.headers.indexOf(spec.categoryColumn);
  const series = spec.seriesColumns.map((h) => t.headers.indexOf(h)).filter((c) => c >= 0);
  if (category < 0 || series.length === 0) return null;
  const rows = t.rows.length + 1;
  const column = (c: number, withHeader = true) =>
    localRange(withHeader ? t.row : t.row + 1, t.column + c, withHeader ? rows : rows - 1, 1);
  const adjacent = series.every((c, k) => c === category + 1 + k);
  return {
    bytes: estimate(spec),
    queue: (sheet) => {
      const type = spec.type === "line" ? Excel.ChartType.line : Excel.ChartType.columnClustered;
      let chart: Excel.Chart;
      if (adjacent) {
        const source = sheet.getRange(localRange(t.row, t.column + category, rows, series.length + 1));
        chart = sheet.charts.add(type, source, Excel.ChartSeriesBy.columns);
      } else {
        chart = sheet.charts.add(type, sheet.getRange(column(series[0])), Excel.ChartSeriesBy.columns);
        const categories = sheet.getRange(column(category, false));
        chart.series.getItemAt(0).setXAxisValues(categories);
        for (const c of series.slice(1)) {
          const s = chart.series.add(t.headers[c]);
          s.setValues(sheet.getRange(column(c, false)));
          s.setXAxisValues(categories);
        }
      }
      chart.name = name;
      chart.title.text = spec.title;
      chart.setPosition(localRange(spec.row, spec.column), localRange(spec.row + CHART_HEIGHT_ROWS - 1, spec.column + CHART_WIDTH_COLUMNS - 1));
    },
  };
}

/** The mark that says the sheet is the add-in's: a workbook name on its A1, set again on each write. */
function ownershipStep(): WriteStep {
  return {
    bytes: STEP_OVERHEAD * 2,
    queue: (sheet) => {
      const names = sheet.context.workbook.names;
      names.getItemOrNullObject(OWNERSHIP_NAME).delete();
      names.add(OWNERSHIP_NAME, sheet.getRange("A1"), "Marks this sheet as the SEND Forecaster's output; its contents are rewritten on each refresh.");
    },
  };
}

/** What is on the output sheet now: its tables and charts by name, and where each output table found there sits. */
export interface SheetContents {
  tables: string[];
  charts: string[];
  /** Lower-cased table name → its range (header row included), for the output tables looked up by the read. */
  placed: Map<string, ParsedAddress>;
  /** Lower-cased table name → the labels in its first column's data rows ("Total expenditure"), where the read saw them. */
  labels?: Map<string, string[]>;
}

/** Whole sheet rows to insert above row `at` (count > 0), or to delete from row `at` down (count < 0); 0-based. */
export interface RowShift {
  at: number;
  count: number;
}

function rowLabels(t: OutputTable): string[] {
  return t.rows.map((row) => String(row[0] ?? ""));
}

/**
 * Where, among a table's data rows, the rows that came or went sit: after
 * the labels the old and new rows share from the top, and before those they
 * share from the bottom — so "Sensory support" goes in among the provision
 * lines, and the totals below it move down with every reference to them.
 * Without the old labels, rows are inserted or deleted just above the last
 * data row.
 */
export function changedRowsAt(before: readonly string[] | undefined, after: readonly string[], oldRows: number): number {
  const newRows = Math.max(1, after.length);
  if (!before || before.length !== oldRows) return Math.max(0, Math.min(oldRows, newRows) - 1);
  let top = 0;
  while (top < Math.min(oldRows, newRows) && before[top] === after[top]) top++;
  return top;
}

/**
 * The row insertions and deletions that bring each output table found on
 * the sheet to the header row the new layout gives it, top down (each `at`
 * counts the rows already inserted or deleted above it): a table whose data
 * rows grew or shrank takes the difference inside itself, so it and the
 * references into it stretch, and any other gap is closed or opened just
 * above the next table's header. Returns where the tables then sit, or
 * null when the tables are in another order or column, which rows cannot fix.
 */
export function planRowShifts(found: SheetContents, output: readonly OutputTable[]): { shifts: RowShift[]; placed: Map<string, ParsedAddress> } | null {
  const pairs = output
    .map((t) => ({ t, at: found.placed.get(t.name.toLowerCase()) }))
    .filter((p): p is { t: OutputTable; at: ParsedAddress } => p.at !== undefined && p.at.sheet.toLowerCase() === OUTPUT_SHEET.toLowerCase())
    .sort((a, b) => a.at.row - b.at.row);
  if (pairs.some((p, k) => p.at.column !== p.t.column || (k > 0 && p.t.row <= pairs[k - 1].t.row + tableRows(pairs[k - 1].t) - 1))) return null;
  const shifts: RowShift[] = [];
  const placed = new Map(found.placed);
  let moved = 0;
  let above = 0; // the first row below the last table placed
  for (const { t, at } of pairs) {
    const header = at.row + moved;
    const gap = t.row - header;
    if (gap !== 0) {
      // Never into the table above: rows are opened or closed between it and this header.
      if (gap < 0 && header + gap < above) return null;
      shifts.push(gap > 0 ? { at: header, count: gap } : { at: header + gap, count: gap });
      moved += gap;
    }
    let rows = at.rows;
    const change = tableRows(t) - at.rows;
    if (change !== 0) {
      const dataAt = changedRowsAt(found.labels?.get(t.name.toLowerCase()), rowLabels(t), at.rows - 1);
      shifts.push({ at: t.row + 1 + dataAt, count: change });
      moved += change;
      // Rows inserted below the last data row are outside the table; it is resized over them.
      if (change < 0 || dataAt < at.rows - 1) rows += change;
    }
    placed.set(t.name.toLowerCase(), { ...at, row: t.row, rows });
    above = t.row + tableRows(t);
  }
  return { shifts, placed };
}

/** What a refresh does with each output table on a sheet that already holds the add-in's tables. */
export interface TablePlan {
  /** Same place and size: rewritten in place. */
  keep: string[];
  /** Same header row and first column, another size: resized, then rewritten in place. */
  resize: string[];
  /** Tables on the sheet to delete: those that move, cannot be resized, or are no longer written. */
  drop: string[];
}

/**
 * Keeps every output table whose header row is where it was, so formulas
 * that use it by name stay whole. Table.resize (ExcelApi 1.13) needs the
 * header row to stay put; where the host lacks it, a table whose size
 * changed is deleted and added again, as one that moves is.
 */
export function planTables(found: SheetContents, output: readonly OutputTable[], canResize: boolean): TablePlan {
  const plan: TablePlan = { keep: [], resize: [], drop: [] };
  const stays = new Set<string>();
  for (const t of output) {
    const at = found.placed.get(t.name.toLowerCase());
    if (!at || at.sheet.toLowerCase() !== OUTPUT_SHEET.toLowerCase() || at.row !== t.row || at.column !== t.column) continue;
    const sameSize = at.rows === tableRows(t) && at.columns === t.headers.length;
    if (!sameSize && !canResize) continue;
    (sameSize ? plan.keep : plan.resize).push(t.name);
    stays.add(t.name.toLowerCase());
  }
  const seen = new Set<string>();
  for (const name of [...found.tables, ...output.map((t) => t.name)]) {
    // Output tables not seen on the sheet are deleted too, should one have appeared since the read (a no-op otherwise).
    const key = name.toLowerCase();
    if (!stays.has(key) && !seen.has(key)) plan.drop.push(name);
    seen.add(key);
  }
  return plan;
}

/** A 0-based, inclusive block of cells. */
interface Box {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

const SHEET_ROWS = 1_048_576;
const SHEET_COLUMNS = 16_384;

/**
 * The whole sheet less the given blocks, as a few rectangles: bands of rows
 * between the blocks' edges, each split around the blocks that cross it.
 */
export function sheetOutside(blocks: readonly Box[]): Box[] {
  const edges = [...new Set([0, SHEET_ROWS, ...blocks.flatMap((b) => [b.r0, b.r1 + 1])])].sort((a, b) => a - b);
  const out: Box[] = [];
  for (let k = 0; k + 1 < edges.length; k++) {
    const [top, bottom] = [edges[k], edges[k + 1] - 1];
    const across = blocks.filter((b) => b.r0 <= top && b.r1 >= bottom).sort((a, b) => a.c0 - b.c0);
    let column = 0;
    for (const b of across) {
      if (b.c0 > column) out.push({ r0: top, c0: column, r1: bottom, c1: b.c0 - 1 });
      column = Math.max(column, b.c1 + 1);
    }
    if (column < SHEET_COLUMNS) out.push({ r0: top, c0: column, r1: bottom, c1: SHEET_COLUMNS - 1 });
  }
  return out;
}

/**
 * Empties the add-in's own sheet without deleting it, so references into it
 * from the user's sheets survive. Charts all go (no formula refers to a
 * chart; they are added again). Tables that are not kept are deleted
 * (clearing cells leaves a table in place, and a new table may not overlap
 * it); kept ones are resized to their new size, shrinking ones first so that
 * none grows over another. Then every cell outside the kept tables' new
 * cells is cleared, values and formats. Deleting by getItemOrNullObject
 * makes a table or chart that has gone since the read a no-op rather than a
 * failed sync.
 */
function clearInPlace(sheet: Excel.Worksheet, found: SheetContents, output: OutputSheet, charts: readonly string[], plan: TablePlan, shifts: readonly RowShift[]): void {
  // A name seen twice is deleted twice: each lookup runs after the delete before it.
  const ours = charts.filter((name) => !found.charts.some((c) => c.toLowerCase() === name.toLowerCase()));
  for (const name of [...found.charts, ...ours]) sheet.charts.getItemOrNullObject(name).delete();
  for (const name of plan.drop) sheet.tables.getItemOrNullObject(name).delete();
  // Whole rows, so that Excel moves every table and reference below with them.
  for (const { at, count } of shifts) {
    const rows = sheet.getRange(`${at + 1}:${at + Math.abs(count)}`);
    if (count > 0) rows.insert(Excel.InsertShiftDirection.down);
    else rows.delete(Excel.DeleteShiftDirection.up);
  }

  const kept = output.tables.filter((t) => plan.keep.includes(t.name) || plan.resize.includes(t.name));
  const growth = (t: OutputTable) => {
    const at = found.placed.get(t.name.toLowerCase())!;
    return tableRows(t) * t.headers.length - at.rows * at.columns;
  };
  for (const t of kept.filter((x) => plan.resize.includes(x.name)).sort((a, b) => growth(a) - growth(b))) {
    sheet.tables.getItem(t.name).resize(tableAddress(t));
  }
  // A kept table's cells are all rewritten, but for the blank data row of a table with none.
  const written = kept.map((t) => ({ r0: t.row, c0: t.column, r1: t.row + t.rows.length, c1: t.column + t.headers.length - 1 }));
  for (const b of sheetOutside(written)) sheet.getRange(localRange(b.r0, b.c0, b.r1 - b.r0 + 1, b.c1 - b.c0 + 1)).clear("All");
}

/** Packs steps into requests under the byte budget, keeping their order. */
export function packSteps<S extends { bytes: number }>(steps: readonly S[], maxBytes: number): S[][] {
  const batches: S[][] = [[]];
  let size = 0;
  for (const step of steps) {
    const current = batches[batches.length - 1];
    if (current.length > 0 && size + step.bytes > maxBytes) {
      batches.push([step]);
      size = step.bytes;
    } else {
      current.push(step);
      size += step.bytes;
    }
  }
  return batches;
}

function supports(version: string): boolean {
  return typeof Office === "undefined" || Office.context.requirements.isSetSupported("ExcelApi", version);
}

function suspendWhileWriting(application: Excel.Application): void {
  // Recalculating and repainting after every queued write would cost more than the write.
  if (supports("1.6")) application.suspendApiCalculationUntilNextSync();
  if (supports("1.9")) application.suspendScreenUpdatingUntilNextSync();
}

// ------------------------------------------------------------------ the adapter

export function createOfficeWorkbook(run: ExcelRun = (batch) => Excel.run(batch), options: OfficeWorkbookOptions = {}): OfficeWorkbook {
  const maxBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  let syncs = 0;
  /** What the last read saw, so a write never touches a sheet it has not checked. */
  let ownership: SheetOwnership | undefined;
  let takenNames: Set<string> = new Set();
  const nothingOnSheet = (): SheetContents => ({ tables: [], charts: [], placed: new Map() });
  let onSheet = nothingOnSheet();

  const sync = async (context: Excel.RequestContext) => {
    syncs++;
    await context.sync();
  };

  async function read(requested: readonly string[]): Promise<ReadResult> {
    const settings = options.settings ?? documentSettings();
    const bindings = bindingsFrom(settings?.get(BINDINGS_SETTING));
    // Bound names are read in the same round trip, so a refresh needs no second read for them.
    const wanted: string[] = [];
    for (const name of [...requested, ...Object.values(bindings)]) {
      if (!wanted.some((w) => w.toLowerCase() === name.toLowerCase())) wanted.push(name);
    }

    return run(async (context) => {
      const workbook = context.workbook;
      const probes = wanted.map((name) => [name, queueRange(workbook, name)] as const);
      const names = workbook.names.load("items/name,items/type,items/value");
      const tables = workbook.tables.load("items/name");
      const outputSheet = workbook.worksheets.getItemOrNullObject(OUTPUT_SHEET);
      // Loads on a missing sheet's collections come back empty-handed; they are read only when the sheet exists.
      const sheetTables = outputSheet.tables.load("items/name");
      const sheetCharts = outputSheet.charts.load("items/name");
      const owner = workbook.names.getItemOrNullObject(OWNERSHIP_NAME);
      const ownerRange = owner.getRangeOrNullObject().load("address");
      // Where each output table sits now (and those this adapter last wrote), so the write can keep them in place.
      // Each is looked up by name: a table's address cannot be loaded with the sheet's list of tables.
      const lookFor = [...new Set([...OUTPUT_TABLES, ...onSheet.tables].map((n) => n.toLowerCase()))];
      const placedTables = lookFor.map((name) => {
        const table = workbook.tables.getItemOrNullObject(name).load("name");
        const range = table.getRange().load("address");
        // Its row labels, so that rows added or removed on refresh go where they belong.
        return { table, range, labels: range.getColumn(0).load("values") };
      });
      await sync(context);

      const ranges: Record<string, RangeData | undefined> = {};
      for (const [name, found] of probes) ranges[name] = found()?.data;

      const located = new Map<string, string>();
      for (const r of Object.values(ranges)) if (r?.kind === "table") located.set(r.name.toLowerCase(), rangeAddress(r));
      // The output tables' own addresses were looked up anyway: the contract checks none of them is the user's.
      for (const { table, range } of placedTables)
        if (!table.isNullObject && !range.isNullObject) located.set(table.name.toLowerCase(), range.address);
      const list: NameInfo[] = [
        ...names.items.filter((n) => n.name !== OWNERSHIP_NAME).map((n): NameInfo => ({ name: n.name, kind: "name", address: nameAddress(n) })),
        // A table's address costs a request per table; a structured reference names the same cells.
        ...tables.items.map((t): NameInfo => ({ name: t.name, kind: "table", address: located.get(t.name.toLowerCase()) ?? `${t.name}[#All]` })),
      ];
      takenNames = new Set(list.map((n) => n.name.toLowerCase()));

      let state: SheetOwnership = "absent";
      onSheet = nothingOnSheet();
      // Loaded in the read batch above and synced; the rule cannot see through the closure.
      // eslint-disable-next-line office-addins/call-sync-before-read
      if (!outputSheet.isNullObject) {
        // eslint-disable-next-line office-addins/call-sync-before-read
        const mark = owner.isNullObject || ownerRange.isNullObject ? null : parseAddress(ownerRange.address);
        state = mark && mark.sheet.toLowerCase() === OUTPUT_SHEET.toLowerCase() ? "ours" : "foreign";
        const placed = new Map<string, ParsedAddress>();
        const labels = new Map<string, string[]>();
        for (const { table, range, labels: column } of placedTables) {
          const at = table.isNullObject || range.isNullObject ? null : parseAddress(range.address);
          if (!at || at.sheet.toLowerCase() !== OUTPUT_SHEET.toLowerCase()) continue;
          placed.set(table.name.toLowerCase(), at);
          labels.set(table.name.toLowerCase(), column.values.slice(1).map((row) => String(row[0] ?? "")));
        }
        onSheet = { tables: sheetTables.items.map((t) => t.name), charts: sheetCharts.items.map((c) => c.name), placed, labels };
      }
      ownership = state;
      return { ranges, names: list, outputSheet: state, bindings };
    });
  }

  async function write(output: OutputSheet): Promise<void> {
    if (output.name !== OUTPUT_SHEET) throw new Error(`The add-in writes only to its own sheet '${OUTPUT_SHEET}', not '${output.name}'.`);
    if (ownership === undefined) await read([]);
    if (ownership === "foreign") {
      throw new Error(`A sheet called '${OUTPUT_SHEET}' exists and is not the add-in's: rename or delete it, then refresh. Nothing was written.`);
    }
    // Names elsewhere in the workbook that the output tables would collide with (the tables on our own sheet are replaced).
    const replaced = new Set(ownership === "ours" ? onSheet.tables.map((t) => t.toLowerCase()) : []);
    const clash = output.tables.find((t) => takenNames.has(t.name.toLowerCase()) && !replaced.has(t.name.toLowerCase()));
    if (clash) throw new Error(`The workbook already has a name or table called '${clash.name}'; rename it, then refresh. Nothing was written.`);

    // Where the kept tables will sit once rows are inserted or deleted to move them to the new layout.
    const shifted = ownership === "ours" ? planRowShifts(onSheet, output.tables) : null;
    const shifts = shifted?.shifts ?? [];
    const found: SheetContents = shifted ? { ...onSheet, placed: shifted.placed } : onSheet;
    const plan: TablePlan = ownership === "ours" ? planTables(found, output.tables, supports("1.13")) : { keep: [], resize: [], drop: [] };
    const kept = (t: OutputTable) => plan.keep.includes(t.name) || plan.resize.includes(t.name);
    const charts = chartNames(output.charts);
    const steps: WriteStep[] = [
      ...output.tables.flatMap((t) => cellSteps(t, maxBytes)),
      ...output.tables.map((t) => tableStep(t, kept(t))),
      ...output.charts.map((c, k) => chartStep(c, charts[k], output.tables)).filter((s): s is WriteStep => s !== null),
      ownershipStep(),
      {
        bytes: STEP_OVERHEAD,
        queue: (sheet) => sheet.getRange(`A:${columnLetters(Math.max(1, ...output.tables.map((t) => t.column + t.headers.length)) - 1)}`).format.autofitColumns(),
      },
    ];
    const batches = packSteps(steps, maxBytes);

    const firstBatch = async (context: Excel.RequestContext): Promise<Excel.Worksheet> => {
      const workbook = context.workbook;
      suspendWhileWriting(workbook.application);
      if (ownership === "ours") {
        // Re-used, never re-made: the user's references into it stay whole.
        const sheet = workbook.worksheets.getItem(OUTPUT_SHEET);
        clearInPlace(sheet, found, output, charts, plan, shifts);
        for (const step of batches[0]) step.queue(sheet);
        await sync(context);
        return sheet;
      }
      // The helper's closing sync carries everything queued below (see createSheet).
      const created = createSheet(workbook, OUTPUT_SHEET);
      const sheet = workbook.worksheets.getItem(OUTPUT_SHEET);
      for (const step of batches[0]) step.queue(sheet);
      syncs++;
      await created;
      return sheet;
    };

    await run(async (context) => {
      const workbook = context.workbook;
      const sheet = await firstBatch(context);
      for (const batch of batches.slice(1)) {
        suspendWhileWriting(workbook.application);
        for (const step of batch) step.queue(sheet);
        await sync(context);
      }
    });
    ownership = "ours";
    const placed = new Map(output.tables.map((t): [string, ParsedAddress] => [
      t.name.toLowerCase(),
      { sheet: OUTPUT_SHEET, row: t.row, column: t.column, rows: tableRows(t), columns: t.headers.length },
    ]));
    onSheet = { tables: output.tables.map((t) => t.name), charts, placed };
  }

  return { read, write, syncCount: () => syncs };
}
