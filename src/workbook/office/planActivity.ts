/**
 * "Record plan activity": the forecast's mitigated activity written into the
 * workbook as SEND_PlanActivity, so Change cost lines are priced against it
 * from the next refresh on. It goes on a new sheet, or at a cell the user
 * chooses; it never writes over a cell that is not empty, nor into a name
 * or table of the user's. A SEND_PlanActivity the add-in recorded before
 * (the address it keeps in the document settings) is replaced only when the
 * caller says so, after the user has seen old against new; one the user
 * made is never touched.
 */
import type { ForecastResult } from "../../model";
import { boundName, looseMatches } from "../contract";
import {
  PLAN_ACTIVITY,
  PLAN_ACTIVITY_FORMAT,
  expenditureYearHeaders,
  planActivityNote,
  planActivityTable,
  type PlanActivityTable,
} from "../planActivity";
import { OUTPUT_SHEET, type CellValue } from "../port";
import { cellName, localRange, parseAddress, sheetRange, splitAddress } from "../address";
import type { CellProblem } from "../problems";
import { documentSettings } from "./settings";
import { loadNameList, queueRange } from "./read";
import type { ExcelRun } from "./workbook";

/** Document setting holding where the add-in recorded SEND_PlanActivity: { address, note }. */
export const PLAN_ACTIVITY_SETTING = "SEND.planActivity";

/** The sheet a recording goes on when the user chooses no cell (or the first free "SEND Plan Activity (n)"). */
export const PLAN_ACTIVITY_SHEET = "SEND Plan Activity";

/** What the workbook already holds as SEND_PlanActivity. */
export interface RecordedPlanActivity {
  /** "'SEND Plan Activity'!$A$1:$I$3", as Excel gives it. */
  address: string;
  /** Its cells, as read. */
  rows: CellValue[][];
  /** Whether it is the range the add-in recorded (and may replace after confirmation). */
  ours: boolean;
}

export type PlanActivityPreview =
  | {
      ok: true;
      /** What would be written. */
      table: PlanActivityTable;
      /** SEND_PlanActivity as the workbook holds it now; null when there is none. */
      existing: RecordedPlanActivity | null;
      /** The sheet a recording without a chosen cell goes on. */
      newSheet: string;
    }
  | { ok: false; problems: CellProblem[] };

export interface RecordPlanActivityOptions {
  /** A top-left cell ("'Plan Inputs'!B3", or "B3" on the active sheet); absent: a new sheet. */
  target?: string;
  /** The day of recording as the note should say it ("30 November 2026"); the note says no date without it. */
  recordedOn?: string;
  /** Replace the SEND_PlanActivity the add-in recorded before (the user has confirmed it). */
  replace?: boolean;
  /** Input bindings: a SEND_PlanActivity bound to the user's own name is theirs. */
  bindings?: Record<string, string>;
}

export type RecordPlanActivityResult =
  | { ok: true; /** Where SEND_PlanActivity now is. */ address: string; replaced: boolean }
  | { ok: false; problems: CellProblem[] };

interface Kept {
  address: string;
  note: string;
}

const refused = (
  message: string,
  sheet = "",
  cell = ""
): { ok: false; problems: CellProblem[] } => ({
  ok: false,
  problems: [{ input: PLAN_ACTIVITY, sheet, cell, message }],
});

function keptRecord(): Kept | null {
  const raw = documentSettings()?.get(PLAN_ACTIVITY_SETTING) as unknown;
  if (typeof raw !== "object" || raw === null) return null;
  const { address, note } = raw as Record<string, unknown>;
  return typeof address === "string" && typeof note === "string" ? { address, note } : null;
}

function sameRange(a: string, b: string): boolean {
  const x = parseAddress(a);
  const y = parseAddress(b);
  return (
    x !== null &&
    y !== null &&
    x.sheet.toLowerCase() === y.sheet.toLowerCase() &&
    x.row === y.row &&
    x.column === y.column &&
    x.rows === y.rows &&
    x.columns === y.columns
  );
}

