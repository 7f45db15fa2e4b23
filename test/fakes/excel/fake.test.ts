/**
 * The fake Excel behaves as Office.js is documented to: nothing is read
 * before load + sync, changes land only at sync, wrong-shaped writes are
 * refused, and every round trip and changed cell is counted.
 */
import { readFileSync } from "fs";
import { dirname, join, resolve } from "path";
import {
  rewriteRowReferences,
  rewriteSheetReferences,
  rewriteTableReferences,
  rowMover,
} from "./host";
import { createFakeOffice, FakeWorkbookModel } from "./index";

const model = (): FakeWorkbookModel => ({
  sheets: [
    {
      name: "Bob's Figures",
      cells: {
        A1: "Key",
        B1: "Value",
        A2: "RequestsPerMonth",
        B2: 97,
        A3: "NoToAssessRate",
        B3: { value: 0.12, numberFormat: "0.0%" },
        A4: "Broken",
        B4: { error: "#N/A" },
      },
      names: { LocalRate: "B3" },
    },
    {
      name: "Data",
      cells: {
        A1: "Name",
        B1: "Impact",
        A2: "Pre-DaD1",
        B2: 8,
        A3: "Early Years ESA",
        B3: 15,
        A5: "below the table",
      },
    },
  ],
  names: { SEND_Baseline: "'Bob''s Figures'!A1:B4", Constant: "=0.5" },
  tables: { SEND_Interventions: "Data!A1:B3" },
  settings: { "SEND.bindings": { SEND_Costs: "MyCosts" } },
});

describe("fake Excel: load and sync", () => {
  it("throws PropertyNotLoaded when a property is read before load and sync", async () => {
    const fake = createFakeOffice(model());
    await fake.run(async (context) => {
      const range = context.workbook.names.getItem("SEND_Baseline").getRange();
      expect(() => range.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      range.load("values");
      expect(() => range.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      await context.sync();
      expect(range.values[1]).toEqual(["RequestsPerMonth", 97]);
      // Loaded values only: the address was never asked for.
      expect(() => range.address).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
    });
  });

  it("returns errors as their text and says so in valueTypes, and quotes sheet names in addresses", async () => {
    const fake = createFakeOffice(model());
    await fake.run(async (context) => {
      const range = context.workbook.names
        .getItem("SEND_Baseline")
        .getRange()
        .load("values,valueTypes,address,numberFormat");
      await context.sync();
      expect(range.values[3][1]).toBe("#N/A");
      expect(range.valueTypes[3]).toEqual(["String", "Error"]);
      expect(range.address).toBe("'Bob''s Figures'!A1:B4");
      expect(range.numberFormat[2][1]).toBe("0.0%");
    });
  });

  it("needs a sync before isNullObject, and refuses to read a null object's properties", async () => {
    const fake = createFakeOffice(model());
    await fake.run(async (context) => {
      const missing = context.workbook.names.getItemOrNullObject("SEND_Monthly");
      const range = missing.getRangeOrNullObject().load("values");
      expect(() => missing.isNullObject).toThrow(
        expect.objectContaining({ code: "PropertyNotLoaded" })
      );
      await context.sync();
      expect(missing.isNullObject).toBe(true);
      expect(range.isNullObject).toBe(true);
      expect(() => range.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
    });
  });

  it("fails the sync with ItemNotFound for getItem on a missing sheet, applying what came before", async () => {
    const fake = createFakeOffice(model());
    await expect(
      fake.run(async (context) => {
        context.workbook.worksheets.getItem("Data").getRange("D1").values = [["written"]];
        context.workbook.worksheets.getItem("Nowhere").getRange("A1").values = [["lost"]];
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "ItemNotFound" });
    expect(fake.host.valuesAt("Data!D1")).toEqual([["written"]]);
  });

  it("applies queued writes only at sync", async () => {
    const fake = createFakeOffice(model());
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem("Data").getRange("B2").values = [[9]];
      expect(fake.host.valuesAt("Data!B2")).toEqual([[8]]);
      await context.sync();
      expect(fake.host.valuesAt("Data!B2")).toEqual([[9]]);
    });
  });

  it("counts dropped actions when a batch ends without syncing", async () => {
    const fake = createFakeOffice(model());
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem("Data").getRange("B2").values = [[9]];
    });
    // getItem, getRange and the values write were all queued and never sent.
    expect(fake.droppedActions()).toBe(3);
    expect(fake.host.valuesAt("Data!B2")).toEqual([[8]]);
  });
});

