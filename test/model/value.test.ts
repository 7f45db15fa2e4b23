import fc from "fast-check";
import {
  LEVERS,
  interventionValues,
  runForecast,
  type ForecastInput,
  type ForecastResult,
  type InterventionValues,
  type Lever,
} from "../../src/model";
import { WILTSHIRE, WILTSHIRE_YEARS } from "../../src/example/wiltshire";
import { specialSchoolsPriced } from "../fixtures/specialSchoolsPriced";

/*
 * What each intervention is worth: the forecast without it against the
 * forecast with all of them. The expected figures here come from plain
 * runForecast calls made in the test, not from the value code.
 */

if (process.env.FC_NUM_RUNS) fc.configureGlobal({ numRuns: Number(process.env.FC_NUM_RUNS) });

function run(input: ForecastInput): ForecastResult {
  const r = runForecast(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

function values(input: ForecastInput): InterventionValues {
  const r = interventionValues(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

const average = (r: ForecastResult, y: string): number =>
  r.scenarios.mitigated.years.find((s) => s.year === y)?.averageEhcps ?? 0;

/** Wiltshire with a Change line on Special Schools (£25,000 a year for 30% of EHCPs) and the plan's activity recorded. */
const priced = specialSchoolsPriced;

const TARGET = "2028/29"; // the example's balance target year

describe("one intervention's worth is the forecast without it less the forecast with it", () => {
  const only = WILTSHIRE.interventions!.find((iv) => iv.name === "Early Years ESA")!;
  const input = priced([only]);
  const v = values(input);
  const withIt = run(input);
  const without = run({ ...input, interventions: [] });

  test("a single row, whose figures are the two runs' differences, year by year and to the target year", () => {
    expect(v.interventions.map((r) => r.name)).toEqual(["Early Years ESA"]);
    const row = v.interventions[0];
    expect(v.targetYear).toBe(TARGET);
    WILTSHIRE_YEARS.forEach((y, k) => {
      expect(row.costAvoided[k]).toBeCloseTo(
        without.ledger.expenditure[k] - withIt.ledger.expenditure[k],
        9
      );
      expect(row.ehcpsAvoided[k]).toBeCloseTo(average(without, y) - average(withIt, y), 9);
    });
    const t = WILTSHIRE_YEARS.indexOf(TARGET);
    let total = 0;
    for (let k = 0; k <= t; k++)
      total += without.ledger.expenditure[k] - withIt.ledger.expenditure[k];
    expect(row.costAvoidedToTarget).toBeCloseTo(total, 9);
    expect(row.ehcpsAvoidedInTarget).toBeCloseTo(
      average(without, TARGET) - average(withIt, TARGET),
      9
    );
    // It is worth something: fewer plans and less spent, in the target year and to it.
    expect(row.ehcpsAvoidedInTarget).toBeGreaterThan(0);
    expect(row.costAvoidedToTarget).toBeGreaterThan(0);
    // Alone, it is the whole, and nothing interacts.
    expect(v.whole.costAvoidedToTarget).toBeCloseTo(row.costAvoidedToTarget, 9);
    expect(v.interaction.costAvoidedToTarget).toBeCloseTo(0, 9);
  });

  test("without the plan's activity recorded, leaving it out is still priced (against the activity with all of them)", () => {
    const { planActivity: _, ...unrecorded } = input;
    const u = values(unrecorded);
    expect(u.interventions[0].costAvoided).toEqual(
      v.interventions[0].costAvoided.map((c) => expect.closeTo(c, 9))
    );
    expect(u.interventions[0].costAvoidedToTarget).toBeGreaterThan(0);
  });
});

describe("the parts, the whole and their interaction", () => {
  const input = priced();
  const v = values(input);

  test("sum of the parts + interaction = the whole, in every figure", () => {
    const pairs: (keyof InterventionValues["whole"])[] = [
      "ehcpsAvoided",
      "inmssAvoided",
      "costAvoided",
      "ehcpsAvoidedInTarget",
      "inmssAvoidedInTarget",
      "costAvoidedToTarget",
    ];
    for (const key of pairs) {
      const w = v.whole[key];
      const s = v.sumOfParts[key];
      const i = v.interaction[key];
      if (Array.isArray(w))
        w.forEach((x, k) => expect((s as number[])[k] + (i as number[])[k]).toBeCloseTo(x, 9));
      else expect((s as number) + (i as number)).toBeCloseTo(w as number, 9);
    }
  });

  test("the sum of the parts adds the rows; the whole is no interventions against all of them", () => {
    const total = v.interventions.reduce((s, r) => s + r.costAvoidedToTarget, 0);
    expect(v.sumOfParts.costAvoidedToTarget).toBeCloseTo(total, 9);
    const all = run(input);
    const none = run({ ...input, interventions: [] });
    const t = WILTSHIRE_YEARS.indexOf(TARGET);
    expect(v.whole.ehcpsAvoidedInTarget).toBeCloseTo(
      average(none, TARGET) - average(all, TARGET),
      9
    );
    let whole = 0;
    for (let k = 0; k <= t; k++) whole += none.ledger.expenditure[k] - all.ledger.expenditure[k];
    expect(v.whole.costAvoidedToTarget).toBeCloseTo(whole, 9);
    // The levers compound: the whole is not the sum of its parts.
    expect(Math.abs(v.interaction.ehcpsAvoidedInTarget)).toBeGreaterThan(1e-6);
  });

  test("a paused intervention has no row, and the others are valued as if it were not listed", () => {
    const ivs = structuredClone(WILTSHIRE.interventions!);
    ivs[0].status = "Pause";
    const paused = values(priced(ivs));
    expect(paused.interventions.map((r) => r.name)).toEqual(ivs.slice(1).map((iv) => iv.name));
    expect(paused.interventions.map((r) => r.index)).toEqual(ivs.slice(1).map((_, k) => k + 1));
    const dropped = values(priced(WILTSHIRE.interventions!.slice(1)));
    expect(paused.whole.costAvoided).toEqual(dropped.whole.costAvoided);
    expect(paused.interventions.map((r) => r.costAvoidedToTarget)).toEqual(
      dropped.interventions.map((r) => r.costAvoidedToTarget)
    );
  });

  test("invalid input gives the forecast's problems", () => {
    const r = interventionValues({ ...input, years: [] });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems).toEqual(
        (runForecast({ ...input, years: [] }) as { problems: unknown }).problems
      );
  });
});

describe("property: demand-reducing interventions never add plans", () => {
  const fractions = LEVERS.filter((l) => l !== "Requests" && l !== "Ceased") as Lever[];
  const intervention = fc.record({
    name: fc.string({ minLength: 1, maxLength: 8 }),
    lever: fc.constantFrom(...(LEVERS as readonly Lever[])),
    size: fc.double({ min: 0, max: 1, noNaN: true }),
    start: fc.constantFrom("2025-01", "2025-04", "2025-09", "2026-04", "2027-10"),
    rampMonths: fc.integer({ min: 0, max: 24 }),
    paused: fc.boolean(),
  });

  test("with Change lines of positive unit cost and positive (demand-reducing) impacts, every EHCPs avoided is ≥ 0", () => {
    fc.assert(
      fc.property(
        fc.array(intervention, { minLength: 1, maxLength: 4 }),
        fc.double({ min: 1, max: 100000, noNaN: true }),
        fc.double({ min: 1, max: 100000, noNaN: true }),
        (ivs, ehcpCost, inmssCost) => {
          const input: ForecastInput = {
            ...structuredClone(WILTSHIRE),
            interventions: ivs.map((iv, k) => ({
              name: `${iv.name} ${k}`,
              lever: iv.lever,
              // A count a month for Requests and Ceased, a fraction for the others; small enough to stay valid together.
              impact: fractions.includes(iv.lever) ? iv.size / 5 : iv.size * 10,
              start: iv.start,
              rampMonths: iv.rampMonths,
              status: iv.paused ? "Pause" : "New",
            })),
            costs: [
              {
                line: "Special Schools",
                driver: "EHCPs",
                share: 0.3,
                unitCost: ehcpCost,
                inflation: 0.03,
                baseYear: "2024/25",
                method: "Change",
              },
              {
                line: "Independent and Non-maintained Special School Provision",
                driver: "INMSS",
                share: 1,
                unitCost: inmssCost,
                inflation: 0.03,
                baseYear: "2024/25",
                method: "Change",
              },
            ],
          };
          const r = interventionValues(input);
          if (!r.ok) throw new Error(JSON.stringify(r.problems));
          const v = r.value;
          for (const f of [...v.interventions, v.whole]) {
            f.ehcpsAvoided.forEach((x) => expect(x).toBeGreaterThanOrEqual(-1e-9));
            f.inmssAvoided.forEach((x) => expect(x).toBeGreaterThanOrEqual(-1e-9));
            // Fewer plans and placements, each at a positive cost: never more spent.
            f.costAvoided.forEach((x) => expect(x).toBeGreaterThanOrEqual(-1e-6));
          }
        }
      ),
      { numRuns: 40 }
    );
  });
});
