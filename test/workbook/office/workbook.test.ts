/**
 * The Office.js adapter against the fake Excel holding the bundled example
 * workbook (Wiltshire's figures): the same reads as the .xlsx adapter, a
 * whole refresh in two round trips however many names the workbook has,
 * the output sheet's tables and charts, and not one user cell changed.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { WILTSHIRE_PUBLISHED } from "../../../src/example/wiltshire";
import * as contract from "../../../src/workbook/contract";
import { CONTRACT_INPUTS } from "../../../src/workbook/contract";
import { DEFICIT_ROWS, OUTPUT_TABLES, SIMULATION_TABLES } from "../../../src/workbook/output";
import { createOfficeWorkbook, type ExcelRun } from "../../../src/workbook/office/workbook";
import { changedRowsAt, planRowShifts, sheetOutside } from "../../../src/workbook/office/layout";
import { cellName, parseAddress } from "../../../src/workbook/address";
import {
  OUTPUT_SHEET,
  OWNERSHIP_NAME,
  type CellValue,
  type OutputSheet,
  type OutputTable,
} from "../../../src/workbook/port";
import { refresh } from "../../../src/workbook/refresh";
import { formatProblem } from "../../../src/workbook/problems";
import { XlsxWorkbook } from "../../../src/workbook/xlsx/workbook";
import {
  installFakeOffice,
  type FakeCellValue,
  type FakeHostOptions,
  type FakeWorkbookModel,
} from "../../fakes/excel";
import { fakeModelFromXlsx } from "../../fakes/excel/fromXlsx";

const EXAMPLE = path.join(__dirname, "../../../assets/SEND-Forecaster-Example.xlsx");
const CONTRACT_NAMES = CONTRACT_INPUTS.map((c) => c.name);
let example: FakeWorkbookModel;

beforeAll(async () => {
  example = await fakeModelFromXlsx(readFileSync(EXAMPLE));
});

const copy = (m: FakeWorkbookModel): FakeWorkbookModel => JSON.parse(JSON.stringify(m));

function excelWith(
  model: FakeWorkbookModel,
  options: FakeHostOptions = {},
  adapter: { maxRequestBytes?: number } = {}
) {
  const fake = installFakeOffice(globalThis, model, options);
  const port = createOfficeWorkbook(fake.run as unknown as ExcelRun, adapter);
  return { fake, port };
}

/** The cells of an output table as the fake now holds them, header row first. */
function writtenTable(
  fake: ReturnType<typeof excelWith>["fake"],
  sheet: OutputSheet,
  name: string
): FakeCellValue[][] {
  const t = sheet.tables.find((x) => x.name === name)!;
  const table = fake.host.table(name)!;
  expect(table.sheet.name).toBe(OUTPUT_SHEET);
  return fake.host.valuesAt(
    fake.host.address(table.sheet, {
      r0: t.row,
      c0: t.column,
      r1: t.row + t.rows.length,
      c1: t.column + t.headers.length - 1,
    })
  );
}

describe("reading the example workbook through Office.js", () => {
  it("gives the same ranges as the .xlsx adapter for every contract name", async () => {
    const { port } = excelWith(copy(example));
    const xlsx = await XlsxWorkbook.open(EXAMPLE);
    const viaOffice = await port.read(CONTRACT_NAMES);
    const viaFile = await xlsx.read(CONTRACT_NAMES);
    expect(Object.keys(viaOffice.ranges).filter((k) => viaOffice.ranges[k])).toEqual(
      Object.keys(viaFile.ranges).filter((k) => viaFile.ranges[k])
    );
    for (const name of CONTRACT_NAMES) expect(viaOffice.ranges[name]).toEqual(viaFile.ranges[name]);
    expect(viaOffice.outputSheet).toBe(viaFile.outputSheet);
    expect(port.syncCount()).toBe(1);
  });

  it("matches names case-insensitively and reports the workbook's spelling", async () => {
    const { port } = excelWith(copy(example));
    const read = await port.read(["send_funding", "send_interventions"]);
    expect(read.ranges.send_funding?.name).toBe("SEND_Funding");
    expect(read.ranges.send_interventions).toMatchObject({
      name: "SEND_Interventions",
      kind: "table",
      sheet: "Interventions",
      row: 3,
      column: 0,
    });
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
    expect(parseAddress("'Bob''s Sheet'!$B$3:D12")).toEqual({
      sheet: "Bob's Sheet",
      row: 2,
      column: 1,
      rows: 10,
      columns: 3,
    });
    expect(parseAddress("Inputs!C4")).toEqual({
      sheet: "Inputs",
      row: 3,
      column: 2,
      rows: 1,
      columns: 1,
    });
    expect(parseAddress("#REF!")).toBeNull();
  });
});