describe("fake Excel: writes are checked", () => {
  it("refuses a values array that does not match the range's rows × columns, as Excel does", async () => {
    const fake = createFakeOffice(model());
    await expect(
      fake.run(async (context) => {
        context.workbook.worksheets.getItem("Data").getRange("D1:E2").values = [[1, 2, 3]];
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "InvalidArgument" });
    expect(fake.host.changes).toEqual([]);
  });

  it("refuses a request over the payload limit and writes nothing", async () => {
    const fake = createFakeOffice(model(), { maxRequestBytes: 2000 });
    const big = Array.from({ length: 100 }, (_, i) => [`row ${i} of a long column of text`]);
    await expect(
      fake.run(async (context) => {
        context.workbook.worksheets.getItem("Data").getRange("D1:D100").values = big;
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "RequestPayloadSizeLimitExceeded" });
    expect(fake.host.changes).toEqual([]);
    expect(fake.host.syncs[0].bytes).toBeGreaterThan(2000);
  });

  it("reads =formulas as formulas, keeps the evaluator's value, and numbers typed as text as numbers", async () => {
    const fake = createFakeOffice(model(), {
      evaluate: (f) => (f === "=1+1" ? 2 : { error: "#NAME?" }),
    });
    await fake.run(async (context) => {
      const r = context.workbook.worksheets.getItem("Data").getRange("D1:F1");
      r.formulas = [["=1+1", "12", "#N/A"]];
      r.load("values,formulas,valueTypes");
      await context.sync();
      expect(r.formulas).toEqual([["=1+1", 12, "#N/A"]]);
      expect(r.values).toEqual([[2, 12, "#N/A"]]);
      expect(r.valueTypes).toEqual([["Double", "Double", "Error"]]);
    });
  });
});

describe("fake Excel: round trips and changed cells", () => {
  it("counts one sync per context.sync, with its payload and whether calculation was suspended", async () => {
    const fake = createFakeOffice(model());
    await fake.run(async (context) => {
      context.workbook.application.suspendApiCalculationUntilNextSync();
      context.workbook.worksheets.getItem("Data").getRange("D1").values = [["x"]];
      await context.sync();
      context.workbook.worksheets.getItem("Data").getRange("D2").values = [["y"]];
      await context.sync();
    });
    expect(fake.host.syncs.map((s) => [s.calculationSuspended, s.cellsChanged])).toEqual([
      [true, 1],
      [false, 1],
    ]);
  });

  it("records each changed cell with its sheet, address, before and after", async () => {
    const fake = createFakeOffice(model());
    await fake.run(async (context) => {
      const r = context.workbook.worksheets.getItem("Bob's Figures").getRange("B2:B3");
      r.values = [[97], [0.25]];
      await context.sync();
    });
    // B2 was already 97: only B3 changed.
    expect(fake.host.changes).toEqual([
      {
        sheet: "Bob's Figures",
        address: "B3",
        before: { value: 0.12, numberFormat: "0.0%", bold: false },
        after: { value: 0.25, numberFormat: "0.0%", bold: false },
      },
    ]);
  });

  it("adds table rows by pushing the cells below the table down, and records that move", async () => {
    const fake = createFakeOffice(model());
    await fake.run(async (context) => {
      const table = context.workbook.tables.getItem("SEND_Interventions");
      table.rows.add(undefined, [["Pre-16 ceasing", 5]]);
      const range = table.getRange().load("address");
      await context.sync();
      expect(range.address).toBe("Data!A1:B4");
    });
    expect(fake.host.valuesAt("Data!A4:A6")).toEqual([
      ["Pre-16 ceasing"],
      [null],
      ["below the table"],
    ]);
    expect(fake.host.changes.map((c) => c.address).sort()).toEqual(["A4", "A5", "A6", "B4"]);
  });

  it("turns names on a deleted sheet into #REF! and drops its tables", async () => {
    const fake = createFakeOffice(model());
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem("Data").delete();
      context.workbook.worksheets.getItem("Bob's Figures").delete();
      await context.sync().catch((e) => expect(e.code).toBe("InvalidOperation"));
      const names = context.workbook.names.load("items/name,items/type,items/value");
      const tables = context.workbook.tables.load("items/name");
      await context.sync();
      expect(tables.items).toEqual([]);
      expect(names.items.map((n) => [n.name, n.type])).toEqual([
        ["SEND_Baseline", "Range"],
        ["Constant", "Double"],
      ]);
    });
  });

  it("keeps document settings apart until saveAsync", async () => {
    const fake = createFakeOffice(model());
    const settings = (fake.Office.context as { document: { settings: Office.Settings } }).document
      .settings;
    expect(settings.get("SEND.bindings")).toEqual({ SEND_Costs: "MyCosts" });
    settings.set("SEND.bindings", { SEND_Costs: "Costs2" });
    expect(fake.host.savedSettings["SEND.bindings"]).toEqual({ SEND_Costs: "MyCosts" });
    await new Promise<void>((resolve) => settings.saveAsync(() => resolve()));
    expect(fake.host.savedSettings["SEND.bindings"]).toEqual({ SEND_Costs: "Costs2" });
  });
});

