/**
 * What the task pane does in the workbook besides a refresh: go to a cell,
 * freeze the output as values, keep the input bindings in the document,
 * list names for the binding picker, and read and write the interventions.
 * Each answers with a value — the result, or the problems that stopped it —
 * and none changes a cell it was not asked to.
 */
import {
  FORECAST_SETTING,
  packFigures,
  unpackFigures,
  type ForecastFigures,
} from "../../common/figures";
import {
  LEVER_INFO,
  type Intervention,
  type InterventionStatus,
  type Lever,
  type MonthKey,
} from "../../model";
import { isDateFormat, monthOfSerial, serialOfMonth } from "../cells";
import { boundName } from "../contract";
import { Grid, tableHeader } from "../grid";
import { INTERVENTION_COLUMNS, parseInterventions } from "../inputs";
import { localRange, parseAddress, splitAddress } from "../address";
import type { ExcelRun } from "./workbook";
import { BINDINGS_SETTING, bindingsFrom, documentSettings } from "./settings";
import { loadNameList, queueRange } from "./read";
import { OUTPUT_SHEET, OWNERSHIP_NAME, type NameInfo } from "../port";
import { formatProblem, type CellProblem } from "../problems";

export type ActionResult = { ok: true } | { ok: false; problems: CellProblem[] };

const done: ActionResult = { ok: true };
const refused = (input: string, message: string, sheet = "", cell = ""): ActionResult => ({
  ok: false,
  problems: [{ input, sheet, cell, message }],
});

/** For callers that report failures by exception (the pane's action wrapper): throws the problems as one message. */
export function orThrow(result: ActionResult): void {
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join("\n"));
}

/** Office.js failures (a lost connection, a protected sheet) become a problem with Excel's own message. */
async function guarded(input: string, action: () => Promise<ActionResult>): Promise<ActionResult> {
  try {
    return await action();
  } catch (e) {
    return refused(input, `Excel could not do this: ${e instanceof Error ? e.message : String(e)}`);
  }
}

// ------------------------------------------------------------------ go to cell

/**
 * Activates the sheet and selects the range: a sheet address
 * ("'Bob''s Sheet'!C4"), a defined name or a table name, as problems give them.
 */
export function selectAddress(run: ExcelRun, address: string): Promise<ActionResult> {
  return guarded(address, () =>
    run(async (context) => {
      const workbook = context.workbook;
      const where = splitAddress(address);
      if (where.sheet !== null) {
        const sheet = workbook.worksheets.getItemOrNullObject(where.sheet);
        const range = sheet.getRange(where.local);
        sheet.activate();
        range.select();
        await context.sync();
        return sheet.isNullObject
          ? refused(address, `there is no sheet called '${where.sheet}'`)
          : done;
      }
      const name = workbook.names.getItemOrNullObject(address);
      const named = name.getRangeOrNullObject();
      const table = workbook.tables.getItemOrNullObject(address);
      await context.sync();
      const range = !named.isNullObject ? named : !table.isNullObject ? table.getRange() : null;
      if (!range) return refused(address, "no range, name or table of that name in this workbook");
      range.worksheet.activate();
      range.select();
      await context.sync();
      return done;
    })
  );
}

// ------------------------------------------------------------------ freeze as values

/**
 * Replaces every formula on the output sheet with its current value, so the
 * sheet can go to people without the add-in. Only formula cells are written;
 * typed text and numbers are left exactly as they are.
 */
