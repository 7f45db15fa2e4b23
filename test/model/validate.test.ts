import { runForecast, type ForecastInput } from "../../src/model";
import { WILTSHIRE } from "../../src/example/wiltshire";

const clone = (): ForecastInput => JSON.parse(JSON.stringify(WILTSHIRE)) as ForecastInput;

function problems(input: ForecastInput) {
  const r = runForecast(input);
  if (r.ok) throw new Error("expected problems");
  return r.problems;
}

describe("input validation: typed problems naming the field", () => {
  test("a rate outside 0–1", () => {
    const i = clone();
    i.baseline!.noToAssessRate = 12;
    expect(problems(i)).toEqual([
      {
        field: "baseline.noToAssessRate",
        message: "expected a rate between 0 and 1 (0% to 100%), found 12",
      },
    ]);
  });
  test("a negative count", () => {
    const i = clone();
    i.baseline!.ceased = -3;
    expect(problems(i)).toEqual([
      { field: "baseline.ceased", message: "expected a count of 0 or more, found -3" },
    ]);
  });
  test("a year label that is not YYYY/YY", () => {
    const i = clone();
    i.years[2] = "2025-26";
    expect(problems(i)).toContainEqual({
      field: "years[2]",
      message: "expected a financial year label like 2024/25, found text '2025-26'",
    });
  });
  test("mismatched year columns", () => {
    const i = clone();
    i.funding.highNeedsBlock = i.funding.highNeedsBlock!.slice(0, 7);
    expect(problems(i)).toEqual([
      {
        field: "funding.highNeedsBlock",
        message: "expected 8 values, one for each year (2023/24 to 2030/31), found 7",
      },
    ]);
  });
  test("every problem together, not only the first", () => {
    const i = clone();
    i.baseline!.noToIssueRate = -0.1;
    i.interventions![0].lever = "Magic" as never;
    i.interventions![1].confidence = 2;
    i.expenditure[1].label = i.expenditure[0].label.toUpperCase();
    i.openingDeficit = NaN;
    expect(problems(i).map((p) => p.field)).toEqual([
      "baseline.noToIssueRate",
      "interventions[0].lever",
      "interventions[1].confidence",
      "expenditure[1].label",
      "openingDeficit",
      // The example's cost line on the renamed line names a line no longer there.
      "costs[1].line",
    ]);
  });
  test("a percentage lever's impact typed as 13 rather than 13%", () => {
    const i = clone();
    i.interventions![5].impact = 13;
    expect(problems(i)).toEqual([
      {
        field: "interventions[5].impact",
        message: "expected a fraction between −1 and 1 for NoToAssess (e.g. 0.13 or 13%), found 13",
      },
    ]);
  });
  test("a target year outside the forecast's years", () => {
    const i = clone();
    i.settings = { balanceTargetYear: "2035/36" };
    expect(problems(i)).toEqual([
      {
        field: "settings.balanceTargetYear",
        message: "expected one of the forecast's years (2023/24 to 2030/31), found 2035/36",
      },
    ]);
  });
});
