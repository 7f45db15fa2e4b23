/**
 * The Office.js adapter against the fake Excel holding the bundled example
 * workbook (Wiltshire's figures): the same reads as the .xlsx adapter, a
 * whole refresh in two round trips however many names the workbook has,
 * the output sheet's tables and charts, and not one user cell changed.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { WILTSHIRE_PUBLISHED } from "../../src/example/wiltshire";
import { CONTRACT_INPUTS } from "../../src/workbook/contract";
import { DEFICIT_ROWS } from "../../src/workbook/output";
import { createOfficeWorkbook, parseAddress, type ExcelRun } from "../../src/workbook/office";
import { OUTPUT_SHEET, OWNERSHIP_NAME, type CellValue, type OutputSheet } from "../../src/workbook/port";
import { cellName } from "../../src/workbook/problems";
import { refresh } from "../../src/workbook/refresh";
import { XlsxWorkbook } from "../../src/workbook/xlsx";
import { installFakeOffice, type FakeCellValue, type FakeHostOptions, type FakeWorkbookModel } from "../fakes/excel";
import { fakeModelFromXlsx } from "../fakes/excel/fromXlsx";

const EXAMPLE = path.join(__dirname, "../../assets/SEND-Forecaster-Example.xlsx");
const CONTRACT_NAMES = CONTRACT_INPUTS.map((c) => c.name);
let example: FakeWorkbookModel;

beforeAll(async () => {
  example = await fakeModelFromXlsx(readFileSync(EXAMPLE));
});

const copy = (m: FakeWorkbookModel): FakeWorkbookModel => JSON.parse(JSON.stringify(m));

function excelWith(model: FakeWorkbookModel, options: FakeHostOptions = {}, adapter: { maxRequestBytes?: number } = {}) {
  const fake = installFakeOffice(globalThis, model, options);
  const port = createOfficeWorkbook(fake.run as unknown as ExcelRun, adapter);
  return { fake, port };
}

/** The cells of an output table as the fake now holds them, header row first. */
function writtenTable(fake: ReturnType<typeof excelWith>["fake"], sheet: OutputSheet, name: string): FakeCellValue[][] {
  const t = sheet.tables.find((x) => x.name === name)!;
  const table = fake.host.table(name)!;
  expect(table.sheet.name).toBe(OUTPUT_SHEET);
  return fake.host.valuesAt(fake.host.address(table.sheet, { r0: t.row, c0: t.column, r1: t.row + t.rows.length, c1: t.column + t.headers.length - 1 }));
}

describe("reading the example workbook through Office.js", () => {
  it("gives the same ranges as the .xlsx adapter for every contract name", async () => {
    const { port } = excelWith(copy(example));
    const xlsx = await XlsxWorkbook.open(EXAMPLE);
    const viaOffice = await port.read(CONTRACT_NAMES);
    const viaFile = await xlsx.read(CONTRACT_NAMES);
    expect(Object.keys(viaOffice.ranges).filter((k) => viaOffice.ranges[k])).toEqual(Object.keys(viaFile.ranges).filter((k) => viaFile.ranges[k]));
    for (const name of CONTRACT_NAMES) expect(viaOffice.ranges[name]).toEqual(viaFile.ranges[name]);
    expect(viaOffice.outputSheet).toBe(viaFile.outputSheet);
    expect(port.syncCount()).toBe(1);
  });

  it("matches names case-insensitively and reports the workbook's spelling", async () => {
    const { port } = excelWith(copy(example));
    const read = await port.read(["send_funding", "send_interventions"]);
    expect(read.ranges.send_funding?.name).toBe("SEND_Funding");
    expect(read.ranges.send_interventions).toMatchObject({ name: "SEND_Interventions", kind: "table", sheet: "Interventions", row: 3, column: 0 });
  });

  it("turns Excel's error text into error values, so '#N/A' typed as text stays text", async () => {
    const model = copy(example);
    const sheet = model.sheets.find((s) => s.name === "Revised Forecast")!;
    sheet.cells!.B23 = { error: "#N/A" };
    const { port } = excelWith(model);
    const read = await port.read(["SEND_OpeningDeficit"]);
    expect(read.ranges.SEND_OpeningDeficit?.values).toEqual([[{ error: "#N/A" }]]);
  });

  it("parses quoted sheet names in addresses", () => {
    expect(parseAddress("'Bob''s Sheet'!$B$3:D12")).toEqual({ sheet: "Bob's Sheet", row: 2, column: 1, rows: 10, columns: 3 });
    expect(parseAddress("Inputs!C4")).toEqual({ sheet: "Inputs", row: 3, column: 2, rows: 1, columns: 1 });
    expect(parseAddress("#REF!")).toBeNull();
  });
});