export function freezeOutputAsValues(run: ExcelRun): Promise<ActionResult & { frozen?: number }> {
  return guarded(OUTPUT_SHEET, () =>
    run(async (context) => {
      const workbook = context.workbook;
      const sheet = workbook.worksheets.getItemOrNullObject(OUTPUT_SHEET);
      const used = sheet.getUsedRangeOrNullObject().load("address,formulas,values,valueTypes");
      const mark = workbook.names
        .getItemOrNullObject(OWNERSHIP_NAME)
        .getRangeOrNullObject()
        .load("address");
      await context.sync();
      if (sheet.isNullObject)
        return refused(OUTPUT_SHEET, "there is no output sheet yet: refresh first");
      if (
        mark.isNullObject ||
        parseAddress(mark.address)?.sheet.toLowerCase() !== OUTPUT_SHEET.toLowerCase()
      )
        return refused(OUTPUT_SHEET, "this sheet is not the add-in's output; nothing was changed");
      if (used.isNullObject) return { ok: true, frozen: 0 };

      const origin = parseAddress(used.address)!;
      let frozen = 0;
      workbook.application.suspendApiCalculationUntilNextSync();
      used.formulas.forEach((row, r) => {
        // Runs of adjacent formula cells in a row are written together.
        let c = 0;
        while (c < row.length) {
          if (!(typeof row[c] === "string" && String(row[c]).startsWith("="))) {
            c++;
            continue;
          }
          const start = c;
          while (c < row.length && typeof row[c] === "string" && String(row[c]).startsWith("="))
            c++;
          const values = used.values[r].slice(start, c);
          sheet.getRange(localRange(origin.row + r, origin.column + start, 1, c - start)).values = [
            values,
          ];
          frozen += c - start;
        }
      });
      if (frozen > 0) await context.sync();
      return { ok: true, frozen };
    })
  );
}

// ------------------------------------------------------------------ bindings

/** Stores one document setting and saves the settings into the file; `what` names it in a refusal. */
function saveSetting(key: string, value: unknown, what: string): Promise<ActionResult> {
  const store = documentSettings();
  if (!store)
    return Promise.resolve(refused(key, `not running inside Excel: ${what} cannot be saved`));
  store.set(key, value);
  return new Promise((resolve) =>
    store.saveAsync((result) =>
      resolve(
        result.status === Office.AsyncResultStatus.Succeeded
          ? done
          : refused(
              key,
              `Excel could not save ${what}: ${result.error?.message ?? "unknown error"}`
            )
      )
    )
  );
}

/** The bindings saved in the workbook (input name → the user's name or table). */
export async function loadBindings(): Promise<Record<string, string>> {
  return bindingsFrom(documentSettings()?.get(BINDINGS_SETTING));
}

/** Saves the bindings into the workbook's document settings, so they travel with the file. */
export function saveBindings(bindings: Record<string, string>): Promise<ActionResult> {
  return saveSetting(BINDINGS_SETTING, bindingsFrom(bindings), "the bindings");
}

// ------------------------------------------------------------------ FORECAST's figures

/**
 * Keeps the latest refresh's figures (the compact form FORECAST serves) in
 * the workbook's document settings, replacing the previous refresh's, so
 * FORECAST can serve them when the workbook is next opened. Like every
 * document setting they reach the file when the workbook is saved.
 */
export function saveForecastFigures(figures: ForecastFigures): Promise<ActionResult> {
  // Guarded: the refresh has already written its sheet, so a failure here is a warning, never a thrown refresh.
  return guarded(FORECAST_SETTING, () =>
    saveSetting(
      FORECAST_SETTING,
      packFigures(figures),
      "the figures SEND.FORECAST serves when the workbook is reopened"
    )
  );
}

/** When the refresh whose figures the workbook keeps ran (ISO 8601); null when none are kept or they cannot be read. */
export async function loadSavedForecastTime(): Promise<string | null> {
  const saved = unpackFigures(documentSettings()?.get(FORECAST_SETTING));
  return saved.ok ? saved.figures.refreshedAt : null;
}

// ------------------------------------------------------------------ output mode

/** Document setting holding whether a refresh writes live formulas or plain values. */
export const OUTPUT_MODE_SETTING = "SEND.outputMode";

export type OutputMode = "values" | "formulas";

/**
 * The values / live formulas choice saved in the workbook, so whoever opens
 * the file next refreshes it the same way; null when none has been saved.
 */
export async function loadOutputMode(): Promise<OutputMode | null> {
  const saved = documentSettings()?.get(OUTPUT_MODE_SETTING);
  return saved === "values" || saved === "formulas" ? saved : null;
}

/** Saves the values / live formulas choice into the workbook's document settings. */
export function saveOutputMode(mode: OutputMode): Promise<ActionResult> {
  return saveSetting(OUTPUT_MODE_SETTING, mode, "the values / live formulas choice");
}

