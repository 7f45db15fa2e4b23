import fc from "fast-check";
import {
  applyCostDrivers,
  computeLedger,
  financialYearOf,
  monthIndex,
  prepareInterventions,
  projectTrajectory,
  resolveBaseline,
  runForecast,
  SCENARIOS,
  type CostDriverLine,
  type ForecastInput,
  type ForecastResult,
  type Intervention,
  LEVERS,
  type Lever,
  type MonthlyActual,
  type PlanByDriver,
} from "../../src/model";
import {
  compileKernel,
  kernelRun,
  kernelValues,
  runScenario,
  SCENARIO_CODE,
  setInflation,
  type KernelRun,
} from "../../src/model/kernel";
import { actualStock } from "../../src/model/trajectory";
import { WILTSHIRE } from "../../src/example/wiltshire";

/*
 * The kernel (src/model/kernel.ts) against two oracles: a month loop written
 * here from MODEL.md for a simple case (one additive lever a measure, no
 * shares of the baseline, a start in April, Total cost lines), and the
 * model's step-by-step functions (projectTrajectory, applyCostDrivers,
 * computeLedger) on random inputs with everything the kernel handles: lags,
 * shares of the baseline, actual months before the start, Change lines with
 * and without the plan's activity, a horizon shorter than the table. And its
 * buffers keep nothing from one run to the next.
 */

if (process.env.FC_NUM_RUNS) fc.configureGlobal({ numRuns: Number(process.env.FC_NUM_RUNS) });

const TOLERANCE = 1e-9;
const close = (a: number, b: number): boolean =>
  Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));

function expectClose(what: string, ours: ArrayLike<number>, theirs: readonly number[]): void {
  expect(ours.length).toBe(theirs.length);
  for (let k = 0; k < theirs.length; k++)
    if (!close(ours[k], theirs[k]))
      throw new Error(`${what}[${k}]: kernel ${ours[k]}, expected ${theirs[k]}`);
}

