/**
 * Rounding (SEND_Settings): Exact, the default, shows exact figures to whole
 * £'000, so a total can miss the sum of the lines shown by 1; Published
 * rounds each line and funding figure to whole £'000 and works every total
 * out from the rounded figures, as published tables do. A note under the
 * deficit table says which is shown. Checked against hand sums.
 */
import { runForecast, type ForecastInput, type ForecastResult } from "../../src/model";
import {
  DEFICIT_ROWS,
  ROUNDING_NOTES,
  publishedLedger,
  shapeOutput,
} from "../../src/workbook/output";
import type { OutputTable, RangeData } from "../../src/workbook/port";
import { refresh } from "../../src/workbook/refresh";
import { formatProblem } from "../../src/workbook/problems";
import { memoryPort } from "./memoryPort";
import { wiltshireRanges } from "./wiltshireRanges";

/** Three lines of 10.4 (shown 10 each) whose exact total, 31.2, is shown 31. */
function input(rounding?: "Exact" | "Published"): ForecastInput {
  return {
    baseline: {
      requests: 10,
      noToAssessRate: 0,
      noToIssueRate: 0,
      ceased: 10,
      openingEhcps: 100,
      forecastStart: "2024-04",
    },
    years: ["2024/25", "2025/26"],
    expenditure: [
      { label: "A", values: [10.4, 20.6] },
      { label: "B", values: [10.4, 20.6] },
      { label: "C", values: [10.4, 0.4] },
    ],
    funding: { highNeedsBlock: [-20.6, -30.4] },
    openingDeficit: 5.5,
    settings: {
      balanceTargetYear: "2025/26",
      deficitCap: 100,
      deficitCapYear: "2024/25",
      ...(rounding ? { rounding } : {}),
    },
  };
}

function run(i: ForecastInput): ForecastResult {
  const out = runForecast(i);
  if (!out.ok) throw new Error(JSON.stringify(out.problems));
  return out.value;
}

const table = (t: OutputTable[], name: string) => t.find((x) => x.name === name)!;
const row = (t: OutputTable, label: string) => t.rows.find((r) => r[0] === label)!.slice(1);

describe("Published rounding", () => {
  const sheet = shapeOutput(run(input("Published")));
  const deficit = table(sheet.tables, "SEND_OutDeficit");

  test("each line rounded to whole £'000; the totals are the sums of the rounded figures", () => {
    expect(row(deficit, "A")).toEqual([10, 21]);
    expect(row(deficit, "C")).toEqual([10, 0]);
    // By hand: 10 + 10 + 10 = 30 and 21 + 21 + 0 = 42; less the High Needs Block, −21 and −30.
    expect(row(deficit, DEFICIT_ROWS.expenditure)).toEqual([30, 42]);
    expect(row(deficit, DEFICIT_ROWS.highNeedsBlock)).toEqual([-21, -30]);
    expect(row(deficit, DEFICIT_ROWS.inYear)).toEqual([9, 12]);
    // 5.5 brought forward rounds (halves away from zero) to 6; 6 + 9 = 15; 15 + 12 = 27.
    expect(row(deficit, DEFICIT_ROWS.opening)).toEqual([6, 15]);
    expect(row(deficit, DEFICIT_ROWS.closing)).toEqual([15, 27]);
    expect(deficit.notes).toEqual([ROUNDING_NOTES.Published]);
  });

  test("the balance, conditions and scenario tables show the same rounded figures", () => {
    const balance = table(sheet.tables, "SEND_OutBalance");
    expect(balance.rows).toEqual([
      ["2024/25", 9, 15],
      ["2025/26", 12, 27],
    ]);
    const conditions = table(sheet.tables, "SEND_OutConditions");
    const cap = conditions.rows.find((r) => String(r[0]).startsWith("Deficit balance within"))!;
    expect(cap[3]).toBe(15);
    const scenarios = table(sheet.tables, "SEND_OutScenarios");
    const closing = scenarios.rows.filter((r) => r[1] === "Total deficit balance");
    expect(closing.map((r) => r.slice(3))).toEqual([
      [15, 27],
      [15, 27],
      [15, 27],
    ]);
  });

  test("a ledger rounded as published never shows −0", () => {
    const result = run(input());
    const l = publishedLedger({ ...result.ledger, safetyValve: [-0.2, 0.4] });
    expect(l.safetyValve.map((v) => Object.is(v, -0))).toEqual([false, false]);
  });

  test("is written as values in live-formulas mode: formulas give the exact figures", () => {
    const formulas = shapeOutput(run(input("Published")), {
      mode: "formulas",
      input: input("Published"),
    });
    expect(table(formulas.tables, "SEND_OutDeficit").formulas).toBeUndefined();
    const exact = shapeOutput(run(input()), { mode: "formulas", input: input() });
    expect(table(exact.tables, "SEND_OutDeficit").formulas).toBeDefined();
  });
});

describe("Exact rounding, the default", () => {
  const deficit = table(shapeOutput(run(input())).tables, "SEND_OutDeficit");

  test("the figures are exact: three lines shown as 10 add up to 31.2, shown as 31", () => {
    expect(row(deficit, "A")).toEqual([10.4, 20.6]);
    const total = row(deficit, DEFICIT_ROWS.expenditure) as number[];
    expect(total[0]).toBeCloseTo(31.2, 9);
    expect(row(deficit, DEFICIT_ROWS.closing)[0]).toBeCloseTo(5.5 + 31.2 - 20.6, 9);
    expect(deficit.notes).toEqual([ROUNDING_NOTES.Exact]);
    expect(ROUNDING_NOTES.Exact).toMatch(/^Rounding: Exact\./);
  });
});

/** Wiltshire's workbook with one more SEND_Settings row. */
function withRounding(value: string): RangeData[] {
  return wiltshireRanges().map((r) =>
    r.name === "SEND_Settings"
      ? {
          ...r,
          values: [...r.values, ["Rounding", value]],
          numberFormats: [...r.numberFormats, ["General", "General"]],
        }
      : r
  );
}

describe("the Rounding setting in SEND_Settings", () => {
  test("'published', in any case, is read as Published and the note says so", async () => {
    const out = await refresh(memoryPort(withRounding("published")));
    if (!out.ok) throw new Error(out.problems.map(formatProblem).join("\n"));
    expect(out.result.settings.rounding).toBe("Published");
    expect(table(out.sheet.tables, "SEND_OutDeficit").notes).toEqual([ROUNDING_NOTES.Published]);
  });

  test("anything else is a problem at its cell that lists the choices, and nothing is written", async () => {
    const port = memoryPort(withRounding("Rounded"));
    const out = await refresh(port);
    expect(port.writes).toEqual([]);
    if (out.ok) throw new Error("expected a problem");
    // SEND_Settings starts at B3 on Settings; the Rounding row is its fifth (after SafetyValve): value in C7.
    expect(out.problems).toEqual([
      expect.objectContaining({ input: "SEND_Settings", sheet: "Settings", cell: "C7" }),
    ]);
    expect(out.problems[0].message).toMatch(
      /expected Exact .* or Published .*, found text 'Rounded'/
    );
  });
});
