import { runForecast, type ForecastInput } from "../../src/model";
import { WILTSHIRE } from "../../src/example/wiltshire";
import { figuresOf, packFigures, unpackFigures } from "../../src/common/figures";
import { forecastFigure } from "../../src/functions/forecastFigure";

function figures(input: ForecastInput) {
  const r = runForecast(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return { result: r.value, figures: figuresOf(r.value, new Date("2026-01-01T00:00:00Z")) };
}

describe("SEND.FORECAST's Safety Valve condition measures", () => {
  test("with an agreement: each condition's Pass or Fail, as the report has them (in-year fails in 2028/29, the cap passes)", () => {
    const { figures: f } = figures(WILTSHIRE);
    expect(forecastFigure(f, "inYearBalance", null, "mitigated")).toBe("Fail");
    expect(forecastFigure(f, "deficit cap", "2024/25", "mitigated")).toBe("Pass");
  });

  test("without one: #N/A saying there is no agreement, for every scenario, and the ledger still served", () => {
    const { figures: f } = figures({
      ...WILTSHIRE,
      settings: { ...WILTSHIRE.settings, safetyValve: false },
    });
    for (const scenario of ["unmitigated", "mitigated", "riskAdjusted"] as const)
      expect(forecastFigure(f, "deficitCap", null, scenario)).toEqual({
        code: "#N/A",
        message: expect.stringMatching(/^deficitCap: no Safety Valve agreement/),
      });
    // The ledger is the same as with an agreement: 123,382 at the end of 2030/31 (README).
    expect(Math.round(forecastFigure(f, "closing", "2030/31", "mitigated") as number)).toBe(123382);
  });

  test("saved and read back, the conditions (or their absence) are kept; figures saved before them ask for a refresh", () => {
    for (const safetyValve of [true, false]) {
      const { figures: f } = figures({
        ...WILTSHIRE,
        settings: { ...WILTSHIRE.settings, safetyValve },
      });
      const back = unpackFigures(JSON.parse(JSON.stringify(packFigures(f))));
      if (!back.ok) throw new Error(back.reason);
      expect(back.figures).toEqual(f);
    }
    const { figures: f } = figures(WILTSHIRE);
    const saved = JSON.parse(JSON.stringify(packFigures(f)));
    for (const s of Object.values(saved.scenarios) as { outcome: Record<string, unknown> }[])
      delete s.outcome.conditions;
    const old = unpackFigures(saved);
    if (!old.ok) throw new Error(old.reason);
    expect(forecastFigure(old.figures, "inYearBalance", null, "mitigated")).toEqual({
      code: "#N/A",
      message: expect.stringContaining("refresh the forecast"),
    });
  });
});