// ------------------------------------------------------------------ names for the binding picker

/**
 * Every workbook name, sheet-scoped name and table with its address, for the
 * binding picker (two round trips: the lists, then each table's range and
 * each sheet's names). The add-in's own output is left out.
 */
export async function listNames(run: ExcelRun): Promise<NameInfo[]> {
  return run(async (context) => {
    const notOutput = (a: string | null) =>
      a === null || parseAddress(a)?.sheet.toLowerCase() !== OUTPUT_SHEET.toLowerCase();
    const list = await loadNameList(context, "every sheet");
    return list.filter((n) => n.name !== OWNERSHIP_NAME && notOutput(n.address));
  });
}

// ------------------------------------------------------------------ interventions

/** One row of SEND_Interventions in the model's units (fractions for percentage levers). */
export interface InterventionRow {
  name: string;
  lever: Lever;
  impact: number;
  start: MonthKey;
  rampMonths: number;
  status: InterventionStatus;
  confidence: number;
}

export type InterventionRowsRead =
  | { ok: true; rows: InterventionRow[]; address: string | null }
  | { ok: false; problems: CellProblem[] };

const INTERVENTIONS = "SEND_Interventions";

/** A model intervention as the pane edits it, with the workbook's defaults filled in. */
export function interventionRow(iv: Intervention): InterventionRow {
  return {
    name: iv.name,
    lever: iv.lever,
    impact: iv.impact,
    start: iv.start,
    rampMonths: iv.rampMonths ?? 0,
    status: iv.status ?? "New",
    confidence: iv.confidence ?? 1,
  };
}

/** The interventions as the workbook holds them, checked the way a refresh checks them. */
export function readInterventionRows(
  run: ExcelRun,
  bindings: Record<string, string> = {}
): Promise<InterventionRowsRead> {
  const name = boundName(bindings, INTERVENTIONS);
  return run(async (context): Promise<InterventionRowsRead> => {
    const locate = queueRange(context.workbook, name);
    await context.sync();
    const located = locate();
    // The input is optional: no range yet means no interventions.
    if (!located) return { ok: true, rows: [], address: null };
    const parsed = parseInterventions(located.data, name);
    if (parsed.problems.length > 0) return { ok: false, problems: parsed.problems };
    return { ok: true, rows: parsed.value.map(interventionRow), address: located.range.address };
  }).catch((e: unknown): InterventionRowsRead => ({
    ok: false,
    problems: [
      {
        input: name,
        sheet: "",
        cell: "",
        message: `Excel could not read it: ${e instanceof Error ? e.message : String(e)}`,
      },
    ],
  }));
}

/**
 * Writes the edited list back: a table grows or shrinks by whole rows; a
 * plain named range is filled from the top and its spare rows blanked. A
 * named range too small for the list is refused with nothing written,
 * because growing it would overwrite the cells beneath it. Columns the
 * contract does not know keep their contents.
 */
