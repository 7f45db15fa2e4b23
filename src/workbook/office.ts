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
 * into #REF!, which would change the user's cells.
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
import { cellName, columnLetters, quoteSheet } from "./problems";

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

// ------------------------------------------------------------------ addresses

export interface ParsedAddress {
  /** Unquoted sheet name. */
  sheet: string;
  /** 0-based top-left cell and size. */
  row: number;
  column: number;
  rows: number;
  columns: number;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Splits "'Bob''s Sheet'!B3" into the unquoted sheet ("Bob's Sheet") and the local part ("B3"). */
export function splitAddress(address: string): { sheet: string | null; local: string } {
  const text = address.trim().replace(/^=/, "");
  if (text.startsWith("'")) {
    const end = /^'((?:[^']|'')*)'!/.exec(text);
    if (end) return { sheet: end[1].replace(/''/g, "'"), local: text.slice(end[0].length) };
  }
  const bang = text.lastIndexOf("!");
  return bang < 0 ? { sheet: null, local: text } : { sheet: text.slice(0, bang), local: text.slice(bang + 1) };
}

/** "'Bob''s Sheet'!$B$3:D12" → sheet "Bob's Sheet", row 2, column 1, 10 rows × 3 columns; null if it is not a cell range. */
export function parseAddress(address: string): ParsedAddress | null {
  const { sheet, local } = splitAddress(address);
  const m = /^\$?([A-Za-z]{1,3})\$?([0-9]+)(?::\$?([A-Za-z]{1,3})\$?([0-9]+))?$/.exec(local);
  if (sheet === null || !m) return null;
  const r0 = Number(m[2]) - 1;
  const c0 = columnNumber(m[1]);
  const r1 = m[4] === undefined ? r0 : Number(m[4]) - 1;
  const c1 = m[3] === undefined ? c0 : columnNumber(m[3]);
  return { sheet, row: Math.min(r0, r1), column: Math.min(c0, c1), rows: Math.abs(r1 - r0) + 1, columns: Math.abs(c1 - c0) + 1 };
}

/** A local A1 range from a 0-based corner and size: "A3:F10". */
export function localRange(row: number, column: number, rows = 1, columns = 1): string {
  const first = cellName(row, column);
  return rows === 1 && columns === 1 ? first : `${first}:${cellName(row + rows - 1, column + columns - 1)}`;
}

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

function documentSettings(): Pick<Office.Settings, "get"> | undefined {
  return typeof Office !== "undefined" ? Office.context?.document?.settings : undefined;
}

// ------------------------------------------------------------------ read

/** "Inputs!Rates" names a sheet-scoped name; anything else is workbook-scoped or a table. */
function scopedName(name: string): { sheet: string; name: string } | null {
  const { sheet, local } = splitAddress(name);
  return sheet === null ? null : { sheet, name: local };
}

interface Probe {
  requested: string;
  item: Excel.NamedItem;
  itemRange: Excel.Range;
  table: Excel.Table | null;
  tableRange: Excel.Range | null;
}

const RANGE_PROPERTIES = "address,values,valueTypes,numberFormat";