describe("fake Excel: formulas that point at other sheets", () => {
  const withSummary = (): FakeWorkbookModel => {
    const m = model();
    m.sheets.push({
      name: "Summary",
      cells: {
        A1: { formula: "=Data!B2*2", value: 16 },
        A2: { formula: "='Bob''s Figures'!B3", value: 0.12 },
        A3: { formula: '=SUM(Data!$B$2:B3)&" Data!B2"', value: "23 Data!B2" },
        A4: { formula: "=MyData!A1", value: 0 },
        A5: "plain text",
      },
    });
    m.sheets.push({ name: "MyData", cells: { A1: 0 } });
    return m;
  };

  it("rewrites only real references to the sheet, quoted or bare, in any case, and never inside text", () => {
    expect(rewriteSheetReferences("='SEND Forecast'!C12", "SEND Forecast", "#REF!")).toBe(
      "=#REF!C12"
    );
    expect(rewriteSheetReferences("=SUM('send forecast'!$C$3:D4)", "SEND Forecast", "#REF!")).toBe(
      "=SUM(#REF!$C$3:D4)"
    );
    expect(
      rewriteSheetReferences("=Data!A1+'Data'!B2+MyData!A1+'Old ''Data'!A1", "Data", "#REF!")
    ).toBe("=#REF!A1+#REF!B2+MyData!A1+'Old ''Data'!A1");
    expect(rewriteSheetReferences('="Data!A1"&Data!A1', "Data", "#REF!")).toBe(
      '="Data!A1"&#REF!A1'
    );
    expect(rewriteSheetReferences("=Sheet5!A1", "Sheet5", "'SEND Forecast'!")).toBe(
      "='SEND Forecast'!A1"
    );
  });

  it("turns formulas on other sheets that refer to a deleted sheet into #REF!, and records each as a changed cell", async () => {
    const fake = createFakeOffice(withSummary());
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem("Data").delete();
      const summary = context.workbook.worksheets
        .getItem("Summary")
        .getRange("A1:A5")
        .load("formulas,valueTypes");
      await context.sync();
      expect(summary.formulas).toEqual([
        ["=#REF!B2*2"],
        ["='Bob''s Figures'!B3"],
        ['=SUM(#REF!$B$2:B3)&" Data!B2"'],
        ["=MyData!A1"],
        ["plain text"],
      ]);
      expect(summary.valueTypes.map((row) => row[0])).toEqual([
        "Error",
        "Double",
        "Error",
        "Double",
        "String",
      ]);
    });
    expect(fake.host.valuesAt("Summary!A1")).toEqual([[{ error: "#REF!" }]]);
    const elsewhere = fake.host.changes.filter((c) => c.sheet !== "Data");
    expect(elsewhere.map((c) => [c.sheet, c.address, c.before?.formula, c.after?.formula])).toEqual(
      [
        ["Summary", "A1", "=Data!B2*2", "=#REF!B2*2"],
        ["Summary", "A3", '=SUM(Data!$B$2:B3)&" Data!B2"', '=SUM(#REF!$B$2:B3)&" Data!B2"'],
      ]
    );
  });

  it("keeps references to a sheet whose cells are only cleared, and carries a new sheet name into them", async () => {
    const fake = createFakeOffice(withSummary());
    await fake.run(async (context) => {
      const data = context.workbook.worksheets.getItem("Data");
      data.getUsedRange().clear();
      data.name = "Figures 2025";
      await context.sync();
    });
    expect(fake.host.valuesAt("'Figures 2025'!B2")).toEqual([[null]]);
    const summary = fake.host.sheet("Summary")!;
    expect(summary.get(0, 0)?.formula).toBe("='Figures 2025'!B2*2");
    expect(summary.get(2, 0)?.formula).toBe(`=SUM('Figures 2025'!$B$2:B3)&" Data!B2"`);
    expect(
      fake.host.changes.filter((c) => c.sheet === "Summary" && c.after?.value !== c.before?.value)
    ).toEqual([]);
  });
});

