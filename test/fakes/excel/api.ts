/**
 * The client side of the fake Excel: proxy objects that queue commands and
 * only touch the document at context.sync(), as Office.js does. Reading a
 * property that was not loaded and synced throws PropertyNotLoaded, reading
 * isNullObject before a sync throws, and a null object's properties cannot
 * be read; methods on a null object yield null objects and queued changes on
 * them are ignored.
 */
import {
  CellBox,
  MAX_COLUMNS,
  MAX_ROWS,
  boxAddress,
  boxColumns,
  boxRows,
  parseBox,
  splitSheet,
} from "./address";
import {
  FakeExcelHost,
  FakeOfficeError,
  HostChart,
  HostCell,
  HostChartSeries,
  HostName,
  HostSheet,
  HostTable,
  isEmptyCell,
} from "./host";

const UNBOUND: unique symbol = Symbol("unbound");

interface QueuedAction {
  run: () => void;
  bytes: number;
}

/** JSON size of a command, as Office.js serialises it into the request body. */
function payloadBytes(payload: unknown): number {
  return 40 + (payload === undefined ? 0 : JSON.stringify(payload).length);
}

function notLoaded(property: string): FakeOfficeError {
  return new FakeOfficeError(
    "PropertyNotLoaded",
    `The property '${property}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`
  );
}

export class FakeRequestContext {
  readonly workbook: FakeWorkbook;
  private queue: QueuedAction[] = [];
  /** Office.js keeps these for objects used across syncs; the fake needs no bookkeeping. */
  readonly trackedObjects = { add: (): void => undefined, remove: (): void => undefined };

  constructor(readonly host: FakeExcelHost) {
    this.workbook = new FakeWorkbook(this);
  }

  enqueue(run: () => void, payload?: unknown): void {
    this.queue.push({ run, bytes: payloadBytes(payload) });
  }

  get pendingActions(): number {
    return this.queue.length;
  }

  async sync(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    const record = {
      bytes: batch.reduce((sum, a) => sum + a.bytes, 0),
      actions: batch.length,
      calculationSuspended: false,
      screenUpdatingSuspended: false,
      cellsChanged: 0,
    };
    this.host.syncs.push(record);
    await Promise.resolve();
    if (record.bytes > this.host.options.maxRequestBytes) {
      throw new FakeOfficeError(
        "RequestPayloadSizeLimitExceeded",
        `The request payload size (${record.bytes} bytes) has exceeded the limit (${this.host.options.maxRequestBytes} bytes).`
      );
    }
    this.host.current = record;
    try {
      for (const action of batch) action.run();
    } finally {
      this.host.current = null;
    }
  }
}

type LoadOption = string | string[] | { select?: string | string[] };

function loadPaths(option?: LoadOption): string[] | null {
  if (option === undefined) return null;
  const raw = typeof option === "string" || Array.isArray(option) ? option : option.select;
  if (raw === undefined) return null;
  const list = Array.isArray(raw) ? raw : raw.split(",");
  return list.map((p) => p.trim()).filter(Boolean);
}

/** The shared proxy behaviour: binding at sync, load snapshots and queued changes. */
abstract class FakeClientObject<T> {
  protected _target: T | null | typeof UNBOUND = UNBOUND;
  protected readonly _loaded: Record<string, unknown> = {};
  protected abstract readonly scalars: Record<string, (target: T) => unknown>;

  constructor(
    readonly context: FakeRequestContext,
    bind: (() => T | null) | { target: T }
  ) {
    if (typeof bind === "function") context.enqueue(() => (this._target = bind()));
    else this._target = bind.target;
  }

  get isNullObject(): boolean {
    if (this._target === UNBOUND) throw notLoaded("isNullObject");
    return this._target === null;
  }

  /** The document object behind this proxy, inside a running sync (the fake's internals only). */
  bound(): T | null {
    if (this._target === UNBOUND) throw new Error("fake Excel: proxy used before it was bound");
    return this._target;
  }

  load(option?: LoadOption): this {
    const paths = loadPaths(option) ?? Object.keys(this.scalars);
    for (const p of paths) {
      if (!(p in this.scalars))
        throw new FakeOfficeError("InvalidArgument", `The fake Excel cannot load '${p}'.`);
    }
    this.context.enqueue(() => {
      const t = this.bound();
      if (t === null) return;
      for (const p of paths) this._loaded[p] = this.scalars[p](t);
    });
    return this;
  }

  protected read<V>(property: string): V {
    if (this._target === null)
      throw new FakeOfficeError(
        "PropertyNotLoaded",
        `'${property}' cannot be read: this is a null object.`
      );
    if (this._target === UNBOUND || !(property in this._loaded)) throw notLoaded(property);
    return this._loaded[property] as V;
  }

  /** Queues a change; Office.js also keeps the value locally, so it reads back without a load. */
  protected write(property: string, value: unknown, apply: (target: T) => void): void {
    this._loaded[property] = value;
    this.act(apply, value);
  }

  protected act(apply: (target: T) => void, payload?: unknown): void {
    this.context.enqueue(() => {
      const t = this.bound();
      if (t !== null) apply(t);
    }, payload);
  }

  /** A proxy derived from this one: null when this one is. */
  protected derive<U>(make: (target: T) => U | null): () => U | null {
    return () => {
      const t = this.bound();
      return t === null ? null : make(t);
    };
  }

  toJSON(): Record<string, unknown> {
    return { ...this._loaded };
  }
}

/** A collection whose `items` can be loaded ("items/name,items/type"). */
abstract class FakeCollection<T, I, P> extends FakeClientObject<T> {
  private _items: P[] | undefined;
  protected abstract list(target: T): I[];
  protected abstract wrap(item: I): P & { loadNow(paths: string[] | null): void };
  protected abstract readonly itemScalars: string[];