/** The first of "SEND Plan Activity", "SEND Plan Activity (2)" … that no sheet has. */
function freeSheetName(taken: readonly string[]): string {
  const lower = new Set(taken.map((t) => t.toLowerCase()));
  if (!lower.has(PLAN_ACTIVITY_SHEET.toLowerCase())) return PLAN_ACTIVITY_SHEET;
  let n = 2;
  while (lower.has(`${PLAN_ACTIVITY_SHEET} (${n})`.toLowerCase())) n++;
  return `${PLAN_ACTIVITY_SHEET} (${n})`;
}

/** "B3, C3 and 4 more": the first few cells of a list. */
function listCells(cells: readonly string[]): string {
  const shown = cells.slice(0, 4);
  const rest = cells.length - shown.length;
  if (rest > 0) return `${shown.join(", ")} and ${rest} more`;
  return shown.length <= 1
    ? shown.join("")
    : `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}

/**
 * One read: the expenditure's year headers, SEND_PlanActivity as the
 * workbook holds it (and whether it is ours), the sheets' names. The table
 * to write is shaped from the result and those headers.
 */
async function readState(
  context: Excel.RequestContext,
  result: Pick<ForecastResult, "ledger" | "scenarios">,
  bindings: Record<string, string>
): Promise<
  | {
      ok: true;
      table: PlanActivityTable;
      existing: RecordedPlanActivity | null;
      sheets: string[];
      kept: Kept | null;
    }
  | { ok: false; problems: CellProblem[] }
> {
  const workbook = context.workbook;
  const planName = boundName(bindings, PLAN_ACTIVITY);
  const expenditure = queueRange(workbook, boundName(bindings, "SEND_Expenditure"));
  const plan = queueRange(workbook, planName);
  const sheets = workbook.worksheets.load("items/name");
  await context.sync();
  const found = plan();
  const kept = keptRecord();
  if (!found && planName !== PLAN_ACTIVITY)
    return refused(
      `is bound to ${planName}, which is not in this workbook; bind it back to its default name on the Inputs tab, then record the plan activity`
    );
  const spent = expenditure();
  const table = planActivityTable(result, spent ? expenditureYearHeaders(spent.data) : undefined);
  const existing: RecordedPlanActivity | null = found
    ? {
        address: found.range.address,
        rows: found.data.values,
        ours:
          found.table === null &&
          planName === PLAN_ACTIVITY &&
          kept !== null &&
          sameRange(found.range.address, kept.address),
      }
    : await spelledLike(context);
  return { ok: true, table, existing, sheets: sheets.items.map((s) => s.name), kept };
}

/**
 * A workbook name or table the refresh reads as SEND_PlanActivity though it
 * is spelled otherwise ("SEND Plan Activity", "Send.PlanActivity"): the
 * user's, which a new name of the contract's spelling would silently take
 * the place of.
 */
async function spelledLike(context: Excel.RequestContext): Promise<RecordedPlanActivity | null> {
  const listed = await loadNameList(context);
  const like = looseMatches(listed, PLAN_ACTIVITY)[0];
  if (!like) return null;
  return {
    address: like.address ? `${like.address} (${like.name})` : like.name,
    rows: [],
    ours: false,
  };
}

/** What recording would write and what it would replace, without writing anything. */
export function previewPlanActivity(
  run: ExcelRun,
  result: Pick<ForecastResult, "ledger" | "scenarios">,
  bindings: Record<string, string> = {}
): Promise<PlanActivityPreview> {
  return run(async (context): Promise<PlanActivityPreview> => {
    const state = await readState(context, result, bindings);
    if (!state.ok) return state;
    return {
      ok: true,
      table: state.table,
      existing: state.existing,
      newSheet: freeSheetName(state.sheets),
    };
  }).catch((e: unknown) => refused(`Excel could not read the workbook: ${message(e)}`));
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Writes the mitigated activity as SEND_PlanActivity (workbook-scoped):
 * the table at the target's top-left cell, or at A1 of a new sheet, with a
 * note in the cell below it, averages as numbers formatted #,##0.0.
 * Refused, with nothing written: a target cell that is not empty or lies in
 * a name or table; a target on the output sheet; a SEND_PlanActivity of the
 * user's; the add-in's own without `replace`. With `replace`, the add-in's
 * own is rewritten where it is, and any cell it grows into must be free.
 */
export function recordPlanActivity(
  run: ExcelRun,
  result: Pick<ForecastResult, "ledger" | "scenarios">,
  options: RecordPlanActivityOptions = {}
): Promise<RecordPlanActivityResult> {
  return run(async (context): Promise<RecordPlanActivityResult> => {
    const workbook = context.workbook;
    const state = await readState(context, result, options.bindings ?? {});
    if (!state.ok) return state;
    const { table, existing, kept } = state;
    const target = options.target?.trim() || undefined;

    if (existing && !existing.ours) {
      const where = parseAddress(existing.address);
      return refused(
        `the workbook already records the plan's activity at ${existing.address}; edit or delete it there (this add-in records only where nothing is)`,
        where?.sheet ?? "",
        where ? localRange(where.row, where.column, where.rows, where.columns) : ""
      );
    }
    if (existing && !options.replace)
      return refused(
        `the plan's activity recorded earlier is at ${existing.address}; confirm to replace it with the figures of this refresh`
      );
    if (existing && target)
      return refused(
        `the plan's activity recorded earlier is at ${existing.address}; it is replaced where it is, not at ${target} (delete it there first to record elsewhere)`
      );

    // Where the table goes: the old one's top-left, a chosen cell, or A1 of a new sheet.
    let sheetName: string;
    let row = 0;
    let column = 0;
    let newSheet = false;
    if (existing) {
      const at = parseAddress(existing.address)!;
      ({ sheet: sheetName, row, column } = at);
    } else if (target) {
      const split = splitAddress(target);
      const one = parseAddress(`'x'!${split.local}`);
      if (!one || one.rows !== 1 || one.columns !== 1)
        return refused(
          `expected one cell to put the table's top-left corner at, like 'Plan Inputs'!B3; found '${target}'`
        );
      if (split.sheet === null) {
        const active = workbook.worksheets.getActiveWorksheet().load("name");
        await context.sync();
        sheetName = active.name;
      } else {
        const named = state.sheets.find((s) => s.toLowerCase() === split.sheet!.toLowerCase());
        if (!named) return refused(`there is no sheet called '${split.sheet}' for ${target}`);
        sheetName = named;
      }
      ({ row, column } = one);
    } else {
      sheetName = freeSheetName(state.sheets);
      newSheet = true;
    }
    if (sheetName.toLowerCase() === OUTPUT_SHEET.toLowerCase())
      return refused(
        `the ${OUTPUT_SHEET} sheet is rewritten at each refresh; choose a cell on another sheet`,
        sheetName
      );

    const rows = table.rows.length;
    const columns = table.rows[0].length;
    const box = { row, column, rows: rows + 1, columns }; // the note goes in the row below
    const tableAddress = sheetRange(sheetName, row, column, rows, columns);
    const noteAddress = sheetRange(sheetName, row + rows, column);

    // The add-in's own cells, free to rewrite: the old table and its note (while it still says what we wrote).
    const old = existing ? parseAddress(existing.address)! : null;
    const oldNote = existing && kept ? parseAddress(kept.note) : null;

    if (!newSheet) {
      const sheet = workbook.worksheets.getItem(sheetName);
      const cells = sheet
        .getRange(localRange(box.row, box.column, box.rows, box.columns))
        .load("formulas,valueTypes");
      const noteCell = oldNote
        ? sheet.getRange(cellName(oldNote.row, oldNote.column)).load("values")
        : null;
      const listed = await loadNameList(context, sheet);

      const inside = (
        p: { row: number; column: number; rows: number; columns: number } | null,
        r: number,
        c: number
      ) =>
        p !== null && r >= p.row && r < p.row + p.rows && c >= p.column && c < p.column + p.columns;
      const noteIsOurs =
        noteCell !== null &&
        typeof noteCell.values[0]?.[0] === "string" &&
        String(noteCell.values[0][0]).startsWith(`${PLAN_ACTIVITY}:`);
      const ours = (r: number, c: number) =>
        inside(old, r, c) ||
        (noteIsOurs && oldNote !== null && oldNote.row === r && oldNote.column === c);

      const filled: string[] = [];
      cells.formulas.forEach((line, i) =>
        line.forEach((f, j) => {
          const r = box.row + i;
          const c = box.column + j;
          const blank = cells.valueTypes[i][j] === "Empty" && (f === "" || f === null);
          if (!blank && !ours(r, c)) filled.push(cellName(r, c));
        })
      );
      if (filled.length > 0)
        return refused(
          `the table and its note need ${localRange(box.row, box.column, box.rows, box.columns)} on '${sheetName}' empty, and ${listCells(filled)} ${filled.length === 1 ? "is" : "are"} not; nothing was written. Choose another cell, or leave it empty for a new sheet`,
          sheetName,
          filled[0]
        );

      const overlaps = (address: string | null) => {
        const a = address ? parseAddress(address) : null;
        return (
          a !== null &&
          a.sheet.toLowerCase() === sheetName.toLowerCase() &&
          a.row < box.row + box.rows &&
          box.row < a.row + a.rows &&
          a.column < box.column + box.columns &&
          box.column < a.column + a.columns
        );
      };
      const clashes = listed
        .filter(
          (n) =>
            !(
              existing &&
              n.kind === "name" &&
              !n.scope &&
              n.name.toLowerCase() === PLAN_ACTIVITY.toLowerCase()
            )
        )
        .filter((n) => overlaps(n.address))
        .map((n) =>
          n.kind === "table"
            ? `the table ${n.name}`
            : `the name ${n.scope ? `${n.scope}!` : ""}${n.name}`
        );
      if (clashes.length > 0)
        return refused(
          `the table and its note would go in ${localRange(box.row, box.column, box.rows, box.columns)} on '${sheetName}', where ${clashes.join(", ")} ${clashes.length === 1 ? "is" : "are"}; nothing was written. Choose another cell, or leave it empty for a new sheet`,
          sheetName,
          localRange(box.row, box.column, box.rows, box.columns)
        );
    }

    // The write: one sync.
    workbook.application.suspendApiCalculationUntilNextSync();
    const sheet = newSheet
      ? workbook.worksheets.add(sheetName)
      : workbook.worksheets.getItem(sheetName);
    if (existing) {
      workbook.names.getItemOrNullObject(PLAN_ACTIVITY).delete();
      sheet.getRange(localRange(old!.row, old!.column, old!.rows, old!.columns)).clear("Contents");
      if (oldNote) sheet.getRange(cellName(oldNote.row, oldNote.column)).clear("Contents");
    }
    const range = sheet.getRange(localRange(row, column, rows, columns));
    range.numberFormat = table.rows.map((line, i) =>
      line.map((_, j) => (i === 0 || j === 0 ? "@" : PLAN_ACTIVITY_FORMAT))
    );
    range.values = table.rows.map((line) => line.map((v) => (v === null ? "" : v))) as (
      string | number | boolean
    )[][];
    range.getRow(0).format.font.bold = true;
    sheet.getRange(cellName(row + rows, column)).values = [[planActivityNote(options.recordedOn)]];
    workbook.names.add(
      PLAN_ACTIVITY,
      range,
      "The plan's activity, recorded by SEND Forecaster from the forecast's mitigated scenario; Record plan activity replaces it."
    );
    await context.sync();

    // Where it is, for the next recording to know it as the add-in's own.
    const saved = await saveKept({ address: tableAddress, note: noteAddress });
    if (!saved.ok) return saved;
    return { ok: true, address: tableAddress, replaced: existing !== null };
  }).catch((e: unknown) => refused(`Excel could not do this: ${message(e)}`));
}

function saveKept(kept: Kept): Promise<{ ok: true } | { ok: false; problems: CellProblem[] }> {
  const store = documentSettings();
  if (!store)
    return Promise.resolve(
      refused("not running inside Excel: where the plan's activity was recorded cannot be kept")
    );
  store.set(PLAN_ACTIVITY_SETTING, kept);
  return new Promise((resolve) =>
    store.saveAsync((r) =>
      resolve(
        r.status === Office.AsyncResultStatus.Succeeded
          ? { ok: true }
          : refused(
              `the table was written at ${kept.address}, but Excel could not keep where it is (${r.error?.message ?? "unknown error"}); the next recording will take it for the user's own`
            )
      )
    )
  );
}
