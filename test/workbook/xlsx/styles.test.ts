/**
 * The .xlsx copy marks every figure for what it is, as the README's key
 * says: actual (grey D9D9D9, upright), supplied (pale yellow FFF2CC,
 * upright), driven (pale blue DDEBF7, italic) and forecast (no fill,
 * italic), with the key above the tables; it leaves blank what the report
 * leaves blank; and it opens on the forecast. Read back with ExcelJS and
 * from the file's own XML.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { OUTPUT_SHEET } from "../../../src/workbook/port";
import { refresh } from "../../../src/workbook/refresh";
import { openXlsx } from "../../../src/workbook/xlsx/workbook";
import { EXAMPLE } from "../../fixtures/xlsx-files";

// The key's colours as the README documents them.
const GREY = "D9D9D9";
const YELLOW = "FFF2CC";
const BLUE = "DDEBF7";

let bytes: Buffer;
let ws: ExcelJS.Worksheet;

beforeAll(async () => {
  const wb = await openXlsx(EXAMPLE);
  const outcome = await refresh(wb);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  bytes = await wb.toBuffer();
  const back = new ExcelJS.Workbook();
  await back.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  ws = back.getWorksheet(OUTPUT_SHEET)!;
});

/** The row (1-based) in column A holding `label`, at or below `from`. */
function rowOf(label: string, from = 1): number {
  for (let r = from; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === label) return r;
  throw new Error(`no row '${label}'`);
}

/** A cell of the deficit table by its row label and year. */
function deficitCell(label: string, year: string): ExcelJS.Cell {
  const header = rowOf("Provision");
  let column = 0;
  for (let c = 2; c <= 20 && column === 0; c++)
    if (ws.getCell(header, c).value === year) column = c;
  if (column === 0) throw new Error(`no year ${year}`);
  return ws.getCell(rowOf(label, header + 1), column);
}

const fillOf = (cell: ExcelJS.Cell): string | null => {
  const fill = cell.fill as ExcelJS.FillPattern | undefined;
  return fill?.type === "pattern" && fill.pattern === "solid"
    ? (fill.fgColor?.argb ?? "").slice(2).toUpperCase()
    : null;
};
const italic = (cell: ExcelJS.Cell): boolean => cell.font?.italic === true;
const valueOf = (cell: ExcelJS.Cell): ExcelJS.CellValue => cell.value;

describe("the deficit table's cells, by what they are", () => {
  // The example's forecast starts in January 2025: 2023/24 is the outturn year.
  test("an actual year: grey and upright, lines and totals alike", () => {
    for (const label of ["Post 16 Provision", "Special Schools", "High Needs Block"]) {
      const cell = deficitCell(label, "2023/24");
      expect([label, fillOf(cell), italic(cell)]).toEqual([label, GREY, false]);
    }
    const total = deficitCell("Total Deficit Balance", "2023/24");
    expect([fillOf(total), italic(total), total.font?.bold]).toEqual([GREY, false, true]);
  });

  test("a supplied line (no SEND_Costs line prices it) in a forecast year: pale yellow and upright", () => {
    for (const year of ["2024/25", "2025/26", "2030/31"]) {
      const cell = deficitCell("Post 16 Provision", year);
      expect([year, fillOf(cell), italic(cell)]).toEqual([year, YELLOW, false]);
    }
    const funding = deficitCell("High Needs Block", "2026/27");
    expect([fillOf(funding), italic(funding)]).toEqual([YELLOW, false]);
  });

  test("a driven line (the example's Change lines in SEND_Costs) in a forecast year: pale blue and italic", () => {
    for (const label of [
      "Special Schools",
      "Independent and Non-maintained Special School Provision",
    ]) {
      const cell = deficitCell(label, "2026/27");
      expect([label, fillOf(cell), italic(cell)]).toEqual([label, BLUE, true]);
    }
  });

  test("a forecast figure (totals and balances of forecast years): no fill and italic", () => {
    for (const label of [
      "Total Expenditure",
      "In Year Surplus (-)/Deficit (+)",
      "Total Deficit Balance",
    ]) {
      const cell = deficitCell(label, "2027/28");
      expect([label, fillOf(cell), italic(cell)]).toEqual([label, null, true]);
    }
  });

  test("nil income is blank, as the report prints it; a line's 0 stays 0", () => {
    // The report: other DSG blocks only in 2023/24 and 2024/25, Safety Valve income none from 2029/30, staffing 0 in 2023/24.
    expect(deficitCell("Surplus/Deficit from other DSG Blocks", "2024/25").value).toBe(-2531);
    expect(deficitCell("Surplus/Deficit from other DSG Blocks", "2025/26").value).toBeNull();
    expect(deficitCell("Safety Valve Income", "2028/29").value).toBe(-13400);
    expect(deficitCell("Safety Valve Income", "2029/30").value).toBeNull();
    expect(deficitCell("High Needs Block staffing etc", "2023/24").value).toBe(0);
  });

  test("the note under the table says which rounding is shown", () => {
    const header = rowOf("Provision");
    const last = rowOf("Total Deficit Balance", header + 1);
    expect(String(ws.getCell(last + 1, 1).value)).toMatch(/^Rounding: Exact\./);
  });
});

