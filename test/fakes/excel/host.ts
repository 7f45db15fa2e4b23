/**
 * The fake Excel's document: sheets of cells, defined names, tables and
 * charts, plus what the tests measure — every sync (its payload size and
 * whether calculation and screen updating were suspended) and every cell
 * changed, with its state before and after.
 */
import {
  CellBox,
  boxAddress,
  boxesOverlap,
  cellName,
  columnIndex,
  parseBox,
  quoteSheet,
  sheetAddress,
  splitSheet,
  MAX_ROWS,
} from "./address";
import { FakeCellValue, FakeWorkbookModel, isFakeCellModel } from "./model";

/** Errors as Office.js raises them: a code from Excel.ErrorCodes and a message. */
export class FakeOfficeError extends Error {
  readonly code: string;
  readonly debugInfo: { code: string; message: string };
  constructor(code: string, message: string) {
    super(message);
    this.name = "RichApi.Error";
    this.code = code;
    this.debugInfo = { code, message };
  }
}

export const ERROR_LITERALS = [
  "#N/A",
  "#REF!",
  "#VALUE!",
  "#DIV/0!",
  "#NUM!",
  "#NAME?",
  "#NULL!",
  "#SPILL!",
  "#CALC!",
  "#BUSY!",
];

export interface HostCell {
  value: FakeCellValue;
  formula?: string;
  numberFormat: string;
  bold: boolean;
  /** Italic font; absent is upright. */
  italic?: boolean;
  /** Fill colour ("#DDEBF7"); absent is no fill. */
  fill?: string;
}

export interface CellSnapshot {
  value: FakeCellValue;
  formula?: string;
  numberFormat: string;
  bold: boolean;
  italic?: boolean;
  fill?: string;
}

/** Whether a cell carries any formatting beyond the default. */
function formatted(c: {
  numberFormat: string;
  bold: boolean;
  italic?: boolean;
  fill?: string;
}): boolean {
  return c.numberFormat !== "General" || c.bold || c.italic === true || c.fill !== undefined;
}

/** A cell's formats as another cell takes them (a move), or the defaults when there is none. */
function copyFormats(to: HostCell, from: HostCell | undefined): void {
  to.numberFormat = from?.numberFormat ?? "General";
  to.bold = from?.bold ?? false;
  if (from?.italic) to.italic = true;
  else delete to.italic;
  if (from?.fill !== undefined) to.fill = from.fill;
  else delete to.fill;
}

export interface CellChange {
  sheet: string;
  address: string;
  before: CellSnapshot | null;
  after: CellSnapshot | null;
}

export interface SyncRecord {
  /** Estimated JSON size of the request, the way the 5 MB limit of Excel on the web counts it. */
  bytes: number;
  actions: number;
  calculationSuspended: boolean;
  screenUpdatingSuspended: boolean;
  cellsChanged: number;
}

export class HostSheet {
  readonly cells = new Map<string, HostCell>();
  readonly charts: HostChart[] = [];
  frozenRows = 0;
  deleted = false;
  constructor(
    public name: string,
    readonly id: number
  ) {}

  key(row: number, column: number): string {
    return `${row},${column}`;
  }
  get(row: number, column: number): HostCell | undefined {
    return this.cells.get(this.key(row, column));
  }
  /**
   * The smallest box holding every cell with a value or formatting (Excel's
   * used range), or with a value only; null for an empty sheet.
   */
  usedBox(valuesOnly = false): CellBox | null {
    let box: CellBox | null = null;
    // Cells back at their default state are dropped from the map, so every stored cell has a value or a format.
    for (const [k, cell] of this.cells) {
      if (valuesOnly && isEmptyCell(cell)) continue;
      const [r, c] = k.split(",").map(Number);
      box = box
        ? {
            r0: Math.min(box.r0, r),
            c0: Math.min(box.c0, c),
            r1: Math.max(box.r1, r),
            c1: Math.max(box.c1, c),
          }
        : { r0: r, c0: c, r1: r, c1: c };
    }
    return box;
  }
}

export interface HostName {
  name: string;
  /** null: workbook scope. */
  scope: HostSheet | null;
  /** The range it refers to; null when it is a constant or a broken (#REF!) reference. */
  ref: { sheet: HostSheet; box: CellBox } | null;
  /** For names that are not ranges: "0.12", "#REF!". */
  constant?: string;
  comment: string;
  deleted: boolean;
}

export interface HostTable {
  name: string;
  sheet: HostSheet;
  /** Header row included. */
  box: CellBox;
  deleted: boolean;
}

