/**
 * Where the output tables go on the add-in's own sheet, worked out without
 * Excel: the rows to insert or delete so that kept tables move with every
 * reference to them, which tables are kept, resized or dropped, and the
 * cells outside the kept tables that a refresh clears.
 */
import {
  OUTPUT_SHEET,
  type CellKind,
  type ChartSpec,
  type OutputSheetContents,
  type OutputTable,
} from "../port";
import { sheetRange, type ParsedAddress } from "../address";

export function tableRows(t: OutputTable): number {
  return Math.max(1, t.rows.length) + 1;
}

export function tableAddress(t: OutputTable): string {
  return sheetRange(OUTPUT_SHEET, t.row, t.column, tableRows(t), t.headers.length);
}

/** Names for the charts, so a later refresh (or the user) can find them: "SEND_OutTrajectoryChart". */
export function chartNames(charts: readonly ChartSpec[]): string[] {
  const names: string[] = [];
  for (const c of charts) {
    const base = `${c.table}Chart`;
    let name = base;
    for (let n = 2; names.some((x) => x.toLowerCase() === name.toLowerCase()); n++)
      name = `${base}${n}`;
    names.push(name);
  }
  return names;
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
export function changedRowsAt(
  before: readonly string[] | undefined,
  after: readonly string[],
  oldRows: number
): number {
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
export function planRowShifts(
  found: OutputSheetContents,
  output: readonly OutputTable[]
): { shifts: RowShift[]; placed: Map<string, ParsedAddress> } | null {
  const pairs = output
    .map((t) => ({ t, at: found.placed.get(t.name.toLowerCase()) }))
    .filter(
      (p): p is { t: OutputTable; at: ParsedAddress } =>
        p.at !== undefined && p.at.sheet.toLowerCase() === OUTPUT_SHEET.toLowerCase()
    )
    .sort((a, b) => a.at.row - b.at.row);
  if (
    pairs.some(
      (p, k) =>
        p.at.column !== p.t.column ||
        (k > 0 && p.t.row <= pairs[k - 1].t.row + tableRows(pairs[k - 1].t) - 1)
    )
  )
    return null;
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
      const dataAt = changedRowsAt(
        found.labels?.get(t.name.toLowerCase()),
        rowLabels(t),
        at.rows - 1
      );
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
export function planTables(
  found: OutputSheetContents,
  output: readonly OutputTable[],
  canResize: boolean
): TablePlan {
  const plan: TablePlan = { keep: [], resize: [], drop: [] };
  const stays = new Set<string>();
  for (const t of output) {
    const at = found.placed.get(t.name.toLowerCase());
    if (
      !at ||
      at.sheet.toLowerCase() !== OUTPUT_SHEET.toLowerCase() ||
      at.row !== t.row ||
      at.column !== t.column
    )
      continue;
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
export interface Box {
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
  const edges = [...new Set([0, SHEET_ROWS, ...blocks.flatMap((b) => [b.r0, b.r1 + 1])])].sort(
    (a, b) => a - b
  );
  const out: Box[] = [];
  for (let k = 0; k + 1 < edges.length; k++) {
    const [top, bottom] = [edges[k], edges[k + 1] - 1];
    const across = blocks.filter((b) => b.r0 <= top && b.r1 >= bottom).sort((a, b) => a.c0 - b.c0);
    let column = 0;
    for (const b of across) {
      if (b.c0 > column) out.push({ r0: top, c0: column, r1: bottom, c1: b.c0 - 1 });
      column = Math.max(column, b.c1 + 1);
    }
    if (column < SHEET_COLUMNS)
      out.push({ r0: top, c0: column, r1: bottom, c1: SHEET_COLUMNS - 1 });
  }
  return out;
}

/** A block of a table's data cells of one kind: 0-based, inclusive, counted from the first data cell. */
export interface KindBlock extends Box {
  kind: CellKind;
}

/**
 * A table's cell kinds as few rectangles as a simple sweep gives: each row's
 * runs of one kind, each run merged with the same run in the rows below it.
 * Every cell of a kind is in exactly one block; cells without one in none.
 */
export function kindBlocks(kinds: readonly (readonly (CellKind | null)[])[]): KindBlock[] {
  const done: KindBlock[] = [];
  let open: KindBlock[] = [];
  kinds.forEach((row, r) => {
    const runs: KindBlock[] = [];
    for (let c = 0; c < row.length; c++) {
      const kind = row[c];
      if (!kind) continue;
      const last = runs[runs.length - 1];
      if (last && last.kind === kind && last.c1 === c - 1) last.c1 = c;
      else runs.push({ r0: r, c0: c, r1: r, c1: c, kind });
    }
    const next: KindBlock[] = [];
    for (const run of runs) {
      const above = open.find((b) => b.kind === run.kind && b.c0 === run.c0 && b.c1 === run.c1);
      if (above) {
        above.r1 = r;
        next.push(above);
        open = open.filter((b) => b !== above);
      } else next.push(run);
    }
    done.push(...open);
    open = next;
  });
  return [...done, ...open].sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0);
}
