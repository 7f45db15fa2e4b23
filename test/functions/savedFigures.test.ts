import { isDeepStrictEqual } from "node:util";
import {
  figuresOf,
  packFigures,
  unpackFigures,
  type ForecastFigures,
  type SavedFigures,
} from "../../src/common/figures";
import { forecastFigure } from "../../src/functions/forecastFigure";
import { runForecast, SCENARIOS, type ForecastInput, type ForecastResult } from "../../src/model";
import { WILTSHIRE, WILTSHIRE_PUBLISHED } from "../../src/example/wiltshire";
import { benchmarkInput, WORKLOAD_FORECAST_YEARS } from "../../bench/workload";

function forecastOf(input: ForecastInput): ForecastResult {
  const outcome = runForecast(input);
  if (!outcome.ok) throw new Error(outcome.problems.map((p) => p.message).join("; "));
  return outcome.value;
}

const AT = new Date("2025-04-01T09:30:00Z");
/** Through JSON, as Office keeps a document setting. */
const throughSettings = (saved: SavedFigures): unknown => JSON.parse(JSON.stringify(saved));
const bytes = (saved: SavedFigures): number =>
  new TextEncoder().encode(JSON.stringify(saved)).length;

function read(raw: unknown): ForecastFigures {
  const r = unpackFigures(raw);
  if (!r.ok) throw new Error(r.reason);
  return r.figures;
}