describe("a whole refresh inside Excel", () => {
  it("takes two round trips, writes every output table and both charts, and changes no user cell", async () => {
    const { fake, port } = excelWith(copy(example));
    const outcome = await refresh(port);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));

    expect(fake.host.syncs.length).toBeLessThanOrEqual(2);
    expect(port.syncCount()).toBe(fake.host.syncs.length);
    expect(fake.droppedActions()).toBe(0);

    const outputTables = outcome.sheet.tables.map((t) => t.name);
    expect(outputTables).toEqual(expect.arrayContaining(["SEND_OutSystem", "SEND_OutTrajectory", "SEND_OutDeficit", "SEND_OutConditions"]));
    for (const name of outputTables) expect(fake.host.table(name)?.sheet.name).toBe(OUTPUT_SHEET);

    // What is in the cells is what the contract shaped, header row first.
    for (const t of outcome.sheet.tables) {
      const expected: CellValue[][] = [t.headers, ...t.rows];
      expect(writtenTable(fake, outcome.sheet, t.name)).toEqual(expected.map((row) => row.map((v) => (typeof v === "number" && !Number.isFinite(v) ? { error: "#NUM!" } : v))));
    }

    // Wiltshire's Total Deficit Balance, as the report publishes it (±3).
    const deficit = outcome.sheet.tables.find((t) => t.name === "SEND_OutDeficit")!;
    const closing = writtenTable(fake, outcome.sheet, "SEND_OutDeficit").find((row) => row[0] === DEFICIT_ROWS.closing)!.slice(1) as number[];
    expect(closing).toHaveLength(deficit.headers.length - 1);
    closing.forEach((v, k) => expect(Math.abs(v - WILTSHIRE_PUBLISHED.closing[k])).toBeLessThanOrEqual(3));

    const sheet = fake.host.sheet(OUTPUT_SHEET)!;
    const charts = sheet.charts.filter((c) => !c.deleted);
    expect(charts.map((c) => c.type).sort()).toEqual(["ColumnClustered", "Line"]);
    const trajectory = charts.find((c) => c.type === "Line")!;
    expect(trajectory.series.map((s) => s.name)).toEqual(["EHCPs unmitigated", "EHCPs mitigated", "EHCPs risk-adjusted"]);
    const balance = charts.find((c) => c.type === "ColumnClustered")!;
    expect(balance.series.map((s) => s.name)).toEqual([DEFICIT_ROWS.closing]);
    expect(balance.series[0].categories).not.toBeNull();

    // The write went out with calculation suspended; every change is on the output sheet.
    expect(fake.host.syncs[fake.host.syncs.length - 1].calculationSuspended).toBe(true);
    expect(fake.host.changes.length).toBeGreaterThan(0);
    expect(fake.host.changes.filter((c) => c.sheet !== OUTPUT_SHEET)).toEqual([]);
    expect(fake.host.name(OWNERSHIP_NAME, null)?.ref?.sheet.name).toBe(OUTPUT_SHEET);
  });

  it("re-uses its own sheet on the next refresh, still in two round trips, without duplicating tables", async () => {
    const { fake } = excelWith(copy(example));
    const first = createOfficeWorkbook(fake.run as unknown as ExcelRun);
    expect((await refresh(first)).ok).toBe(true);
    const before = fake.host.syncs.length;
    const second = createOfficeWorkbook(fake.run as unknown as ExcelRun);
    const read = await second.read([]);
    expect(read.outputSheet).toBe("ours");
    expect((await refresh(second)).ok).toBe(true);
    expect(fake.host.syncs.length - before).toBe(1 + 2);
    expect(fake.host.tables.filter((t) => t.name.startsWith("SEND_Out")).length).toBe(5);
    expect(fake.host.sheets.filter((s) => s.name === OUTPUT_SHEET)).toHaveLength(1);
    expect(fake.host.changes.filter((c) => c.sheet !== OUTPUT_SHEET)).toEqual([]);
  });

  it("clears whatever an earlier refresh left on its sheet: unnamed charts, a stray table, cells past the new layout", async () => {
    const { fake, port } = excelWith(copy(example));
    const first = await refresh(port);
    if (!first.ok) throw new Error(JSON.stringify(first.problems));
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem(OUTPUT_SHEET);
      sheet.charts.add("Line", sheet.getRange("A3:B6"), "Columns");
      const stray = sheet.getRange("AA200:AB201");
      stray.values = [["Old heading", "Figure"], ["x", 1]];
      stray.format.font.bold = true;
      sheet.tables.add(`'${OUTPUT_SHEET}'!AA200:AB201`, true).name = "SEND_OutRetired";
      await context.sync();
    });
    expect(fake.host.sheet(OUTPUT_SHEET)!.charts.filter((c) => !c.deleted)).toHaveLength(3);

    const syncsBefore = fake.host.syncs.length;
    const again = createOfficeWorkbook(fake.run as unknown as ExcelRun);
    const outcome = await refresh(again);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    expect(fake.host.syncs.length - syncsBefore).toBe(2);
    const charts = fake.host.sheet(OUTPUT_SHEET)!.charts.filter((c) => !c.deleted);
    expect(charts.map((c) => c.name).sort()).toEqual(["SEND_OutBalanceChart", "SEND_OutTrajectoryChart"]);
    expect(fake.host.tables.map((t) => t.name).filter((n) => n.startsWith("SEND_Out")).sort()).toEqual(outcome.sheet.tables.map((t) => t.name).sort());
    expect(fake.host.valuesAt(`'${OUTPUT_SHEET}'!AA200:AB201`)).toEqual([[null, null], [null, null]]);
    expect(fake.host.sheet(OUTPUT_SHEET)!.get(199, 26)).toBeUndefined();
  });

  it("refuses, before writing, a table name of its own that the user has taken elsewhere", async () => {
    const { fake, port } = excelWith(copy(example));
    expect((await refresh(port)).ok).toBe(true);
    // The user renames the add-in's deficit table into their own sheet's use, then a refresh wants the name back.
    await fake.run(async (context) => {
      context.workbook.tables.getItem("SEND_OutDeficit").name = "MyDeficit";
      const inputs = context.workbook.worksheets.getItem("Interventions");
      inputs.getRange("Z1:Z2").values = [["Mine"], [1]];
      inputs.tables.add("Interventions!Z1:Z2", true).name = "SEND_OutDeficit";
      await context.sync();
    });
    const changesBefore = fake.host.changes.length;
    const syncsBefore = fake.host.syncs.length;
    await expect(refresh(createOfficeWorkbook(fake.run as unknown as ExcelRun))).rejects.toThrow(/already has a name or table called 'SEND_OutDeficit'.*Nothing was written/);
    expect(fake.host.syncs.length - syncsBefore).toBe(1);
    expect(fake.host.changes.length).toBe(changesBefore);
    expect(fake.host.table("SEND_OutDeficit")?.sheet.name).toBe("Interventions");
  });

  it("keeps the user's formulas that point into its sheet across refreshes: the sheet is re-used in place, not re-made", async () => {
    const model = copy(example);
    model.sheets.push({ name: "My Summary", cells: { A1: "Closing balance, first year" } });
    // A reference to one cell is calculated, as Excel would; anything else stays unknown.
    const evaluate: FakeHostOptions["evaluate"] = (formula, host) => {
      const m = /^=('(?:[^']|'')+'|[A-Za-z_][\w.]*)!\$?([A-Z]+)\$?([0-9]+)$/.exec(formula);
      return m ? host.valuesAt(`${m[1]}!${m[2]}${m[3]}`)[0][0] : { error: "#NAME?" };
    };
    const { fake } = excelWith(model, { evaluate });
    const run = fake.run as unknown as ExcelRun;
    const first = await refresh(createOfficeWorkbook(run));
    if (!first.ok) throw new Error(JSON.stringify(first.problems));
    const outputCells = () => JSON.stringify([...fake.host.sheet(OUTPUT_SHEET)!.cells].sort(([a], [b]) => a.localeCompare(b)));
    const afterFirst = outputCells();

    // The user points a cell of their own at the first year's Total Deficit Balance.
    const deficit = first.sheet.tables.find((t) => t.name === "SEND_OutDeficit")!;
    const closingRow = deficit.rows.findIndex((row) => row[0] === DEFICIT_ROWS.closing);
    const target = cellName(deficit.row + 1 + closingRow, deficit.column + 1);
    const formula = `='${OUTPUT_SHEET}'!${target}`;
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem("My Summary").getRange("B1").formulas = [[formula]];
      await context.sync();
    });
    const userValue = fake.host.valuesAt("'My Summary'!B1")[0][0];
    expect(typeof userValue).toBe("number");
    expect(userValue).toBe(fake.host.valuesAt(`'${OUTPUT_SHEET}'!${target}`)[0][0]);

    const changesBefore = fake.host.changes.length;
    const sheetId = fake.host.sheet(OUTPUT_SHEET)!.id;
    for (const round of [1, 2]) {
      const syncsBefore = fake.host.syncs.length;
      const port = createOfficeWorkbook(run);
      const outcome = await refresh(port);
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
      const syncs = fake.host.syncs.length - syncsBefore;
      expect({ round, syncs }).toEqual({ round, syncs: 2 });
      expect(port.syncCount()).toBe(syncs);
      expect(fake.droppedActions()).toBe(0);

      // Exactly the output tables and the two charts, none left over from the refresh before.
      const onSheet = fake.host.tables.filter((t) => t.sheet.name === OUTPUT_SHEET).map((t) => t.name).sort();
      expect(onSheet).toEqual(outcome.sheet.tables.map((t) => t.name).sort());
      const charts = fake.host.sheet(OUTPUT_SHEET)!.charts.filter((c) => !c.deleted);
      expect(charts.map((c) => c.type).sort()).toEqual(["ColumnClustered", "Line"]);
    }

    // The user's formula still points where it did, and no cell of theirs changed.
    expect(fake.host.sheet("My Summary")!.get(0, 1)).toMatchObject({ formula, value: userValue });
    expect(fake.host.changes.slice(changesBefore).filter((c) => c.sheet !== OUTPUT_SHEET)).toEqual([]);
    // The same sheet, holding the same cells as after the first refresh.
    expect(fake.host.sheet(OUTPUT_SHEET)!.id).toBe(sheetId);
    expect(outputCells()).toBe(afterFirst);
    expect(fake.host.name(OWNERSHIP_NAME, null)?.ref?.sheet.name).toBe(OUTPUT_SHEET);
  });

  it("takes two round trips for a workbook with 500 names and tables", async () => {
    const model = copy(example);
    const cells: Record<string, FakeCellValue> = {};
    model.names = { ...model.names };
    model.tables = { ...model.tables };
    for (let k = 0; k < 250; k++) {
      cells[`A${k * 3 + 1}`] = `Header ${k}`;
      cells[`A${k * 3 + 2}`] = k;
      cells[`C${k + 1}`] = k * 2;
      model.tables[`Clutter_Table_${k}`] = `Clutter!A${k * 3 + 1}:A${k * 3 + 2}`;
      model.names[`Clutter_Name_${k}`] = `Clutter!C${k + 1}`;
    }
    model.sheets.push({ name: "Clutter", cells });
    const { fake, port } = excelWith(model);
    const outcome = await refresh(port);
    expect(outcome.ok).toBe(true);
    expect(fake.host.syncs.length).toBeLessThanOrEqual(2);
    expect(fake.host.changes.filter((c) => c.sheet !== OUTPUT_SHEET)).toEqual([]);
  });

  it("refuses a foreign 'SEND Forecast' sheet and writes nothing", async () => {
    const model = copy(example);
    model.sheets.push({ name: OUTPUT_SHEET, cells: { A1: "My own notes", B2: 42 } });
    const { fake, port } = excelWith(model);
    const outcome = await refresh(port);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.problems.map((p) => p.input)).toContain(OUTPUT_SHEET);
    expect(fake.host.changes).toEqual([]);
    expect(fake.host.valuesAt(`'${OUTPUT_SHEET}'!A1:B2`)).toEqual([["My own notes", null], [null, 42]]);

    // Even asked directly, the port will not write over it.
    const sheet: OutputSheet = { name: OUTPUT_SHEET, tables: [], charts: [] };
    await expect(port.write(sheet)).rejects.toThrow(/not the add-in's/);
    expect(fake.host.changes).toEqual([]);
  });

  it("reads a bound name in the first round trip", async () => {
    const model = copy(example);
    model.tables = { MyActions: model.tables!.SEND_Interventions };
    model.settings = { "SEND.bindings": { SEND_Interventions: "MyActions" } };
    const { fake, port } = excelWith(model);
    const outcome = await refresh(port);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    expect(outcome.found.SEND_Interventions).toMatch(/Interventions!/);
    expect(fake.host.syncs.length).toBeLessThanOrEqual(2);
  });

  it("splits a write that would pass the request limit, and every part is under it", async () => {
    const plain = excelWith(copy(example));
    const whole = await refresh(plain.port);
    if (!whole.ok) throw new Error("the example should refresh");
    const wholeCells = whole.sheet.tables.map((t) => writtenTable(plain.fake, whole.sheet, t.name));

    const limit = 10_000;
    const { fake, port } = excelWith(copy(example), { maxRequestBytes: limit }, { maxRequestBytes: limit - 2_000 });
    const outcome = await refresh(port);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const writes = fake.host.syncs.slice(1);
    expect(writes.length).toBeGreaterThan(1);
    for (const s of writes) {
      expect(s.bytes).toBeLessThanOrEqual(limit);
      expect(s.calculationSuspended).toBe(true);
    }
    expect(outcome.sheet.tables.map((t) => writtenTable(fake, outcome.sheet, t.name))).toEqual(wholeCells);
    expect(fake.host.sheet(OUTPUT_SHEET)!.charts.filter((c) => !c.deleted)).toHaveLength(2);

    // Again, on the sheet the first refresh made: cleared in place, still in parts under the limit.
    const before = fake.host.syncs.length;
    const again = await refresh(createOfficeWorkbook(fake.run as unknown as ExcelRun, { maxRequestBytes: limit - 2_000 }));
    if (!again.ok) throw new Error(JSON.stringify(again.problems));
    const rewrites = fake.host.syncs.slice(before + 1);
    expect(rewrites.length).toBeGreaterThan(1);
    for (const s of rewrites) expect(s.bytes).toBeLessThanOrEqual(limit);
    expect(again.sheet.tables.map((t) => writtenTable(fake, again.sheet, t.name))).toEqual(wholeCells);
    expect(fake.host.sheet(OUTPUT_SHEET)!.charts.filter((c) => !c.deleted)).toHaveLength(2);
    expect(fake.host.tables.filter((t) => t.sheet.name === OUTPUT_SHEET)).toHaveLength(again.sheet.tables.length);
  });
});