describe("the write's plan", () => {
  it("clears around kept tables with rectangles that cover the rest of the sheet exactly once", () => {
    const kept = [
      { r0: 1, c0: 0, r1: 12, c1: 8 },
      { r0: 15, c0: 0, r1: 20, c1: 4 },
      { r0: 3, c0: 11, r1: 6, c1: 12 },
    ];
    const rects = sheetOutside(kept);
    const area = (b: { r0: number; c0: number; r1: number; c1: number }) =>
      (b.r1 - b.r0 + 1) * (b.c1 - b.c0 + 1);
    const overlaps = (a: (typeof kept)[0], b: (typeof kept)[0]) =>
      a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;
    for (const r of rects) for (const k of kept) expect(overlaps(r, k)).toBe(false);
    rects.forEach((a, i) => rects.slice(i + 1).forEach((b) => expect(overlaps(a, b)).toBe(false)));
    expect(
      rects.reduce((sum, r) => sum + area(r), 0) + kept.reduce((sum, k) => sum + area(k), 0)
    ).toBe(1_048_576 * 16_384);
    expect(sheetOutside([])).toEqual([{ r0: 0, c0: 0, r1: 1_048_575, c1: 16_383 }]);
  });
});

describe("moving the kept tables with whole rows", () => {
  const table = (name: string, row: number, labels: string[]): OutputTable => ({
    name,
    title: name,
    headers: ["Label", "Figure"],
    rows: labels.map((l) => [l, 1]),
    numberFormats: ["@", "0"],
    row,
    column: 0,
  });
  const onSheet = (tables: [string, number, string[]][]) => ({
    tables: tables.map(([name]) => name),
    charts: [],
    placed: new Map(
      tables.map(([name, row, labels]) => [
        name.toLowerCase(),
        { sheet: OUTPUT_SHEET, row, column: 0, rows: labels.length + 1, columns: 2 },
      ])
    ),
    labels: new Map(tables.map(([name, , labels]) => [name.toLowerCase(), labels])),
  });

  it("puts added rows where the labels say, inside the table, and deletes removed ones, top down", () => {
    const found = onSheet([
      ["A", 1, ["x", "y", "total"]],
      ["B", 7, ["p", "q"]],
      ["C", 12, ["r"]],
    ]);
    // A gains a line before its total, B loses its last row.
    const grown = planRowShifts(found, [
      table("A", 1, ["x", "y", "z", "total"]),
      table("B", 8, ["p"]),
      table("C", 12, ["r"]),
    ]);
    expect(grown?.shifts).toEqual([
      { at: 4, count: 1 },
      { at: 10, count: -1 },
    ]);
    expect(grown?.placed.get("b")).toMatchObject({ row: 8, rows: 2 });
    expect(grown?.placed.get("c")).toMatchObject({ row: 12, rows: 2 });
  });

  it("appends below the last row (the table is then resized over it), and gives up on tables in another order", () => {
    const found = onSheet([
      ["A", 1, ["x"]],
      ["B", 5, ["p"]],
    ]);
    const appended = planRowShifts(found, [table("A", 1, ["x", "y"]), table("B", 6, ["p"])]);
    expect(appended?.shifts).toEqual([{ at: 3, count: 1 }]);
    expect(appended?.placed.get("a")).toMatchObject({ row: 1, rows: 2 });
    expect(planRowShifts(found, [table("B", 1, ["p"]), table("A", 5, ["x"])])).toBeNull();
    expect(changedRowsAt(undefined, ["a", "b", "c"], 2)).toBe(1);
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
    expect(outputTables).toEqual(
      expect.arrayContaining([
        "SEND_OutSystem",
        "SEND_OutTrajectory",
        "SEND_OutDeficit",
        "SEND_OutConditions",
        "SEND_OutScenarios",
        "SEND_OutSensitivity",
      ])
    );
    for (const name of outputTables) expect(fake.host.table(name)?.sheet.name).toBe(OUTPUT_SHEET);

    // What is in the cells is what the contract shaped, header row first.
    for (const t of outcome.sheet.tables) {
      const expected: CellValue[][] = [t.headers, ...t.rows];
      expect(writtenTable(fake, outcome.sheet, t.name)).toEqual(
        expected.map((row) =>
          row.map((v) => (typeof v === "number" && !Number.isFinite(v) ? { error: "#NUM!" } : v))
        )
      );
    }

    // Wiltshire's Total Deficit Balance, as the report publishes it (±3).
    const deficit = outcome.sheet.tables.find((t) => t.name === "SEND_OutDeficit")!;
    const closing = writtenTable(fake, outcome.sheet, "SEND_OutDeficit")
      .find((row) => row[0] === DEFICIT_ROWS.closing)!
      .slice(1) as number[];
    expect(closing).toHaveLength(deficit.headers.length - 1);
    closing.forEach((v, k) =>
      expect(Math.abs(v - WILTSHIRE_PUBLISHED.closing[k])).toBeLessThanOrEqual(3)
    );

    const sheet = fake.host.sheet(OUTPUT_SHEET)!;
    const charts = sheet.charts.filter((c) => !c.deleted);
    expect(charts.map((c) => c.type).sort()).toEqual(["ColumnClustered", "Line"]);
    const trajectory = charts.find((c) => c.type === "Line")!;
    expect(trajectory.series.map((s) => s.name)).toEqual([
      "EHCPs unmitigated",
      "EHCPs mitigated",
      "EHCPs risk-adjusted",
    ]);
    const balance = charts.find((c) => c.type === "ColumnClustered")!;
    expect(balance.series.map((s) => s.name)).toEqual([DEFICIT_ROWS.closing]);
    expect(balance.series[0].categories).not.toBeNull();

    // The write went out with calculation suspended; every change is on the output sheet.
    expect(fake.host.syncs[fake.host.syncs.length - 1].calculationSuspended).toBe(true);
    expect(fake.host.changes.length).toBeGreaterThan(0);
    expect(fake.host.changes.filter((c) => c.sheet !== OUTPUT_SHEET)).toEqual([]);
    expect(fake.host.name(OWNERSHIP_NAME, null)?.ref?.sheet.name).toBe(OUTPUT_SHEET);
  });

  it("writes SEND_OutSensitivity: a row per input moved, largest swing first, its figures italic as forecast", async () => {
    const { fake, port } = excelWith(copy(example));
    const outcome = await refresh(port);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const s = outcome.result.sensitivity!;
    const cells = writtenTable(fake, outcome.sheet, "SEND_OutSensitivity");
    expect(cells[0][0]).toBe("Input");
    expect(cells.slice(1).map((r) => r[0])).toEqual(s.rows.map((r) => r.label));
    expect(cells.slice(1).map((r) => [r[2], r[3]])).toEqual(s.rows.map((r) => [r.low, r.high]));
    const swings = cells.slice(1).map((r) => Math.abs((r[3] as number) - (r[2] as number)));
    expect(swings).toEqual([...swings].sort((a, b) => b - a));
    const box = fake.host.table("SEND_OutSensitivity")!.box;
    const sheet = fake.host.sheet(OUTPUT_SHEET)!;
    expect([
      sheet.get(box.r0 + 1, box.c0 + 2)?.italic,
      sheet.get(box.r0 + 1, box.c0 + 2)?.fill,
    ]).toEqual([true, undefined]);
    expect(String(sheet.get(box.r0 - 1, box.c0)?.value)).toMatch(/^Sensitivity: /);
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
    // Every output table but the Monte Carlo's, which a refresh without a simulation leaves out.
    expect(fake.host.tables.filter((t) => t.name.startsWith("SEND_Out")).length).toBe(
      OUTPUT_TABLES.length - SIMULATION_TABLES.length
    );
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
      stray.values = [
        ["Old heading", "Figure"],
        ["x", 1],
      ];
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
    expect(charts.map((c) => c.name).sort()).toEqual([
      "SEND_OutBalanceChart",
      "SEND_OutTrajectoryChart",
    ]);
    expect(
      fake.host.tables
        .map((t) => t.name)
        .filter((n) => n.startsWith("SEND_Out"))
        .sort()
    ).toEqual(outcome.sheet.tables.map((t) => t.name).sort());
    expect(fake.host.valuesAt(`'${OUTPUT_SHEET}'!AA200:AB201`)).toEqual([
      [null, null],
      [null, null],
    ]);
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
    const outcome = await refresh(createOfficeWorkbook(fake.run as unknown as ExcelRun));
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems.map(formatProblem)).toEqual([
      "SEND_OutDeficit: the workbook already has a table of this name (Interventions!Z1:Z2), which the add-in uses for its output on 'SEND Forecast'; rename yours, then refresh",
    ]);
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
    const outputCells = () =>
      JSON.stringify(
        [...fake.host.sheet(OUTPUT_SHEET)!.cells].sort(([a], [b]) => a.localeCompare(b))
      );
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
      const onSheet = fake.host.tables
        .filter((t) => t.sheet.name === OUTPUT_SHEET)
        .map((t) => t.name)
        .sort();
      expect(onSheet).toEqual(outcome.sheet.tables.map((t) => t.name).sort());
      const charts = fake.host.sheet(OUTPUT_SHEET)!.charts.filter((c) => !c.deleted);
      expect(charts.map((c) => c.type).sort()).toEqual(["ColumnClustered", "Line"]);
    }

    // The user's formula still points where it did, and no cell of theirs changed.
    expect(fake.host.sheet("My Summary")!.get(0, 1)).toMatchObject({ formula, value: userValue });
    expect(fake.host.changes.slice(changesBefore).filter((c) => c.sheet !== OUTPUT_SHEET)).toEqual(
      []
    );
    // The same sheet, holding the same cells as after the first refresh.
    expect(fake.host.sheet(OUTPUT_SHEET)!.id).toBe(sheetId);
    expect(outputCells()).toBe(afterFirst);
    expect(fake.host.name(OWNERSHIP_NAME, null)?.ref?.sheet.name).toBe(OUTPUT_SHEET);
  });

  describe("formulas of the user's that use an output table by name or address", () => {
    /**
     * Calculates what the user's formulas below ask of the output sheet, from
     * the cells the fake holds now: "=SUM(T[h])" or "=SUM(T[[h]])" sums
     * column h's data, "=INDEX(T[[#Data],[h]],n)" takes its nth entry, and
     * "='SEND Forecast'!D12" is that cell. A #REF! reference is #REF!.
     */
    const evaluate: NonNullable<FakeHostOptions["evaluate"]> = (formula, host) => {
      const cell = /^='([^']+)'!([A-Z]+)([0-9]+)$/.exec(formula);
      if (cell) return host.valuesAt(`'${cell[1]}'!${cell[2]}${cell[3]}`)[0][0];
      const m =
        /^=(SUM|INDEX)\((\w+)\[(?:\[#Data\],\[([^\]]+)\]|\[([^\]]+)\]|([^[\]]+))\](?:,(\d+))?\)$/.exec(
          formula
        );
      if (!m) return { error: /#REF!/.test(formula) ? "#REF!" : "#NAME?" };
      const table = host.table(m[2]);
      if (!table) return { error: "#REF!" };
      const { sheet, box } = table;
      const headers = host.valuesAt(host.address(sheet, { ...box, r1: box.r0 }))[0];
      const c = headers.indexOf(m[3] ?? m[4] ?? m[5]);
      if (c < 0) return { error: "#REF!" };
      const column = host
        .valuesAt(
          host.address(sheet, { r0: box.r0 + 1, c0: box.c0 + c, r1: box.r1, c1: box.c0 + c })
        )
        .map((row) => row[0]);
      if (m[1] === "INDEX") return column[Number(m[6]) - 1] ?? { error: "#REF!" };
      return column.reduce<number>((sum, v) => sum + (typeof v === "number" ? v : 0), 0);
    };

    /**
     * The example with a sheet of the user's, refreshed once, then four
     * formulas of theirs over the output tables: a sum over a deficit year,
     * the first condition's result, the sum of the conditions' figures, and
     * the peak deficit's figure by its cell address.
     */
    async function withUserFormulas(options: FakeHostOptions = {}) {
      const model = copy(example);
      model.sheets.push({ name: "My Summary", cells: { A1: "Deficit and first condition" } });
      const { fake } = excelWith(model, { evaluate, ...options });
      const run = fake.run as unknown as ExcelRun;
      const first = await refresh(createOfficeWorkbook(run));
      if (!first.ok) throw new Error(JSON.stringify(first.problems));
      // A year the deficit table has a column for, written the way Excel wants a header with "/" in it.
      const year = first.sheet.tables.find((t) => t.name === "SEND_OutDeficit")!.headers[3];
      expect(year).toMatch(/^\d{4}\/\d{2}$/);
      const conditions = first.sheet.tables.find((t) => t.name === "SEND_OutConditions")!;
      const figure = conditions.headers.indexOf("Figure");
      const peak = conditions.rows.findIndex((row) => row[0] === "Peak deficit");
      expect(figure).toBeGreaterThan(0);
      expect(peak).toBeGreaterThan(0);
      const peakCell = cellName(conditions.row + 1 + peak, conditions.column + figure);
      const formulas = [
        `=SUM(SEND_OutDeficit[[${year}]])`,
        "=INDEX(SEND_OutConditions[[#Data],[Result]],1)",
        "=SUM(SEND_OutConditions[Figure])",
        `='${OUTPUT_SHEET}'!${peakCell}`,
      ];
      await fake.run(async (context) => {
        context.workbook.worksheets.getItem("My Summary").getRange("B1:B4").formulas = formulas.map(
          (f) => [f]
        );
        await context.sync();
      });
      const values = fake.host.valuesAt("'My Summary'!B1:B4").map((row) => row[0]);
      expect(typeof values[0]).toBe("number");
      expect(values[0]).not.toBe(0);
      expect(values[1]).toMatch(/^(Pass|Fail)$/);
      expect(typeof values[2]).toBe("number");
      expect(values[3]).toBe(conditions.rows[peak][figure]);
      return { fake, run, first, formulas, values, peakCell };
    }

    /** The user's formula cells as they stand, and what they would calculate to now. */
    function userCells(fake: ReturnType<typeof excelWith>["fake"]) {
      const sheet = fake.host.sheet("My Summary")!;
      return [0, 1, 2, 3].map((r) => {
        const cell = sheet.get(r, 1)!;
        return {
          formula: cell.formula,
          value: cell.value,
          now: evaluate(cell.formula!, fake.host),
        };
      });
    }

    it("keep their formula and value across two refreshes, each in two round trips, with no cell of the user's changed", async () => {
      const { fake, run, first, formulas, values } = await withUserFormulas();
      const boxes = () =>
        Object.fromEntries(first.sheet.tables.map((t) => [t.name, fake.host.table(t.name)?.box]));
      const placed = boxes();
      const changesBefore = fake.host.changes.length;
      for (const round of [1, 2]) {
        const syncsBefore = fake.host.syncs.length;
        const port = createOfficeWorkbook(run);
        const outcome = await refresh(port);
        if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
        expect({ round, syncs: fake.host.syncs.length - syncsBefore }).toEqual({ round, syncs: 2 });
        expect(port.syncCount()).toBe(2);
        expect(fake.droppedActions()).toBe(0);
        expect(userCells(fake)).toEqual(
          formulas.map((formula, k) => ({ formula, value: values[k], now: values[k] }))
        );
        // The same tables in the same places, and what they hold is what the contract shaped.
        expect(boxes()).toEqual(placed);
        for (const t of outcome.sheet.tables)
          expect(writtenTable(fake, outcome.sheet, t.name)).toEqual([t.headers, ...t.rows]);
      }
      expect(
        fake.host.changes.slice(changesBefore).filter((c) => c.sheet !== OUTPUT_SHEET)
      ).toEqual([]);
    });

    it("every table the contract writes is one the read looks up, so each can be kept", async () => {
      const { first } = await withUserFormulas();
      // With no simulation, every one but the Monte Carlo's (for those, see the fan chart's tests).
      expect(OUTPUT_TABLES.filter((n) => !SIMULATION_TABLES.includes(n)).sort()).toEqual(
        first.sheet.tables.map((t) => t.name).sort()
      );
    });

    /** Adds a provision line to SEND_Expenditure (100 a year, the total row below it raised to match), as a user would. */
    async function addExpenditureLine(fake: ReturnType<typeof excelWith>["fake"]) {
      await fake.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem("Revised Forecast");
        const total = sheet.getRange("A15:I15").load("values");
        await context.sync();
        const line = ["Sensory support", ...total.values[0].slice(1).map(() => 100)];
        const totals = [
          total.values[0][0],
          ...total.values[0].slice(1).map((v) => Number(v) + 100),
        ];
        sheet.getRange("A15:I16").values = [line, totals];
        sheet.getRange("B16:I16").numberFormat = [total.values[0].slice(1).map(() => "#,##0")];
        context.workbook.names.getItem("SEND_Expenditure").delete();
        context.workbook.names.add("SEND_Expenditure", sheet.getRange("A5:I16"));
        await context.sync();
      });
    }

    /** Takes the added line out again: the total row back in row 15, row 16 empty. */
    async function removeExpenditureLine(fake: ReturnType<typeof excelWith>["fake"]) {
      const original = example.sheets.find((x) => x.name === "Revised Forecast")!.cells!;
      const totals = "ABCDEFGHI"
        .split("")
        .map((c) => (original[`${c}15`] as { value: string | number }).value);
      await fake.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem("Revised Forecast");
        sheet.getRange("A15:I15").values = [totals];
        sheet.getRange("A16:I16").clear();
        context.workbook.names.getItem("SEND_Expenditure").delete();
        context.workbook.names.add("SEND_Expenditure", sheet.getRange("A5:I15"));
        await context.sync();
      });
    }

    it.each([
      ["with Table.resize", "1.17"],
      ["where Table.resize is missing", "1.12"],
    ])(
      "when the deficit table grows and shrinks, rows are inserted and deleted so every table below moves with the user's references (%s)",
      async (_, excelApi) => {
        const { fake, run, first, formulas, values, peakCell } = await withUserFormulas({
          excelApi,
        });
        const outputCells = () =>
          JSON.stringify(
            [...fake.host.sheet(OUTPUT_SHEET)!.cells].sort(([a], [b]) => a.localeCompare(b))
          );
        const boxes = () =>
          Object.fromEntries(first.sheet.tables.map((t) => [t.name, fake.host.table(t.name)?.box]));
        const cellsAfterFirst = outputCells();
        const boxesAfterFirst = boxes();
        await addExpenditureLine(fake);
        const changesBefore = fake.host.changes.length;
        const syncsBefore = fake.host.syncs.length;
        const outcome = await refresh(createOfficeWorkbook(run));
        if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
        expect(fake.host.syncs.length - syncsBefore).toBe(2);
        expect(fake.droppedActions()).toBe(0);

        const deficit = outcome.sheet.tables.find((t) => t.name === "SEND_OutDeficit")!;
        expect(deficit.rows.map((r) => r[0])).toContain("Sensory support");
        // Every table below the deficit table moved down by the one row added to it.
        for (const t of outcome.sheet.tables) {
          expect(writtenTable(fake, outcome.sheet, t.name)).toEqual([t.headers, ...t.rows]);
          expect(fake.host.table(t.name)!.box).toEqual({
            r0: t.row,
            c0: t.column,
            r1: t.row + Math.max(1, t.rows.length),
            c1: t.column + t.headers.length - 1,
          });
          const before = boxesAfterFirst[t.name]!;
          expect({ table: t.name, moved: t.row - before.r0 }).toEqual({
            table: t.name,
            moved: t.name === "SEND_OutDeficit" ? 0 : 1,
          });
        }
        const onSheet = fake.host.tables
          .filter((t) => t.sheet.name === OUTPUT_SHEET)
          .map((t) => t.name)
          .sort();
        expect(onSheet).toEqual(outcome.sheet.tables.map((t) => t.name).sort());
        expect(fake.host.sheet(OUTPUT_SHEET)!.charts.filter((c) => !c.deleted)).toHaveLength(2);
        // The title rows moved with their tables; nothing is left of the old layout in between.
        for (const t of outcome.sheet.tables)
          expect(fake.host.valuesAt(`'${OUTPUT_SHEET}'!${cellName(t.row - 1, t.column)}`)).toEqual([
            [t.title],
          ]);
        const bottom = Math.max(...outcome.sheet.tables.map((t) => t.row + t.rows.length));
        expect(fake.host.sheet(OUTPUT_SHEET)!.usedBox(true)!.r1).toBe(bottom);

        // Every formula of the user's still works, and calculates from the new figures.
        const column = (name: string, header: string) => {
          const t = outcome.sheet.tables.find((x) => x.name === name)!;
          return t.rows.map((row) => row[t.headers.indexOf(header)]);
        };
        const sum = (xs: CellValue[]) =>
          xs.reduce<number>((total, v) => total + (typeof v === "number" ? v : 0), 0);
        const conditions = outcome.sheet.tables.find((t) => t.name === "SEND_OutConditions")!;
        const peak = conditions.rows.find((row) => row[0] === "Peak deficit")![
          conditions.headers.indexOf("Figure")
        ];
        const movedPeakCell = peakCell.replace(/[0-9]+$/, (r) => String(Number(r) + 1));
        const newFormulas = [...formulas.slice(0, 3), `='${OUTPUT_SHEET}'!${movedPeakCell}`];
        const cells = userCells(fake);
        expect(cells.map((c) => c.formula)).toEqual(newFormulas);
        expect(cells.map((c) => c.now)).toEqual([
          sum(column("SEND_OutDeficit", deficit.headers[3])),
          column("SEND_OutConditions", "Result")[0],
          sum(column("SEND_OutConditions", "Figure")),
          peak,
        ]);
        expect(cells[0].now).not.toBe(values[0]);
        for (const c of cells) expect(c.now).not.toEqual({ error: "#REF!" });

        // The change record: no user cell is touched by the refresh. The one change on the user's sheet is Excel's own
        // reference adjustment when rows are inserted — it rewrites the text of a formula that points at cells that moved
        // ("D39" → "D40") and keeps its value, since the cell it points at moved with it. Structured references need no
        // rewrite: the table keeps its name.
        const user = fake.host.changes.slice(changesBefore).filter((c) => c.sheet !== OUTPUT_SHEET);
        expect(user).toEqual([
          {
            sheet: "My Summary",
            address: "B4",
            before: {
              value: values[3],
              formula: formulas[3],
              numberFormat: "General",
              bold: false,
            },
            after: {
              value: values[3],
              formula: newFormulas[3],
              numberFormat: "General",
              bold: false,
            },
          },
        ]);

        // Back to the first input: the deficit table shrinks again, rows are deleted, and the sheet is as the first refresh left it.
        await removeExpenditureLine(fake);
        const syncsBack = fake.host.syncs.length;
        const back = await refresh(createOfficeWorkbook(run));
        if (!back.ok) throw new Error(JSON.stringify(back.problems));
        expect(fake.host.syncs.length - syncsBack).toBe(2);
        expect(outputCells()).toBe(cellsAfterFirst);
        expect(boxes()).toEqual(boxesAfterFirst);
        expect(fake.host.tables.filter((t) => t.sheet.name === OUTPUT_SHEET)).toHaveLength(
          back.sheet.tables.length
        );
        expect(userCells(fake)).toEqual(
          formulas.map((formula, k) => ({ formula, value: values[k], now: values[k] }))
        );
      }
    );
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
    expect(fake.host.valuesAt(`'${OUTPUT_SHEET}'!A1:B2`)).toEqual([
      ["My own notes", null],
      [null, 42],
    ]);

    // Even asked directly, the port will not write over it.
    const sheet: OutputSheet = { name: OUTPUT_SHEET, tables: [], charts: [] };
    await expect(port.write(sheet, await port.read([]))).rejects.toThrow(/not the add-in's/);
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

    const limit = 12_000;
    const { fake, port } = excelWith(
      copy(example),
      { maxRequestBytes: limit },
      { maxRequestBytes: limit - 2_000 }
    );
    const outcome = await refresh(port);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const writes = fake.host.syncs.slice(1);
    expect(writes.length).toBeGreaterThan(1);
    for (const s of writes) {
      expect(s.bytes).toBeLessThanOrEqual(limit);
      expect(s.calculationSuspended).toBe(true);
    }
    expect(outcome.sheet.tables.map((t) => writtenTable(fake, outcome.sheet, t.name))).toEqual(
      wholeCells
    );
    expect(fake.host.sheet(OUTPUT_SHEET)!.charts.filter((c) => !c.deleted)).toHaveLength(2);

    // Again, on the sheet the first refresh made: cleared in place, still in parts under the limit.
    const before = fake.host.syncs.length;
    const again = await refresh(
      createOfficeWorkbook(fake.run as unknown as ExcelRun, { maxRequestBytes: limit - 2_000 })
    );
    if (!again.ok) throw new Error(JSON.stringify(again.problems));
    const rewrites = fake.host.syncs.slice(before + 1);
    expect(rewrites.length).toBeGreaterThan(1);
    for (const s of rewrites) expect(s.bytes).toBeLessThanOrEqual(limit);
    expect(again.sheet.tables.map((t) => writtenTable(fake, again.sheet, t.name))).toEqual(
      wholeCells
    );
    expect(fake.host.sheet(OUTPUT_SHEET)!.charts.filter((c) => !c.deleted)).toHaveLength(2);
    expect(fake.host.tables.filter((t) => t.sheet.name === OUTPUT_SHEET)).toHaveLength(
      again.sheet.tables.length
    );
  });
});

