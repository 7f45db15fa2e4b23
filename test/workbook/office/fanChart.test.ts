/**
 * The Monte Carlo inside Excel, against the fake Excel holding the example
 * workbook: the refresh's simulate option lays out SEND_OutSimulation and
 * SEND_OutSimulationOutcomes in the same write, and the adapter draws the
 * fan chart as a stacked area of an unfilled P10 base and a shaded
 * P90 − P10 band, with the P50 a line series; a host without ExcelApi 1.7
 * gets lines of P10, P50 and P90. A later plain refresh takes them away.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { simulate, type ForecastInput, type SimulationResult } from "../../../src/model";
import { createOfficeWorkbook, type ExcelRun } from "../../../src/workbook/office/workbook";
import { FAN_BAND_FILL, FAN_LINE_COLOUR } from "../../../src/workbook/office/writeSteps";
import { SIMULATION_COLUMNS, SIMULATION_TABLES } from "../../../src/workbook/output";
import { OUTPUT_SHEET, type CellValue, type OutputSheet } from "../../../src/workbook/port";
import { refresh, type RefreshOptions } from "../../../src/workbook/refresh";
import { formatProblem } from "../../../src/workbook/problems";
import { installFakeOffice, type FakeHostOptions, type FakeWorkbookModel } from "../../fakes/excel";
import { fakeModelFromXlsx } from "../../fakes/excel/fromXlsx";

const EXAMPLE = path.join(__dirname, "../../../assets/SEND-Forecaster-Example.xlsx");
let example: FakeWorkbookModel;

beforeAll(async () => {
  example = await fakeModelFromXlsx(readFileSync(EXAMPLE));
});

const copy = (m: FakeWorkbookModel): FakeWorkbookModel => JSON.parse(JSON.stringify(m));

function excelWith(model: FakeWorkbookModel, options: FakeHostOptions = {}) {
  const fake = installFakeOffice(globalThis, model, options);
  const port = () => createOfficeWorkbook(fake.run as unknown as ExcelRun);
  return { fake, port };
}

const simulating = (draws: number, seed: number): RefreshOptions => ({
  simulate: async (input: ForecastInput): Promise<SimulationResult> => {
    const out = simulate(input, { draws, seed });
    if (!out.ok) throw new Error(JSON.stringify(out.problems));
    return out.value;
  },
});

async function refreshed(port: Parameters<typeof refresh>[0], options: RefreshOptions = {}) {
  const out = await refresh(port, options);
  if (!out.ok) throw new Error(out.problems.map(formatProblem).join("\n"));
  return out;
}

/** The cells of an output table as the fake holds them, header row first. */
function written(fake: ReturnType<typeof excelWith>["fake"], sheet: OutputSheet, name: string) {
  const t = sheet.tables.find((x) => x.name === name)!;
  const table = fake.host.table(name)!;
  return fake.host.valuesAt(
    fake.host.address(table.sheet, {
      r0: t.row,
      c0: t.column,
      r1: t.row + t.rows.length,
      c1: t.column + t.headers.length - 1,
    })
  );
}

const live = (fake: ReturnType<typeof excelWith>["fake"]) =>
  fake.host.sheet(OUTPUT_SHEET)!.charts.filter((c) => !c.deleted);