  override load(option?: LoadOption): this {
    const paths = loadPaths(option) ?? ["items"];
    const own = paths.filter((p) => p !== "items" && !p.startsWith("items/"));
    const itemPaths = paths
      .filter((p) => p.startsWith("items/"))
      .map((p) => p.slice("items/".length));
    const wantItems = paths.includes("items") || itemPaths.length > 0;
    for (const p of itemPaths) {
      if (!this.itemScalars.includes(p))
        throw new FakeOfficeError("InvalidArgument", `The fake Excel cannot load 'items/${p}'.`);
    }
    if (own.length) super.load(own);
    if (wantItems) {
      this.context.enqueue(() => {
        const t = this.bound();
        if (t === null) return;
        this._items = this.list(t).map((item) => {
          const proxy = this.wrap(item);
          proxy.loadNow(itemPaths.length ? itemPaths : null);
          return proxy;
        });
      });
    }
    return this;
  }

  get items(): P[] {
    if (this._items === undefined) throw notLoaded("items");
    return this._items;
  }
}

/** Lets a collection fill a freshly wrapped item's loaded properties inside the running sync. */
function loadNowMixin<T>(
  proxy: FakeClientObject<T>,
  scalars: Record<string, (t: T) => unknown>,
  target: T
) {
  return (paths: string[] | null): void => {
    const loaded = (proxy as unknown as { _loaded: Record<string, unknown> })._loaded;
    for (const p of paths ?? Object.keys(scalars)) loaded[p] = scalars[p](target);
  };
}

// ---------------------------------------------------------------- workbook

export class FakeWorkbook {
  readonly names: FakeNamedItemCollection;
  readonly tables: FakeTableCollection;
  readonly worksheets: FakeWorksheetCollection;
  readonly application: FakeApplication;
  constructor(readonly context: FakeRequestContext) {
    this.names = new FakeNamedItemCollection(context, { target: { sheet: null } });
    this.tables = new FakeTableCollection(context, { target: { sheet: null } });
    this.worksheets = new FakeWorksheetCollection(context, { target: context.host });
    this.application = new FakeApplication(context, { target: context.host });
  }

  getSelectedRange(): FakeRange {
    return new FakeRange(this.context, () => {
      const sel = this.context.host.selection;
      const sheet = this.context.host.activeSheet;
      return sel ?? (sheet ? { sheet, box: { r0: 0, c0: 0, r1: 0, c1: 0 } } : null);
    });
  }
}

export class FakeApplication extends FakeClientObject<FakeExcelHost> {
  protected readonly scalars = { calculationMode: (h: FakeExcelHost) => h.calculationMode };
  get calculationMode(): string {
    return this.read("calculationMode");
  }
  set calculationMode(mode: string) {
    this.write("calculationMode", mode, (h) => (h.calculationMode = mode));
  }
  suspendApiCalculationUntilNextSync(): void {
    this.act((h) => h.current && (h.current.calculationSuspended = true));
  }
  suspendScreenUpdatingUntilNextSync(): void {
    this.act((h) => h.current && (h.current.screenUpdatingSuspended = true));
  }
  calculate(): void {
    this.act(() => undefined);
  }
}

// ---------------------------------------------------------------- worksheets

export class FakeWorksheetCollection extends FakeCollection<
  FakeExcelHost,
  HostSheet,
  FakeWorksheet
> {
  protected readonly scalars = { count: (h: FakeExcelHost) => h.sheets.length };
  protected readonly itemScalars = Object.keys(WORKSHEET_SCALARS);
  protected list(h: FakeExcelHost): HostSheet[] {
    return h.sheets;
  }
  protected wrap(sheet: HostSheet) {
    const proxy = new FakeWorksheet(this.context, { target: sheet });
    return Object.assign(proxy, { loadNow: loadNowMixin(proxy, WORKSHEET_SCALARS, sheet) });
  }
  getItem(name: string): FakeWorksheet {
    return new FakeWorksheet(this.context, () => {
      const s = this.context.host.sheet(name);
      if (!s)
        throw new FakeOfficeError(
          "ItemNotFound",
          `The requested resource doesn't exist: worksheet '${name}'.`
        );
      return s;
    });
  }
  getItemOrNullObject(name: string): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.context.host.sheet(name) ?? null);
  }
  getActiveWorksheet(): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.context.host.activeSheet);
  }
  add(name?: string): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.context.host.addSheet(name));
  }
}

const WORKSHEET_SCALARS = {
  name: (s: HostSheet) => s.name,
  id: (s: HostSheet) => `{sheet-${s.id}}`,
  position: (s: HostSheet) => (s.deleted ? -1 : 0),
  visibility: () => "Visible",
};

