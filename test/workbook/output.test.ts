import { WILTSHIRE, WILTSHIRE_PUBLISHED } from "../../src/example/wiltshire";
import {
  interventionValues,
  runForecast,
  sensitivity,
  type ForecastInput,
  type ForecastResult,
} from "../../src/model";
import {
  DEFICIT_ROWS,
  deficitEmphasis,
  deficitTable,
  INTERACTION_NOTE,
  shapeOutput,
} from "../../src/workbook/output";
import { OUTPUT_SHEET, type OutputTable } from "../../src/workbook/port";
import { monthOfSerial } from "../../src/workbook/cells";

function wiltshire(): ForecastResult {
  const out = runForecast(WILTSHIRE);
  if (!out.ok) throw new Error(JSON.stringify(out.problems));
  return out.value;
}

const rowOf = (t: { rows: unknown[][] }, label: string): unknown[] => {
  const row = t.rows.find((r) => r[0] === label);
  if (!row) throw new Error(`no row ${label}`);
  return row;
};

describe("the revised forecast deficit table", () => {
  const result = wiltshire();
  const table = deficitTable(result.ledger, "2024/25");

  it("has the report's rows in the report's order, years as columns", () => {
    expect(table.headers).toEqual(["Provision", ...WILTSHIRE.years]);
    expect(table.rows.map((r) => r[0])).toEqual([
      "Plan Year",
      ...WILTSHIRE.expenditure.map((l) => l.label),
      "Total Expenditure",
      "High Needs Block",
      "Block Transfer",
      "In Year Surplus (-)/Deficit (+)",
      "Surplus/Deficit from other DSG Blocks",
      "Safety Valve Income",
      "Surplus/Deficit Brought Forward from Previous years",
      "Total Deficit Balance",
    ]);
  });

  it("numbers plan years from the year of the forecast start, the outturn year blank, as the report does", () => {
    expect(rowOf(table, "Plan Year")).toEqual(["Plan Year", null, 1, 2, 3, 4, 5, 6, 7]);
    expect(rowOf(deficitTable(result.ledger), "Plan Year")).toEqual([
      "Plan Year",
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      8,
    ]);
  });

  it("reproduces Wiltshire's in-year and deficit balance rows within ±3 of the report", () => {
    const inYear = rowOf(table, DEFICIT_ROWS.inYear).slice(1) as number[];
    const closing = rowOf(table, DEFICIT_ROWS.closing).slice(1) as number[];
    inYear.forEach((v, k) =>
      expect(Math.abs(v - WILTSHIRE_PUBLISHED.inYear[k])).toBeLessThanOrEqual(3)
    );
    closing.forEach((v, k) =>
      expect(Math.abs(v - WILTSHIRE_PUBLISHED.closing[k])).toBeLessThanOrEqual(3)
    );
  });

  it("shows income negative and brings each year's balance forward into the next", () => {
    expect(
      (rowOf(table, DEFICIT_ROWS.highNeedsBlock).slice(1) as number[]).every((v) => v < 0)
    ).toBe(true);
    const opening = rowOf(table, DEFICIT_ROWS.opening).slice(1) as number[];
    const closing = rowOf(table, DEFICIT_ROWS.closing).slice(1) as number[];
    expect(opening[0]).toBe(35214);
    for (let k = 1; k < opening.length; k++) expect(opening[k]).toBe(closing[k - 1]);
  });

  it("emphasises Total Expenditure, the in-year position and Total Deficit Balance", () => {
    expect(deficitEmphasis(table).map((k) => table.rows[k][0])).toEqual([
      DEFICIT_ROWS.expenditure,
      DEFICIT_ROWS.inYear,
      DEFICIT_ROWS.closing,
    ]);
  });
});