describe("fake Excel: formulas that use a table by name", () => {
  const withTableFormulas = (): FakeWorkbookModel => {
    const m = model();
    m.sheets.push({
      name: "Summary",
      cells: {
        A1: { formula: "=SUM(SEND_Interventions[Impact])", value: 23 },
        A2: { formula: "=SEND_Interventions[[#Data],[Name]]", value: "Pre-DaD1" },
        A3: { formula: "=ROWS(send_interventions)+SEND_Interventions2", value: 2 },
        A4: {
          formula: '="SEND_Interventions[Impact]"&Data!B2',
          value: "SEND_Interventions[Impact]8",
        },
        A5: { formula: "=My_SEND_Interventions[Impact]", value: 0 },
      },
    });
    return m;
  };

  it("rewrites whole structured references, nested brackets and escapes included, and never inside text or other names", () => {
    expect(
      rewriteTableReferences("=SUM(SEND_OutDeficit[[2025/26]])", "SEND_OutDeficit", "#REF!")
    ).toBe("=SUM(#REF!)");
    expect(rewriteTableReferences("=t[[#Data],[Result]]+t[@[a'[b]]*2", "t", "#REF!")).toBe(
      "=#REF!+#REF!*2"
    );
    expect(rewriteTableReferences("=ROWS(T1)+T12+T1.x+'T1'!A1+T1(2)", "T1", "#REF!")).toBe(
      "=ROWS(#REF!)+T12+T1.x+'T1'!A1+T1(2)"
    );
    expect(rewriteTableReferences('="T1[x]"&T1[x]', "T1", "#REF!")).toBe('="T1[x]"&#REF!');
    expect(rewriteTableReferences("=SUM(Old[[2025/26]])", "Old", "New", true)).toBe(
      "=SUM(New[[2025/26]])"
    );
  });

  it("turns formulas that use a deleted table into #REF!, and records each as a changed cell", async () => {
    const fake = createFakeOffice(withTableFormulas());
    await fake.run(async (context) => {
      context.workbook.tables.getItem("SEND_Interventions").delete();
      const summary = context.workbook.worksheets
        .getItem("Summary")
        .getRange("A1:A5")
        .load("formulas,valueTypes");
      await context.sync();
      expect(summary.formulas).toEqual([
        ["=SUM(#REF!)"],
        ["=#REF!"],
        ["=ROWS(#REF!)+SEND_Interventions2"],
        ['="SEND_Interventions[Impact]"&Data!B2'],
        ["=My_SEND_Interventions[Impact]"],
      ]);
      expect(summary.valueTypes.map((row) => row[0])).toEqual([
        "Error",
        "Error",
        "Error",
        "String",
        "Double",
      ]);
    });
    expect(fake.host.changes.map((c) => [c.sheet, c.address, c.after?.value])).toEqual([
      ["Summary", "A1", { error: "#REF!" }],
      ["Summary", "A2", { error: "#REF!" }],
      ["Summary", "A3", { error: "#REF!" }],
    ]);
  });

  it("carries a table's new name into formulas, and leaves them alone when the table is only resized", async () => {
    const fake = createFakeOffice(withTableFormulas());
    await fake.run(async (context) => {
      const table = context.workbook.tables.getItem("SEND_Interventions");
      table.resize("Data!A1:B4");
      table.name = "Actions";
      const range = table.getRange().load("address");
      await context.sync();
      expect(range.address).toBe("Data!A1:B4");
    });
    expect(fake.host.sheet("Summary")!.get(0, 0)).toMatchObject({
      formula: "=SUM(Actions[Impact])",
      value: 23,
    });
    expect(fake.host.changes.filter((c) => c.after?.value !== c.before?.value)).toEqual([]);
  });

  it("resizes a table only over a range that keeps its header row, as Table.resize (ExcelApi 1.13) does", async () => {
    const fake = createFakeOffice(model());
    const resize = (address: string) =>
      fake.run(async (context) => {
        context.workbook.tables.getItem("SEND_Interventions").resize(address);
        await context.sync();
      });
    await expect(resize("Data!A2:B4")).rejects.toMatchObject({ code: "InvalidArgument" });
    await expect(resize("Data!A1:B1")).rejects.toMatchObject({ code: "InvalidArgument" });
    await resize("Data!A1:C2");
    // The new column's blank header cell is named, as Excel names it.
    expect(fake.host.valuesAt("Data!A1:C1")).toEqual([["Name", "Impact", "Column3"]]);
    expect(fake.host.table("SEND_Interventions")!.box).toEqual({ r0: 0, c0: 0, r1: 1, c1: 2 });

    const older = createFakeOffice(model(), { excelApi: "1.12" });
    await expect(
      older.run(async (context) => {
        context.workbook.tables.getItem("SEND_Interventions").resize("Data!A1:B4");
        await context.sync();
      })
    ).rejects.toMatchObject({ code: "ApiNotFound" });
  });
});