export class FakeWorksheet extends FakeClientObject<HostSheet> {
  protected readonly scalars = {
    ...WORKSHEET_SCALARS,
    position: (s: HostSheet) => this.context.host.sheets.indexOf(s),
  };
  get name(): string {
    return this.read("name");
  }
  set name(name: string) {
    this.write("name", name, (s) => this.context.host.renameSheet(s, name));
  }
  get position(): number {
    return this.read("position");
  }
  get id(): string {
    return this.read("id");
  }
  get names(): FakeNamedItemCollection {
    return new FakeNamedItemCollection(
      this.context,
      this.derive((s) => ({ sheet: s }))
    );
  }
  get tables(): FakeTableCollection {
    return new FakeTableCollection(
      this.context,
      this.derive((s) => ({ sheet: s }))
    );
  }
  get charts(): FakeChartCollection {
    return new FakeChartCollection(
      this.context,
      this.derive((s) => s)
    );
  }
  get freezePanes(): FakeFreezePanes {
    return new FakeFreezePanes(
      this.context,
      this.derive((s) => s)
    );
  }
  getRange(address?: string): FakeRange {
    return new FakeRange(
      this.context,
      this.derive((s) => {
        if (address === undefined)
          return { sheet: s, box: { r0: 0, c0: 0, r1: MAX_ROWS - 1, c1: MAX_COLUMNS - 1 } };
        const box = parseBox(splitSheet(address).local);
        if (!box)
          throw new FakeOfficeError("InvalidArgument", `'${address}' is not a valid address.`);
        return { sheet: s, box };
      })
    );
  }
  getRangeByIndexes(row: number, column: number, rows: number, columns: number): FakeRange {
    return new FakeRange(
      this.context,
      this.derive((s) => ({
        sheet: s,
        box: { r0: row, c0: column, r1: row + rows - 1, c1: column + columns - 1 },
      }))
    );
  }
  /** Cells with a value or formatting (with values only, if asked); A1 on a blank sheet, as Excel answers. */
  getUsedRange(valuesOnly = false): FakeRange {
    return new FakeRange(
      this.context,
      this.derive((s) => ({
        sheet: s,
        box: s.usedBox(valuesOnly) ?? { r0: 0, c0: 0, r1: 0, c1: 0 },
      }))
    );
  }
  getUsedRangeOrNullObject(valuesOnly = false): FakeRange {
    return new FakeRange(
      this.context,
      this.derive((s) => {
        const box = s.usedBox(valuesOnly);
        return box ? { sheet: s, box } : null;
      })
    );
  }
  activate(): void {
    this.act((s) => (this.context.host.activeSheet = s));
  }
  delete(): void {
    this.act((s) => this.context.host.deleteSheet(s));
  }
}

export class FakeFreezePanes extends FakeClientObject<HostSheet> {
  protected readonly scalars = {};
  freezeRows(count = 1): void {
    this.act((s) => (s.frozenRows = count), count);
  }
  unfreeze(): void {
    this.act((s) => (s.frozenRows = 0));
  }
}

// ---------------------------------------------------------------- ranges

export interface RangeTarget {
  sheet: HostSheet;
  box: CellBox;
}

function cellText(v: unknown): string | number | boolean {
  if (v === null || v === undefined) return "";
  if (typeof v === "object") return (v as { error: string }).error;
  return v as string | number | boolean;
}

/** Excel refuses a wrong-shaped 2-D array; a single value fills every cell. */
function checkShape(property: string, input: unknown, box: CellBox): void {
  if (!Array.isArray(input)) {
    if (input !== null && typeof input === "object")
      throw new FakeOfficeError("InvalidArgument", `${property}: expected a value or a 2-D array.`);
    return;
  }
  const rows = boxRows(box);
  const columns = boxColumns(box);
  if (input.length !== rows || input.some((row) => !Array.isArray(row) || row.length !== columns)) {
    throw new FakeOfficeError(
      "InvalidArgument",
      `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${property}: range is ${rows}×${columns}).`
    );
  }
  for (const row of input as unknown[][]) {
    for (const v of row) {
      const ok =
        v === null ||
        typeof v === "string" ||
        typeof v === "boolean" ||
        (typeof v === "number" && Number.isFinite(v));
      if (!ok)
        throw new FakeOfficeError(
          "InvalidArgument",
          `${property}: ${JSON.stringify(v)} is not a valid cell value.`
        );
    }
  }
}

function eachCell(
  target: RangeTarget,
  input: unknown,
  visit: (row: number, column: number, v: unknown) => void
): void {
  const { box } = target;
  if (boxRows(target.box) * boxColumns(target.box) > 5_000_000)
    throw new FakeOfficeError("InvalidOperation", "The range is too large for the fake Excel.");
  for (let r = box.r0; r <= box.r1; r++) {
    for (let c = box.c0; c <= box.c1; c++) {
      const v = Array.isArray(input) ? (input as unknown[][])[r - box.r0][c - box.c0] : input;
      // A null entry leaves its cell as it is.
      if (v !== null) visit(r, c, v);
    }
  }
}

function grid<V>(target: RangeTarget, cell: (row: number, column: number) => V): V[][] {
  const { box } = target;
  if (boxRows(box) * boxColumns(box) > 5_000_000)
    throw new FakeOfficeError(
      "ResponsePayloadSizeLimitExceeded",
      "The response payload is too large."
    );
  const out: V[][] = [];
  for (let r = box.r0; r <= box.r1; r++) {
    const row: V[] = [];
    for (let c = box.c0; c <= box.c1; c++) row.push(cell(r, c));
    out.push(row);
  }
  return out;
}

function entireRows(target: RangeTarget, shift: string, expected: string): CellBox {
  const { box } = target;
  if (shift !== expected || box.c0 !== 0 || box.c1 !== MAX_COLUMNS - 1) {
    throw new Error(
      `The fake Excel shifts entire rows only (a range like "20:21" with "${expected}"), not ${boxAddress(box)} "${shift}".`
    );
  }
  return box;
}

function liveSheet(target: RangeTarget): HostSheet {
  if (target.sheet.deleted)
    throw new FakeOfficeError("ItemNotFound", "The range's worksheet has been deleted.");
  return target.sheet;
}

