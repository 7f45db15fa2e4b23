import { existsSync, readdirSync, writeFileSync } from "fs";
import * as path from "path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { OUTPUT_SHEET, OWNERSHIP_NAME, type OutputSheet } from "../../../src/workbook/port";
import { XlsxWorkbook, openXlsx } from "../../../src/workbook/xlsx/workbook";
import { parseDefinedNames } from "../../../src/workbook/xlsx/names";
import { loadExcelJs, tempDir, xlsxWithNames } from "../../fixtures/xlsx-files";

/** A small workbook with the awkward things finance workbooks have: quoted sheet names, sheet-scoped names, dates, formulas, errors. */
async function awkwardWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const bob = wb.addWorksheet("Bob's Figures");
  bob.getCell("B2").value = "Key";
  bob.getCell("C2").value = "Value";
  bob.getCell("B3").value = "ForecastStart";
  bob.getCell("C3").value = new Date(Date.UTC(2025, 0, 1));
  bob.getCell("C3").numFmt = "mmm yyyy";
  bob.getCell("B4").value = "NoToAssessRate";
  bob.getCell("C4").value = 0.12;
  bob.getCell("C4").numFmt = "0.0%";
  bob.getCell("B5").value = {
    richText: [{ text: "Ceased" }, { font: { bold: true }, text: "PerMonth" }],
  };
  bob.getCell("C5").value = { formula: "20+9", result: 29 };
  bob.getCell("B6").value = "Requests";
  bob.getCell("C6").value = { error: "#N/A" } as ExcelJS.CellErrorValue;
  bob.getCell("B7").value = "Opening";
  bob.getCell("C7").value = "6,354";
  const plan = wb.addWorksheet("Plan 2025");
  plan.addTable({
    name: "Plan_Table",
    ref: "A1",
    columns: [{ name: "Name" }, { name: "Impact" }],
    rows: [
      ["Early Years ESA", 15],
      ["Pre-16 ceasing", 5],
    ],
  });
  plan.getCell("E1").value = 1;
  plan.getCell("E2").value = 2;
  plan.getCell("E3").value = 3;
  return xlsxWithNames(wb, [
    { name: "Bob_Inputs", refersTo: "'Bob''s Figures'!$B$2:$C$7", attributes: {} },
    {
      name: "Local_Only",
      refersTo: "'Bob''s Figures'!$C$4",
      scope: "Bob's Figures",
      attributes: {},
    },
    { name: "Local_Only", refersTo: "'Plan 2025'!$B$2", scope: "Plan 2025", attributes: {} },
    { name: "WholeColumn", refersTo: "'Plan 2025'!$E:$E", attributes: {} },
    { name: "Rate_Constant", refersTo: "0.05", attributes: {} },
    { name: "Broken", refersTo: "#REF!", attributes: {} },
  ]);
}

const OUTPUT: OutputSheet = {
  name: OUTPUT_SHEET,
  tables: [
    {
      name: "SEND_OutDeficit",
      title: "Revised forecast (£'000)",
      row: 2,
      column: 0,
      headers: ["£'000", "2023/24", "2024/25"],
      rows: [
        ["Total Expenditure", 96683, 122172],
        ["In Year Surplus(-)/Deficit(+)", 24088, 45727],
        ["Total Deficit Balance", 29736, 66232],
      ],
      formulas: [
        [null, null, null],
        [null, "=B4-70798", null],
        [null, null, null],
      ],
      numberFormats: ["General", "#,##0", "#,##0"],
      emphasisedRows: [0, 2],
    },
  ],
  charts: [
    {
      type: "column",
      title: "Deficit balance",
      table: "SEND_OutDeficit",
      categoryColumn: "£'000",
      seriesColumns: ["2023/24"],
      row: 10,
      column: 0,
    },
  ],
};

