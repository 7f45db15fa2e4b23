/**
 * The Monte Carlo on the output sheet: SEND_OutSimulation (P10/P50/P90 by
 * year), SEND_OutSimulationOutcomes (the chances and the balance year's
 * distribution) and the fan chart, laid out only when a refresh simulates.
 * The figures are checked against the raw draws, sorted and interpolated
 * here by hand (Excel's PERCENTILE.INC), not against the model's summary.
 */
import { WILTSHIRE } from "../../src/example/wiltshire";
import {
  runForecast,
  simulate,
  type Draw,
  type ForecastInput,
  type ForecastResult,
  type SimulationResult,
} from "../../src/model";
import {
  COUNT,
  NO_AGREEMENT,
  OUTPUT_TABLES,
  RATE,
  SIMULATION_COLUMNS,
  SIMULATION_TABLES,
  THOUSANDS,
  shapeOutput,
} from "../../src/workbook/output";
import type { OutputTable } from "../../src/workbook/port";
import { refresh } from "../../src/workbook/refresh";
import { formatProblem } from "../../src/workbook/problems";
import { memoryPort } from "./memoryPort";
import { wiltshireRanges } from "./wiltshireRanges";

function run(input: ForecastInput): ForecastResult {
  const out = runForecast(input);
  if (!out.ok) throw new Error(JSON.stringify(out.problems));
  return out.value;
}

function simulated(
  input: ForecastInput,
  draws: number,
  seed: number
): { sim: SimulationResult; raw: Draw[] } {
  const out = simulate(input, { draws, seed });
  if (!out.ok) throw new Error(JSON.stringify(out.problems));
  const { raw, ...sim } = out.value;
  return { sim, raw };
}

/** PERCENTILE.INC by hand: the rank (n − 1)p between the two order statistics around it. */
function byHand(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const rank = (s.length - 1) * p;
  const below = Math.floor(rank);
  const above = Math.ceil(rank);
  return s[below] + (rank - below) * (s[above] - s[below]);
}