function queueProbe(workbook: Excel.Workbook, requested: string): Probe {
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
  return { requested, item, itemRange, table, tableRange };
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

function probeResult(p: Probe): RangeData | undefined {
  if (!p.item.isNullObject && !p.itemRange.isNullObject) return rangeData(p.item.name, "name", p.itemRange);
  if (p.table && p.tableRange && !p.table.isNullObject && !p.tableRange.isNullObject) return rangeData(p.table.name, "table", p.tableRange);
  return undefined;
}

/** A name's reference as Excel reports it ("Data!$B$3:$C$10"), or null when it is a constant or #REF!. */
function nameAddress(item: Excel.NamedItem): string | null {
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

/** The table object, its emphasised rows: small commands, queued once every cell is written. */
function tableStep(t: OutputTable): WriteStep {
  return {
    bytes: estimate([t.name, t.emphasisedRows ?? []]) + STEP_OVERHEAD,
    queue: (sheet) => {
      const rows = Math.max(1, t.rows.length);
      const table = sheet.tables.add(`${quoteSheet(OUTPUT_SHEET)}!${localRange(t.row, t.column, rows + 1, t.headers.length)}`, true);
      table.name = t.name;
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

/** What is on the output sheet now: its tables and charts, by name. */
export interface SheetContents {
  tables: string[];
  charts: string[];
}

/**
 * Empties the add-in's own sheet without deleting it, so references into it
 * from the user's sheets survive: its tables and charts are deleted (clearing
 * cells leaves a table in place, and a new table may not overlap it), then
 * every value and format goes. Deleting by getItemOrNullObject makes a table
 * or chart that has gone since the read a no-op rather than a failed sync.
 */
function clearInPlace(sheet: Excel.Worksheet, found: SheetContents, output: OutputSheet, charts: readonly string[]): void {
  const wanted = (seen: readonly string[], ours: readonly string[]) => [
    ...seen,
    ...ours.filter((name) => !seen.some((s) => s.toLowerCase() === name.toLowerCase())),
  ];
  for (const name of wanted(found.tables, output.tables.map((t) => t.name))) sheet.tables.getItemOrNullObject(name).delete();
  // A name seen twice is deleted twice: each lookup runs after the delete before it.
  for (const name of wanted(found.charts, charts)) sheet.charts.getItemOrNullObject(name).delete();
  sheet.getUsedRange().clear("All");
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
  let onSheet: SheetContents = { tables: [], charts: [] };

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
      const probes = wanted.map((name) => queueProbe(workbook, name));
      const names = workbook.names.load("items/name,items/type,items/value");
      const tables = workbook.tables.load("items/name");
      const outputSheet = workbook.worksheets.getItemOrNullObject(OUTPUT_SHEET);
      // Loads on a missing sheet's collections come back empty-handed; they are read only when the sheet exists.
      const sheetTables = outputSheet.tables.load("items/name");
      const sheetCharts = outputSheet.charts.load("items/name");
      const owner = workbook.names.getItemOrNullObject(OWNERSHIP_NAME);
      const ownerRange = owner.getRangeOrNullObject().load("address");
      await sync(context);

      const ranges: Record<string, RangeData | undefined> = {};
      for (const p of probes) ranges[p.requested] = probeResult(p);

      const located = new Map<string, string>();
      for (const r of Object.values(ranges)) if (r?.kind === "table") located.set(r.name.toLowerCase(), addressOf(r));
      const list: NameInfo[] = [
        ...names.items.filter((n) => n.name !== OWNERSHIP_NAME).map((n): NameInfo => ({ name: n.name, kind: "name", address: nameAddress(n) })),
        // A table's address costs a request per table; a structured reference names the same cells.
        ...tables.items.map((t): NameInfo => ({ name: t.name, kind: "table", address: located.get(t.name.toLowerCase()) ?? `${t.name}[#All]` })),
      ];
      takenNames = new Set(list.map((n) => n.name.toLowerCase()));

      let state: SheetOwnership = "absent";
      onSheet = { tables: [], charts: [] };
      // Loaded in the read batch above and synced; the rule cannot see through the closure.
      // eslint-disable-next-line office-addins/call-sync-before-read
      if (!outputSheet.isNullObject) {
        // eslint-disable-next-line office-addins/call-sync-before-read
        const mark = owner.isNullObject || ownerRange.isNullObject ? null : parseAddress(ownerRange.address);
        state = mark && mark.sheet.toLowerCase() === OUTPUT_SHEET.toLowerCase() ? "ours" : "foreign";
        onSheet = { tables: sheetTables.items.map((t) => t.name), charts: sheetCharts.items.map((c) => c.name) };
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

    const charts = chartNames(output.charts);
    const steps: WriteStep[] = [
      ...output.tables.flatMap((t) => cellSteps(t, maxBytes)),
      ...output.tables.map(tableStep),
      ...output.charts.map((c, k) => chartStep(c, charts[k], output.tables)).filter((s): s is WriteStep => s !== null),
      ownershipStep(),
      {
        bytes: STEP_OVERHEAD,
        queue: (sheet) => sheet.getRange(`A:${columnLetters(Math.max(1, ...output.tables.map((t) => t.column + t.headers.length)) - 1)}`).format.autofitColumns(),
      },
    ];
    const batches = packSteps(steps, maxBytes);

    const found = onSheet;
    const firstBatch = async (context: Excel.RequestContext): Promise<Excel.Worksheet> => {
      const workbook = context.workbook;
      suspendWhileWriting(workbook.application);
      if (ownership === "ours") {
        // Re-used, never re-made: the user's references into it stay whole.
        const sheet = workbook.worksheets.getItem(OUTPUT_SHEET);
        clearInPlace(sheet, found, output, charts);
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
    onSheet = { tables: output.tables.map((t) => t.name), charts };
  }

  return { read, write, syncCount: () => syncs };
}

function addressOf(r: RangeData): string {
  const rows = r.values.length;
  const columns = r.values[0]?.length ?? 1;
  return `${quoteSheet(r.sheet)}!${localRange(r.row, r.column, rows, columns)}`;
}
