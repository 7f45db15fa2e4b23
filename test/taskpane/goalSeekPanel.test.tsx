/** @jest-environment jsdom */
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { runForecast, type ForecastInput, type ForecastResult } from "../../src/model";
import { WILTSHIRE } from "../../src/example/wiltshire";
import { GoalSeekPanel } from "../../src/taskpane/components/GoalSeekPanel";

function forecast(input: ForecastInput): ForecastResult {
  const out = runForecast(input);
  if (!out.ok) throw new Error(out.problems.map((p) => p.message).join("; "));
  return out.value;
}

/** The oracle: every in-year figure of the ledger at or below 0 from the target year on. */
function balancesFromTarget(r: ForecastResult): boolean {
  const k = r.ledger.years.indexOf(r.settings.balanceTargetYear);
  return r.ledger.inYear.slice(k).every((v) => v <= 0);
}

function show(input: ForecastInput) {
  const result = forecast(input);
  render(
    <FluentProvider theme={webLightTheme}>
      <GoalSeekPanel input={input} result={result} />
    </FluentProvider>
  );
  return result;
}

const pick = (testId: string, value: string) =>
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
const answer = () => screen.getByTestId("goal-answer");

describe("What it takes", () => {
  test("the scale on every intervention: the sentence's figure meets in-year balance, 1% less does not", () => {
    const r = show(WILTSHIRE);
    fireEvent.click(screen.getByRole("button", { name: "Find" }));
    const text = answer().textContent ?? "";
    expect(text).toContain(
      `In-year balance by ${r.settings.balanceTargetYear} needs interventions at`
    );
    const m = /at (\d+\.\d\d)× their planned impact/.exec(text);
    expect(m).not.toBeNull();
    const scale = Number(m![1]);
    expect(text).toContain("1.25×");
    const scaled = (s: number): ForecastInput => ({
      ...WILTSHIRE,
      interventions: (WILTSHIRE.interventions ?? []).map((iv) => ({
        ...iv,
        impact: iv.impact * s,
      })),
    });
    // The sentence rounds to 0.01: the figure rounded up meets the condition, 1% less does not.
    expect(balancesFromTarget(forecast(scaled(scale + 0.005)))).toBe(true);
    expect(balancesFromTarget(forecast(scaled(scale * 0.99)))).toBe(false);
    // As planned, the example does not balance by the target year: the answer is a real change.
    expect(balancesFromTarget(forecast(WILTSHIRE))).toBe(false);
  });

  test("one lever from a month typed as Apr 2026: the requests a month fewer meet the condition, 0.1 fewer less do not", () => {
    show(WILTSHIRE);
    pick("goal-change", "lever");
    pick("goal-lever", "Requests");
    fireEvent.change(screen.getByTestId("goal-month"), { target: { value: "Apr 2026" } });
    fireEvent.click(screen.getByRole("button", { name: "Find" }));
    const text = answer().textContent ?? "";
    const m = /needs (\d+\.\d) requests a month fewer from 2026-04/.exec(text);
    expect(m).not.toBeNull();
    const fewer = Number(m![1]);
    const withCut = (n: number): ForecastInput => ({
      ...WILTSHIRE,
      interventions: [
        ...(WILTSHIRE.interventions ?? []),
        {
          name: "Cut",
          lever: "Requests",
          impact: n,
          start: "2026-04",
          rampMonths: 0,
          status: "New",
          confidence: 1,
        },
      ],
    });
    expect(balancesFromTarget(forecast(withCut(fewer + 0.05)))).toBe(true);
    expect(balancesFromTarget(forecast(withCut(fewer - 0.1)))).toBe(false);
  });

  test("a ceiling no change can reach says so in words", () => {
    const r = show(WILTSHIRE);
    pick("goal-condition", "ceiling");
    pick("goal-year", r.ledger.years[0]!);
    fireEvent.change(screen.getByLabelText("Ceiling (£'000)"), { target: { value: "-1,000,000" } });
    fireEvent.click(screen.getByRole("button", { name: "Find" }));
    expect(answer().textContent).toMatch(
      /^No value reaches a total deficit balance of at most -1,000,000 at the end of /
    );
    // The forecast's own figure is far above it, so "no value" is the only honest answer.
    expect(r.ledger.closing[0]).toBeGreaterThan(-1_000_000);
  });

  test("a month it cannot read is marked on its field, and nothing is worked out", () => {
    show(WILTSHIRE);
    pick("goal-change", "lever");
    fireEvent.change(screen.getByTestId("goal-month"), { target: { value: "Spring" } });
    fireEvent.click(screen.getByRole("button", { name: "Find" }));
    expect(screen.getByText(/Expected a month such as Apr 2026; found 'Spring'/)).toBeTruthy();
    expect(answer().textContent).toMatch(/^Not worked out/);
  });

  test("the cap is offered only with a Safety Valve agreement; the answer is announced", () => {
    show(WILTSHIRE);
    const withCap = screen.getByTestId("goal-condition").querySelectorAll("option");
    expect([...withCap].map((o) => o.value)).toContain("deficitCap");
    expect(answer().getAttribute("aria-live")).toBe("polite");
    cleanup();
    show({ ...WILTSHIRE, settings: { ...WILTSHIRE.settings, safetyValve: false } });
    const without = screen.getByTestId("goal-condition").querySelectorAll("option");
    expect([...without].map((o) => o.value)).toEqual(["inYearBalance", "ceiling"]);
  });
});