const tableOf = (tables: readonly OutputTable[], name: string): OutputTable => {
  const t = tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name}`);
  return t;
};

describe("SEND_OutSimulation and SEND_OutSimulationOutcomes", () => {
  const result = run(WILTSHIRE);
  const { sim, raw } = simulated(WILTSHIRE, 400, 3);
  const sheet = shapeOutput(result, { input: WILTSHIRE, simulation: sim });
  const t = tableOf(sheet.tables, "SEND_OutSimulation");
  const odds = tableOf(sheet.tables, "SEND_OutSimulationOutcomes");
  const years = result.ledger.years;

  it("sit below the sensitivity table, each with a title above it, and are output tables the guards cover", () => {
    const names = sheet.tables.map((x) => x.name);
    expect(names.indexOf("SEND_OutSimulation")).toBe(names.indexOf("SEND_OutSensitivity") + 1);
    expect(names.indexOf("SEND_OutSimulationOutcomes")).toBe(
      names.indexOf("SEND_OutSimulation") + 1
    );
    expect(t.title).toBe(
      "Monte Carlo: 400 draws, seed 3: EHCPs at 31 March and total deficit balance at the year end by percentile (£'000)"
    );
    expect(t.row).toBeGreaterThan(tableOf(sheet.tables, "SEND_OutSensitivity").row);
    // One blank row at least between a table's notes and the next title.
    expect(odds.row - 1).toBeGreaterThan(t.row + t.rows.length + (t.notes?.length ?? 0));
    for (const name of SIMULATION_TABLES) expect(OUTPUT_TABLES).toContain(name);
  });

  it("has a row per year of the deficit table, EHCPs blank before the forecast, each figure the draws' percentile", () => {
    expect(t.headers).toEqual([
      "Year",
      "EHCPs P10",
      "EHCPs P50",
      "EHCPs P90",
      "Total deficit balance P10",
      "Total deficit balance P50",
      "Total deficit balance P90",
      "Total deficit balance P90 − P10",
    ]);
    expect(t.numberFormats).toEqual([
      "@",
      COUNT,
      COUNT,
      COUNT,
      THOUSANDS,
      THOUSANDS,
      THOUSANDS,
      THOUSANDS,
    ]);
    expect(t.rows.map((r) => r[0])).toEqual(years);
    // Wiltshire's forecast starts in 2024/25: 2023/24 is outturn, with no EHCP percentiles.
    expect(t.rows[0].slice(1, 4)).toEqual([null, null, null]);
    t.rows.forEach((row, k) => {
      const closing = raw.map((d) => d.closing[k]);
      [0.1, 0.5, 0.9].forEach((p, j) => expect(row[4 + j]).toBeCloseTo(byHand(closing, p), 6));
      expect(row[7]).toBeCloseTo(byHand(closing, 0.9) - byHand(closing, 0.1), 6);
      if (k > 0) {
        const ehcps = raw.map((d) => d.ehcps[k]);
        [0.1, 0.5, 0.9].forEach((p, j) => expect(row[1 + j]).toBeCloseTo(byHand(ehcps, p), 6));
      }
      expect(row[4] as number).toBeLessThanOrEqual(row[5] as number);
      expect(row[5] as number).toBeLessThanOrEqual(row[6] as number);
    });
    // The outturn year's balance is the same in every draw, and is the plain run's.
    expect(t.rows[0][4]).toBeCloseTo(result.ledger.closing[0], 6);
    expect(t.rows[0][7]).toBeCloseTo(0, 6);
    // Later years spread.
    expect(t.rows[years.indexOf("2028/29")][7] as number).toBeGreaterThan(0);
  });

  it("marks the outturn year actual and every other figure forecast, blanks none", () => {
    expect(t.kinds![0]).toEqual([null, null, null, null, "actual", "actual", "actual", "actual"]);
    for (const k of t.kinds!.slice(1)) expect(k).toEqual([null, ...Array(7).fill("forecast")]);
  });

  it("gives the chance of in-year balance by the target year, within the cap, and each balance year's share, counted from the draws", () => {
    expect(odds.headers).toEqual(["Outcome", "Share of draws"]);
    expect(odds.numberFormats).toEqual(["@", RATE]);
    const t29 = years.indexOf("2028/29");
    const inBalance = raw.filter(
      (d) => d.balanceYear !== null && years.indexOf(d.balanceYear) <= t29
    ).length;
    expect(odds.rows[0]).toEqual([
      "In-year balance by 2028/29 (the balance target year)",
      inBalance / 400,
    ]);
    const capYear = years.indexOf("2024/25");
    expect(odds.rows[1]).toEqual([
      "Total deficit balance within the cap of 84,500 in 2024/25",
      raw.filter((d) => d.closing[capYear] <= 84500).length / 400,
    ]);
    const distribution = odds.rows.slice(2);
    const shareOf = (label: string) => distribution.find((r) => r[0] === label)?.[1] ?? 0;
    for (const y of years)
      expect(shareOf(`Balance year ${y}`)).toBe(
        raw.filter((d) => d.balanceYear === y).length / 400
      );
    expect(shareOf("Not in balance by 2030/31")).toBe(
      raw.filter((d) => d.balanceYear === null).length / 400
    );
    expect(distribution.reduce((s, r) => s + (r[1] as number), 0)).toBeCloseTo(1, 12);
    expect(odds.kinds!.every((k) => k[0] === null && k[1] === "forecast")).toBe(true);
  });

  it("says there is no agreement rather than give a chance within a cap there is none of", () => {
    const input: ForecastInput = {
      ...WILTSHIRE,
      settings: { ...WILTSHIRE.settings!, safetyValve: false },
    };
    const other = simulated(input, 50, 1).sim;
    const o = tableOf(
      shapeOutput(run(input), { input, simulation: other }).tables,
      "SEND_OutSimulationOutcomes"
    );
    expect(o.rows[1]).toEqual(["Total deficit balance within the cap", NO_AGREEMENT]);
    expect(o.kinds![1]).toEqual([null, null]);
  });

  it("draws a fan chart of the total deficit balance from the table: the P10 base, the P90 − P10 band, the P50 line", () => {
    const fan = sheet.charts.find((c) => c.type === "fan")!;
    expect(fan).toMatchObject({
      table: "SEND_OutSimulation",
      categoryColumn: "Year",
      seriesColumns: [SIMULATION_COLUMNS.low, SIMULATION_COLUMNS.spread, SIMULATION_COLUMNS.middle],
      fallbackColumns: [SIMULATION_COLUMNS.low, SIMULATION_COLUMNS.middle, SIMULATION_COLUMNS.high],
    });
    for (const h of [...fan.seriesColumns, ...fan.fallbackColumns!]) expect(t.headers).toContain(h);
    // Beside the tables, below the other two charts.
    const others = sheet.charts.filter((c) => c !== fan);
    expect(fan.column).toBe(others[0].column);
    expect(fan.row).toBeGreaterThanOrEqual(Math.max(...others.map((c) => c.row)) + 18);
  });

  it("without a simulation, neither table nor the fan chart, and the tables below move up", () => {
    const plain = shapeOutput(result, { input: WILTSHIRE });
    expect(plain.tables.map((x) => x.name)).toEqual(
      sheet.tables.map((x) => x.name).filter((n) => !SIMULATION_TABLES.includes(n))
    );
    expect(plain.charts.map((c) => c.type)).toEqual(["column", "line"]);
    expect(tableOf(plain.tables, "SEND_OutOriginalPlan").row).toBeLessThan(
      tableOf(sheet.tables, "SEND_OutOriginalPlan").row
    );
  });
});

describe("refresh's simulate option", () => {
  it("is called once with the input read, after the forecast and before the one write, which lays it out", async () => {
    const port = memoryPort(wiltshireRanges());
    const steps: string[] = [];
    const given: ForecastInput[] = [];
    let writesWhenCalled = -1;
    const out = await refresh(port, {
      onProgress: (step) => steps.push(step),
      simulate: async (input) => {
        given.push(input);
        writesWhenCalled = port.writes.length;
        return simulated(input, 60, 9).sim;
      },
    });
    if (!out.ok) throw new Error(out.problems.map(formatProblem).join("\n"));
    expect(given).toEqual([out.input]);
    expect(writesWhenCalled).toBe(0);
    expect(port.writes).toHaveLength(1);
    expect(steps.indexOf("Simulating")).toBeGreaterThan(steps.indexOf("Forecasting"));
    expect(steps.indexOf("Simulating")).toBeLessThan(steps.indexOf("Writing the forecast"));
    // The outcome carries what was laid out, figure for figure.
    const expected = simulated(out.input, 60, 9).sim;
    expect(out.simulation).toEqual(expected);
    const t = tableOf(port.writes[0].tables, "SEND_OutSimulation");
    expect(t.rows.map((r) => r[5])).toEqual(expected.years.map((y) => y.closing.p50));
    expect(port.writes[0].charts.some((c) => c.type === "fan")).toBe(true);
  });

  it("given nothing back (the user cancelled), writes the sheet without the Monte Carlo", async () => {
    const port = memoryPort(wiltshireRanges());
    const out = await refresh(port, { simulate: async () => undefined });
    expect(out.ok).toBe(true);
    if (out.ok) expect(out.simulation).toBeUndefined();
    expect(port.writes).toHaveLength(1);
    const names = port.writes[0].tables.map((t) => t.name);
    for (const name of SIMULATION_TABLES) expect(names).not.toContain(name);
    expect(port.writes[0].charts.some((c) => c.type === "fan")).toBe(false);
  });

  it("is not called for invalid input, and nothing is written", async () => {
    const ranges = wiltshireRanges().map((r) =>
      r.name === "SEND_OpeningDeficit" ? { ...r, values: [["lots"]] } : r
    );
    const port = memoryPort(ranges);
    const simulate = jest.fn(async () => undefined);
    const out = await refresh(port, { simulate });
    expect(out.ok).toBe(false);
    expect(simulate).not.toHaveBeenCalled();
    expect(port.writes).toEqual([]);
  });

  it.each(SIMULATION_TABLES)(
    "a table of the user's called %s stops the refresh, simulating or not, as the other output names do",
    async (name) => {
      const mine = {
        name,
        kind: "table" as const,
        sheet: "Mine",
        row: 0,
        column: 0,
        values: [["Year"], ["2024/25"]],
        numberFormats: [["General"], ["General"]],
      };
      for (const options of [{}, { simulate: async () => undefined }]) {
        const port = memoryPort([...wiltshireRanges(), mine]);
        const out = await refresh(port, options);
        expect(out.ok).toBe(false);
        if (!out.ok)
          expect(out.problems.map(formatProblem)).toEqual([
            expect.stringMatching(
              new RegExp(`^${name}.*the workbook already has a table of this name`)
            ),
          ]);
        expect(port.writes).toEqual([]);
      }
    }
  );
});
