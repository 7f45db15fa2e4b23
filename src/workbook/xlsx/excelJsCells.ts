/**
 * Where ExcelJS reads a worksheet's cells less strictly than ECMA-376 says,
 * corrected in how its cell and row readers are invoked (loaded once, by
 * workbook.ts, before any workbook is read):
 *
 * - a number cell's text goes through parseFloat, so `<v>97abc</v>` reads as
 *   97 and `<v>0x1F</v>` as 0: text that is not an xsd:double reads as that
 *   text instead, which the contract then refuses as "found text '97abc'"
 *   (INF, NaN and JavaScript's Infinity read as a number that is not finite:
 *   #NUM!, as a label as well as a figure);
 * - a date cell (t="d", ISO 8601 text) goes through parseFloat too and reads
 *   as its year: it reads as the date's serial number, as Excel would store it;
 * - a row or cell without its optional r attribute gets NaN for a row number
 *   or no address: it is numbered after the one before it, as the standard says.
 *
 * Valid files read exactly as before.
 */
import { columnIndex, columnLetters } from "../address";
import { dateToSerial } from "../cells";

/* eslint-disable @typescript-eslint/no-require-imports */
const CellXform: XformClass = require("exceljs/lib/xlsx/xform/sheet/cell-xform");
const RowXform: XformClass = require("exceljs/lib/xlsx/xform/sheet/row-xform");
/* eslint-enable @typescript-eslint/no-require-imports */

interface SaxNode {
  name: string;
  attributes: Record<string, string | undefined>;
}
interface XformClass {
  prototype: {
    parseOpen(this: XformState, node: SaxNode): boolean;
    parseClose(this: XformState, name: string): boolean;
  };
}
interface XformState {
  parser?: unknown;
  t?: string;
  model?: { value?: unknown; formula?: unknown; shareType?: unknown };
  /** Row reader: the last row number and column seen, for rows and cells without r. */
  lastRow?: number;
  lastColumn?: number;
}

/**
 * xsd:double as a cell's <v> may hold it, and "Infinity" as JavaScript writers (ExcelJS among
 * them) spell INF: each non-finite spelling reads as a number that is not finite, that is #NUM!.
 */
const XSD_DOUBLE =
  /^\s*(?:[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?INF|[-+]?Infinity|NaN)\s*$/;
const ISO_DATE =
  /^\s*(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?(?:Z|[+-]\d{2}:\d{2})?\s*$/;

const PATCHED = Symbol.for("send-forecaster.excelJsCells");
const registry = globalThis as unknown as Record<symbol, boolean>;

if (!registry[PATCHED]) {
  registry[PATCHED] = true;

  const cellClose = CellXform.prototype.parseClose;
  CellXform.prototype.parseClose = function (name) {
    const model = this.model;
    if (name === "c" && model && typeof model.value === "string") {
      if (this.t === "d") {
        const m = ISO_DATE.exec(model.value);
        const date = m
          ? new Date(
              Date.UTC(
                Number(m[1]),
                Number(m[2]) - 1,
                Number(m[3]),
                Number(m[4] ?? 0),
                Number(m[5] ?? 0),
                Number(m[6] ?? 0)
              )
            )
          : undefined;
        if (date && !Number.isNaN(date.getTime())) {
          model.value = String(dateToSerial(date));
          this.t = "n";
        } else this.t = "str";
      } else if ((this.t === undefined || this.t === "n") && !XSD_DOUBLE.test(model.value))
        this.t = "str";
    }
    return cellClose.call(this, name);
  };

  const rowOpen = RowXform.prototype.parseOpen;
  RowXform.prototype.parseOpen = function (node) {
    if (!this.parser) {
      if (node.name === "row") {
        if (!node.attributes.r) node.attributes.r = String((this.lastRow ?? 0) + 1);
        this.lastRow = Number.parseInt(node.attributes.r, 10);
        this.lastColumn = 0;
      } else if (node.name === "c") {
        if (!node.attributes.r)
          node.attributes.r = `${columnLetters(this.lastColumn ?? 0)}${this.lastRow ?? 1}`;
        const letters = /^[A-Za-z]+/.exec(node.attributes.r)?.[0];
        if (letters) this.lastColumn = columnIndex(letters) + 1;
      }
    }
    return rowOpen.call(this, node);
  };
}

export {};