describe("the figures kept in the workbook", () => {
  const wiltshire = forecastOf(WILTSHIRE);
  // The example without its cost lines: the supplied table in every scenario.
  const supplied = forecastOf({ ...WILTSHIRE, costs: undefined });
  const workload = forecastOf(benchmarkInput());

  test.each([
    ["the Wiltshire example", wiltshire],
    [`the ${WORKLOAD_FORECAST_YEARS}-year benchmark workload`, workload],
  ])("%s reads back exactly as saved, every figure to the last bit", (_, result) => {
    const figures = figuresOf(result, AT);
    expect(isDeepStrictEqual(read(throughSettings(packFigures(figures))), figures)).toBe(true);
  });

  test("are small: under 5 KB for Wiltshire's supplied table, under 8 KB with its levers priced, under 12 KB for ten years, 12 lines and 50 interventions", () => {
    const small = bytes(packFigures(figuresOf(supplied, AT)));
    const priced = bytes(packFigures(figuresOf(wiltshire, AT)));
    const large = bytes(packFigures(figuresOf(workload, AT)));
    expect(small).toBeLessThan(5_000);
    expect(priced).toBeLessThan(8_000);
    expect(large).toBeLessThan(12_000);
    // A tenth or less of the whole result, which FORECAST could not serve most of anyway.
    expect(small).toBeLessThan(JSON.stringify(supplied).length / 8);
  });

  test("rows the other scenarios share with the mitigated one are saved once", () => {
    const saved = packFigures(figuresOf(supplied, AT));
    // Without cost lines Wiltshire's ledger is the same in every scenario; its trajectories are not.
    expect(Object.values(saved.scenarios.unmitigated.ledger).every((row) => row === null)).toBe(
      true
    );
    expect(saved.scenarios.unmitigated.lines.every((row) => row === null)).toBe(true);
    expect(saved.scenarios.unmitigated.trajectory.ehcps).not.toBeNull();
    expect(Object.values(saved.scenarios.mitigated.ledger).every(Array.isArray)).toBe(true);
    // With its levers priced, only the four Change lines differ by scenario and are saved for each.
    const priced = packFigures(figuresOf(wiltshire, AT)).scenarios.unmitigated;
    expect(priced.lines.map((row) => row !== null)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
    // The workload's EHCP-driven lines differ by scenario and are saved for each.
    const driven = packFigures(figuresOf(workload, AT)).scenarios.unmitigated;
    expect(driven.lines.filter((row) => row !== null).length).toBeGreaterThan(0);
    expect(driven.ledger.highNeedsBlock).toBeNull();
  });

  test("serve the report's figures, for every scenario and measure as the fresh result does", () => {
    const fresh = figuresOf(wiltshire, AT);
    const saved = read(throughSettings(packFigures(fresh)));
    WILTSHIRE_PUBLISHED.closing.forEach((published, k) =>
      expect(
        Math.abs(
          (forecastFigure(saved, "closing", WILTSHIRE.years[k], "mitigated") as number) - published
        )
      ).toBeLessThanOrEqual(3)
    );
    for (const scenario of SCENARIOS)
      for (const measure of [
        "closing",
        "inYear",
        "ehcps",
        "averageInmss",
        "special schools",
        "peakYear",
        "balanceYear",
        "residualDeficit",
      ])
        expect(forecastFigure(saved, measure, "2028/29", scenario)).toEqual(
          forecastFigure(fresh, measure, "2028/29", scenario)
        );
  });

  test("keep when the refresh ran", () => {
    expect(read(throughSettings(packFigures(figuresOf(wiltshire, AT)))).refreshedAt).toBe(
      "2025-04-01T09:30:00.000Z"
    );
  });
});

describe("a saved value that is not figures this version saved is refused with its reason", () => {
  const good = () =>
    throughSettings(packFigures(figuresOf(forecastOf(WILTSHIRE), AT))) as Record<string, unknown> &
      SavedFigures;
  const reason = (raw: unknown): string => {
    const r = unpackFigures(raw);
    if (r.ok) throw new Error("should have been refused");
    return r.reason;
  };

  test("another format version, or none", () => {
    expect(reason({ ...good(), v: 2 })).toContain(
      "saved by a newer version of SEND Forecaster (format 2"
    );
    expect(reason({ ...good(), v: 0 })).toContain(
      "not in a format this version of SEND Forecaster reads (format 0; expected 1)"
    );
    expect(reason({ ...good(), v: undefined })).toContain("(format missing; expected 1)");
    expect(reason([good()])).toBe("the saved value is not a set of figures");
  });

  test("the mitigated scenario's rows cannot be left out: they are what the others' nulls stand for", () => {
    const g = good();
    (g.scenarios.mitigated.ledger as Record<string, unknown>).inYear = null;
    expect(reason(g)).toContain("scenarios.mitigated.ledger.inYear: expected 8 figures");
  });

  test("a missing scenario, line or measure", () => {
    const noScenario = good();
    delete (noScenario.scenarios as Partial<SavedFigures["scenarios"]>).riskAdjusted;
    expect(reason(noScenario)).toContain(
      "scenarios.riskAdjusted: expected ledger, lines, trajectory and outcome"
    );
    const noLine = good();
    noLine.scenarios.unmitigated.lines.pop();
    expect(reason(noLine)).toContain("scenarios.unmitigated.lines: expected 9 lines");
    const noMeasure = good();
    delete (noMeasure.scenarios.riskAdjusted.trajectory as Partial<Record<string, unknown>>).ehcps;
    expect(reason(noMeasure)).toContain(
      "scenarios.riskAdjusted.trajectory.ehcps: expected 7 figures"
    );
  });

  test("outcomes that do not fit the years, and labels that are not labels", () => {
    const badPeak = good();
    badPeak.scenarios.mitigated.outcome.peakYear = "2040/41";
    expect(reason(badPeak)).toContain("scenarios.mitigated.outcome: expected the balance year");
    const halfBalanced = good();
    halfBalanced.scenarios.mitigated.outcome.residualDeficit = null;
    expect(reason(halfBalanced)).toContain("scenarios.mitigated.outcome");
    const repeated = good();
    repeated.years[1] = repeated.years[0];
    expect(reason(repeated)).toContain("years: a label is repeated");
    expect(reason({ ...good(), refreshedAt: "yesterday" })).toContain("refreshedAt");
  });
});