function run(input: ForecastInput): ForecastResult {
  const r = runForecast(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

const YEARS = ["2024/25", "2025/26", "2026/27", "2027/28"];

/** A simple case: a start in April 2025, additive levers, Total cost lines priced from 2025/26. */
const simpleCase = fc.record({
  requests: fc.double({ min: 20, max: 150, noNaN: true }),
  noToAssessRate: fc.double({ min: 0, max: 0.5, noNaN: true }),
  noToIssueRate: fc.double({ min: 0, max: 0.2, noNaN: true }),
  ceased: fc.double({ min: 0, max: 50, noNaN: true }),
  transfersIn: fc.double({ min: 0, max: 5, noNaN: true }),
  openingEhcps: fc.double({ min: 1000, max: 9000, noNaN: true }),
  inmss: fc.double({ min: 0, max: 500, noNaN: true }),
  growth: fc.double({ min: -20, max: 60, noNaN: true }),
  lag: fc.integer({ min: 0, max: 4 }),
  interventions: fc.array(
    fc.record({
      lever: fc.constantFrom<Lever>("Requests", "NoToAssess", "Ceased", "INMSSGrowth"),
      impact: fc.double({ min: 0, max: 0.9, noNaN: true }),
      start: fc.integer({ min: 0, max: 30 }),
      ramp: fc.integer({ min: 0, max: 12 }),
      confidence: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
    { maxLength: 4 }
  ),
  unitCost: fc.double({ min: 1000, max: 60000, noNaN: true }),
  inflation: fc.double({ min: -0.05, max: 0.1, noNaN: true }),
});

type Simple = typeof simpleCase extends fc.Arbitrary<infer T> ? T : never;

const monthKeyOf = (offset: number): string => {
  const m = 2025 * 12 + 3 + offset;
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`;
};

function simpleInput(c: Simple): ForecastInput {
  return {
    baseline: {
      requests: c.requests,
      noToAssessRate: c.noToAssessRate,
      noToIssueRate: c.noToIssueRate,
      ceased: c.ceased,
      transfersIn: c.transfersIn,
      openingEhcps: c.openingEhcps,
      forecastStart: "2025-04",
      inmssPlacements: c.inmss,
      inmssAnnualGrowth: c.growth,
      lagMonths: c.lag,
    },
    // Requests a month: impact × 10, so the fraction levers and the per-month ones share one range.
    interventions: c.interventions.map((iv, n) => ({
      name: `I${n}`,
      lever: iv.lever,
      impact: iv.lever === "Requests" || iv.lever === "Ceased" ? iv.impact * 10 : iv.impact,
      start: monthKeyOf(iv.start),
      rampMonths: iv.ramp,
      status: "New",
      confidence: iv.confidence,
    })),
    years: YEARS,
    expenditure: [
      { label: "Special", values: [100, 110, 120, 130] },
      { label: "Independent", values: [50, 55, 60, 65] },
      { label: "Other", values: [7, 8, 9, 10] },
    ],
    funding: { highNeedsBlock: [-150, -160, -170, -180], safetyValve: [-5, -5, 0, 0] },
    openingDeficit: 1000,
    costs: [
      {
        line: "Special",
        driver: "EHCPs",
        share: 0.5,
        unitCost: c.unitCost,
        inflation: c.inflation,
        baseYear: "2025/26",
      },
      {
        line: "Independent",
        driver: "INMSS",
        share: 1,
        unitCost: c.unitCost * 2,
        inflation: c.inflation,
        baseYear: "2024/25",
      },
    ],
    settings: { balanceTargetYear: "2027/28", deficitCapYear: "2025/26", deficitCap: 1e9 },
  };
}

/**
 * The reference: each month's system is the baseline plus each acting
 * intervention's impact × its ramp share × the scenario's weight, clamped;
 * plans issued are the new plans of the request month `lag` earlier (the
 * baseline's before the start); the yearly figures are the year's twelve
 * months; a driven line is average × share × unit cost × (1 + inflation)^(years
 * from the base year) / 1000; the ledger adds up.
 */
function reference(c: Simple, scenario: number) {
  const months = 36;
  const ivs = simpleInput(c).interventions!;
  const newPlans = (r: number, a: number, i: number): number => r * (1 - a) * (1 - i);
  const systems = [];
  for (let k = 0; k < months; k++) {
    let requests = c.requests;
    let assess = c.noToAssessRate;
    let ceased = c.ceased;
    let reduction = 0;
    for (const iv of ivs) {
      const start = c.interventions[ivs.indexOf(iv)].start;
      if (k < start) continue;
      const ramp = iv.rampMonths! > 0 ? Math.min(1, (k - start + 1) / iv.rampMonths!) : 1;
      const weight = scenario === 0 ? 0 : scenario === 2 ? iv.confidence! : 1;
      const effect = iv.impact * ramp * weight;
      if (iv.lever === "Requests") requests -= effect;
      if (iv.lever === "NoToAssess") assess += effect;
      if (iv.lever === "Ceased") ceased += effect;
      if (iv.lever === "INMSSGrowth") reduction += effect;
    }
    systems.push({
      requests: Math.max(0, requests),
      assess: Math.min(1, Math.max(0, assess)),
      ceased: Math.max(0, ceased),
      reduction: Math.min(1, Math.max(0, reduction)),
    });
  }
  const ehcps: number[] = [];
  const inmss: number[] = [];
  let stock = c.openingEhcps;
  let placements = c.inmss;
  for (let k = 0; k < months; k++) {
    const s = k >= c.lag ? systems[k - c.lag] : undefined;
    const issued = s
      ? newPlans(s.requests, s.assess, c.noToIssueRate)
      : newPlans(c.requests, c.noToAssessRate, c.noToIssueRate);
    stock = stock + issued + c.transfersIn - systems[k].ceased;
    placements = placements + (c.growth / 12) * (1 - systems[k].reduction);
    ehcps.push(stock);
    inmss.push(placements);
  }
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const avgE = [0, 1, 2].map((y) => mean(ehcps.slice(12 * y, 12 * y + 12)));
  const avgP = [0, 1, 2].map((y) => mean(inmss.slice(12 * y, 12 * y + 12)));
  const lines = [
    [100, ...avgE.map((a, y) => (a * 0.5 * c.unitCost * (1 + c.inflation) ** y) / 1000)],
    [50, ...avgP.map((a, y) => (a * 1 * c.unitCost * 2 * (1 + c.inflation) ** (y + 1)) / 1000)],
    [7, 8, 9, 10],
  ];
  const funding = [-150, -160, -170, -180];
  const below = [-5, -5, 0, 0];
  let balance = 1000;
  const closing = [0, 1, 2, 3].map((k) => {
    balance += lines[0][k] + lines[1][k] + lines[2][k] + funding[k] + below[k];
    return balance;
  });
  return { ehcps, inmss, avgE, avgP, lines: lines.flat(), closing };
}

function kernelOf(input: ForecastInput) {
  const resolved = resolveBaseline(input.baseline ?? {}, input.monthly ?? []);
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
  const months = run(input).scenarios.mitigated.months.length;
  return compileKernel(input, resolved.value.baseline, months);
}

describe("the kernel against a month loop written from MODEL.md", () => {
  test("every scenario's months, yearly averages, lines and ledger agree", () => {
    fc.assert(
      fc.property(simpleCase, (c) => {
        const plan = kernelOf(simpleInput(c));
        const runs = SCENARIOS.map(() => kernelRun(plan));
        runScenario(plan, plan.defaults, SCENARIO_CODE.mitigated, runs[1]);
        runScenario(plan, plan.defaults, SCENARIO_CODE.unmitigated, runs[0], runs[1]);
        runScenario(plan, plan.defaults, SCENARIO_CODE.riskAdjusted, runs[2], runs[1]);
        for (const s of [0, 1, 2]) {
          const want = reference(c, s);
          const got = runs[s];
          expectClose(`scenario ${s} EHCPs`, got.ehcps, want.ehcps);
          expectClose(`scenario ${s} INMSS`, got.inmss, want.inmss);
          expectClose(`scenario ${s} average EHCPs`, got.averageEhcps, want.avgE);
          expectClose(`scenario ${s} average INMSS`, got.averageInmss, want.avgP);
          expectClose(`scenario ${s} lines`, got.lineValues, want.lines);
          expectClose(`scenario ${s} closing`, got.closing, want.closing);
        }
      })
    );
  });

  test("a hand calculation: one intervention of 10 requests a month fewer from the second month, ramped over two", () => {
    // Requests 100, no refusals, nothing ceased, no lag: new plans 100, then 95 (half the impact), then 90.
    const input: ForecastInput = {
      baseline: {
        requests: 100,
        noToAssessRate: 0,
        noToIssueRate: 0,
        ceased: 0,
        openingEhcps: 1000,
        forecastStart: "2025-04",
      },
      interventions: [
        { name: "A", lever: "Requests", impact: 10, start: "2025-05", rampMonths: 2 },
      ],
      years: ["2025/26"],
      expenditure: [{ label: "Line", values: [0] }],
      funding: {},
      openingDeficit: 0,
      costs: [
        {
          line: "Line",
          driver: "EHCPs",
          share: 1,
          unitCost: 1000,
          inflation: 0,
          baseYear: "2025/26",
        },
      ],
      settings: { balanceTargetYear: "2025/26", deficitCapYear: "2025/26" },
      horizonMonths: 3,
    };
    const plan = kernelOf(input);
    const out = kernelRun(plan);
    runScenario(plan, plan.defaults, SCENARIO_CODE.mitigated, out);
    expect([...out.ehcps]).toEqual([1100, 1195, 1285]);
    // The year's three forecast months: average (1100 + 1195 + 1285) / 3, priced at £1,000 a plan in £'000.
    expect(out.averageEhcps[0]).toBeCloseTo(3580 / 3, 9);
    expect(out.lineValues[0]).toBeCloseTo(3580 / 3, 9);
    expect(out.closing[0]).toBeCloseTo(3580 / 3, 9);
  });
});

/** Random inputs with everything the kernel handles. */
const richCase = fc.record({
  start: fc.integer({ min: 2024 * 12 + 6, max: 2025 * 12 + 8 }),
  lag: fc.integer({ min: 0, max: 5 }),
  requests: fc.double({ min: 0, max: 200, noNaN: true }),
  noToAssessRate: fc.double({ min: 0, max: 1, noNaN: true }),
  noToIssueRate: fc.double({ min: 0, max: 1, noNaN: true }),
  ceased: fc.double({ min: 0, max: 80, noNaN: true }),
  interventions: fc.array(
    fc.record({
      lever: fc.constantFrom<Lever>(
        "Requests",
        "RequestsPct",
        "NoToAssess",
        "NoToIssue",
        "Ceased",
        "INMSSGrowth"
      ),
      impact: fc.double({ min: -1, max: 1, noNaN: true }),
      start: fc.integer({ min: -14, max: 40 }),
      ramp: fc.integer({ min: 0, max: 18 }),
      confidence: fc.double({ min: 0, max: 1, noNaN: true }),
      paused: fc.boolean(),
    }),
    { maxLength: 8 }
  ),
  actualMonths: fc.integer({ min: 0, max: 11 }),
  methods: fc.array(fc.constantFrom<"Total" | "Change">("Total", "Change"), {
    minLength: 2,
    maxLength: 2,
  }),
  planGiven: fc.boolean(),
  horizon: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
  inflation: fc.double({ min: -0.1, max: 0.2, noNaN: true }),
});

type Rich = typeof richCase extends fc.Arbitrary<infer T> ? T : never;

const keyOf = (m: number): string =>
  `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`;

function richInput(c: Rich): ForecastInput {
  const years = ["2023/24", "2024/25", "2025/26", "2026/27", "2027/28", "2028/29"];
  const monthly: MonthlyActual[] = [];
  for (let b = c.actualMonths; b >= 1; b--)
    monthly.push({
      month: keyOf(c.start - b),
      requests: 90,
      noToAssess: 10,
      noToIssue: 3,
      plansIssued: 70,
      ceased: 25,
      ...(b % 3 === 0 ? {} : { ehcps: 5000 + 7 * b }),
      ...(b % 2 === 0 ? { inmss: 300 + b } : {}),
    });
  const interventions: Intervention[] = c.interventions.map((iv, n) => ({
    name: `I${n}`,
    lever: iv.lever,
    impact: iv.lever === "Requests" || iv.lever === "Ceased" ? iv.impact * 20 : iv.impact,
    start: keyOf(c.start + iv.start),
    rampMonths: iv.ramp,
    status: iv.paused ? "Pause" : "New",
    confidence: iv.confidence,
  }));
  const costs: CostDriverLine[] = [
    {
      line: "Special Schools",
      driver: "EHCPs",
      share: 0.4,
      unitCost: 20000,
      inflation: c.inflation,
      baseYear: "2024/25",
      method: c.methods[0],
    },
    {
      line: "INMSS",
      driver: "INMSS",
      share: 1,
      unitCost: 60000,
      inflation: c.inflation / 2,
      baseYear: "2025/26",
      method: c.methods[1],
    },
  ];
  return {
    baseline: {
      requests: c.requests,
      noToAssessRate: c.noToAssessRate,
      noToIssueRate: c.noToIssueRate,
      ceased: c.ceased,
      transfersIn: 1.5,
      openingEhcps: 5000,
      forecastStart: keyOf(c.start),
      inmssPlacements: 300,
      inmssAnnualGrowth: 30,
      lagMonths: c.lag,
    },
    monthly,
    interventions,
    years,
    expenditure: [
      { label: "Special Schools", values: [30000, 32000, 34000, 36000, 38000, 40000] },
      { label: "INMSS", values: [18000, 19000, 20000, 21000, 22000, 23000] },
      { label: "Transport", values: [5000, 5100, 5200, 5300, 5400, 5500] },
    ],
    funding: {
      highNeedsBlock: [-50000, -52000, -54000, -56000, -58000, -60000],
      blockTransfer: [-1000, -1000, -1000, -1000, -1000, -1000],
      otherBlocks: [0, -500, 0, 0, 0, 0],
    },
    openingDeficit: 20000,
    costs,
    ...(c.planGiven
      ? {
          planActivity: {
            ehcps: [5000, 5200, 5400, 5600, 5800, 6000],
            inmss: [300, 320, 340, 360, 380, 400],
          },
        }
      : {}),
    settings: { balanceTargetYear: "2027/28", deficitCapYear: "2025/26", deficitCap: 90000 },
    ...(c.horizon === undefined ? {} : { horizonMonths: c.horizon }),
  };
}

/** The forecast by the model's step-by-step functions, as runForecast made it before the kernel. */
function stepByStep(input: ForecastInput) {
  const resolved = resolveBaseline(input.baseline ?? {}, input.monthly ?? []);
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
  const baseline = resolved.value.baseline;
  const months = run(input).scenarios.mitigated.months.length;
  const prepared = prepareInterventions(input.interventions ?? []);
  const actuals = actualStock(input.monthly ?? []);
  const trajectories = Object.fromEntries(
    SCENARIOS.map((id) => [id, projectTrajectory(baseline, prepared, months, id, actuals)])
  ) as Record<(typeof SCENARIOS)[number], ReturnType<typeof projectTrajectory>>;
  const byYear = new Map(trajectories.mitigated.years.map((y) => [y.year, y]));
  const plan: PlanByDriver = input.planActivity
    ? { EHCPs: input.planActivity.ehcps, INMSS: input.planActivity.inmss }
    : {
        EHCPs: input.years.map((y) => byYear.get(y)?.averageEhcps ?? null),
        INMSS: input.years.map((y) => byYear.get(y)?.averageInmss ?? null),
      };
  const forecastYear = financialYearOf(monthIndex(baseline.forecastStart));
  const ledgers = Object.fromEntries(
    SCENARIOS.map((id) => {
      const lines = applyCostDrivers(
        input.years,
        input.expenditure,
        input.costs ?? [],
        trajectories[id],
        forecastYear,
        plan
      );
      return [id, computeLedger(input.years, lines, input.funding, input.openingDeficit)];
    })
  ) as Record<(typeof SCENARIOS)[number], ReturnType<typeof computeLedger>>;
  return { trajectories, ledgers };
}

function compareWithSteps(r: ForecastResult, input: ForecastInput): void {
  const { trajectories, ledgers } = stepByStep(input);
  for (const id of SCENARIOS) {
    const got = r.scenarios[id];
    const want = trajectories[id];
    expect(got.months).toEqual(want.months);
    expect(got.years.map((y) => y.year)).toEqual(want.years.map((y) => y.year));
    expectClose(`${id} EHCPs`, got.ehcps, want.ehcps);
    expectClose(`${id} INMSS`, got.inmss, want.inmss);
    expectClose(`${id} new plans`, got.newPlans, want.newPlans);
    expectClose(`${id} ceased`, got.ceased, want.ceased);
    for (const key of ["requests", "noToAssessRate", "noToIssueRate", "ceased"] as const)
      expectClose(
        `${id} ${key}`,
        got.rates.map((x) => x[key]),
        want.rates.map((x) => x[key])
      );
    for (const key of [
      "closingEhcps",
      "averageEhcps",
      "newPlans",
      "ceased",
      "closingInmss",
      "averageInmss",
    ] as const)
      expectClose(
        `${id} yearly ${key}`,
        got.years.map((y) => y[key]),
        want.years.map((y) => y[key])
      );
    const l = r.ledgers[id];
    const w = ledgers[id];
    l.lines.forEach((line, n) =>
      expectClose(`${id} ${line.label}`, line.values, w.lines[n].values)
    );
    for (const key of ["expenditure", "inYear", "opening", "closing", "highNeedsBlock"] as const)
      expectClose(`${id} ${key}`, l[key], w[key]);
  }
}

describe("the kernel against the model's step-by-step functions", () => {
  test("runForecast's scenarios and ledgers agree with projectTrajectory, applyCostDrivers and computeLedger", () => {
    fc.assert(
      fc.property(richCase, (c) => {
        const input = richInput(c);
        const r = runForecast(input);
        if (!r.ok) {
          // A recorded plan without a figure for a year the forecast reaches, and nothing else, is refused.
          expect(r.problems.every((p) => p.field.startsWith("planActivity"))).toBe(true);
          return;
        }
        compareWithSteps(r.value, input);
      })
    );
  });

  test("the worked example agrees with the step-by-step functions", () => {
    compareWithSteps(run(WILTSHIRE), WILTSHIRE);
    const { planActivity: _plan, ...withoutPlan } = WILTSHIRE;
    void _plan;
    compareWithSteps(run(withoutPlan), withoutPlan);
  });
});

describe("the kernel's buffers keep nothing between runs", () => {
  const snapshot = (r: KernelRun): number[][] =>
    [
      r.requests,
      r.noToAssessRate,
      r.noToIssueRate,
      r.ceased,
      r.inmssReduction,
      r.ehcps,
      r.inmss,
      r.averageEhcps,
      r.averageInmss,
      r.lineValues,
      r.closing,
    ].map((a) => [...a]);

  test("a run with other values, then the first values again, gives the first figures; each as a fresh buffer gives", () => {
    fc.assert(
      fc.property(richCase, richCase, (a, b) => {
        // One compiled plan, two sets of values: b's baseline, impacts and inflation over a's shape,
        // which has every lever acting from the start (a share of the baseline among them).
        const acting = LEVERS.map((lever) => ({
          lever,
          impact: 0.3,
          start: 0,
          ramp: 3,
          confidence: 0.8,
          paused: false,
        }));
        const input = richInput({
          ...a,
          noToAssessRate: 0.2,
          noToIssueRate: 0.05,
          interventions: [...a.interventions, ...acting],
          planGiven: false,
        });
        const plan = kernelOf(input);
        const first = kernelValues(plan);
        const second = kernelValues(plan);
        second.requests = b.requests;
        second.noToAssessRate = b.noToAssessRate;
        second.ceased = b.ceased;
        second.openingEhcps = 4000;
        for (let i = 0; i < second.impact.length; i++) second.impact[i] *= 1 + b.inflation;
        for (let n = 0; n < plan.costs; n++) setInflation(plan, second, n, b.inflation);
        const shared = kernelRun(plan);
        const fresh = (values: typeof first): number[][] => {
          const out = kernelRun(plan);
          runScenario(plan, values, SCENARIO_CODE.riskAdjusted, out);
          return snapshot(out);
        };
        runScenario(plan, first, SCENARIO_CODE.riskAdjusted, shared);
        const once = snapshot(shared);
        runScenario(plan, second, SCENARIO_CODE.riskAdjusted, shared);
        const other = snapshot(shared);
        runScenario(plan, first, SCENARIO_CODE.riskAdjusted, shared);
        expect(snapshot(shared)).toEqual(once);
        expect(once).toEqual(fresh(first));
        expect(other).toEqual(fresh(second));
      })
    );
  });

  test("runForecast on one input, another, then the first again gives the first result", () => {
    fc.assert(
      fc.property(richCase, richCase, (a, b) => {
        const x = runForecast(richInput(a));
        const y = runForecast(richInput(b));
        const again = runForecast(richInput(a));
        expect(again).toEqual(x);
        if (x.ok && y.ok) compareWithSteps(y.value, richInput(b));
      })
    );
  });
});