export interface HostChartSeries {
  name: string;
  values: { sheet: HostSheet; box: CellBox } | null;
  categories: { sheet: HostSheet; box: CellBox } | null;
  /** Set on the series (a combination chart); absent, it is the chart's type. */
  chartType?: string;
  /** Its fill: "#RRGGBB", null once cleared (none), absent for Excel's automatic fill. */
  fill?: string | null;
  /** Its line (an area's outline, a line series' line), where set. */
  line?: { style?: string; color?: string };
}

export interface HostChart {
  name: string;
  type: string;
  seriesBy: string;
  source: { sheet: HostSheet; box: CellBox } | null;
  series: HostChartSeries[];
  title: string;
  position: { start: string; end?: string } | null;
  deleted: boolean;
}

export interface FakeHostOptions {
  /** Calculates a formula written by the add-in (default: #NAME?, as in an Excel without the add-in's functions). */
  evaluate?: (formula: string, host: FakeExcelHost) => FakeCellValue;
  /** The request payload limit; Excel on the web's is 5 MB. */
  maxRequestBytes?: number;
  /** Highest ExcelApi requirement set reported as supported ("1.17"). */
  excelApi?: string;
}

export function isEmptyCell(cell: HostCell | undefined): boolean {
  return !cell || (cell.value === null && cell.formula === undefined);
}

function snapshot(cell: HostCell | undefined): CellSnapshot | null {
  if (!cell) return null;
  const s: CellSnapshot = { value: cell.value, numberFormat: cell.numberFormat, bold: cell.bold };
  if (cell.formula !== undefined) s.formula = cell.formula;
  if (cell.italic) s.italic = true;
  if (cell.fill !== undefined) s.fill = cell.fill;
  return s;
}

function sameSnapshot(a: CellSnapshot | null, b: CellSnapshot | null): boolean {
  const norm = (s: CellSnapshot | null) =>
    s && (s.value !== null || s.formula !== undefined || formatted(s)) ? s : null;
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

/**
 * Rewrites every reference to sheet `name` in a formula ("'SEND Forecast'!C12",
 * "Data!$B$3:C4"), leaving text inside string literals alone; `replacement`
 * takes the place of the sheet prefix, bang included.
 */
export function rewriteSheetReferences(formula: string, name: string, replacement: string): string {
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const quoted = `'${escape(name.replace(/'/g, "''"))}'!`;
  const bare = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? `|${escape(name)}!` : "";
  // Never the tail of a longer name, nor of another sheet's quoted name ("'Old ''Data'!").
  const pattern = new RegExp(`(?<![A-Za-z0-9_.'])(?:${quoted}${bare})`, "gi");
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(pattern, () => replacement)))
    .join("");
}

/**
 * Rewrites every structured reference to table `name` in a formula
 * ("SEND_OutDeficit[[2025/26]]", "t[[#Data],[Result]]", or the bare table
 * name, which means its data), leaving string literals alone: `replacement`
 * takes the place of the whole reference, brackets included, or — with
 * `keepSpecifier` — of the table name only.
 */
export function rewriteTableReferences(
  formula: string,
  name: string,
  replacement: string,
  keepSpecifier = false
): string {
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // Not the tail of a longer name or of a sheet-qualified reference, nor a function called like the table.
  const pattern = new RegExp(
    `(?<![A-Za-z0-9_.\\\\!'])${escape(name)}(?![A-Za-z0-9_.\\\\(!])`,
    "gi"
  );
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      let out = "";
      let at = 0;
      for (let m = pattern.exec(part); m; m = pattern.exec(part)) {
        let end = m.index + m[0].length;
        if (!keepSpecifier && part[end] === "[") {
          // The specifier runs to its matching bracket: "[[#Data],[Result]]".
          let depth = 0;
          for (; end < part.length; end++) {
            if (part[end] === "'")
              end++; // an escaped character in a column name ("'[")
            else if (part[end] === "[") depth++;
            else if (part[end] === "]" && --depth === 0) break;
          }
          end = Math.min(end + 1, part.length);
        }
        out += part.slice(at, m.index) + replacement;
        at = end;
        pattern.lastIndex = end;
      }
      return out + part.slice(at);
    })
    .join("");
}

/** Where rows go when rows are inserted or deleted: row → its new row, or null when deleted. */
export interface RowMover {
  row(r: number): number | null;
  /** A block's new rows: it grows or shrinks with rows inserted or deleted inside it; null when every row of it is deleted. */
  box(b: CellBox): CellBox | null;
}