describe("reading an .xlsx workbook", () => {
  let wb: XlsxWorkbook;
  beforeAll(async () => {
    wb = await XlsxWorkbook.fromBuffer(await awkwardWorkbook());
  });

  test("a name on a sheet called Bob's Figures reads its cells, matched whatever the case", async () => {
    const { ranges } = await wb.read(["BOB_INPUTS"]);
    const r = ranges.BOB_INPUTS!;
    expect(r).toMatchObject({
      name: "Bob_Inputs",
      kind: "name",
      sheet: "Bob's Figures",
      row: 1,
      column: 1,
    });
    expect(r.values).toHaveLength(6);
    expect(r.values[0]).toEqual(["Key", "Value"]);
  });

  test("cells are normalised: a Jan 2025 date is serial 45658, a formula gives its cached result, rich text its text, an error cell its code", async () => {
    const r = (await wb.read(["Bob_Inputs"])).ranges.Bob_Inputs!;
    expect(r.values[1]).toEqual(["ForecastStart", 45658]);
    expect(r.numberFormats[1][1]).toBe("mmm yyyy");
    expect(r.values[2]).toEqual(["NoToAssessRate", 0.12]);
    expect(r.numberFormats[2][1]).toBe("0.0%");
    expect(r.numberFormats[2][0]).toBe("General");
    expect(r.values[3]).toEqual(["CeasedPerMonth", 29]);
    expect(r.values[4]).toEqual(["Requests", { error: "#N/A" }]);
    expect(r.values[5]).toEqual(["Opening", "6,354"]);
  });

  test("a table is found by name, case-insensitively, header row included", async () => {
    const r = (await wb.read(["plan_table"])).ranges.plan_table!;
    expect(r).toMatchObject({
      name: "Plan_Table",
      kind: "table",
      sheet: "Plan 2025",
      row: 0,
      column: 0,
    });
    expect(r.values).toEqual([
      ["Name", "Impact"],
      ["Early Years ESA", 15],
      ["Pre-16 ceasing", 5],
    ]);
  });

  test("a name only sheets scope is found on the first sheet that scopes it", async () => {
    const r = (await wb.read(["local_only"])).ranges.local_only!;
    expect(r.sheet).toBe("Bob's Figures");
    expect(r.values).toEqual([[0.12]]);
  });

  test("a whole-column name stops at the last used row", async () => {
    const r = (await wb.read(["WholeColumn"])).ranges.WholeColumn!;
    expect(r.values).toEqual([[1], [2], [3]]);
  });

  test("a name down to row 1,048,576 and across unused columns reads only the cells in use, without expanding it", async () => {
    const book = new ExcelJS.Workbook();
    const monthly = book.addWorksheet("Monthly");
    monthly.addRow(["Month", "Requests"]);
    for (let m = 1; m <= 24; m++)
      monthly.addRow([`2023-${String(((m - 1) % 12) + 1).padStart(2, "0")}`, 90 + m]);
    const file = await xlsxWithNames(book, [
      { name: "SEND_Monthly", refersTo: "Monthly!$A$1:$I$1048576", attributes: {} },
    ]);
    const before = process.memoryUsage().heapUsed;
    const read = await (await XlsxWorkbook.fromBuffer(file)).read(["SEND_Monthly"]);
    const range = read.ranges.SEND_Monthly!;
    expect(range.values).toHaveLength(25);
    expect(range.values[0]).toEqual(["Month", "Requests"]);
    expect(range.values[24]).toEqual(["2023-12", 114]);
    // Nine columns of a million rows would be over 9 million cells: hundreds of MB.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(100 * 1024 * 1024);
  });

  test("names that are not ranges, and names not there, read as nothing", async () => {
    const { ranges } = await wb.read(["Rate_Constant", "Broken", "SEND_Baseline"]);
    expect(ranges).toEqual({
      Rate_Constant: undefined,
      Broken: undefined,
      SEND_Baseline: undefined,
    });
  });

  test("every name and table is listed with its address and scope; bindings cannot be read from a file", async () => {
    const { names, bindings, outputSheet } = await wb.read([]);
    expect(names).toEqual(
      expect.arrayContaining([
        { name: "Bob_Inputs", kind: "name", address: "'Bob''s Figures'!B2:C7" },
        {
          name: "Local_Only",
          kind: "name",
          address: "'Bob''s Figures'!C4",
          scope: "Bob's Figures",
        },
        { name: "Local_Only", kind: "name", address: "'Plan 2025'!B2", scope: "Plan 2025" },
        { name: "WholeColumn", kind: "name", address: "'Plan 2025'!E:E" },
        { name: "Rate_Constant", kind: "name", address: null },
        { name: "Broken", kind: "name", address: null },
        { name: "Plan_Table", kind: "table", address: "'Plan 2025'!A1:B3" },
      ])
    );
    expect(names).toHaveLength(7);
    expect(bindings).toEqual({});
    expect(outputSheet).toBe("absent");
  });
});