describe("one pass: a refresh finds each input once, and a write acts on the read it is given", () => {
  afterEach(() => jest.restoreAllMocks());

  it("looks each input up once: one read of the contract's names, a second only for the name spelt another way, one location pass", async () => {
    const model = copy(example);
    model.names = { ...model.names };
    model.names["SEND Baseline"] = model.names.SEND_Baseline;
    delete model.names.SEND_Baseline;
    const { fake, port } = excelWith(model);
    const reads: string[][] = [];
    const read = port.read.bind(port);
    const spied = {
      ...port,
      read: (names: readonly string[]) => (reads.push([...names]), read(names)),
    };
    const locate = jest.spyOn(contract, "locateInputs");
    const lookups = jest.spyOn(contract, "findRange");

    const outcome = await refresh(spied);
    expect(outcome.ok).toBe(true);
    expect(reads).toEqual([CONTRACT_NAMES, ["SEND Baseline"]]);
    const asked = reads.flat().map((n) => n.toLowerCase());
    expect(new Set(asked).size).toBe(asked.length);
    expect(locate).toHaveBeenCalledTimes(1);
    // Inputs are looked up inside the contract's one location pass, never again from the refresh.
    expect(lookups).not.toHaveBeenCalled();
    expect(fake.host.syncs.length).toBe(3);
  });

  it("a write by one adapter from another adapter's read: no read of its own, the sheet's tables kept in place", async () => {
    const { fake, port } = excelWith(copy(example));
    const first = await refresh(port);
    if (!first.ok) throw new Error(JSON.stringify(first.problems));
    const tables = fake.host.tables.filter((t) => !t.deleted && t.name.startsWith("SEND_Out"));
    expect(tables).toHaveLength(OUTPUT_TABLES.length - SIMULATION_TABLES.length);

    const reader = createOfficeWorkbook(fake.run as unknown as ExcelRun);
    const writer = createOfficeWorkbook(fake.run as unknown as ExcelRun);
    const read = await reader.read([]);
    expect(read.outputSheet).toBe("ours");
    await writer.write(first.sheet, read);
    expect(writer.syncCount()).toBe(1);
    // The same table objects, not deleted and added again: formulas that use them by name stay whole.
    expect(fake.host.tables.filter((t) => !t.deleted && t.name.startsWith("SEND_Out"))).toEqual(
      tables
    );
    expect(fake.host.sheets.filter((s) => s.name === OUTPUT_SHEET)).toHaveLength(1);
  });

  it("one adapter, two reads that saw different workbooks: each write follows the read it is given, not the adapter's last", async () => {
    const model = copy(example);
    model.sheets.push({ name: OUTPUT_SHEET, cells: { A1: "My own notes" } });
    const { fake, port } = excelWith(model);
    const sheet: OutputSheet = { name: OUTPUT_SHEET, tables: [], charts: [] };
    const whileTheirs = await port.read([]);
    expect(whileTheirs.outputSheet).toBe("foreign");

    // The user renames their sheet; the adapter's latest read sees the name free.
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem(OUTPUT_SHEET).name = "My notes";
      await context.sync();
    });
    const nameFree = await port.read([]);
    expect(nameFree.outputSheet).toBe("absent");

    // Handed the earlier read, the write refuses as that read requires, though the adapter has read since.
    const changes = fake.host.changes.length;
    await expect(port.write(sheet, whileTheirs)).rejects.toThrow(/not the add-in's/);
    expect(fake.host.changes.length).toBe(changes);
    // Handed the later one, it writes its own sheet beside the user's.
    await port.write(sheet, nameFree);
    expect(fake.host.name(OWNERSHIP_NAME, null)?.ref?.sheet.name).toBe(OUTPUT_SHEET);
    expect(fake.host.valuesAt("'My notes'!A1")).toEqual([["My own notes"]]);
  });
});

describe("a name down to the last row of the sheet", () => {
  it("reads its cells only as far as the sheet's used range, in the same round trip, as the .xlsx adapter does", async () => {
    const model = copy(example);
    // SEND_Baseline from its first key down to row 1,048,576: ten rows hold something.
    model.names!.SEND_Baseline = "'Demand Baseline'!$A$5:$B$1048576";
    const { port } = excelWith(model);
    const read = await port.read(CONTRACT_NAMES);
    expect(port.syncCount()).toBe(1);
    const baseline = read.ranges.SEND_Baseline!;
    expect(baseline.row).toBe(4);
    expect(baseline.values).toHaveLength(10);
    // The same cells as the name over just those rows, read from the file.
    const viaFile = await (await XlsxWorkbook.open(EXAMPLE)).read(["SEND_Baseline"]);
    expect(baseline.values).toEqual(viaFile.ranges.SEND_Baseline!.values);
    const outcome = contract.readInputs(read);
    expect(outcome.ok).toBe(true);
  });
});