export function writeInterventionRows(
  run: ExcelRun,
  rows: readonly InterventionRow[],
  bindings: Record<string, string> = {}
): Promise<ActionResult> {
  const name = boundName(bindings, INTERVENTIONS);
  return guarded(name, () =>
    run(async (context) => {
      const workbook = context.workbook;
      const locate = queueRange(workbook, name);
      await context.sync();
      const located = locate();
      if (!located)
        return refused(
          name,
          `there is no range or table of this name to write the interventions to; add one with the header ${INTERVENTION_COLUMNS.map((c) => c.labels[0]).join(", ")}`
        );

      // The header is found and read exactly as a refresh reads it, so whatever a refresh accepts can be written back.
      const data = located.data;
      const input = new Grid(data, name);
      const header = tableHeader(input, INTERVENTION_COLUMNS);
      if (!header || input.problems.length > 0) return { ok: false, problems: input.problems };
      const columns = header.columns;
      // A named range may have blank rows above its header; a table's header is its first row.
      const top = data.row + header.headerRow;
      const startColumn = columns.start!;
      const startFormat =
        data.numberFormats
          .slice(header.headerRow + 1)
          .map((r) => r[startColumn])
          .find(isDateFormat) ?? "mmm yyyy";
      // A date already in the Start cell keeps its day and format while its month is the row's start month.
      const keptStart = (i: number, month: MonthKey): { serial: number; format: string } | null => {
        const v = data.values[header.headerRow + 1 + i]?.[startColumn];
        const format = data.numberFormats[header.headerRow + 1 + i]?.[startColumn] ?? "General";
        return typeof v === "number" && isDateFormat(format) && monthOfSerial(v) === month
          ? { serial: v, format }
          : null;
      };
      const impactColumn = columns.impact!;
      const width = input.columns;
      // null leaves a cell as it is: unknown columns keep their contents.
      const grid = rows.map((row, i) => {
        const line: (string | number | boolean | null)[] = Array.from(
          { length: width },
          () => null
        );
        const put = (f: keyof Intervention, v: string | number) => {
          if (columns[f] !== undefined) line[columns[f]!] = v;
        };
        put("name", row.name);
        put("lever", row.lever);
        put("impact", row.impact);
        put("start", keptStart(i, row.start)?.serial ?? serialOfMonth(row.start));
        put("rampMonths", row.rampMonths);
        put("status", row.status);
        put("confidence", row.confidence);
        return line;
      });
      const formatGrid = rows.map((row, i) =>
        Array.from({ length: width }, (_, c): string | null =>
          c === startColumn
            ? (keptStart(i, row.start)?.format ?? startFormat)
            : c === impactColumn
              ? LEVER_INFO[row.lever].unit === "fraction"
                ? "0.0%"
                : "General"
              : null
        )
      );
      // The whole name's rows: its cells were read only as far as the sheet's used range.
      const capacity = located.rows - header.headerRow - 1;
      workbook.application.suspendApiCalculationUntilNextSync();

      if (located.table) {
        const table = located.table;
        const extra = rows.length - capacity;
        if (extra > 0)
          table.rows.add(
            undefined,
            Array.from({ length: extra }, () => Array.from({ length: width }, () => ""))
          );
        // Delete from the bottom so the indexes of the rows still to delete do not move.
        for (let i = capacity - 1; i >= Math.max(rows.length, 1); i--)
          table.rows.getItemAt(i).delete();
        if (rows.length > 0) {
          // After the adds and deletes the data body holds exactly one row per intervention.
          const body = table.getDataBodyRange();
          body.numberFormat = formatGrid as string[][];
          body.values = grid as (string | number | boolean)[][];
        } else {
          table.getDataBodyRange().getRow(0).values = [Array.from({ length: width }, () => "")];
        }
        await context.sync();
        return done;
      }

      if (rows.length > capacity) {
        return refused(
          name,
          `has room for ${capacity} intervention${capacity === 1 ? "" : "s"} below its header and the list has ${rows.length}; make the range larger (or turn it into an Excel table, which grows by itself). Nothing was written.`,
          data.sheet,
          localRange(data.row, data.column, data.values.length, width)
        );
      }
      const sheet = located.range.worksheet;
      if (rows.length > 0) {
        const body = sheet.getRange(localRange(top + 1, data.column, rows.length, width));
        body.numberFormat = formatGrid as string[][];
        body.values = grid as (string | number | boolean)[][];
      }
      if (capacity > rows.length) {
        const blank = Array.from({ length: capacity - rows.length }, () =>
          Array.from({ length: width }, (_, c) => (Object.values(columns).includes(c) ? "" : null))
        );
        sheet.getRange(
          localRange(top + 1 + rows.length, data.column, capacity - rows.length, width)
        ).values = blank as (string | number | boolean)[][];
      }
      await context.sync();
      return done;
    })
  );
}

// ------------------------------------------------------------------ the plan's activity

export {
  PLAN_ACTIVITY_SETTING,
  PLAN_ACTIVITY_SHEET,
  previewPlanActivity,
  recordPlanActivity,
  type PlanActivityPreview,
  type RecordPlanActivityOptions,
  type RecordPlanActivityResult,
  type RecordedPlanActivity,
} from "./planActivity";