describe("the other tables", () => {
  test("the balance table: the outturn year grey, forecast years italic", () => {
    const year = rowOf("2023/24");
    expect(fillOf(ws.getCell(year, 2))).toBe(GREY);
    const next = rowOf("2025/26", year);
    expect([fillOf(ws.getCell(next, 3)), italic(ws.getCell(next, 3))]).toEqual([null, true]);
  });

  test("the trajectory: every month a forecast", () => {
    const header = rowOf("Month");
    const cell = ws.getCell(header + 1, 3);
    expect(typeof valueOf(cell)).toBe("number");
    expect([fillOf(cell), italic(cell)]).toEqual([null, true]);
  });
});

describe("the key and the opening sheet", () => {
  test("the key sits above the tables: each kind's cell drawn as that kind", () => {
    const title = rowOf("Key to the figures");
    expect(title).toBeLessThan(rowOf("Provision"));
    const expected: [string, string | null, boolean][] = [
      ["Actual", GREY, false],
      ["Supplied", YELLOW, false],
      ["Driven", BLUE, true],
      ["Forecast", null, true],
    ];
    expected.forEach(([label, fill, slanted], k) => {
      const cell = ws.getCell(title + 1 + k, 1);
      expect([valueOf(cell), fillOf(cell), italic(cell)]).toEqual([label, fill, slanted]);
      expect(String(ws.getCell(title + 1 + k, 2).value).length).toBeGreaterThan(20);
    });
  });

  test("the copy opens on SEND Forecast, the only selected tab, and its tables have no banding", async () => {
    const zip = await JSZip.loadAsync(bytes);
    const workbookXml = await zip.file("xl/workbook.xml")!.async("string");
    const sheets = [...workbookXml.matchAll(/<sheet\b[^>]*\bname="([^"]*)"/g)].map((m) => m[1]);
    const active = Number(/<workbookView\b[^>]*\bactiveTab="(\d+)"/.exec(workbookXml)?.[1]);
    expect(sheets[active]).toBe(OUTPUT_SHEET);
    expect(active).toBeGreaterThan(0);
    const selected: string[] = [];
    for (const file of Object.keys(zip.files).filter((f) =>
      /^xl\/worksheets\/sheet\d+\.xml$/.test(f)
    )) {
      const xml = await zip.file(file)!.async("string");
      if (/<sheetView\b[^>]*tabSelected="1"/.test(xml)) selected.push(file);
    }
    expect(selected).toHaveLength(1);
    for (const file of Object.keys(zip.files).filter((f) => /^xl\/tables\/.*\.xml$/.test(f))) {
      const xml = await zip.file(file)!.async("string");
      if (/name="SEND_Out/.test(xml)) expect(xml).toMatch(/showRowStripes="0"/);
    }
  });
});
