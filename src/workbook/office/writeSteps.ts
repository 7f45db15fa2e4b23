/**
 * The Office write, as steps: each queues a piece of the output sheet (a
 * band of cells, a table, a chart, the ownership mark) on a worksheet and
 * says roughly how many bytes it adds to the request, so a write can be
 * packed into as few syncs as Excel on the web's request limit allows.
 */
import {
  OWNERSHIP_NAME,
  type CellKind,
  type ChartSpec,
  type Legend,
  type OutputSheet,
  type OutputSheetContents,
  type OutputTable,
} from "../port";
import { localRange } from "../address";
import { cellToExcel } from "./cells";
import { CELL_STYLES } from "../output";
import {
  kindBlocks,
  sheetOutside,
  tableAddress,
  tableRows,
  type RowShift,
  type TablePlan,
} from "./layout";

/** One queued piece of the write, with its estimated request size. */
export interface WriteStep {
  bytes: number;
  queue: (sheet: Excel.Worksheet) => void;
}

export const STEP_OVERHEAD = 200;

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
  return [
    t.headers.map(() => "@"),
    ...t.rows.map(() => t.headers.map((_, c) => t.numberFormats[c] ?? "General")),
  ];
}

/**
 * The cell writes of one output table: its title, then header and rows
 * (formats first, so a text column keeps "2024/25" as text), in bands of
 * rows small enough for one request each.
 */