describe("writing the SEND Forecast sheet", () => {
  test("writes real Excel tables with formats, bold totals and the ownership name, and keeps every other name as it was", async () => {
    const { dir, remove } = tempDir();
    try {
      const wb = await XlsxWorkbook.fromBuffer(await awkwardWorkbook());
      await wb.write(OUTPUT, await wb.read([]));
      const file = path.join(dir, "out.xlsx");
      await wb.save(file);

      const back = await loadExcelJs(file);
      const ws = back.getWorksheet(OUTPUT_SHEET)!;
      expect(ws.getCell("A2").value).toBe("Revised forecast (£'000)");
      expect(ws.getCell("A3").value).toBe("£'000");
      expect(ws.getCell("B4").value).toBe(96683);
      expect(ws.getCell("B4").numFmt).toBe("#,##0");
      expect(ws.getCell("A4").font?.bold).toBe(true);
      expect(ws.getCell("A5").font?.bold).toBeFalsy();
      expect(ws.getCell("C6").font?.bold).toBe(true);
      expect(ws.getCell("B5").value).toEqual({ formula: "B4-70798", result: 24088 });
      expect(ws.getColumn(1).width).toBeGreaterThanOrEqual("In Year Surplus(-)/Deficit(+)".length);
      const table = ws.getTable("SEND_OutDeficit") as unknown as {
        table: { tableRef: string; headerRow: boolean };
      };
      expect(table.table.tableRef).toBe("A3:C6");

      const zip = await JSZip.loadAsync(await import("fs").then((fs) => fs.readFileSync(file)));
      const names = parseDefinedNames(await zip.file("xl/workbook.xml")!.async("string"));
      expect(names).toEqual(
        expect.arrayContaining([
          { name: OWNERSHIP_NAME, refersTo: "'SEND Forecast'!$A$1", attributes: {} },
          {
            name: "Local_Only",
            refersTo: "'Bob''s Figures'!$C$4",
            scope: "Bob's Figures",
            attributes: {},
          },
          { name: "Local_Only", refersTo: "'Plan 2025'!$B$2", scope: "Plan 2025", attributes: {} },
          { name: "Rate_Constant", refersTo: "0.05", attributes: {} },
          { name: "Broken", refersTo: "#REF!", attributes: {} },
        ])
      );
      expect((await (await openXlsx(file)).read([])).outputSheet).toBe("ours");
      expect(readdirSync(dir)).toEqual(["out.xlsx"]);
    } finally {
      remove();
    }
  });

  test("a second write replaces the add-in's sheet in place rather than adding another", async () => {
    const wb = await XlsxWorkbook.fromBuffer(await awkwardWorkbook());
    await wb.write(OUTPUT, await wb.read([]));
    const again = await XlsxWorkbook.fromBuffer(await wb.toBuffer());
    await again.write(
      {
        ...OUTPUT,
        tables: [
          {
            ...OUTPUT.tables[0],
            rows: OUTPUT.tables[0].rows.slice(0, 1),
            formulas: undefined,
            emphasisedRows: [],
          },
        ],
      },
      await again.read([])
    );
    const back = await XlsxWorkbook.fromBuffer(await again.toBuffer());
    expect(back.workbook.worksheets.map((w) => w.name)).toEqual([
      "Bob's Figures",
      "Plan 2025",
      OUTPUT_SHEET,
    ]);
    const r = (await back.read(["SEND_OutDeficit"])).ranges.SEND_OutDeficit!;
    expect(r.values).toEqual([
      ["£'000", "2023/24", "2024/25"],
      ["Total Expenditure", 96683, 122172],
    ]);
    expect(back.workbook.getWorksheet(OUTPUT_SHEET)!.getCell("A5").value).toBeNull();
  });

  test("a user's own sheet called SEND Forecast is never overwritten", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("send forecast").getCell("A1").value = "my notes";
    const file = await XlsxWorkbook.fromBuffer(Buffer.from(await wb.xlsx.writeBuffer()));
    expect((await file.read([])).outputSheet).toBe("foreign");
    await expect(file.write(OUTPUT, await file.read([]))).rejects.toThrow("not the add-in's");
    expect(file.workbook.getWorksheet("send forecast")!.getCell("A1").value).toBe("my notes");
  });

  test("an output table name already used by a user's table is refused", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Mine").addTable({
      name: "SEND_OutDeficit",
      ref: "A1",
      columns: [{ name: "x" }],
      rows: [[1]],
    });
    const file = await XlsxWorkbook.fromBuffer(Buffer.from(await wb.xlsx.writeBuffer()));
    await expect(file.write(OUTPUT, await file.read([]))).rejects.toThrow("SEND_OutDeficit");
  });
});

describe("saving", () => {
  test("a save that cannot finish leaves no file and no temporary file behind", async () => {
    const { dir, remove } = tempDir();
    try {
      const wb = await XlsxWorkbook.fromBuffer(await awkwardWorkbook());
      const target = path.join(dir, "folder-not-file");
      await import("fs").then((fs) => fs.mkdirSync(target));
      writeFileSync(path.join(target, "keep.txt"), "x");
      await expect(wb.save(target)).rejects.toThrow();
      expect(readdirSync(dir)).toEqual(["folder-not-file"]);
      expect(existsSync(path.join(target, "keep.txt"))).toBe(true);
    } finally {
      remove();
    }
  });
});