export class FakeRange extends FakeClientObject<RangeTarget> {
  protected readonly scalars = {
    address: (t: RangeTarget) => this.context.host.address(liveSheet(t), t.box),
    addressLocal: (t: RangeTarget) => this.context.host.address(liveSheet(t), t.box),
    rowCount: (t: RangeTarget) => boxRows(t.box),
    columnCount: (t: RangeTarget) => boxColumns(t.box),
    cellCount: (t: RangeTarget) => boxRows(t.box) * boxColumns(t.box),
    rowIndex: (t: RangeTarget) => t.box.r0,
    columnIndex: (t: RangeTarget) => t.box.c0,
    values: (t: RangeTarget) =>
      grid(t, (r, c) => cellText(this.context.host.cellState(liveSheet(t), r, c).value)),
    formulas: (t: RangeTarget) =>
      grid(t, (r, c) => {
        const cell = this.context.host.cellState(liveSheet(t), r, c);
        return cell.formula ?? cellText(cell.value);
      }),
    numberFormat: (t: RangeTarget) =>
      grid(t, (r, c) => this.context.host.cellState(liveSheet(t), r, c).numberFormat),
    valueTypes: (t: RangeTarget) =>
      grid(t, (r, c) => {
        const cell = this.context.host.cellState(liveSheet(t), r, c);
        if (isEmptyCell(cell) || cell.value === null) return "Empty";
        const v = cell.value;
        if (typeof v === "object") return "Error";
        return typeof v === "number" ? "Double" : typeof v === "boolean" ? "Boolean" : "String";
      }),
  };

  get address(): string {
    return this.read("address");
  }
  get addressLocal(): string {
    return this.read("addressLocal");
  }
  get rowCount(): number {
    return this.read("rowCount");
  }
  get columnCount(): number {
    return this.read("columnCount");
  }
  get cellCount(): number {
    return this.read("cellCount");
  }
  get rowIndex(): number {
    return this.read("rowIndex");
  }
  get columnIndex(): number {
    return this.read("columnIndex");
  }
  get valueTypes(): string[][] {
    return this.read("valueTypes");
  }
  get values(): unknown[][] {
    return this.read("values");
  }
  set values(input: unknown[][]) {
    this.writeCells("values", input);
  }
  get formulas(): unknown[][] {
    return this.read("formulas");
  }
  set formulas(input: unknown[][]) {
    this.writeCells("formulas", input);
  }
  get numberFormat(): string[][] {
    return this.read("numberFormat");
  }
  set numberFormat(input: string[][]) {
    this.write("numberFormat", input, (t) => {
      checkShape("numberFormat", input, t.box);
      eachCell(t, input, (r, c, v) =>
        this.context.host.updateCell(liveSheet(t), r, c, (cell) => (cell.numberFormat = String(v)))
      );
    });
  }

  private writeCells(property: string, input: unknown): void {
    this.write(property, input, (t) => {
      checkShape(property, input, t.box);
      eachCell(t, input, (r, c, v) => this.context.host.enter(liveSheet(t), r, c, v));
    });
  }

  get format(): FakeRangeFormat {
    return new FakeRangeFormat(
      this.context,
      this.derive((t) => t)
    );
  }
  get worksheet(): FakeWorksheet {
    return new FakeWorksheet(
      this.context,
      this.derive((t) => liveSheet(t))
    );
  }