describe("the Monte Carlo on the output sheet inside Excel", () => {
  it("writes both tables in the refresh's one write and draws the fan: unfilled P10 base, shaded band, P50 line", async () => {
    const { fake, port } = excelWith(copy(example));
    const out = await refreshed(port(), simulating(200, 2));
    // A read and a write, as without the Monte Carlo.
    expect(fake.host.syncs.length).toBeLessThanOrEqual(2);
    expect(fake.droppedActions()).toBe(0);

    for (const name of SIMULATION_TABLES) {
      const t = out.sheet.tables.find((x) => x.name === name)!;
      expect(fake.host.table(name)?.sheet.name).toBe(OUTPUT_SHEET);
      const expected: CellValue[][] = [t.headers, ...t.rows];
      expect(written(fake, out.sheet, name)).toEqual(expected);
    }
    // The table's P50 column is the simulation's, year by year.
    const cells = written(fake, out.sheet, "SEND_OutSimulation");
    const p50 = cells[0].indexOf(SIMULATION_COLUMNS.middle);
    expect(cells.slice(1).map((r) => r[p50])).toEqual(
      out.simulation!.years.map((y) => y.closing.p50)
    );

    const charts = live(fake);
    expect(charts.map((c) => c.type).sort()).toEqual(["AreaStacked", "ColumnClustered", "Line"]);
    const fan = charts.find((c) => c.type === "AreaStacked")!;
    expect(fan.name).toBe("SEND_OutSimulationChart");
    expect(fan.title).toMatch(/^Total deficit balance \(£'000\): P10 to P90 and P50 of 200 draws/);
    expect(fan.series.map((s) => s.name)).toEqual([
      SIMULATION_COLUMNS.low,
      SIMULATION_COLUMNS.spread,
      SIMULATION_COLUMNS.middle,
    ]);
    // Each series plots its own column's data rows, against the Year column.
    const box = fake.host.table("SEND_OutSimulation")!.box;
    const headers = cells[0];
    for (const s of fan.series) {
      const c = box.c0 + headers.indexOf(s.name);
      expect(s.values?.box).toEqual({ r0: box.r0 + 1, c0: c, r1: box.r1, c1: c });
      expect(s.categories?.box).toEqual({ r0: box.r0 + 1, c0: box.c0, r1: box.r1, c1: box.c0 });
    }
    const [base, band, middle] = fan.series;
    // The base: stacked, no fill, no outline, so the band starts at P10.
    expect([base.chartType, base.fill, base.line?.style]).toEqual([undefined, null, "None"]);
    // The band: stacked on it, shaded, from P10 up to P10 + (P90 − P10) = P90.
    expect([band.chartType, band.fill, band.line?.style]).toEqual([
      undefined,
      FAN_BAND_FILL,
      "None",
    ]);
    // The middle: a line of its own type on the same axes.
    expect([middle.chartType, middle.fill, middle.line?.color]).toEqual([
      "Line",
      undefined,
      FAN_LINE_COLOUR,
    ]);
    // The band's top is P90: the P10 and the spread add up to the P90 column.
    const p10 = headers.indexOf(SIMULATION_COLUMNS.low);
    const spread = headers.indexOf(SIMULATION_COLUMNS.spread);
    const p90 = headers.indexOf(SIMULATION_COLUMNS.high);
    for (const r of cells.slice(1))
      expect((r[p10] as number) + (r[spread] as number)).toBeCloseTo(r[p90] as number, 6);
  });

  it("keeps the tables in place on a second simulated refresh, and a plain refresh takes them and the fan away", async () => {
    const { fake, port } = excelWith(copy(example));
    await refreshed(port(), simulating(100, 4));
    const table = fake.host.table("SEND_OutSimulation")!;

    const again = await refreshed(port(), simulating(100, 5));
    // The same table, not deleted and added again: the user's formulas into it stay whole.
    expect(fake.host.table("SEND_OutSimulation")).toBe(table);
    expect(table.deleted).toBe(false);
    expect(written(fake, again.sheet, "SEND_OutSimulation")).toEqual([
      again.sheet.tables.find((t) => t.name === "SEND_OutSimulation")!.headers,
      ...again.sheet.tables.find((t) => t.name === "SEND_OutSimulation")!.rows,
    ]);
    expect(live(fake)).toHaveLength(3);

    const plain = await refreshed(port());
    expect(plain.simulation).toBeUndefined();
    for (const name of SIMULATION_TABLES) expect(fake.host.table(name) ?? null).toBeNull();
    expect(
      live(fake)
        .map((c) => c.type)
        .sort()
    ).toEqual(["ColumnClustered", "Line"]);
    // Every table left is written whole where the plain layout puts it.
    for (const t of plain.sheet.tables)
      expect(written(fake, plain.sheet, t.name)).toEqual(
        [t.headers, ...t.rows].map((row) =>
          row.map((v) => (typeof v === "number" && !Number.isFinite(v) ? { error: "#NUM!" } : v))
        )
      );
    expect(
      fake.host.tables.filter((t) => !t.deleted && t.name.startsWith("SEND_Out")).map((t) => t.name)
    ).toEqual(expect.not.arrayContaining([...SIMULATION_TABLES]));
  });

  it("on a host without ExcelApi 1.7 (no series of another type), draws P10, P50 and P90 as lines instead", async () => {
    const { fake, port } = excelWith(copy(example), { excelApi: "1.6" });
    await refreshed(port(), simulating(50, 1));
    expect(fake.droppedActions()).toBe(0);
    const fan = live(fake).find((c) => c.name === "SEND_OutSimulationChart")!;
    expect(fan.type).toBe("Line");
    expect(fan.series.map((s) => [s.name, s.chartType, s.fill])).toEqual([
      [SIMULATION_COLUMNS.low, undefined, undefined],
      [SIMULATION_COLUMNS.middle, undefined, undefined],
      [SIMULATION_COLUMNS.high, undefined, undefined],
    ]);
  });
});