/** Rows inserted above row `at` (count > 0), or rows at … at-count-1 deleted (count < 0). */
export function rowMover(at: number, count: number): RowMover {
  const gone = count < 0 ? -count : 0;
  const row = (r: number) => (r < at ? r : count > 0 ? r + count : r < at + gone ? null : r - gone);
  return {
    row,
    box: (b) => {
      if (count > 0) return { ...b, r0: row(b.r0)!, r1: row(b.r1)! };
      // The first row kept from the top, the last kept from the bottom.
      const r0 = b.r0 >= at && b.r0 < at + gone ? at : row(b.r0)!;
      const r1 = b.r1 >= at && b.r1 < at + gone ? at - 1 : row(b.r1)!;
      return r1 < r0 ? null : { ...b, r0, r1 };
    },
  };
}

/**
 * Rewrites the A1 references in a formula after rows of sheet `name` moved:
 * references qualified with that sheet ("'SEND Forecast'!B40", "Data!$B$3:C4",
 * "Data!3:5"), and unqualified ones when the formula is on that sheet
 * itself. Whole columns, string literals, structured references ("T[[h]]")
 * and function names (LOG10) are left alone; "$" markers are kept.
 */
export function rewriteRowReferences(
  formula: string,
  name: string,
  onSheet: boolean,
  move: RowMover
): string {
  const reference = new RegExp(
    "(?<![A-Za-z0-9_.\\\\'])((?:'(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!)?" +
      "(?:(\\$?)([A-Za-z]{1,3})(\\$?)([0-9]+)(?::(\\$?)([A-Za-z]{1,3})(\\$?)([0-9]+))?|(\\$?)([0-9]+):(\\$?)([0-9]+))" +
      "(?![A-Za-z0-9_.(!\\[])",
    "g"
  );
  const rewrite = (part: string) =>
    part.replace(
      reference,
      (whole: string, prefix: string | undefined, ...g: (string | undefined)[]) => {
        const sheet =
          prefix === undefined
            ? null
            : prefix
                .slice(0, -1)
                .replace(/^'(.*)'$/, "$1")
                .replace(/''/g, "'");
        if (sheet === null ? !onSheet : sheet.toLowerCase() !== name.toLowerCase()) return whole;
        // g: $col, col, $row, row; then the same for a range's far corner; or $row, row, $row, row of whole rows.
        const rowsOnly = g[9] !== undefined;
        const top = Number(rowsOnly ? g[9] : g[3]) - 1;
        const bottom = Number(rowsOnly ? g[11] : (g[7] ?? g[3])) - 1;
        const box = move.box({
          r0: Math.min(top, bottom),
          c0: 0,
          r1: Math.max(top, bottom),
          c1: 0,
        });
        const at = prefix ?? "";
        // Excel drops the sheet from a reference whose cells are all gone: "=#REF!".
        if (!box) return "#REF!";
        if (rowsOnly) return `${at}${g[8]}${box.r0 + 1}:${g[10]}${box.r1 + 1}`;
        const first = `${g[0]}${g[1]}${g[2]}${box.r0 + 1}`;
        return g[5] === undefined
          ? `${at}${first}`
          : `${at}${first}:${g[4]}${g[5]}${g[6]}${box.r1 + 1}`;
      }
    );
  // Text in quotes, and the insides of structured references' brackets, are not references.
  return formula
    .split(/("(?:[^"]|"")*"|\[(?:[^[\]]|\[[^\]]*\])*\])/)
    .map((part, i) => (i % 2 === 1 ? part : rewrite(part)))
    .join("");
}

const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\]/;
const DEFINED_NAME = /^[A-Za-z_\\][A-Za-z0-9_.\\]*$/;

export class FakeExcelHost {
  readonly sheets: HostSheet[] = [];
  readonly names: HostName[] = [];
  readonly tables: HostTable[] = [];
  readonly changes: CellChange[] = [];
  readonly syncs: SyncRecord[] = [];
  /** Settings as the document saves them; Office.context.document.settings edits a copy until saveAsync. */
  savedSettings: Record<string, unknown>;
  activeSheet: HostSheet | null = null;
  selection: { sheet: HostSheet; box: CellBox } | null = null;
  calculationMode = "Automatic";
  readonly options: Required<FakeHostOptions>;
  private nextSheetId = 1;
  private chartCounter = 0;
  private tableCounter = 0;
  /** Set while a sync runs: the record being filled in. */
  current: SyncRecord | null = null;