  private relative(make: (box: CellBox) => CellBox): FakeRange {
    return new FakeRange(
      this.context,
      this.derive((t) => {
        const box = make(t.box);
        if (
          box.r0 < 0 ||
          box.c0 < 0 ||
          box.r1 < box.r0 ||
          box.c1 < box.c0 ||
          box.r1 >= MAX_ROWS ||
          box.c1 >= MAX_COLUMNS
        ) {
          throw new FakeOfficeError(
            "InvalidArgument",
            "The resulting range is outside the worksheet."
          );
        }
        return { sheet: t.sheet, box };
      })
    );
  }
  getCell(row: number, column: number): FakeRange {
    return this.relative((b) => ({
      r0: b.r0 + row,
      c0: b.c0 + column,
      r1: b.r0 + row,
      c1: b.c0 + column,
    }));
  }
  getResizedRange(deltaRows: number, deltaColumns: number): FakeRange {
    return this.relative((b) => ({ ...b, r1: b.r1 + deltaRows, c1: b.c1 + deltaColumns }));
  }
  getOffsetRange(rows: number, columns: number): FakeRange {
    return this.relative((b) => ({
      r0: b.r0 + rows,
      c0: b.c0 + columns,
      r1: b.r1 + rows,
      c1: b.c1 + columns,
    }));
  }
  getRow(row: number): FakeRange {
    return this.relative((b) => ({ r0: b.r0 + row, c0: b.c0, r1: b.r0 + row, c1: b.c1 }));
  }
  getLastCell(): FakeRange {
    return this.relative((b) => ({ r0: b.r1, c0: b.c1, r1: b.r1, c1: b.c1 }));
  }
  /** The smallest range holding both, on the same sheet (Excel refuses another sheet's). */
  getBoundingRect(other: FakeRange): FakeRange {
    return this.combine(other, (a, b) => ({
      r0: Math.min(a.r0, b.r0),
      c0: Math.min(a.c0, b.c0),
      r1: Math.max(a.r1, b.r1),
      c1: Math.max(a.c1, b.c1),
    }));
  }
  /** The cells both hold; Excel throws ItemNotFound when there are none. */
  getIntersection(other: FakeRange): FakeRange {
    return this.combine(other, (a, b) => {
      const box = {
        r0: Math.max(a.r0, b.r0),
        c0: Math.max(a.c0, b.c0),
        r1: Math.min(a.r1, b.r1),
        c1: Math.min(a.c1, b.c1),
      };
      if (box.r1 < box.r0 || box.c1 < box.c0)
        throw new FakeOfficeError("ItemNotFound", "The ranges do not intersect.");
      return box;
    });
  }
  private combine(other: FakeRange, make: (a: CellBox, b: CellBox) => CellBox): FakeRange {
    return new FakeRange(
      this.context,
      this.derive((t) => {
        // A null object's derivatives are null objects, as Excel answers for them.
        const o = other.bound();
        if (!o) return null;
        if (liveSheet(o) !== liveSheet(t))
          throw new FakeOfficeError("InvalidArgument", "The ranges are on different sheets.");
        return { sheet: t.sheet, box: make(t.box, o.box) };
      })
    );
  }
  getColumn(column: number): FakeRange {
    return this.relative((b) => ({ r0: b.r0, c0: b.c0 + column, r1: b.r1, c1: b.c0 + column }));
  }
  /**
   * Clears contents, formats or both ("All", the default). Tables and charts
   * over the range stay: Excel removes those only when they are deleted.
   */
  clear(applyTo: "All" | "Contents" | "Formats" = "All"): void {
    if (!["All", "Contents", "Formats"].includes(applyTo))
      throw new Error(`The fake Excel cannot clear '${applyTo}'.`);
    const contents = applyTo !== "Formats";
    const formats = applyTo !== "Contents";
    this.act((t) => {
      const sheet = liveSheet(t);
      for (const [k] of [...sheet.cells]) {
        const [r, c] = k.split(",").map(Number);
        if (r < t.box.r0 || r > t.box.r1 || c < t.box.c0 || c > t.box.c1) continue;
        this.context.host.updateCell(sheet, r, c, (cell) => {
          if (contents) {
            cell.value = null;
            delete cell.formula;
          }
          if (formats) {
            cell.numberFormat = "General";
            cell.bold = false;
            delete cell.italic;
            delete cell.fill;
          }
        });
      }
    }, applyTo);
  }
  /**
   * Inserts cells, shifting the others down: the fake does entire rows
   * ("20:21"), which move every table, name and reference below, as Excel does.
   */
  insert(shift: "Down" | "Right"): FakeRange {
    this.act(
      (t) =>
        this.context.host.shiftRows(liveSheet(t), entireRows(t, shift, "Down").r0, boxRows(t.box)),
      shift
    );
    return new FakeRange(
      this.context,
      this.derive((t) => t)
    );
  }
  /** Deletes cells, shifting the others up: entire rows only, as for insert. */
  delete(shift: "Up" | "Left"): void {
    this.act(
      (t) =>
        this.context.host.shiftRows(liveSheet(t), entireRows(t, shift, "Up").r0, -boxRows(t.box)),
      shift
    );
  }
  select(): void {
    this.act((t) => {
      this.context.host.activeSheet = liveSheet(t);
      this.context.host.selection = { sheet: t.sheet, box: t.box };
    });
  }
}

