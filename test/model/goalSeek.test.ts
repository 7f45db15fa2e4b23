import fc from "fast-check";
import {
  goalSeek,
  applyGoalLever,
  runForecast,
  type ForecastInput,
  type ForecastResult,
  type GoalCondition,
  type GoalLever,
} from "../../src/model";
import { WILTSHIRE } from "../../src/example/wiltshire";

/*
 * Goal seek (README, "Goal seek"): the answer meets its condition and a
 * value 1% smaller does not, each judged by a full run read directly.
 */

function run(input: ForecastInput): ForecastResult {
  const r = runForecast(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

/** The condition read straight off a full run's ledger (not through the goal seek's own check). */
function holds(c: GoalCondition, r: ForecastResult): boolean {
  const { years, inYear, closing } = r.ledger;
  if (c.kind === "inYearBalance")
    return years.every((y, k) => k < years.indexOf(r.settings.balanceTargetYear) || inYear[k] <= 0);
  if (c.kind === "deficitCap")
    return closing[years.indexOf(r.settings.deficitCapYear)] <= r.settings.deficitCap;
  return closing[years.indexOf(c.year)] <= c.limit;
}

const leverArb: fc.Arbitrary<GoalLever> = fc.oneof(
  fc.constant<GoalLever>({ kind: "scale" }),
  fc.record({
    kind: fc.constant("lever" as const),
    lever: fc.constantFrom("Requests", "RequestsPct", "NoToAssess", "NoToIssue", "Ceased"),
    from: fc.constantFrom("2025-01", "2025-04", "2026-04", "2027-04"),
  })
);
const conditionArb: fc.Arbitrary<GoalCondition> = fc.oneof(
  fc.constant<GoalCondition>({ kind: "inYearBalance" }),
  fc.record({
    kind: fc.constant("ceiling" as const),
    year: fc.constantFrom("2026/27", "2028/29", "2030/31"),
    limit: fc.integer({ min: 60000, max: 150000 }),
  })
);

describe("goal seek", () => {
  test("the answer meets its condition and a value 1% smaller does not", () => {
    fc.assert(
      fc.property(conditionArb, leverArb, (condition, lever) => {
        const r = goalSeek(WILTSHIRE, condition, lever);
        if (!r.ok) throw new Error(JSON.stringify(r.problems));
        const { value, bounds } = r.value;
        if (value === null) {
          // Not reachable: not even at the upper bound.
          expect(holds(condition, run(applyGoalLever(WILTSHIRE, lever, bounds[1])))).toBe(false);
          expect(r.value.sentence).toMatch(/^No value reaches/);
          return;
        }
        expect(holds(condition, run(applyGoalLever(WILTSHIRE, lever, value)))).toBe(true);
        if (value > 0)
          expect(holds(condition, run(applyGoalLever(WILTSHIRE, lever, value * 0.99)))).toBe(false);
        else expect(holds(condition, run(applyGoalLever(WILTSHIRE, lever, 0)))).toBe(true);
      }),
      { numRuns: 30 }
    );
  });

  test("the example: in-year balance by 2028/29 in words", () => {
    const r = goalSeek(
      WILTSHIRE,
      { kind: "inYearBalance" },
      { kind: "lever", lever: "Requests", from: "2026-04" }
    );
    if (!r.ok) throw new Error("invalid");
    expect(r.value.sentence).toMatch(
      /^In-year balance by 2028\/29 needs \d+\.\d requests a month fewer from 2026-04\.$/
    );
    // The forecast as it stands fails the condition (the report: +5,119 in 2028/29).
    expect(holds({ kind: "inYearBalance" }, run(WILTSHIRE))).toBe(false);
  });

  test("an unreachable ceiling is said plainly", () => {
    const r = goalSeek(
      WILTSHIRE,
      { kind: "ceiling", year: "2024/25", limit: 0 },
      { kind: "lever", lever: "Requests", from: "2025-01" }
    );
    if (!r.ok) throw new Error("invalid");
    expect(r.value.value).toBeNull();
    expect(r.value.sentence).toMatch(
      /^No value reaches a total deficit balance of at most 0 at the end of 2024\/25: even 97\.0 requests a month fewer from 2025-01/
    );
  });

  test("problems: a cap without an agreement, a year not in the table, a month before the forecast", () => {
    const noSv = { ...WILTSHIRE, settings: { ...WILTSHIRE.settings, safetyValve: false } };
    const a = goalSeek(noSv, { kind: "deficitCap" }, { kind: "scale" });
    expect(a.ok ? [] : a.problems.map((p) => p.field)).toEqual(["settings.safetyValve"]);
    const b = goalSeek(
      WILTSHIRE,
      { kind: "ceiling", year: "2040/41", limit: 1 },
      { kind: "scale" }
    );
    expect(b.ok ? [] : b.problems.map((p) => p.field)).toEqual(["goal.year"]);
    const c = goalSeek(
      WILTSHIRE,
      { kind: "inYearBalance" },
      { kind: "lever", lever: "Ceased", from: "2020-04" }
    );
    expect(c.ok ? [] : c.problems.map((p) => p.field)).toEqual(["goal.month"]);
  });
});