  constructor(model: FakeWorkbookModel, options: FakeHostOptions = {}) {
    this.options = {
      evaluate: options.evaluate ?? (() => ({ error: "#NAME?" })),
      maxRequestBytes: options.maxRequestBytes ?? 5 * 1024 * 1024,
      excelApi: options.excelApi ?? "1.17",
    };
    this.savedSettings = JSON.parse(JSON.stringify(model.settings ?? {}));
    for (const s of model.sheets) {
      const sheet = new HostSheet(s.name, this.nextSheetId++);
      this.sheets.push(sheet);
      for (const [a1, raw] of Object.entries(s.cells ?? {})) {
        const box = parseBox(a1);
        if (!box) throw new Error(`fake workbook: bad cell name ${a1}`);
        const spec = isFakeCellModel(raw) ? raw : { value: raw as FakeCellValue };
        sheet.cells.set(sheet.key(box.r0, box.c0), {
          value: spec.value ?? null,
          formula: spec.formula,
          numberFormat: spec.numberFormat ?? "General",
          bold: spec.bold ?? false,
          ...(spec.italic ? { italic: true } : {}),
          ...(spec.fill !== undefined ? { fill: spec.fill } : {}),
        });
      }
    }
    this.activeSheet = this.sheets[0] ?? null;
    for (const s of model.sheets) {
      const scope = this.sheet(s.name)!;
      for (const [name, ref] of Object.entries(s.names ?? {}))
        this.names.push(this.makeName(name, ref, scope));
    }
    for (const [name, ref] of Object.entries(model.names ?? {}))
      this.names.push(this.makeName(name, ref, null));
    for (const [name, ref] of Object.entries(model.tables ?? {})) {
      const { sheet, box } = this.resolveReference(ref, null);
      this.tables.push({ name, sheet, box, deleted: false });
    }
  }

  // ----- lookups -----