export class FakeRangeFormat extends FakeClientObject<RangeTarget> {
  protected readonly scalars = {};
  get font(): { bold: boolean; italic: boolean } {
    const queue = (patch: (cell: HostCell) => void, argument: unknown) =>
      this.act(
        (t) =>
          eachCell(t, argument, (r, c) => this.context.host.updateCell(liveSheet(t), r, c, patch)),
        argument
      );
    return {
      set bold(bold: boolean) {
        queue((cell) => (cell.bold = bold), bold);
      },
      get bold(): boolean {
        throw notLoaded("format/font/bold");
      },
      set italic(italic: boolean) {
        queue((cell) => {
          if (italic) cell.italic = true;
          else delete cell.italic;
        }, italic);
      },
      get italic(): boolean {
        throw notLoaded("format/font/italic");
      },
    };
  }
  /** The fill: a colour ("#RRGGBB", which Excel keeps upper-case) or none. */
  get fill(): { color: string; clear(): void } {
    const queue = (fill: string | undefined) =>
      this.act(
        (t) =>
          eachCell(t, fill ?? "clear", (r, c) =>
            this.context.host.updateCell(liveSheet(t), r, c, (cell) => {
              if (fill === undefined) delete cell.fill;
              else cell.fill = fill;
            })
          ),
        fill ?? "clear"
      );
    return {
      set color(color: string) {
        if (!/^#[0-9A-Fa-f]{6}$/.test(color))
          throw new FakeOfficeError(
            "InvalidArgument",
            `The fake Excel takes fills as #RRGGBB, not '${color}'.`
          );
        queue(color.toUpperCase());
      },
      get color(): string {
        throw notLoaded("format/fill/color");
      },
      clear() {
        queue(undefined);
      },
    };
  }
  set columnWidth(width: number) {
    this.act(() => undefined, width);
  }
  autofitColumns(): void {
    this.act(() => undefined);
  }
  autofitRows(): void {
    this.act(() => undefined);
  }
}

// ---------------------------------------------------------------- names

/** The scope of a names or tables collection: a sheet, or the whole workbook (sheet null). */
export interface Scope {
  sheet: HostSheet | null;
}

const NAME_PROPERTIES = ["name", "type", "value", "formula", "comment", "visible", "scope"];

function nameScalars(host: FakeExcelHost): Record<string, (n: HostName) => unknown> {
  return {
    name: (n) => n.name,
    type: (n) =>
      n.ref
        ? "Range"
        : n.constant === "#REF!"
          ? "Error"
          : isNaN(Number(n.constant))
            ? "String"
            : "Double",
    // For a range name Excel reports the reference ("Data!$B$3:$C$10"), otherwise the constant.
    value: (n) => (n.ref ? host.nameFormula(n).slice(1) : (n.constant ?? "#REF!")),
    formula: (n) => host.nameFormula(n),
    comment: (n) => n.comment,
    visible: () => true,
    scope: (n) => (n.scope ? "Worksheet" : "Workbook"),
  };
}

export class FakeNamedItemCollection extends FakeCollection<Scope, HostName, FakeNamedItem> {
  protected readonly scalars = { count: (s: Scope) => this.list(s).length };
  protected readonly itemScalars = NAME_PROPERTIES;
  protected list(s: Scope): HostName[] {
    return this.context.host.names.filter((n) => n.scope === s.sheet);
  }
  protected wrap(item: HostName) {
    const proxy = new FakeNamedItem(this.context, { target: item });
    return Object.assign(proxy, {
      loadNow: loadNowMixin(proxy, nameScalars(this.context.host), item),
    });
  }
  getItem(name: string): FakeNamedItem {
    return new FakeNamedItem(
      this.context,
      this.derive((s) => {
        const n = this.context.host.name(name, s.sheet);
        if (!n)
          throw new FakeOfficeError(
            "ItemNotFound",
            `The requested resource doesn't exist: name '${name}'.`
          );
        return n;
      })
    );
  }
  getItemOrNullObject(name: string): FakeNamedItem {
    return new FakeNamedItem(
      this.context,
      this.derive((s) => this.context.host.name(name, s.sheet) ?? null)
    );
  }
  add(name: string, reference: FakeRange | string, comment?: string): FakeNamedItem {
    return new FakeNamedItem(
      this.context,
      this.derive((s) => {
        const ref = typeof reference === "string" ? reference : reference.bound();
        if (ref === null)
          throw new FakeOfficeError("InvalidArgument", "The reference is a null object.");
        return this.context.host.addName(name, ref, s.sheet, comment);
      })
    );
  }
}

export class FakeNamedItem extends FakeClientObject<HostName> {
  protected readonly scalars = nameScalars(this.context.host);
  get name(): string {
    return this.read("name");
  }
  get type(): string {
    return this.read("type");
  }
  get value(): string {
    return this.read("value");
  }
  get formula(): string {
    return this.read("formula");
  }
  get scope(): string {
    return this.read("scope");
  }
  get comment(): string {
    return this.read("comment");
  }
  getRange(): FakeRange {
    return new FakeRange(
      this.context,
      this.derive((n) => {
        if (!n.ref)
          throw new FakeOfficeError(
            "InvalidOperation",
            `The name '${n.name}' does not refer to a range.`
          );
        return n.ref;
      })
    );
  }
  getRangeOrNullObject(): FakeRange {
    return new FakeRange(
      this.context,
      this.derive((n) => n.ref)
    );
  }
  delete(): void {
    this.act((n) => this.context.host.deleteName(n));
  }
}

// ---------------------------------------------------------------- tables

const TABLE_SCALARS = {
  name: (t: HostTable) => t.name,
  id: (t: HostTable) => `{table-${t.name}}`,
  showTotals: () => false,
};

export class FakeTableCollection extends FakeCollection<Scope, HostTable, FakeTable> {
  protected readonly scalars = { count: (s: Scope) => this.list(s).length };
  protected readonly itemScalars = Object.keys(TABLE_SCALARS);
  protected list(s: Scope): HostTable[] {
    return this.context.host.tables.filter((t) => s.sheet === null || t.sheet === s.sheet);
  }
  protected wrap(item: HostTable) {
    const proxy = new FakeTable(this.context, { target: item });
    return Object.assign(proxy, { loadNow: loadNowMixin(proxy, TABLE_SCALARS, item) });
  }
  private find(s: Scope, name: string): HostTable | null {
    const t = this.context.host.table(name);
    return t && (s.sheet === null || t.sheet === s.sheet) ? t : null;
  }
  getItem(name: string): FakeTable {
    return new FakeTable(
      this.context,
      this.derive((s) => {
        const t = this.find(s, name);
        if (!t)
          throw new FakeOfficeError(
            "ItemNotFound",
            `The requested resource doesn't exist: table '${name}'.`
          );
        return t;
      })
    );
  }
  getItemOrNullObject(name: string): FakeTable {
    return new FakeTable(
      this.context,
      this.derive((s) => this.find(s, name))
    );
  }
  add(address: FakeRange | string, hasHeaders: boolean): FakeTable {
    return new FakeTable(
      this.context,
      this.derive((s) => {
        const host = this.context.host;
        const target =
          typeof address === "string" ? host.resolveReference(address, s.sheet) : address.bound();
        if (target === null)
          throw new FakeOfficeError("InvalidArgument", "The table's range is a null object.");
        return host.addTable(target.sheet, target.box, hasHeaders);
      })
    );
  }
}

export class FakeTable extends FakeClientObject<HostTable> {
  protected readonly scalars = TABLE_SCALARS;
  get name(): string {
    return this.read("name");
  }
  set name(name: string) {
    this.write("name", name, (t) => this.context.host.renameTable(t, name));
  }
  set style(style: string) {
    this.act(() => undefined, style);
  }
  set showBandedRows(show: boolean) {
    this.act(() => undefined, show);
  }
  get rows(): FakeTableRowCollection {
    return new FakeTableRowCollection(
      this.context,
      this.derive((t) => t)
    );
  }
  get worksheet(): FakeWorksheet {
    return new FakeWorksheet(
      this.context,
      this.derive((t) => t.sheet)
    );
  }
  private range(part: (box: CellBox) => CellBox): FakeRange {
    return new FakeRange(
      this.context,
      this.derive((t) => {
        if (t.deleted)
          throw new FakeOfficeError("ItemNotFound", `The table '${t.name}' has been deleted.`);
        return { sheet: t.sheet, box: part(t.box) };
      })
    );
  }
  getRange(): FakeRange {
    return this.range((b) => b);
  }
  getHeaderRowRange(): FakeRange {
    return this.range((b) => ({ ...b, r1: b.r0 }));
  }
  getDataBodyRange(): FakeRange {
    return this.range((b) => ({ ...b, r0: b.r0 + 1 }));
  }
  /** ExcelApi 1.13; on a host without it the method does not exist and the request fails. */
  resize(newRange: FakeRange | string): void {
    this.act(
      (t) => {
        const host = this.context.host;
        if (!apiAtLeast(host.options.excelApi, "1.13"))
          throw new FakeOfficeError("ApiNotFound", "Table.resize needs ExcelApi 1.13.");
        const target =
          typeof newRange === "string"
            ? host.resolveReference(newRange, t.sheet)
            : newRange.bound();
        if (target === null)
          throw new FakeOfficeError("InvalidArgument", "The new range is a null object.");
        host.resizeTable(t, target.sheet, target.box);
      },
      typeof newRange === "string" ? newRange : "range"
    );
  }
  delete(): void {
    this.act((t) => this.context.host.removeTable(t));
  }
}

/** Requirement set versions compare part by part: 1.17 is later than 1.4. */
export function apiAtLeast(supported: string, wanted: string): boolean {
  const [a, b] = [supported, wanted].map((v) => v.split(".").map(Number));
  return a[0] > b[0] || (a[0] === b[0] && (a[1] ?? 0) >= (b[1] ?? 0));
}

export class FakeTableRowCollection extends FakeClientObject<HostTable> {
  protected readonly scalars = { count: (t: HostTable) => t.box.r1 - t.box.r0 };
  get count(): number {
    return this.read("count");
  }
  /** Adds rows at the end (index null/undefined/-1) or before data row `index`. */
  add(index?: number | null, values?: unknown[][]): FakeTableRow {
    const apply = (t: HostTable): { table: HostTable; row: number } => {
      const count = Array.isArray(values) ? values.length : 1;
      const atRow =
        index === undefined || index === null || index < 0 ? t.box.r1 + 1 : t.box.r0 + 1 + index;
      if (Array.isArray(values))
        checkShape("rows.add values", values, { r0: 0, c0: t.box.c0, r1: count - 1, c1: t.box.c1 });
      this.context.host.insertTableRows(t, atRow, count);
      if (Array.isArray(values)) {
        values.forEach((row, i) =>
          row.forEach(
            (v, j) => v !== null && this.context.host.enter(t.sheet, atRow + i, t.box.c0 + j, v)
          )
        );
      }
      return { table: t, row: atRow - t.box.r0 - 1 };
    };
    const payload = values;
    let result: { table: HostTable; row: number } | null = null;
    this.act((t) => (result = apply(t)), payload);
    return new FakeTableRow(this.context, () => result);
  }
  getItemAt(index: number): FakeTableRow {
    return new FakeTableRow(
      this.context,
      this.derive((t) => {
        if (index < 0 || index >= t.box.r1 - t.box.r0)
          throw new FakeOfficeError("InvalidArgument", `Row ${index} is outside the table.`);
        return { table: t, row: index };
      })
    );
  }
}

export class FakeTableRow extends FakeClientObject<{ table: HostTable; row: number }> {
  protected readonly scalars = { index: (r: { row: number }) => r.row };
  get index(): number {
    return this.read("index");
  }
  delete(): void {
    this.act((r) => this.context.host.deleteTableRow(r.table, r.table.box.r0 + 1 + r.row));
  }
}

// ---------------------------------------------------------------- charts

export class FakeChartCollection extends FakeCollection<HostSheet, HostChart, FakeChart> {
  protected readonly scalars = {
    count: (s: HostSheet) => s.charts.filter((c) => !c.deleted).length,
  };
  protected readonly itemScalars = ["name", "chartType"];
  protected list(s: HostSheet): HostChart[] {
    return s.charts.filter((c) => !c.deleted);
  }
  protected wrap(item: HostChart) {
    const proxy = new FakeChart(this.context, { target: item });
    return Object.assign(proxy, {
      loadNow: loadNowMixin(
        proxy,
        { name: (c: HostChart) => c.name, chartType: (c: HostChart) => c.type },
        item
      ),
    });
  }
  private find(s: HostSheet, name: string): HostChart | null {
    return this.list(s).find((c) => c.name.toLowerCase() === name.toLowerCase()) ?? null;
  }
  getItem(name: string): FakeChart {
    return new FakeChart(
      this.context,
      this.derive((s) => {
        const c = this.find(s, name);
        if (!c)
          throw new FakeOfficeError(
            "ItemNotFound",
            `The requested resource doesn't exist: chart '${name}'.`
          );
        return c;
      })
    );
  }
  getItemOrNullObject(name: string): FakeChart {
    return new FakeChart(
      this.context,
      this.derive((s) => this.find(s, name))
    );
  }
  add(type: string, sourceData: FakeRange, seriesBy?: string): FakeChart {
    return new FakeChart(
      this.context,
      this.derive((s) => {
        const source = sourceData.bound();
        if (source === null)
          throw new FakeOfficeError(
            "InvalidArgument",
            "The chart's source range is a null object."
          );
        return this.context.host.addChart(s, type, source, seriesBy ?? "Auto");
      })
    );
  }
}

export class FakeChart extends FakeClientObject<HostChart> {
  protected readonly scalars = {
    name: (c: HostChart) => c.name,
    chartType: (c: HostChart) => c.type,
  };
  readonly title: { text: string };
  constructor(context: FakeRequestContext, bind: (() => HostChart | null) | { target: HostChart }) {
    super(context, bind);
    // The title's setter runs with `this` bound to the title object; it acts on the chart.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    this.title = {
      set text(text: string) {
        self.act((c) => (c.title = text), text);
      },
      get text(): string {
        throw notLoaded("title/text");
      },
    };
  }
  get name(): string {
    return this.read("name");
  }
  set name(name: string) {
    this.write("name", name, (c) => (c.name = name));
  }
  get series(): FakeChartSeriesCollection {
    return new FakeChartSeriesCollection(
      this.context,
      this.derive((c) => c)
    );
  }
  setPosition(startCell: FakeRange | string, endCell?: FakeRange | string): void {
    const text = (r: FakeRange | string | undefined) =>
      r === undefined ? undefined : typeof r === "string" ? r : r.bound();
    this.act(
      (c) => {
        const start = text(startCell);
        const end = text(endCell);
        const show = (x: string | RangeTarget | null | undefined) =>
          x === undefined || x === null
            ? undefined
            : typeof x === "string"
              ? x
              : this.context.host.address(x.sheet, x.box);
        c.position = { start: show(start)!, end: show(end) };
      },
      [startCell, endCell].map((x) => (typeof x === "string" ? x : "range"))
    );
  }
  delete(): void {
    this.act((c) => (c.deleted = true));
  }
}