export function cellSteps(t: OutputTable, maxBytes: number): WriteStep[] {
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
  const hasFormulas =
    t.formulas?.some((row) => row.some((f) => f !== null && f !== undefined)) ?? false;
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

/** The lines under a table, queued after the columns are fitted to the tables so that a long note does not widen its column. */
export function noteStep(t: OutputTable): WriteStep | null {
  const notes = t.notes ?? [];
  if (notes.length === 0) return null;
  return {
    bytes: estimate(notes),
    queue: (sheet) => {
      sheet.getRange(localRange(t.row + tableRows(t), t.column, notes.length, 1)).values =
        notes.map((n) => [cellToExcel(n)]);
    },
  };
}

/**
 * The table object and its emphasised rows: small commands, queued once
 * every cell is written. A kept table has its old emphasis taken off its
 * data rows first (not its header row, whose bold comes from the table style).
 */
export function tableStep(t: OutputTable, kept: boolean): WriteStep {
  return {
    bytes: estimate([t.name, t.emphasisedRows ?? []]) + STEP_OVERHEAD,
    queue: (sheet) => {
      if (kept) {
        // The last refresh's emphasis and cell styles come off; the new ones go on after.
        const body = sheet.getRange(
          localRange(t.row + 1, t.column, tableRows(t) - 1, t.headers.length)
        ).format;
        body.font.bold = false;
        body.font.italic = false;
        body.fill.clear();
        sheet.tables.getItem(t.name).showBandedRows = false;
      } else {
        const table = sheet.tables.add(tableAddress(t), true);
        table.name = t.name;
        // No banding: the fills say what each figure is.
        table.showBandedRows = false;
      }
      for (const r of t.emphasisedRows ?? []) {
        if (r >= 0 && r < t.rows.length)
          sheet.getRange(
            localRange(t.row + 1 + r, t.column, 1, t.headers.length)
          ).format.font.bold = true;
      }
    },
  };
}

/** Draws a block of cells as its kind: the kind's fill, italic for what the forecast works out. */
function styleRange(range: Excel.Range, kind: CellKind): void {
  const style = CELL_STYLES[kind];
  if (style.fill) range.format.fill.color = `#${style.fill}`;
  if (style.italic) range.format.font.italic = true;
}

/** Each data cell of a table drawn as its kind (actual, supplied, driven, forecast), a block of cells at a time. */
export function styleStep(t: OutputTable): WriteStep | null {
  const blocks = kindBlocks(t.kinds ?? []).filter((b) => b.r0 < t.rows.length);
  if (blocks.length === 0) return null;
  return {
    bytes: STEP_OVERHEAD + blocks.length * 120,
    queue: (sheet) => {
      for (const b of blocks)
        styleRange(
          sheet.getRange(
            localRange(t.row + 1 + b.r0, t.column + b.c0, b.r1 - b.r0 + 1, b.c1 - b.c0 + 1)
          ),
          b.kind
        );
    },
  };
}

/** The key to the cell styles: a title, a cell per kind drawn as that kind with its description beside it, then notes; queued after the columns are fitted, as the notes are. */
export function legendStep(legend: Legend): WriteStep {
  return {
    bytes: estimate(legend) + legend.entries.length * 120,
    queue: (sheet) => {
      const title = sheet.getRange(localRange(legend.row, legend.column));
      title.values = [[cellToExcel(legend.title)]];
      title.format.font.bold = true;
      legend.entries.forEach((e, k) => {
        const row = legend.row + 1 + k;
        sheet.getRange(localRange(row, legend.column, 1, 2)).values = [
          [cellToExcel(e.label), cellToExcel(e.description)],
        ];
        styleRange(sheet.getRange(localRange(row, legend.column)), e.kind);
      });
      if (legend.notes.length > 0)
        sheet.getRange(
          localRange(legend.row + 1 + legend.entries.length, legend.column, legend.notes.length, 1)
        ).values = legend.notes.map((n) => [cellToExcel(n)]);
    },
  };
}

const CHART_WIDTH_COLUMNS = 9;
const CHART_HEIGHT_ROWS = 18;

/** The fan chart's band: a pale blue a reader sees the middle line through. */
export const FAN_BAND_FILL = "#BDD7EE";
/** The fan chart's middle line. */
export const FAN_LINE_COLOUR = "#1F4E79";

/**
 * A native chart over an output table's columns. Adjacent columns (the
 * category first) make one source range; otherwise each series is added on
 * its own with the categories as its x values. A fan (ChartSpec) is a
 * stacked area of its low edge, drawn without fill or line, and its spread,
 * shaded, so the band runs from the low edge to the high one; its middle is
 * a line series on the same axes (ChartSeries.chartType, ExcelApi 1.7).
 * Where the host lacks that, the fan is drawn as lines of its fallback
 * columns (low, middle, high).
 */
export function chartStep(
  spec: ChartSpec,
  name: string,
  tables: readonly OutputTable[]
): WriteStep | null {
  const t = tables.find((x) => x.name === spec.table);
  if (!t) return null;
  const fan = spec.type === "fan" && spec.seriesColumns.length === 3 && supports("1.7");
  const plotted =
    spec.type === "fan" && !fan ? (spec.fallbackColumns ?? spec.seriesColumns) : spec.seriesColumns;
  const category = t.headers.indexOf(spec.categoryColumn);
  const series = plotted.map((h) => t.headers.indexOf(h)).filter((c) => c >= 0);
  if (category < 0 || series.length === 0 || (fan && series.length !== 3)) return null;
  const rows = t.rows.length + 1;
  const column = (c: number, withHeader = true) =>
    localRange(withHeader ? t.row : t.row + 1, t.column + c, withHeader ? rows : rows - 1, 1);
  const adjacent = series.every((c, k) => c === category + 1 + k);
  return {
    bytes: estimate(spec),
    queue: (sheet) => {
      const type = fan
        ? Excel.ChartType.areaStacked
        : spec.type === "column"
          ? Excel.ChartType.columnClustered
          : Excel.ChartType.line;
      let chart: Excel.Chart;
      if (adjacent) {
        const source = sheet.getRange(
          localRange(t.row, t.column + category, rows, series.length + 1)
        );
        chart = sheet.charts.add(type, source, Excel.ChartSeriesBy.columns);
      } else {
        chart = sheet.charts.add(
          type,
          sheet.getRange(column(series[0])),
          Excel.ChartSeriesBy.columns
        );
        const categories = sheet.getRange(column(category, false));
        chart.series.getItemAt(0).setXAxisValues(categories);
        for (const c of series.slice(1)) {
          const s = chart.series.add(t.headers[c]);
          s.setValues(sheet.getRange(column(c, false)));
          s.setXAxisValues(categories);
        }
      }
      if (fan) {
        const base = chart.series.getItemAt(0);
        base.format.fill.clear();
        base.format.line.lineStyle = Excel.ChartLineStyle.none;
        const band = chart.series.getItemAt(1);
        band.format.fill.setSolidColor(FAN_BAND_FILL);
        band.format.line.lineStyle = Excel.ChartLineStyle.none;
        const middle = chart.series.getItemAt(2);
        middle.chartType = Excel.ChartType.line;
        middle.format.line.color = FAN_LINE_COLOUR;
      }
      chart.name = name;
      chart.title.text = spec.title;
      chart.setPosition(
        localRange(spec.row, spec.column),
        localRange(spec.row + CHART_HEIGHT_ROWS - 1, spec.column + CHART_WIDTH_COLUMNS - 1)
      );
    },
  };
}

/** The mark that says the sheet is the add-in's: a workbook name on its A1, set again on each write. */
export function ownershipStep(): WriteStep {
  return {
    bytes: STEP_OVERHEAD * 2,
    queue: (sheet) => {
      const names = sheet.context.workbook.names;
      names.getItemOrNullObject(OWNERSHIP_NAME).delete();
      names.add(
        OWNERSHIP_NAME,
        sheet.getRange("A1"),
        "Marks this sheet as the SEND Forecaster's output; its contents are rewritten on each refresh."
      );
    },
  };
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
export function clearInPlace(
  sheet: Excel.Worksheet,
  found: OutputSheetContents,
  output: OutputSheet,
  charts: readonly string[],
  plan: TablePlan,
  shifts: readonly RowShift[]
): void {
  // A name seen twice is deleted twice: each lookup runs after the delete before it.
  const ours = charts.filter(
    (name) => !found.charts.some((c) => c.toLowerCase() === name.toLowerCase())
  );
  for (const name of [...found.charts, ...ours]) sheet.charts.getItemOrNullObject(name).delete();
  for (const name of plan.drop) sheet.tables.getItemOrNullObject(name).delete();
  // Whole rows, so that Excel moves every table and reference below with them.
  for (const { at, count } of shifts) {
    const rows = sheet.getRange(`${at + 1}:${at + Math.abs(count)}`);
    if (count > 0) rows.insert(Excel.InsertShiftDirection.down);
    else rows.delete(Excel.DeleteShiftDirection.up);
  }

  const kept = output.tables.filter(
    (t) => plan.keep.includes(t.name) || plan.resize.includes(t.name)
  );
  const growth = (t: OutputTable) => {
    const at = found.placed.get(t.name.toLowerCase())!;
    return tableRows(t) * t.headers.length - at.rows * at.columns;
  };
  for (const t of kept
    .filter((x) => plan.resize.includes(x.name))
    .sort((a, b) => growth(a) - growth(b))) {
    sheet.tables.getItem(t.name).resize(tableAddress(t));
  }
  // A kept table's cells are all rewritten, but for the blank data row of a table with none.
  const written = kept.map((t) => ({
    r0: t.row,
    c0: t.column,
    r1: t.row + t.rows.length,
    c1: t.column + t.headers.length - 1,
  }));
  for (const b of sheetOutside(written))
    sheet.getRange(localRange(b.r0, b.c0, b.r1 - b.r0 + 1, b.c1 - b.c0 + 1)).clear("All");
}

/** Packs steps into requests under the byte budget, keeping their order. */
export function packSteps<S extends { bytes: number }>(
  steps: readonly S[],
  maxBytes: number
): S[][] {
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

export function supports(version: string): boolean {
  return (
    typeof Office === "undefined" || Office.context.requirements.isSetSupported("ExcelApi", version)
  );
}

export function suspendWhileWriting(application: Excel.Application): void {
  // Recalculating and repainting after every queued write would cost more than the write.
  if (supports("1.6")) application.suspendApiCalculationUntilNextSync();
  if (supports("1.9")) application.suspendScreenUpdatingUntilNextSync();
}
