/** The read side of the Office.js adapter: each input's lookups, queued for one sync, and what they found. */
import type { NameInfo, RangeData } from "../port";
import { parseAddress, splitAddress } from "../address";
import { cellFromExcel } from "./cells";

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
  /** How many rows the name or table spans: more than `data` holds when a name reaches past the used range. */
  rows: number;
}

const RANGE_PROPERTIES = "address,values,valueTypes,numberFormat";

/**
 * Queues the lookups of one input (a defined name, a sheet-scoped
 * "Sheet!Name", or a table) without a sync; the function it returns
 * resolves them once the caller has synced. A name's cells are read only
 * as far as its sheet's used range, as the .xlsx adapter reads them: a name
 * over whole columns or down to row 1,048,576 reads the rows that hold
 * something, not a million empty ones. Lookups on a name that is not there
 * come back as null objects, like the table's when there is no table.
 */
export function queueRange(
  workbook: Excel.Workbook,
  requested: string
): () => FoundRange | undefined {
  const scoped = scopedName(requested);
  const item = scoped
    ? workbook.worksheets.getItemOrNullObject(scoped.sheet).names.getItemOrNullObject(scoped.name)
    : workbook.names.getItemOrNullObject(requested);
  item.load("name");
  const itemRange = item.getRangeOrNullObject().load("address,rowCount");
  // From the name's first cell to the used range's last, within the name: never empty, as it holds
  // the first cell; the whole name when the used range reaches past it.
  const lastUsed = itemRange.worksheet.getUsedRange(true).getLastCell();
  const clipped = itemRange
    .getIntersection(itemRange.getCell(0, 0).getBoundingRect(lastUsed))
    .load(RANGE_PROPERTIES);
  // A table and a defined name can never share a name, so at most one is found.
  const table = scoped ? null : workbook.tables.getItemOrNullObject(requested);
  table?.load("name");
  const tableRange = table ? table.getRange().load(RANGE_PROPERTIES) : null;
  return () => {
    const named =
      !item.isNullObject && !itemRange.isNullObject && !clipped.isNullObject
        ? rangeData(item.name, "name", clipped)
        : undefined;
    if (named) return { data: named, range: clipped, table: null, rows: itemRange.rowCount };
    const tabled =
      table && tableRange && !table.isNullObject && !tableRange.isNullObject
        ? rangeData(table.name, "table", tableRange)
        : undefined;
    return tabled && table && tableRange
      ? { data: tabled, range: tableRange, table, rows: tabled.values.length }
      : undefined;
  };
}

function rangeData(
  name: string,
  kind: RangeData["kind"],
  range: Excel.Range
): RangeData | undefined {
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
    numberFormats: range.numberFormat.map((row) =>
      row.map((f) => (typeof f === "string" && f ? f : "General"))
    ),
  };
}

/** A name's reference as Excel reports it ("Data!$B$3:$C$10"), or null when it is a constant or #REF!. */
export function nameAddress(item: Excel.NamedItem): string | null {
  if (item.type !== "Range") return null;
  const value = String(item.value ?? "");
  return parseAddress(value) ? value.replace(/^=/, "") : null;
}

/**
 * The workbook's names and tables, each with its address, in two round
 * trips (the lists, then each table's range and the scoped names): with
 * `scope` "every sheet" the names scoped to each sheet too, with one
 * worksheet the names scoped to it. Loads a caller queued before the call
 * go in the first round trip.
 */
export async function loadNameList(
  context: Excel.RequestContext,
  scope: "workbook" | "every sheet" | Excel.Worksheet = "workbook"
): Promise<NameInfo[]> {
  const workbook = context.workbook;
  const names = workbook.names.load(NAME_FIELDS);
  const tables = workbook.tables.load("items/name");
  const sheets = scope === "every sheet" ? workbook.worksheets.load("items/name") : null;
  const oneSheet =
    scope !== "workbook" && scope !== "every sheet"
      ? { sheet: scope.load("name"), names: scope.names.load(NAME_FIELDS) }
      : null;
  await context.sync();
  const tableRanges = tables.items.map((t) => ({
    name: t.name,
    range: t.getRange().load("address"),
  }));
  const scoped = sheets
    ? sheets.items.map((s) => ({ sheet: s, names: s.names.load(NAME_FIELDS) }))
    : oneSheet
      ? [oneSheet]
      : [];
  await context.sync();
  return [
    ...names.items.map((n): NameInfo => ({ name: n.name, kind: "name", address: nameAddress(n) })),
    ...scoped.flatMap((s) =>
      s.names.items.map((n): NameInfo => ({
        name: n.name,
        kind: "name",
        address: nameAddress(n),
        scope: s.sheet.name,
      }))
    ),
    ...tableRanges.map((t): NameInfo => ({
      name: t.name,
      kind: "table",
      address: t.range.address,
    })),
  ];
}

const NAME_FIELDS = "items/name,items/type,items/value";