describe("fake Excel: clearing, used range and charts by name", () => {
  it("counts formatted cells in the used range, and clears contents, formats or both", async () => {
    const fake = createFakeOffice({
      sheets: [
        {
          name: "S",
          cells: { A1: { value: 1, numberFormat: "0.0" }, C4: { value: null, bold: true } },
        },
      ],
    });
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("S");
      const used = sheet.getUsedRange().load("address");
      const valued = sheet.getUsedRange(true).load("address");
      await context.sync();
      expect([used.address, valued.address]).toEqual(["S!A1:C4", "S!A1"]);
      sheet.getRange("A1").clear("Contents");
      await context.sync();
      expect(fake.host.sheet("S")!.get(0, 0)).toEqual({
        value: null,
        numberFormat: "0.0",
        bold: false,
      });
      sheet.getUsedRange().clear();
      const after = sheet.getUsedRangeOrNullObject().load("address");
      await context.sync();
      expect(after.isNullObject).toBe(true);
    });
  });

  it("finds a sheet's chart by name, and a null object (whose delete does nothing) when there is none", async () => {
    const fake = createFakeOffice(model());
    await fake.run(async (context) => {
      const data = context.workbook.worksheets.getItem("Data");
      const chart = data.charts.add("Line", data.getRange("A1:B3"), "Columns");
      chart.name = "SEND_OutTrajectoryChart";
      await context.sync();
      const missing = data.charts.getItemOrNullObject("No such chart");
      missing.delete();
      data.charts.getItemOrNullObject("send_outtrajectorychart").delete();
      const left = data.charts.load("items/name");
      await context.sync();
      expect(missing.isNullObject).toBe(true);
      expect(left.items).toEqual([]);
    });
  });

  it("loads nothing from the collections of a sheet that does not exist", async () => {
    const fake = createFakeOffice(model());
    await fake.run(async (context) => {
      const absent = context.workbook.worksheets.getItemOrNullObject("Nowhere");
      const tables = absent.tables.load("items/name");
      const charts = absent.charts.load("items/name");
      await context.sync();
      expect(absent.isNullObject).toBe(true);
      expect(() => tables.items).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      expect(() => charts.items).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
    });
    expect(fake.host.syncs).toHaveLength(1);
  });
});

