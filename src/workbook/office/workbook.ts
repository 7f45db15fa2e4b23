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
 *
 * The write works from the read it is handed (the sheet's ownership, the
 * tables and charts on it, where each output table sits): the adapter keeps
 * nothing between calls. Its pieces: cells.ts (cell conversion), settings.ts
 * (document settings), read.ts (read queueing), layout.ts (pure layout
 * geometry), writeSteps.ts (the queued Office write steps), helpers.ts (the
 * one use of office-js-helpers) and actions.ts (the pane's other actions in
 * Excel).
 */
import { createSheet } from "./helpers";
import {
  OUTPUT_SHEET,
  OWNERSHIP_NAME,
  type NameInfo,
  type OutputSheet,
  type OutputSheetContents,
  type OutputTable,
  type RangeData,
  type ReadResult,
  type SheetOwnership,
  type WorkbookPort,
} from "../port";
import { refuseUnsafeWrite } from "../contract";
import { columnLetters, parseAddress, type ParsedAddress } from "../address";
import { rangeAddress } from "../grid";
import { OUTPUT_TABLES } from "../output";
import { BINDINGS_SETTING, bindingsFrom, documentSettings } from "./settings";
import { nameAddress, queueRange } from "./read";
import { chartNames, planRowShifts, planTables, type TablePlan } from "./layout";
import {
  STEP_OVERHEAD,
  cellSteps,
  chartStep,
  clearInPlace,
  legendStep,
  noteStep,
  ownershipStep,
  packSteps,
  supports,
  suspendWhileWriting,
  styleStep,
  tableStep,
  type WriteStep,
} from "./writeSteps";

export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

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

// ------------------------------------------------------------------ the adapter

export function createOfficeWorkbook(
  run: ExcelRun = (batch) => Excel.run(batch),
  options: OfficeWorkbookOptions = {}
): OfficeWorkbook {
  const maxBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  // A count of round trips, for the tests and the bench; nothing a write depends on.
  let syncs = 0;
  const nothingOnSheet = (): OutputSheetContents => ({ tables: [], charts: [], placed: new Map() });

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
      // Where each output table sits now, so the write can keep them in place.
      // Each is looked up by name: a table's address cannot be loaded with the sheet's list of tables.
      const lookFor = [...new Set(OUTPUT_TABLES.map((n) => n.toLowerCase()))];
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
      for (const r of Object.values(ranges))
        if (r?.kind === "table") located.set(r.name.toLowerCase(), rangeAddress(r));
      // The output tables' own addresses were looked up anyway: the contract checks none of them is the user's.
      for (const { table, range } of placedTables)
        if (!table.isNullObject && !range.isNullObject)
          located.set(table.name.toLowerCase(), range.address);
      const list: NameInfo[] = [
        ...names.items
          .filter((n) => n.name !== OWNERSHIP_NAME)
          .map((n): NameInfo => ({ name: n.name, kind: "name", address: nameAddress(n) })),
        // A table's address costs a request per table; a structured reference names the same cells.
        ...tables.items.map((t): NameInfo => ({
          name: t.name,
          kind: "table",
          address: located.get(t.name.toLowerCase()) ?? `${t.name}[#All]`,
        })),
      ];

      let state: SheetOwnership = "absent";
      let onSheet: OutputSheetContents | undefined;
      // Loaded in the read batch above and synced; the rule cannot see through the closure.
      // eslint-disable-next-line office-addins/call-sync-before-read
      if (!outputSheet.isNullObject) {
        const mark =
          // eslint-disable-next-line office-addins/call-sync-before-read
          owner.isNullObject || ownerRange.isNullObject ? null : parseAddress(ownerRange.address);
        state =
          mark && mark.sheet.toLowerCase() === OUTPUT_SHEET.toLowerCase() ? "ours" : "foreign";
        const placed = new Map<string, ParsedAddress>();
        const labels = new Map<string, string[]>();
        for (const { table, range, labels: column } of placedTables) {
          const at = table.isNullObject || range.isNullObject ? null : parseAddress(range.address);
          if (!at || at.sheet.toLowerCase() !== OUTPUT_SHEET.toLowerCase()) continue;
          placed.set(table.name.toLowerCase(), at);
          labels.set(
            table.name.toLowerCase(),
            column.values.slice(1).map((row) => String(row[0] ?? ""))
          );
        }
        onSheet = {
          tables: sheetTables.items.map((t) => t.name),
          charts: sheetCharts.items.map((c) => c.name),
          placed,
          labels,
        };
      }
      return {
        ranges,
        names: list,
        outputSheet: state,
        bindings,
        ...(onSheet ? { onOutputSheet: onSheet } : {}),
      };
    });
  }

  /** Writes as `read` found the workbook: its ownership of the sheet and the tables on it, nothing kept from an earlier call. */
  async function write(output: OutputSheet, read: ReadResult): Promise<void> {
    refuseUnsafeWrite(read, output);
    const ownership = read.outputSheet;
    const onSheet = read.onOutputSheet ?? nothingOnSheet();

    // Where the kept tables will sit once rows are inserted or deleted to move them to the new layout.
    const shifted = ownership === "ours" ? planRowShifts(onSheet, output.tables) : null;
    const shifts = shifted?.shifts ?? [];
    const found: OutputSheetContents = shifted ? { ...onSheet, placed: shifted.placed } : onSheet;
    const plan: TablePlan =
      ownership === "ours"
        ? planTables(found, output.tables, supports("1.13"))
        : { keep: [], resize: [], drop: [] };
    const kept = (t: OutputTable) => plan.keep.includes(t.name) || plan.resize.includes(t.name);
    const charts = chartNames(output.charts);
    const steps: WriteStep[] = [
      ...output.tables.flatMap((t) => cellSteps(t, maxBytes)),
      ...output.tables.map((t) => tableStep(t, kept(t))),
      ...output.tables.map(styleStep).filter((s): s is WriteStep => s !== null),
      ...output.charts
        .map((c, k) => chartStep(c, charts[k], output.tables))
        .filter((s): s is WriteStep => s !== null),
      ownershipStep(),
      {
        bytes: STEP_OVERHEAD,
        queue: (sheet) =>
          sheet
            .getRange(
              `A:${columnLetters(Math.max(1, ...output.tables.map((t) => t.column + t.headers.length)) - 1)}`
            )
            .format.autofitColumns(),
      },
      // Long text after the columns are fitted to the tables.
      ...output.tables.map(noteStep).filter((s): s is WriteStep => s !== null),
      ...(output.legend ? [legendStep(output.legend)] : []),
      // A refresh the user asked for ends on its sheet.
      ...(output.show
        ? [{ bytes: STEP_OVERHEAD, queue: (sheet: Excel.Worksheet) => sheet.activate() }]
        : []),
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
  }

  return { read, write, syncCount: () => syncs };
}