  sheet(name: string): HostSheet | undefined {
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  table(name: string): HostTable | undefined {
    return this.tables.find((t) => t.name.toLowerCase() === name.toLowerCase());
  }

  name(name: string, scope: HostSheet | null): HostName | undefined {
    return this.names.find((n) => n.scope === scope && n.name.toLowerCase() === name.toLowerCase());
  }

  /** "Sheet!B3:C4" (or a local "B3" on `defaultSheet`) → sheet and box; throws InvalidArgument otherwise. */
  resolveReference(
    reference: string,
    defaultSheet: HostSheet | null
  ): { sheet: HostSheet; box: CellBox } {
    const { sheet: sheetName, local } = splitSheet(reference);
    const sheet = sheetName !== undefined ? this.sheet(sheetName) : defaultSheet;
    const box = parseBox(local);
    if (!sheet)
      throw new FakeOfficeError("ItemNotFound", `The sheet in '${reference}' does not exist.`);
    if (!box)
      throw new FakeOfficeError("InvalidArgument", `'${reference}' is not a valid address.`);
    return { sheet, box };
  }

  private makeName(name: string, reference: string, scope: HostSheet | null): HostName {
    const text = reference.trim();
    if (/^=?#REF!/i.test(text))
      return { name, scope, ref: null, constant: "#REF!", comment: "", deleted: false };
    if (text.startsWith("=") && !/^=('.*'|[^!]*)!/.test(text)) {
      return { name, scope, ref: null, constant: text.slice(1), comment: "", deleted: false };
    }
    return { name, scope, ref: this.resolveReference(text, scope), comment: "", deleted: false };
  }

  // ----- cells -----

  cellState(sheet: HostSheet, row: number, column: number): HostCell {
    return sheet.get(row, column) ?? { value: null, numberFormat: "General", bold: false };
  }

  /** Applies a change to one cell and records it if the cell's state differs afterwards. */
  updateCell(sheet: HostSheet, row: number, column: number, patch: (cell: HostCell) => void): void {
    const key = sheet.key(row, column);
    const existing = sheet.cells.get(key);
    const before = snapshot(existing);
    const cell: HostCell = existing
      ? { ...existing }
      : { value: null, numberFormat: "General", bold: false };
    patch(cell);
    const after = snapshot(cell);
    if (sameSnapshot(before, after)) return;
    if (isEmptyCell(cell) && !formatted(cell)) sheet.cells.delete(key);
    else sheet.cells.set(key, cell);
    this.changes.push({ sheet: sheet.name, address: cellName(row, column), before, after });
    if (this.current) this.current.cellsChanged++;
  }

  /** Enters what a user (or Range.values / Range.formulas) types into a cell, the way Excel reads it. */
  enter(sheet: HostSheet, row: number, column: number, input: unknown): void {
    this.updateCell(sheet, row, column, (cell) => {
      delete cell.formula;
      if (typeof input === "string" && input.length > 1 && input.startsWith("=")) {
        cell.formula = input;
        cell.value = this.options.evaluate(input, this);
      } else if (typeof input === "string" && ERROR_LITERALS.includes(input)) {
        cell.value = { error: input };
      } else if (typeof input === "string" && input.startsWith("'")) {
        // A leading apostrophe makes the rest text, as typing it does.
        cell.value = input.slice(1);
      } else if (input === "") {
        cell.value = null;
      } else if (
        typeof input === "string" &&
        cell.numberFormat !== "@" &&
        /^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(input)
      ) {
        // Excel reads a numeric-looking string as a number unless the cell is formatted as text.
        cell.value = Number(input);
      } else {
        cell.value = input as FakeCellValue;
      }
    });
  }

  // ----- structure -----

  addSheet(name?: string): HostSheet {
    let sheetName = name;
    if (sheetName === undefined) {
      let n = this.sheets.length + 1;
      while (this.sheet(`Sheet${n}`)) n++;
      sheetName = `Sheet${n}`;
    }
    this.checkSheetName(sheetName, null);
    const sheet = new HostSheet(sheetName, this.nextSheetId++);
    this.sheets.push(sheet);
    return sheet;
  }

  checkSheetName(name: string, self: HostSheet | null): void {
    if (
      !name.trim() ||
      name.length > 31 ||
      SHEET_NAME_FORBIDDEN.test(name) ||
      name.startsWith("'") ||
      name.endsWith("'")
    ) {
      throw new FakeOfficeError("InvalidArgument", `'${name}' is not a valid sheet name.`);
    }
    const clash = this.sheet(name);
    if (clash && clash !== self)
      throw new FakeOfficeError("ItemAlreadyExists", `A sheet named '${name}' already exists.`);
  }

  deleteSheet(sheet: HostSheet): void {
    if (this.sheets.length === 1)
      throw new FakeOfficeError(
        "InvalidOperation",
        "A workbook must contain at least one visible worksheet."
      );
    for (const [k] of [...sheet.cells]) {
      const [r, c] = k.split(",").map(Number);
      this.updateCell(sheet, r, c, (cell) => {
        cell.value = null;
        delete cell.formula;
        copyFormats(cell, undefined);
      });
    }
    sheet.deleted = true;
    this.sheets.splice(this.sheets.indexOf(sheet), 1);
    // Formulas elsewhere that pointed into the sheet lose their target for good: "=#REF!C12", showing #REF!.
    this.rewriteReferences(sheet.name, "#REF!", true);
    for (const t of this.tables.filter((t) => t.sheet === sheet)) this.removeTable(t);
    for (const n of this.names) {
      if (n.scope === sheet) n.deleted = true;
      else if (n.ref?.sheet === sheet) {
        n.ref = null;
        n.constant = "#REF!";
      }
    }
    for (let i = this.names.length - 1; i >= 0; i--)
      if (this.names[i].deleted) this.names.splice(i, 1);
    for (const c of sheet.charts) c.deleted = true;
    if (this.activeSheet === sheet) this.activeSheet = this.sheets[0];
    if (this.selection?.sheet === sheet) this.selection = null;
  }

  /** Renames a sheet; Excel carries the new name into every formula that refers to it. */
  renameSheet(sheet: HostSheet, name: string): void {
    this.checkSheetName(name, sheet);
    const old = sheet.name;
    sheet.name = name;
    if (old !== name) this.rewriteReferences(old, `${quoteSheet(name)}!`, false);
  }

  /** Rewrites references to a sheet in every formula of the remaining sheets, recording each cell so changed. */
  private rewriteReferences(sheetName: string, replacement: string, broken: boolean): void {
    this.rewriteFormulas((f) => rewriteSheetReferences(f, sheetName, replacement), broken);
  }

  /** Applies `rewrite` to every formula in the workbook; a cell whose formula changes is recorded, and shows #REF! if `broken`. */
  private rewriteFormulas(
    rewrite: (formula: string, sheet: HostSheet) => string,
    broken: boolean | ((before: string, after: string) => boolean)
  ): void {
    for (const other of this.sheets) {
      for (const [k, cell] of [...other.cells]) {
        if (cell.formula === undefined) continue;
        const formula = rewrite(cell.formula, other);
        if (formula === cell.formula) continue;
        const [r, c] = k.split(",").map(Number);
        this.updateCell(other, r, c, (x) => {
          x.formula = formula;
          if (broken === true || (typeof broken === "function" && broken(cell.formula!, formula)))
            x.value = { error: "#REF!" };
        });
      }
    }
  }

  checkDefinedName(name: string): void {
    const looksLikeCell = /^[A-Za-z]{1,3}[0-9]+$/.test(name) || /^[RrCc][0-9]*$/.test(name);
    if (!DEFINED_NAME.test(name) || looksLikeCell || name.length > 255) {
      throw new FakeOfficeError("InvalidArgument", `'${name}' is not a valid name.`);
    }
  }

  addName(
    name: string,
    reference: string | { sheet: HostSheet; box: CellBox },
    scope: HostSheet | null,
    comment = ""
  ): HostName {
    this.checkDefinedName(name);
    if (this.name(name, scope) || this.table(name)) {
      throw new FakeOfficeError("ItemAlreadyExists", `The name '${name}' already exists.`);
    }
    const item: HostName =
      typeof reference === "string"
        ? { ...this.makeName(name, reference, scope), comment }
        : { name, scope, ref: reference, comment, deleted: false };
    this.names.push(item);
    return item;
  }

  deleteName(item: HostName): void {
    item.deleted = true;
    this.names.splice(this.names.indexOf(item), 1);
  }

  addTable(sheet: HostSheet, box: CellBox, hasHeaders: boolean): HostTable {
    if (!hasHeaders) throw new Error("The fake Excel supports tables.add(address, true) only.");
    for (const t of this.tables) {
      if (t.sheet === sheet && boxesOverlap(t.box, box)) {
        throw new FakeOfficeError("InvalidOperation", "A table can't overlap another table.");
      }
    }
    if (box.r1 === box.r0) box = { ...box, r1: box.r0 + 1 };
    this.nameHeaders(sheet, box);
    let n = ++this.tableCounter;
    while (this.table(`Table${n}`) || this.name(`Table${n}`, null)) n = ++this.tableCounter;
    const table: HostTable = { name: `Table${n}`, sheet, box, deleted: false };
    this.tables.push(table);
    return table;
  }

  /** Excel fills blank or duplicate header cells with "Column1", "Column2" … */
  private nameHeaders(sheet: HostSheet, box: CellBox): void {
    const seen = new Set<string>();
    for (let c = box.c0; c <= box.c1; c++) {
      const v = this.cellState(sheet, box.r0, c).value;
      let header = v === null || typeof v === "object" ? "" : String(v);
      if (!header || seen.has(header.toLowerCase())) {
        let n = c - box.c0 + 1;
        while (seen.has(`column${n}`)) n++;
        header = `Column${n}`;
        this.enter(sheet, box.r0, c, header);
      }
      seen.add(header.toLowerCase());
    }
  }

  renameTable(table: HostTable, name: string): void {
    this.checkDefinedName(name);
    const clash = this.table(name);
    if ((clash && clash !== table) || this.name(name, null)) {
      throw new FakeOfficeError(
        "ItemAlreadyExists",
        `A table or name called '${name}' already exists.`
      );
    }
    const old = table.name;
    table.name = name;
    // Excel carries a table's new name into the formulas that use it.
    if (old !== name)
      this.rewriteFormulas((f) => rewriteTableReferences(f, old, name, true), false);
  }

  /**
   * Deletes a table. Formulas anywhere that used it by name
   * ("=SUM(SEND_OutDeficit[[2025/26]])") lose their target for good, as in
   * Excel: the reference becomes #REF! and the cell shows #REF!.
   */
  removeTable(table: HostTable): void {
    table.deleted = true;
    this.tables.splice(this.tables.indexOf(table), 1);
    this.rewriteFormulas((f) => rewriteTableReferences(f, table.name, "#REF!"), true);
  }

  /**
   * Table.resize: the header row stays where it is, the new range overlaps
   * the old, keeps at least one data row and overlaps no other table. The
   * cells are left as they are; new header cells left blank get "ColumnN".
   */
  resizeTable(table: HostTable, sheet: HostSheet, box: CellBox): void {
    if (
      sheet !== table.sheet ||
      box.r0 !== table.box.r0 ||
      !boxesOverlap(box, table.box) ||
      box.r1 <= box.r0
    ) {
      throw new FakeOfficeError(
        "InvalidArgument",
        "The new range must overlap the table's range, keep its header row in the same row and hold at least one data row."
      );
    }
    for (const t of this.tables) {
      if (t !== table && t.sheet === sheet && boxesOverlap(t.box, box))
        throw new FakeOfficeError("InvalidOperation", "A table can't overlap another table.");
    }
    table.box = box;
    this.nameHeaders(sheet, box);
  }

  /** Inserts `count` rows into a table's columns at `atRow`, pushing the cells below down within those columns, as Excel does. */
  insertTableRows(table: HostTable, atRow: number, count: number): void {
    const { sheet, box } = table;
    const bottom = Math.max(box.r1, sheet.usedBox()?.r1 ?? box.r1);
    for (let r = bottom; r >= atRow; r--) {
      for (let c = box.c0; c <= box.c1; c++) this.moveCell(sheet, r, c, r + count, c);
    }
    this.shiftRefs(sheet, box, atRow, count);
    table.box = { ...box, r1: box.r1 + count };
  }

  /** Deletes one data row of a table, pulling the cells below up within the table's columns. */
  deleteTableRow(table: HostTable, row: number): void {
    const { sheet, box } = table;
    if (box.r1 - box.r0 <= 1) {
      // A table keeps at least one (then empty) data row.
      for (let c = box.c0; c <= box.c1; c++) this.enter(sheet, row, c, "");
      return;
    }
    const bottom = Math.max(box.r1, sheet.usedBox()?.r1 ?? box.r1);
    for (let r = row; r <= bottom; r++) {
      for (let c = box.c0; c <= box.c1; c++) this.moveCell(sheet, r + 1, c, r, c);
    }
    this.shiftRefs(sheet, box, row + 1, -1);
    table.box = { ...box, r1: box.r1 - 1 };
  }

  private moveCell(
    sheet: HostSheet,
    fromRow: number,
    fromColumn: number,
    toRow: number,
    toColumn: number
  ): void {
    const source = sheet.get(fromRow, fromColumn);
    this.updateCell(sheet, toRow, toColumn, (cell) => {
      cell.value = source?.value ?? null;
      copyFormats(cell, source);
      if (source?.formula !== undefined) cell.formula = source.formula;
      else delete cell.formula;
    });
  }

  /** Names and tables below an inserted or deleted row in the same columns move with their cells. */
  private shiftRefs(sheet: HostSheet, columns: CellBox, fromRow: number, delta: number): void {
    const within = (b: CellBox) => b.c0 >= columns.c0 && b.c1 <= columns.c1;
    for (const n of this.names) {
      if (n.ref && n.ref.sheet === sheet && within(n.ref.box) && n.ref.box.r0 >= fromRow) {
        n.ref = {
          sheet,
          box: { ...n.ref.box, r0: n.ref.box.r0 + delta, r1: n.ref.box.r1 + delta },
        };
      }
    }
    for (const t of this.tables) {
      if (t.sheet === sheet && within(t.box) && t.box.r0 >= fromRow) {
        t.box = { ...t.box, r0: t.box.r0 + delta, r1: t.box.r1 + delta };
      }
    }
  }

  /**
   * Range.insert("Down") / Range.delete("Up") on entire sheet rows: `count`
   * rows inserted above row `at` (count > 0), or rows at … at-count-1
   * deleted (count < 0). Every cell below moves; a table below moves with
   * its cells, one the insertion falls inside grows and one losing data
   * rows shrinks; names and formulas anywhere that refer to the moved cells
   * follow them (a reference whose cells are all deleted becomes #REF!).
   * Structured references need no change: the table keeps its name.
   */
  shiftRows(sheet: HostSheet, at: number, count: number): void {
    if (!Number.isInteger(at) || !Number.isInteger(count) || count === 0 || at < 0) {
      throw new FakeOfficeError(
        "InvalidArgument",
        "Rows to insert or delete must be a whole, non-empty band."
      );
    }
    const move = rowMover(at, count);
    if (count > 0 && (sheet.usedBox()?.r1 ?? -1) + count >= MAX_ROWS) {
      throw new FakeOfficeError(
        "InvalidOperation",
        "Inserting the rows would push cells off the end of the worksheet."
      );
    }
    // Tables first: a delete that would cut a header row from its table, or leave a table no data row, is refused like Excel.
    const moved = new Map<HostTable, CellBox | null>();
    for (const t of this.tables.filter((x) => x.sheet === sheet)) {
      const box = move.box(t.box);
      if (box && (box.r0 !== move.row(t.box.r0) || box.r1 <= box.r0)) {
        throw new FakeOfficeError(
          "InvalidOperation",
          `Deleting these rows would take the header row or every data row from table '${t.name}'.`
        );
      }
      moved.set(t, box);
    }
    const next = new Map<string, HostCell>();
    for (const [k, cell] of sheet.cells) {
      const [r, c] = k.split(",").map(Number);
      const to = move.row(r);
      if (to !== null) next.set(sheet.key(to, c), cell);
    }
    for (const k of new Set([...sheet.cells.keys(), ...next.keys()])) {
      const [r, c] = k.split(",").map(Number);
      const target = next.get(k);
      this.updateCell(sheet, r, c, (cell) => {
        cell.value = target?.value ?? null;
        copyFormats(cell, target);
        if (target?.formula !== undefined) cell.formula = target.formula;
        else delete cell.formula;
      });
    }
    for (const [t, box] of moved) {
      if (box) t.box = box;
      else this.removeTable(t);
    }
    for (const n of this.names) {
      if (n.ref?.sheet !== sheet) continue;
      const box = move.box(n.ref.box);
      if (box) n.ref = { sheet, box };
      else {
        n.ref = null;
        n.constant = "#REF!";
      }
    }
    // A formula that lost a reference shows #REF!; one whose references moved keeps its value, its cells having moved too.
    const refErrors = (f: string) => f.split("#REF!").length;
    this.rewriteFormulas(
      (f, on) => rewriteRowReferences(f, sheet.name, on === sheet, move),
      (before, after) => refErrors(after) > refErrors(before)
    );
  }

  addChart(
    sheet: HostSheet,
    type: string,
    source: { sheet: HostSheet; box: CellBox },
    seriesBy: string
  ): HostChart {
    const chart: HostChart = {
      name: `Chart ${++this.chartCounter}`,
      type,
      seriesBy,
      source,
      series: [],
      title: "",
      position: null,
      deleted: false,
    };
    // Series by columns: the first column gives the categories, the header row the series names.
    const { box } = source;
    const hasCategories = box.c1 > box.c0;
    for (let c = hasCategories ? box.c0 + 1 : box.c0; c <= box.c1; c++) {
      const header = this.cellState(source.sheet, box.r0, c).value;
      chart.series.push({
        name:
          header === null || typeof header === "object"
            ? `Series${chart.series.length + 1}`
            : String(header),
        values: { sheet: source.sheet, box: { r0: box.r0 + 1, c0: c, r1: box.r1, c1: c } },
        categories: hasCategories
          ? { sheet: source.sheet, box: { r0: box.r0 + 1, c0: box.c0, r1: box.r1, c1: box.c0 } }
          : null,
      });
    }
    sheet.charts.push(chart);
    return chart;
  }

  // ----- reading back, for tests -----

  /** The live formula-or-value grid of a sheet range, for assertions. */
  valuesAt(reference: string): FakeCellValue[][] {
    const { sheet, box } = this.resolveReference(reference, null);
    const out: FakeCellValue[][] = [];
    for (let r = box.r0; r <= box.r1; r++) {
      const row: FakeCellValue[] = [];
      for (let c = box.c0; c <= box.c1; c++) row.push(this.cellState(sheet, r, c).value);
      out.push(row);
    }
    return out;
  }

  /** The address Excel reports for a box: "'SEND Forecast'!A3:F10". */
  address(sheet: HostSheet, box: CellBox): string {
    return sheetAddress(sheet.name, box);
  }

  /** The formula text Excel shows for a range name: "=Data!$B$3:$C$10". */
  nameFormula(item: HostName): string {
    if (!item.ref) return `=${item.constant ?? "#REF!"}`;
    const abs = boxAddress(item.ref.box).replace(/([A-Z]+)([0-9]+)/g, "$$$1$$$2");
    return `=${quoteSheet(item.ref.sheet.name)}!${abs}`;
  }

  /** Rebuilds the JSON model of the current document, e.g. to hand a refreshed workbook to another host. */
  toModel(): FakeWorkbookModel {
    const model: FakeWorkbookModel = {
      sheets: [],
      names: {},
      tables: {},
      settings: JSON.parse(JSON.stringify(this.savedSettings)),
    };
    for (const sheet of this.sheets) {
      const cells: Record<
        string,
        {
          value?: FakeCellValue;
          formula?: string;
          numberFormat?: string;
          bold?: boolean;
          italic?: boolean;
          fill?: string;
        }
      > = {};
      for (const [k, cell] of sheet.cells) {
        const [r, c] = k.split(",").map(Number);
        cells[cellName(r, c)] = {
          value: cell.value,
          formula: cell.formula,
          numberFormat: cell.numberFormat,
          bold: cell.bold,
          ...(cell.italic ? { italic: true } : {}),
          ...(cell.fill !== undefined ? { fill: cell.fill } : {}),
        };
      }
      const names: Record<string, string> = {};
      for (const n of this.names.filter((n) => n.scope === sheet))
        names[n.name] = this.nameFormula(n);
      model.sheets.push({ name: sheet.name, cells, names });
    }
    for (const n of this.names.filter((n) => n.scope === null))
      model.names![n.name] = this.nameFormula(n);
    for (const t of this.tables) model.tables![t.name] = this.address(t.sheet, t.box);
    return model;
  }
}

export { columnIndex };