describe("fake Excel: inserting and deleting entire rows", () => {
  /** Two stacked tables on "Out", a note beside them, and formulas elsewhere that point at the lower one. */
  const stacked = (): FakeWorkbookModel => ({
    sheets: [
      {
        name: "Out",
        cells: {
          A1: "Line",
          B1: "Amount",
          A2: "a",
          B2: 1,
          A3: "b",
          B3: 2,
          A4: "total",
          B4: 3,
          A6: "Measure",
          B6: "Figure",
          A7: "x",
          B7: 10,
          A8: "y",
          B8: 20,
          D8: { formula: "=B8*2", value: 40 },
        },
      },
      {
        name: "Mine",
        cells: {
          A1: { formula: "='Out'!B7", value: 10 },
          A2: { formula: "=SUM(Out!$B$7:B8)+SUM(Lower[Figure])", value: 60 },
          A3: { formula: '="Out!B7"&Out!B2', value: "Out!B71" },
          A4: { formula: "=SUM(Out!7:8)", value: 30 },
          A5: { formula: "=B7", value: null },
        },
      },
    ],
    names: { Upper: "Out!A1:B4", LowerFirst: "Out!B7" },
    tables: { UpperTable: "Out!A1:B4", Lower: "Out!A6:B8" },
  });

  it("inserts rows inside a table: the table grows, everything below moves and the references to it follow", async () => {
    const fake = createFakeOffice(stacked());
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem("Out").getRange("4:5").insert("Down");
      await context.sync();
    });
    const { host } = fake;
    expect(host.table("UpperTable")!.box).toEqual({ r0: 0, c0: 0, r1: 5, c1: 1 });
    expect(host.table("Lower")!.box).toEqual({ r0: 7, c0: 0, r1: 9, c1: 1 });
    expect(host.valuesAt("Out!A6:B10")).toEqual([
      ["total", 3],
      [null, null],
      ["Measure", "Figure"],
      ["x", 10],
      ["y", 20],
    ]);
    expect(host.valuesAt("Out!A4:B5")).toEqual([
      [null, null],
      [null, null],
    ]);
    const mine = host.sheet("Mine")!;
    expect([0, 1, 2, 3, 4].map((r) => mine.get(r, 0)!.formula)).toEqual([
      "='Out'!B9",
      "=SUM(Out!$B$9:B10)+SUM(Lower[Figure])",
      '="Out!B7"&Out!B2',
      "=SUM(Out!9:10)",
      // A reference without a sheet is to the formula's own sheet, which did not move.
      "=B7",
    ]);
    // Values are kept: the cells the formulas point at moved with them.
    expect(mine.get(0, 0)!.value).toBe(10);
    expect(host.sheet("Out")!.get(9, 3)!.formula).toBe("=B10*2");
    expect(host.nameFormula(host.name("Upper", null)!)).toBe("=Out!$A$1:$B$6");
    expect(host.nameFormula(host.name("LowerFirst", null)!)).toBe("=Out!$B$9");
    // Each rewritten formula is a recorded change of the user's cell, with its value unchanged.
    const userChanges = host.changes.filter((c) => c.sheet === "Mine");
    expect(userChanges.map((c) => c.address)).toEqual(["A1", "A2", "A4"]);
    for (const c of userChanges) expect(c.after!.value).toEqual(c.before!.value);
  });

  it("deletes rows: the cells below move up, a table loses the rows deleted from it, a reference to deleted cells is #REF!", async () => {
    const fake = createFakeOffice(stacked());
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem("Out").getRange("3:3").delete("Up");
      await context.sync();
    });
    const { host } = fake;
    expect(host.table("UpperTable")!.box).toEqual({ r0: 0, c0: 0, r1: 2, c1: 1 });
    expect(host.table("Lower")!.box).toEqual({ r0: 4, c0: 0, r1: 6, c1: 1 });
    const mine = host.sheet("Mine")!;
    expect(mine.get(0, 0)!.formula).toBe("='Out'!B6");
    expect(mine.get(2, 0)).toMatchObject({ formula: '="Out!B7"&Out!B2', value: "Out!B71" });

    await fake.run(async (context) => {
      context.workbook.worksheets.getItem("Out").getRange("2:2").delete("Up");
      await context.sync();
    });
    expect(mine.get(2, 0)).toMatchObject({ formula: '="Out!B7"&#REF!', value: { error: "#REF!" } });
    expect(host.table("UpperTable")!.box).toEqual({ r0: 0, c0: 0, r1: 1, c1: 1 });
  });

  it("refuses what Excel refuses: partial rows, a delete that takes a table's header or last data row", async () => {
    const fake = createFakeOffice(stacked());
    const attempt = (act: (sheet: Excel.Worksheet) => void) =>
      fake.run(async (context) => {
        act(context.workbook.worksheets.getItem("Out") as unknown as Excel.Worksheet);
        await context.sync();
      });
    await expect(attempt((s) => s.getRange("A2:B2").insert("Down"))).rejects.toThrow(/entire rows/);
    await expect(attempt((s) => s.getRange("6:6").delete("Up"))).rejects.toMatchObject({
      code: "InvalidOperation",
    });
    await expect(attempt((s) => s.getRange("7:8").delete("Up"))).rejects.toMatchObject({
      code: "InvalidOperation",
    });
    expect(fake.host.table("Lower")!.box).toEqual({ r0: 5, c0: 0, r1: 7, c1: 1 });
  });

  it("moves whole-table and row references but leaves function names, columns and other sheets alone", () => {
    const down = rowMover(4, 2);
    expect(rewriteRowReferences("=LOG10(B5)+A:A+Other!B5+$C$5", "Out", true, down)).toBe(
      "=LOG10(B7)+A:A+Other!B5+$C$7"
    );
    expect(rewriteRowReferences("='Bob''s'!B5:B9", "Bob's", false, down)).toBe("='Bob''s'!B7:B11");
    expect(rewriteRowReferences("=B3:B5", "Out", true, rowMover(2, -2))).toBe("=B3:B3");
    expect(rewriteRowReferences("=T[[#Data],[B5]]", "Out", true, down)).toBe("=T[[#Data],[B5]]");
  });
});

describe("fake Excel: fit for a browser bundle", () => {
  it("uses no Node APIs in the modules the browser tests import, nor in the product modules they import", () => {
    // Every module reached from the bundled files by relative imports (the product's address module among them):
    // none may import a package or Node built-in, nor touch process, Buffer or require.
    const pending = ["index.ts", "address.ts", "model.ts", "host.ts", "api.ts", "office.ts"].map(
      (f) => join(__dirname, f)
    );
    const seen = new Set<string>();
    while (pending.length > 0) {
      const file = pending.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const text = readFileSync(file, "utf8");
      const imports = [...text.matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
      expect({ file, imports: imports.filter((i) => !i.startsWith(".")) }).toEqual({
        file,
        imports: [],
      });
      expect(text).not.toMatch(/\b(process\.|Buffer\b|require\()/);
      for (const i of imports)
        pending.push(resolve(dirname(file), i.endsWith(".ts") ? i : `${i}.ts`));
    }
    expect(seen).toContain(resolve(__dirname, "../../../src/workbook/address.ts"));
  });
});
