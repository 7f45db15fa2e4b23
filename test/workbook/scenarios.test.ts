import { WILTSHIRE_YEARS } from "../../src/example/wiltshire";
import { runForecast, type ForecastInput, type ForecastResult } from "../../src/model";
import { DEFICIT_ROWS, shapeOutput } from "../../src/workbook/output";
import type { OutputTable } from "../../src/workbook/port";
import { specialSchoolsPriced } from "../fixtures/specialSchoolsPriced";

/*
 * SEND_OutScenarios: every scenario's ledger side by side. The example with a
 * Change line on Special Schools (as in test/model/wiltshireChange.test.ts)
 * makes the three ledgers differ; the checks read the scenario table against
 * the deficit table and the trajectories, not against the code that shapes it.
 */

function run(input: ForecastInput): ForecastResult {
  const r = runForecast(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

const withChange: ForecastInput = specialSchoolsPriced();

const tableOf = (result: ForecastResult, name: string): OutputTable => {
  const t = shapeOutput(result, { input: withChange }).tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name}`);
  return t;
};

const scenarioRow = (t: OutputTable, scenario: string, measure: string): unknown[] => {
  const row = t.rows.find((r) => r[0] === scenario && String(r[1]).startsWith(measure));
  if (!row) throw new Error(`no row ${scenario} / ${measure}`);
  return row;
};

describe("SEND_OutScenarios", () => {
  const result = run(withChange);
  const t = tableOf(result, "SEND_OutScenarios");
  const deficit = tableOf(result, "SEND_OutDeficit");
  const deficitRow = (label: string) => deficit.rows.find((r) => r[0] === label)!.slice(1);

  it("is laid out with years as columns after the scenario, measure and result, £'000", () => {
    expect(t.headers).toEqual(["Scenario", "Measure", "Result", ...WILTSHIRE_YEARS]);
    expect(t.numberFormats.slice(3)).toEqual(WILTSHIRE_YEARS.map(() => "#,##0;-#,##0"));
    expect([...new Set(t.rows.map((r) => r[0]))]).toEqual([
      "Unmitigated",
      "Mitigated",
      "Risk-adjusted",
    ]);
    for (const r of t.rows) expect(r).toHaveLength(t.headers.length);
    expect(t.rows).toHaveLength(3 * 6);
  });

  it("shows the deficit table's in-year and total deficit balance rows as the mitigated scenario's", () => {
    expect(scenarioRow(t, "Mitigated", "In-year").slice(3)).toEqual(
      deficitRow(DEFICIT_ROWS.inYear)
    );
    expect(scenarioRow(t, "Mitigated", "Total deficit balance").slice(3)).toEqual(
      deficitRow(DEFICIT_ROWS.closing)
    );
  });

  it("prices the unmitigated scenario's extra plans: its total deficit balance is never below the mitigated one, and above it by the last year", () => {
    const u = scenarioRow(t, "Unmitigated", "Total deficit balance").slice(3) as number[];
    const m = scenarioRow(t, "Mitigated", "Total deficit balance").slice(3) as number[];
    u.forEach((v, k) => expect(v).toBeGreaterThanOrEqual(m[k] - 1e-9));
    expect(u[u.length - 1] - m[m.length - 1]).toBeGreaterThan(1000);
  });

  it("puts each outcome's figure under its year: the peak is the largest total deficit balance, the residual the balance in the balance year", () => {
    for (const name of ["Unmitigated", "Mitigated", "Risk-adjusted"]) {
      const closing = scenarioRow(t, name, "Total deficit balance").slice(3) as number[];
      const peak = scenarioRow(t, name, "Peak deficit");
      const k = closing.indexOf(Math.max(...closing));
      expect(peak[2]).toBe(WILTSHIRE_YEARS[k]);
      expect(peak.slice(3).filter((v) => v !== null)).toEqual([closing[k]]);
      const residual = scenarioRow(t, name, "Residual deficit");
      if (residual[2] === "Not reached") {
        expect(residual.slice(3).every((v) => v === null)).toBe(true);
      } else {
        const b = WILTSHIRE_YEARS.indexOf(residual[2] as string);
        expect(residual[3 + b]).toBe(closing[b]);
        const inYear = scenarioRow(t, name, "In-year").slice(3) as number[];
        expect(inYear.slice(b).every((v) => v <= 0)).toBe(true);
      }
    }
    // With every intervention as listed the plan balances in 2030/31 (the report); the unmitigated scenario does not.
    expect(scenarioRow(t, "Mitigated", "Residual deficit")[2]).toBe("2030/31");
    expect(scenarioRow(t, "Unmitigated", "Residual deficit")[2]).toBe("Not reached");
  });

  it("states both Safety Valve conditions for each scenario, Pass or Fail, with the figure under the deciding year", () => {
    for (const name of ["Unmitigated", "Mitigated", "Risk-adjusted"]) {
      const balance = scenarioRow(t, name, "In-year balance from 2028/29");
      const cap = scenarioRow(t, name, "Deficit within the cap of 84,500 in 2024/25");
      expect(["Pass", "Fail"]).toContain(balance[2]);
      expect(cap[2]).toBe("Pass");
      expect(balance.slice(3).filter((v) => v !== null)).toHaveLength(1);
    }
    // The in-year balance fails in 2028/29 for the plan, as the conditions table says.
    const inYear2028 = scenarioRow(t, "Mitigated", "In-year")[
      3 + WILTSHIRE_YEARS.indexOf("2028/29")
    ];
    const balance = scenarioRow(t, "Mitigated", "In-year balance");
    expect(balance[2]).toBe("Fail");
    expect(balance[3 + WILTSHIRE_YEARS.indexOf("2028/29")]).toBe(inYear2028);
  });

  it("emphasises each scenario's total deficit balance", () => {
    expect(t.emphasisedRows!.map((k) => [t.rows[k][0], t.rows[k][1]])).toEqual([
      ["Unmitigated", "Total deficit balance"],
      ["Mitigated", "Total deficit balance"],
      ["Risk-adjusted", "Total deficit balance"],
    ]);
  });
});