export class FakeChartSeriesCollection extends FakeClientObject<HostChart> {
  protected readonly scalars = { count: (c: HostChart) => c.series.length };
  get count(): number {
    return this.read("count");
  }
  add(name?: string): FakeChartSeries {
    return new FakeChartSeries(
      this.context,
      this.derive((c) => {
        const s: HostChartSeries = {
          name: name ?? `Series${c.series.length + 1}`,
          values: null,
          categories: null,
        };
        c.series.push(s);
        return s;
      })
    );
  }
  getItemAt(index: number): FakeChartSeries {
    return new FakeChartSeries(
      this.context,
      this.derive((c) => {
        const s = c.series[index];
        if (!s) throw new FakeOfficeError("ItemNotFound", `The chart has no series ${index}.`);
        return s;
      })
    );
  }
}

/** Excel's chart line styles the fake takes (Excel.ChartLineStyle). */
const CHART_LINE_STYLES = new Set([
  "None",
  "Continuous",
  "Dash",
  "DashDot",
  "DashDotDot",
  "Dot",
  "Grey25",
  "Grey50",
  "Grey75",
  "Automatic",
  "RoundDot",
]);

export class FakeChartSeries extends FakeClientObject<HostChartSeries> {
  protected readonly scalars = {
    name: (s: HostChartSeries) => s.name,
    chartType: (s: HostChartSeries) => s.chartType,
  };
  get name(): string {
    return this.read("name");
  }
  set name(name: string) {
    this.write("name", name, (s) => (s.name = name));
  }
  get chartType(): string {
    return this.read("chartType");
  }
  /** A series of its own type makes a combination chart (ExcelApi 1.7; before it the request fails). */
  set chartType(type: string) {
    if (typeof type !== "string" || type === "")
      throw new FakeOfficeError("InvalidArgument", `'${String(type)}' is not a chart type.`);
    const host = this.context.host;
    this.write("chartType", type, (s) => {
      if (!apiAtLeast(host.options.excelApi, "1.7"))
        throw new FakeOfficeError("ApiNotFound", "ChartSeries.chartType needs ExcelApi 1.7.");
      s.chartType = type;
    });
  }
  /** The series' fill (ChartFill: clear, setSolidColor) and line (ChartLineFormat: color, lineStyle); set-only here. */
  get format(): {
    fill: { clear(): void; setSolidColor(color: string): void };
    line: { color: string; lineStyle: string };
  } {
    const act = (apply: (s: HostChartSeries) => void, payload: unknown) => this.act(apply, payload);
    const host = this.context.host;
    return {
      fill: {
        clear: () => act((s) => (s.fill = null), "clear"),
        setSolidColor: (color: string) => {
          if (!/^#[0-9A-Fa-f]{6}$/.test(color))
            throw new FakeOfficeError(
              "InvalidArgument",
              `The fake Excel takes fills as #RRGGBB, not '${color}'.`
            );
          act((s) => (s.fill = color.toUpperCase()), color);
        },
      },
      line: {
        set color(color: string) {
          if (!/^#[0-9A-Fa-f]{6}$/.test(color))
            throw new FakeOfficeError(
              "InvalidArgument",
              `The fake Excel takes line colours as #RRGGBB, not '${color}'.`
            );
          act((s) => (s.line = { ...s.line, color: color.toUpperCase() }), color);
        },
        get color(): string {
          throw notLoaded("format/line/color");
        },
        set lineStyle(style: string) {
          if (!CHART_LINE_STYLES.has(style))
            throw new FakeOfficeError("InvalidArgument", `'${style}' is not a chart line style.`);
          act((s) => {
            if (!apiAtLeast(host.options.excelApi, "1.7"))
              throw new FakeOfficeError(
                "ApiNotFound",
                "ChartLineFormat.lineStyle needs ExcelApi 1.7."
              );
            s.line = { ...s.line, style };
          }, style);
        },
        get lineStyle(): string {
          throw notLoaded("format/line/lineStyle");
        },
      },
    };
  }
  setValues(source: FakeRange): void {
    this.act((s) => (s.values = source.bound()));
  }
  setXAxisValues(source: FakeRange): void {
    this.act((s) => (s.categories = source.bound()));
  }
}