describe("the output sheet", () => {
  const result = wiltshire();
  const sheet = shapeOutput(result, { input: WILTSHIRE });
  const table = (name: string): OutputTable => {
    const t = sheet.tables.find((x) => x.name === name);
    if (!t) throw new Error(`no table ${name}`);
    return t;
  };

  it("is the add-in's sheet, with the contract's tables and two charts", () => {
    expect(sheet.name).toBe(OUTPUT_SHEET);
    expect(sheet.tables.map((t) => t.name).sort()).toEqual([
      "SEND_OutBalance",
      "SEND_OutConditions",
      "SEND_OutDeficit",
      "SEND_OutInterventionValue",
      "SEND_OutOriginalPlan",
      "SEND_OutScenarios",
      "SEND_OutSensitivity",
      "SEND_OutSystem",
      "SEND_OutTrajectory",
    ]);
    expect(sheet.charts.map((c) => [c.type, c.table])).toEqual([
      ["column", "SEND_OutBalance"],
      ["line", "SEND_OutTrajectory"],
    ]);
    for (const c of sheet.charts) {
      const t = table(c.table);
      expect(t.headers).toContain(c.categoryColumn);
      for (const s of c.seriesColumns) expect(t.headers).toContain(s);
    }
  });

  it("places tables, with their title rows, so that none overlaps another or a chart's corner", () => {
    const spans = sheet.tables.map((t) => ({
      top: t.row - 1,
      bottom: t.row + t.rows.length,
      left: t.column,
      right: t.column + t.headers.length - 1,
    }));
    for (let a = 0; a < spans.length; a++)
      for (let b = a + 1; b < spans.length; b++) {
        const x = spans[a];
        const y = spans[b];
        const apart = x.bottom < y.top || y.bottom < x.top || x.right < y.left || y.right < x.left;
        expect(apart).toBe(true);
      }
    expect(spans.every((s) => s.top >= 0)).toBe(true);
    for (const c of sheet.charts) expect(spans.every((s) => c.column > s.right)).toBe(true);
  });

  it("gives every table rows as wide as its headers, one number format a column, and unique headers", () => {
    for (const t of sheet.tables) {
      expect(new Set(t.headers).size).toBe(t.headers.length);
      expect(t.numberFormats).toHaveLength(t.headers.length);
      for (const r of t.rows) expect(r).toHaveLength(t.headers.length);
    }
  });

  it("formats £'000 without decimals but keeps the values unrounded", () => {
    const deficit = table("SEND_OutDeficit");
    expect(deficit.numberFormats.slice(1).every((f) => f === "#,##0;-#,##0")).toBe(true);
    expect(rowOf(deficit, DEFICIT_ROWS.closing).slice(1)).toEqual(result.ledger.closing);
  });

  it("writes the system table as the report's: 636 a year now, 36 a year once every intervention is in", () => {
    const system = table("SEND_OutSystem");
    expect(system.headers).toEqual([
      "System",
      "EHCNA requests",
      "No to assess",
      "No to issue",
      "Ceased plans",
      "Net annual growth",
      "INMSS growth reduction",
    ]);
    const current = rowOf(system, "Current System");
    expect(current.slice(1, 5)).toEqual([97, 0.12, 0.039, 29]);
    expect(Math.round(current[5] as number)).toBe(636);
    const target = system.rows[system.rows.length - 1];
    expect(target[0]).toBe("Target System (from 2026-04)");
    expect(target[1]).toBeCloseTo(66, 9);
    expect(target[2]).toBeCloseTo(0.25, 9);
    expect(target[3]).toBeCloseTo(0.05, 9);
    expect(target[4]).toBeCloseTo(44, 9);
    expect(Math.round(target[5] as number)).toBe(36);
    expect(target[6]).toBeCloseTo(0.2, 9);
    expect(rowOf(system, "Early Years ESA")).toEqual([
      "Early Years ESA",
      -15,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(rowOf(system, "Improving decision-making (no to assess)")[2]).toBe(0.13);
    expect(system.rows).toHaveLength(WILTSHIRE.interventions!.length + 3);
  });

  it("writes the trajectory by month as Excel dates, a column per scenario", () => {
    const t = table("SEND_OutTrajectory");
    expect(t.headers).toEqual([
      "Month",
      "EHCPs unmitigated",
      "EHCPs mitigated",
      "EHCPs risk-adjusted",
      "INMSS unmitigated",
      "INMSS mitigated",
      "INMSS risk-adjusted",
    ]);
    expect(t.numberFormats[0]).toBe("mmm yyyy");
    expect(t.rows.map((r) => monthOfSerial(r[0] as number))).toEqual(
      result.scenarios.mitigated.months
    );
    expect(t.rows[0][0]).toBe(45658); // 1 January 2025
    expect(t.rows.map((r) => r[2])).toEqual(result.scenarios.mitigated.ehcps);
  });

  it("carries a comparison series through, by month", () => {
    const withPlan = {
      ...result,
      comparison: { label: "original plan", months: ["2025-02", "2032-01"], ehcps: [6400, 1] },
    };
    const t = shapeOutput(withPlan).tables.find((x) => x.name === "SEND_OutTrajectory")!;
    expect(t.headers[4]).toBe("EHCPs original plan");
    expect(t.rows.map((r) => r[4]).filter((v) => v !== null)).toEqual([6400]);
  });

  it("states each Safety Valve condition with its year and figure: in-year balance fails in 2028/29, the cap passes", () => {
    const t = table("SEND_OutConditions");
    const [balance, cap, balanceYear, residual, peak] = t.rows;
    expect(balance.slice(1, 3)).toEqual(["Fail", "2028/29"]);
    expect(Math.abs((balance[3] as number) - 5119)).toBeLessThanOrEqual(3);
    expect(cap.slice(1, 3)).toEqual(["Pass", "2024/25"]);
    expect(Math.abs((cap[3] as number) - 66232)).toBeLessThanOrEqual(3);
    expect(cap[4]).toBe(84500);
    expect(balanceYear.slice(1, 3)).toEqual(["Reached", "2030/31"]);
    expect(Math.abs((residual[3] as number) - 123385)).toBeLessThanOrEqual(3);
    expect(peak[2]).toBe("2027/28");
    expect(Math.abs((peak[3] as number) - 131282)).toBeLessThanOrEqual(3);
  });
});

describe("live formulas", () => {
  const result = wiltshire();

  it("write each deficit figure as an INDEX into SEND.DEFICIT over the input names, the plan-year row and labels as values", () => {
    const sheet = shapeOutput(result, {
      mode: "formulas",
      // The example without its cost lines: a ledger of supplied lines, which the deficit function reproduces.
      input: { ...WILTSHIRE, costs: undefined },
      names: { SEND_Funding: "DSG_Income[#All]" },
    });
    const t = sheet.tables.find((x) => x.name === "SEND_OutDeficit")!;
    expect(t.formulas).toHaveLength(t.rows.length);
    expect(t.formulas![0].every((f) => f === null)).toBe(true);
    expect(t.formulas!.every((r) => r[0] === null)).toBe(true);
    const closing = t.rows.findIndex((r) => r[0] === DEFICIT_ROWS.closing);
    expect(t.formulas![closing][8]).toBe(
      "=INDEX(SEND.DEFICIT(SEND_Expenditure,DSG_Income[#All],SEND_OpeningDeficit),19,9)"
    );
    // INDEX(r, c) counts over [headers, ...rows]: it lands on the very cell it replaces.
    const grid = [t.headers, ...t.rows];
    for (let k = 1; k < t.rows.length; k++)
      for (let j = 1; j < t.headers.length; j++) {
        const m = /,(\d+),(\d+)\)$/.exec(t.formulas![k][j]!)!;
        expect(grid[Number(m[1]) - 1][Number(m[2]) - 1]).toBe(t.rows[k][j]);
      }
  });

  it("are not used where a cost line is driven by the demand forecast, which the deficit function cannot see", () => {
    const input = {
      ...WILTSHIRE,
      costs: [
        {
          line: "Special Schools",
          driver: "EHCPs" as const,
          share: 0.3,
          unitCost: 25000,
          inflation: 0,
          baseYear: "2024/25",
        },
      ],
    };
    const t = shapeOutput(result, { mode: "formulas", input }).tables.find(
      (x) => x.name === "SEND_OutDeficit"
    )!;
    expect(t.formulas).toBeUndefined();
    // The example's own Change lines too: its ledger moves with the interventions.
    const example = shapeOutput(result, { mode: "formulas", input: WILTSHIRE }).tables.find(
      (x) => x.name === "SEND_OutDeficit"
    )!;
    expect(example.formulas).toBeUndefined();
  });

  it("are absent in values mode, the default", () => {
    expect(shapeOutput(result).tables.every((t) => t.formulas === undefined)).toBe(true);
  });
});

describe("the intervention value table", () => {
  const values = interventionValues(WILTSHIRE);
  if (!values.ok) throw new Error(JSON.stringify(values.problems));
  const v = values.value;
  const result = { ...wiltshire(), interventionValues: v };
  const t = shapeOutput(result, { input: WILTSHIRE }).tables.find(
    (x) => x.name === "SEND_OutInterventionValue"
  )!;

  it("has a row per intervention in the order listed, then the sum, all together, the interaction and the note", () => {
    expect(t.rows.map((r) => r[0])).toEqual([
      ...WILTSHIRE.interventions!.map((iv) => iv.name),
      "Sum of the interventions",
      "All together",
      "Interaction (difference)",
      INTERACTION_NOTE,
    ]);
    expect(INTERACTION_NOTE).toMatch(/interact/);
    expect(t.rows[t.rows.length - 1].slice(1).every((c) => c === null)).toBe(true);
    expect(t.headers).toHaveLength(3 + WILTSHIRE.years.length + 1);
    expect(t.numberFormats).toHaveLength(t.headers.length);
    expect(t.emphasisedRows!.map((k) => t.rows[k][0])).toEqual(["All together"]);
  });

  it("shows each figure as the model gives it: plans and INMSS in the target year, £'000 by year and to the target year", () => {
    const esa = v.interventions.find((iv) => iv.name === "Early Years ESA")!;
    expect(rowOf(t, "Early Years ESA")).toEqual([
      "Early Years ESA",
      esa.ehcpsAvoidedInTarget,
      esa.inmssAvoidedInTarget,
      ...esa.costAvoided,
      esa.costAvoidedToTarget,
    ]);
    expect(rowOf(t, "All together")[1]).toBe(v.whole.ehcpsAvoidedInTarget);
    // The example's Change lines price the plans it avoids.
    expect(esa.ehcpsAvoidedInTarget).toBeGreaterThan(0);
    expect(esa.costAvoidedToTarget).toBeGreaterThan(0);
  });

  it("without values, it is still written, with only the note", () => {
    const bare = shapeOutput(wiltshire()).tables.find(
      (x) => x.name === "SEND_OutInterventionValue"
    )!;
    expect(bare.rows.map((r) => r[0])).toEqual([INTERACTION_NOTE]);
  });
});

describe("the sensitivity table", () => {
  const moved = sensitivity(WILTSHIRE);
  if (!moved.ok) throw new Error(JSON.stringify(moved.problems));
  const s = moved.value;
  const sheet = shapeOutput({ ...wiltshire(), sensitivity: s }, { input: WILTSHIRE });
  const t = sheet.tables.find((x) => x.name === "SEND_OutSensitivity")!;

  /** The target year's closing total deficit balance of a plain run. */
  const closingIn = (input: ForecastInput, year: string): number => {
    const out = runForecast(input);
    if (!out.ok) throw new Error(JSON.stringify(out.problems));
    return out.value.ledger.closing[out.value.ledger.years.indexOf(year)];
  };

  it("sits below the intervention value table, with a title naming the target year and the move", () => {
    const names = sheet.tables.map((x) => x.name);
    expect(names.indexOf("SEND_OutSensitivity")).toBe(
      names.indexOf("SEND_OutInterventionValue") + 1
    );
    expect(t.title).toBe(
      "Sensitivity: change in the total deficit balance at the end of 2028/29 with each input moved ±10%, largest swing first (£'000)"
    );
    expect(t.headers).toEqual([
      "Input",
      "Moved by",
      "Change in total deficit balance 2028/29 at −10%",
      "Change in total deficit balance 2028/29 at +10%",
      "Balance year at −10%",
      "Balance year at +10%",
    ]);
    expect(t.numberFormats).toHaveLength(t.headers.length);
  });

  it("says 'input down' and 'up', and each input's range, when SEND_Uncertainty gives ranges", () => {
    const input: ForecastInput = { ...WILTSHIRE, uncertainty: { requestsSd: 5 } };
    const ranged = sensitivity(input);
    if (!ranged.ok) throw new Error(JSON.stringify(ranged.problems));
    const out = shapeOutput({ ...wiltshire(), sensitivity: ranged.value }, { input });
    const table = out.tables.find((x) => x.name === "SEND_OutSensitivity")!;
    expect(table.title).toContain("moved by its range in SEND_Uncertainty, else ±10%");
    expect(table.headers.slice(2)).toEqual([
      "Change in total deficit balance 2028/29, input down",
      "Change in total deficit balance 2028/29, input up",
      "Balance year, input down",
      "Balance year, input up",
    ]);
    const requests = table.rows.find((r) => r[0] === "Baseline: requests a month")!;
    expect(requests[1]).toBe("±6.41, P10–P90 of RequestsSD 5");
    expect(table.rows.filter((r) => r[1] === "±10%")).toHaveLength(table.rows.length - 1);
  });

  it("has a row per input moved, largest swing first, the figures drawn as forecast", () => {
    expect(t.rows).toHaveLength(s.rows.length);
    const swings = t.rows.map((r) => Math.abs((r[3] as number) - (r[2] as number)));
    expect(swings).toEqual([...swings].sort((a, b) => b - a));
    expect(t.rows.every((r) => r[1] === "±10%")).toBe(true);
    // Baseline, each non-paused intervention, each cost line's unit cost and inflation.
    const live = WILTSHIRE.interventions!.filter((iv) => iv.status !== "Pause").length;
    expect(t.rows).toHaveLength(5 + live + 2 * (WILTSHIRE.costs ?? []).length);
    for (const k of t.kinds!)
      expect(k).toEqual([null, null, "forecast", "forecast", "forecast", "forecast"]);
  });

  it("gives, for the opening EHCPs and an intervention, the difference of two plain runs with the input moved by hand", () => {
    const base = closingIn(WILTSHIRE, "2028/29");
    const opening = (f: number): ForecastInput => ({
      ...WILTSHIRE,
      baseline: { ...WILTSHIRE.baseline, openingEhcps: 6354 * f },
    });
    const esa = (f: number): ForecastInput => ({
      ...WILTSHIRE,
      interventions: WILTSHIRE.interventions!.map((iv) =>
        iv.name === "Early Years ESA" ? { ...iv, impact: 15 * f } : iv
      ),
    });
    for (const [label, moved] of [
      ["Baseline: EHCPs at the start", opening],
      ["Intervention: Early Years ESA", esa],
    ] as const) {
      const row = rowOf(t, label);
      expect(row[2]).toBeCloseTo(closingIn(moved(0.9), "2028/29") - base, 6);
      expect(row[3]).toBeCloseTo(closingIn(moved(1.1), "2028/29") - base, 6);
      for (const [col, f] of [
        [4, 0.9],
        [5, 1.1],
      ] as const) {
        const out = runForecast(moved(f));
        if (!out.ok) throw new Error(JSON.stringify(out.problems));
        expect(row[col]).toBe(out.value.balanceYear ?? "Not reached");
      }
    }
    // The opening EHCPs are the example's largest swing: more plans at the start, a larger deficit.
    expect(t.rows[0][0]).toBe("Baseline: EHCPs at the start");
    expect(rowOf(t, "Baseline: EHCPs at the start")[3] as number).toBeGreaterThan(0);
  });

  it("without the figures, it is still written, with one row saying so", () => {
    const bare = shapeOutput(wiltshire()).tables.find((x) => x.name === "SEND_OutSensitivity")!;
    expect(bare.rows).toHaveLength(1);
    expect(bare.rows[0][0]).toMatch(/not worked out/);
  });
});

describe("SEND_OutOriginalPlan", () => {
  const shaped = (input: typeof WILTSHIRE) => {
    const out = runForecast(input);
    if (!out.ok) throw new Error(JSON.stringify(out.problems));
    return shapeOutput(out.value, { input }).tables.find((t) => t.name === "SEND_OutOriginalPlan")!;
  };

  it("sets each of the original plan's figures beside the forecast's, with the difference and the sentence", () => {
    const t = shaped(WILTSHIRE);
    expect(t.headers).toEqual([
      "Measure",
      "Year",
      "Original plan",
      "Forecast",
      "Difference",
      "In words",
    ]);
    expect(t.rows.map((r) => [r[0], r[1], r[2], r[5]])).toEqual([
      [
        "In-year deficit",
        "2024/25",
        28250,
        "In-year deficit 2024/25: £45.7m, £17.5m more than the £28.3m in the original plan",
      ],
      [
        "Total deficit balance",
        "2028/29",
        70300,
        "Total deficit balance 2028/29: £123.0m, £52.7m more than the £70.3m in the original plan",
      ],
      [
        "Residual deficit",
        "2028/29 (plan), 2030/31 (forecast)",
        70300,
        "Residual deficit £123.4m, up from £70.3m in the original plan",
      ],
    ]);
    for (const r of t.rows) expect(r[4]).toBeCloseTo((r[3] as number) - (r[2] as number), 9);
  });

  it("without SEND_OriginalPlan, one row says how to give it", () => {
    const t = shaped({ ...WILTSHIRE, originalPlan: undefined });
    expect(t.rows).toHaveLength(1);
    expect(t.rows[0][0]).toBe("No original plan given");
  });
});
