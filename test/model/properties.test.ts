import fc from "fast-check";
import {
  LEVERS,
  SCENARIOS,
  STATUSES,
  financialYearOf,
  labelKey,
  monthIndex,
  monthKey,
  prepareInterventions,
  rampShare,
  runForecast,
  systemInMonth,
  yearLabel,
  type Baseline,
  type CostDriverLine,
  type ExpenditureLine,
  type ForecastInput,
  type ForecastResult,
  type Funding,
  type Intervention,
  type Ledger,
  type Lever,
} from "../../src/model";

/*
 * Properties of the forecast over generated valid inputs (MODEL.md §§1–5):
 * whatever a council types in, the ledger adds up, demand moves the stock the
 * right way, and interventions behave as levers should.
 */

// A deeper search on demand: FC_NUM_RUNS=5000 npx jest test/model/properties.test.ts
if (process.env.FC_NUM_RUNS) fc.configureGlobal({ numRuns: Number(process.env.FC_NUM_RUNS) });

// ---------------------------------------------------------------- generators

/**
 * A finite number in [min, max]. Mostly spread evenly over the range, as real
 * figures are; sometimes any double there (fc.double favours the bounds, 0
 * and tiny magnitudes, where rounding and clamping go wrong).
 */
const num = (min: number, max: number): fc.Arbitrary<number> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .integer({ min: 0, max: 1_000_000 })
        .map((k) => min + ((max - min) * k) / 1_000_000),
    },
    { weight: 1, arbitrary: fc.double({ min, max, noNaN: true, noDefaultInfinity: true }) }
  );

const rate = num(0, 1);

/** Per-month levers take counts; the others fractions in −1..1 (validate.ts). */
const PER_MONTH: readonly Lever[] = ["Requests", "Ceased"];

interface Frame {
  firstYear: number;
  yearCount: number;
  /** Month index of the forecast start. */
  start: number;
}

const frameArb: fc.Arbitrary<Frame> = fc
  .record({
    firstYear: fc.integer({ min: 2018, max: 2032 }),
    yearCount: fc.integer({ min: 1, max: 10 }),
  })
  .chain(({ firstYear, yearCount }) => {
    const firstApril = firstYear * 12 + 3;
    const lastMarch = firstApril + 12 * yearCount - 1;
    // The forecast may start up to two years before the table's first year.
    return fc
      .integer({ min: firstApril - 24, max: lastMarch })
      .map((start) => ({ firstYear, yearCount, start }));
  });

const baselineArb = (frame: Frame): fc.Arbitrary<Baseline> =>
  fc.record({
    requests: num(0, 400),
    noToAssessRate: rate,
    noToIssueRate: rate,
    ceased: num(0, 150),
    transfersIn: num(0, 10),
    openingEhcps: num(0, 20000),
    forecastStart: fc.constant(monthKey(frame.start)),
    inmssPlacements: num(0, 1500),
    inmssAnnualGrowth: num(-100, 200),
    lagMonths: fc.integer({ min: 0, max: 6 }),
  });

/**
 * Impacts anywhere in their valid range, with the round and extreme values
 * people type (a whole 100%, a half) often enough that levers pile up.
 */
const impactFor = (lever: Lever): fc.Arbitrary<number> =>
  PER_MONTH.includes(lever)
    ? fc.oneof(num(-40, 80), fc.constantFrom(-50, -10, 10, 50))
    : fc.oneof(num(-1, 1), fc.constantFrom(-1, -0.5, 0.5, 0.75, 1));

/** Any intervention acting somewhere around the horizon; every lever, ramp, status and confidence. */
const interventionArb = (
  frame: Frame,
  levers: readonly Lever[] = LEVERS
): fc.Arbitrary<Intervention> =>
  fc.constantFrom(...levers).chain((lever) =>
    fc.record(
      {
        name: fc.constantFrom(
          "Pre-DaD1 support",
          "Early Years ESA",
          "Post-16 ceasing",
          "Step downs"
        ),
        lever: fc.constant(lever),
        impact: impactFor(lever),
        // Often from the forecast start itself, so that several act together.
        start: fc
          .oneof(
            fc.integer({ min: frame.start - 12, max: frame.start + 12 * frame.yearCount }),
            fc.constant(frame.start)
          )
          .map(monthKey),
        rampMonths: fc.integer({ min: 0, max: 24 }),
        status: fc.constantFrom(...STATUSES),
        confidence: rate,
      },
      { requiredKeys: ["name", "lever", "impact", "start"] }
    )
  );

const series = (n: number, min: number, max: number): fc.Arbitrary<number[]> =>
  fc.array(num(min, max), { minLength: n, maxLength: n });

const LINE_LABELS = [
  "Mainstream Provision",
  "Resourced Provision",
  "Special Schools",
  "Independent and Non-maintained Special School Provision",
  "Post 16 Provision",
  "Alternative Provision",
  "Therapies",
  "Other High Needs Block places and top ups",
  "High Needs Block staffing etc",
  "Outreach",
  "Early Years Inclusion",
  "Transport",
];

const fundingArb = (n: number): fc.Arbitrary<Funding> =>
  fc.record(
    {
      highNeedsBlock: series(n, -120000, 0),
      blockTransfer: series(n, -6000, 0),
      otherBlocks: series(n, -5000, 5000),
      safetyValve: series(n, -30000, 0),
    },
    { requiredKeys: [] }
  );

const costArb = (line: string, years: readonly string[]): fc.Arbitrary<CostDriverLine> =>
  fc.record({
    line: fc.constant(line),
    driver: fc.constantFrom("EHCPs" as const, "INMSS" as const),
    share: rate,
    unitCost: num(0, 120000),
    inflation: num(-0.2, 0.2),
    baseYear: fc.constantFrom(...years),
  });

/** A whole valid input: the model must accept every one of these. */
const inputWith = (levers: readonly Lever[]): fc.Arbitrary<ForecastInput> =>
  frameArb.chain((frame) => {
    const years = Array.from({ length: frame.yearCount }, (_, k) => yearLabel(frame.firstYear + k));
    const n = years.length;
    return fc
      .record({
        baseline: baselineArb(frame),
        interventions: fc.array(interventionArb(frame, levers), { maxLength: 12 }),
        lineCount: fc.integer({ min: 1, max: LINE_LABELS.length }),
        lineValues: fc.array(series(n, -2000, 60000), {
          minLength: LINE_LABELS.length,
          maxLength: LINE_LABELS.length,
        }),
        driven: fc.subarray(LINE_LABELS.slice(0, 6)),
        funding: fundingArb(n),
        openingDeficit: num(-50000, 200000),
        balanceTargetYear: fc.constantFrom(...years),
        deficitCapYear: fc.constantFrom(...years),
        deficitCap: num(0, 200000),
        horizonMonths: fc.option(fc.integer({ min: 1, max: 150 }), { nil: undefined }),
      })
      .chain((r) => {
        const expenditure: ExpenditureLine[] = LINE_LABELS.slice(0, r.lineCount).map(
          (label, k) => ({ label, values: r.lineValues[k] })
        );
        const drivable = r.driven.filter((l) =>
          expenditure.some((e) => labelKey(e.label) === labelKey(l))
        );
        return fc.tuple(...drivable.map((l) => costArb(l, years))).map((costs) => {
          const input: ForecastInput = {
            baseline: r.baseline,
            interventions: r.interventions,
            years,
            expenditure,
            funding: r.funding,
            openingDeficit: r.openingDeficit,
            costs,
            settings: {
              balanceTargetYear: r.balanceTargetYear,
              deficitCapYear: r.deficitCapYear,
              deficitCap: r.deficitCap,
            },
          };
          if (r.horizonMonths !== undefined) input.horizonMonths = r.horizonMonths;
          return input;
        });
      });
  });

const inputArb = inputWith(LEVERS);
/** Inputs whose interventions all act on requests: where the two request levers meet. */
const requestLeversArb = inputWith(["Requests", "RequestsPct"]);

// ------------------------------------------------------------------ helpers

function run(input: ForecastInput): ForecastResult {
  const r = runForecast(input);
  if (!r.ok) throw new Error(`a valid input was refused: ${JSON.stringify(r.problems)}`);
  return r.value;
}

/** A deep copy that keeps every number as it is (−0 included, which JSON would not). */
const copy = (input: ForecastInput): ForecastInput => structuredClone(input);

/** Equal up to rounding: the ledger is summed in whatever order the code chose. */
function close(actual: number, expected: number, scale: number): void {
  if (Math.abs(actual - expected) > 1e-9 * Math.max(1, Math.abs(scale)))
    throw new Error(`expected ${expected}, found ${actual} (difference ${actual - expected})`);
}

function allNumbers(value: unknown, path: string, out: [string, number][]): void {
  if (typeof value === "number") out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, k) => allNumbers(v, `${path}[${k}]`, out));
  else if (value !== null && typeof value === "object")
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      allNumbers(v, `${path}.${k}`, out);
}

/** JSON writes −0 as 0; compare the round trip with that in mind. */
function withoutNegativeZero(value: unknown): unknown {
  if (Object.is(value, -0)) return 0;
  if (Array.isArray(value)) return value.map(withoutNegativeZero);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, withoutNegativeZero(v)])
    );
  return value;
}

/** Fails with the month and field named: fewer, clearer messages than an expect per month. */
function check(ok: boolean, what: () => string): void {
  if (!ok) throw new Error(what());
}

const between = (x: number, a: number, b: number): boolean =>
  Math.min(a, b) <= x && x <= Math.max(a, b);

// --------------------------------------------------------------- properties

describe("the DSG ledger adds up for any input (MODEL.md §5)", () => {
  test("Closing = Opening + InYear + OtherBlocks + SafetyValve, Opening(y+1) = Closing(y), InYear = Expenditure + HNB + BT", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = run(input);
        expect(r.ledger).toEqual(r.ledgers.mitigated);
        for (const id of SCENARIOS) {
          const l: Ledger = r.ledgers[id];
          const n = input.years.length;
          expect(l.years).toEqual(input.years);
          expect(l.opening[0]).toBe(input.openingDeficit);
          const f = input.funding;
          for (let k = 0; k < n; k++) {
            const lineSum = l.lines.reduce((s, line) => s + line.values[k], 0);
            const scale = l.lines.reduce((s, line) => s + Math.abs(line.values[k]), 0);
            close(l.expenditure[k], lineSum, scale);
            expect(l.highNeedsBlock[k]).toBe(f.highNeedsBlock?.[k] ?? 0);
            expect(l.blockTransfer[k]).toBe(f.blockTransfer?.[k] ?? 0);
            expect(l.otherBlocks[k]).toBe(f.otherBlocks?.[k] ?? 0);
            expect(l.safetyValve[k]).toBe(f.safetyValve?.[k] ?? 0);
            close(
              l.inYear[k],
              l.expenditure[k] + l.highNeedsBlock[k] + l.blockTransfer[k],
              scale + Math.abs(l.highNeedsBlock[k]) + Math.abs(l.blockTransfer[k])
            );
            const closing = l.opening[k] + l.inYear[k] + l.otherBlocks[k] + l.safetyValve[k];
            close(
              l.closing[k],
              closing,
              Math.abs(l.opening[k]) +
                Math.abs(l.inYear[k]) +
                Math.abs(l.otherBlocks[k]) +
                Math.abs(l.safetyValve[k])
            );
            if (k + 1 < n) expect(l.opening[k + 1]).toBe(l.closing[k]);
          }
        }
      })
    );
  });

  test("balance year, residual and peak deficit, and both conditions read off the mitigated ledger", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = run(input);
        const { years, inYear, closing } = r.ledger;
        const balanceIndex = years.findIndex((_, k) => inYear.slice(k).every((v) => v <= 0));
        expect(r.balanceYear).toBe(balanceIndex < 0 ? null : years[balanceIndex]);
        expect(r.residualDeficit).toBe(balanceIndex < 0 ? null : closing[balanceIndex]);
        expect(r.peakDeficit).toBe(Math.max(...closing));
        expect(closing[years.indexOf(r.peakYear)]).toBe(r.peakDeficit);
        const target = years.indexOf(input.settings!.balanceTargetYear!);
        const firstFailing = inYear.findIndex((v, k) => k >= target && v > 0);
        const [inYearBalance, deficitCap] = r.conditions;
        expect(inYearBalance.pass).toBe(firstFailing < 0);
        expect(inYearBalance.year).toBe(years[firstFailing < 0 ? target : firstFailing]);
        const cap = years.indexOf(input.settings!.deficitCapYear!);
        expect(deficitCap.value).toBe(closing[cap]);
        expect(deficitCap.pass).toBe(closing[cap] <= input.settings!.deficitCap!);
      })
    );
  });

  test("a driven line is the year's average driver × share × unit cost × inflation, from the forecast year on", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = run(input);
        const start = monthIndex(r.baseline.forecastStart);
        const from = Number(financialYearOf(start).slice(0, 4));
        for (const id of SCENARIOS) {
          const t = r.scenarios[id];
          const last = start + t.months.length - 1;
          r.ledgers[id].lines.forEach((line, j) => {
            const supplied = input.expenditure[j].values;
            const cost = (input.costs ?? []).find((c) => labelKey(c.line) === labelKey(line.label));
            input.years.forEach((year, k) => {
              const first = Number(year.slice(0, 4));
              const april = first * 12 + 3;
              if (!cost || first < from || april > last) {
                expect(line.values[k]).toBe(supplied[k]);
                return;
              }
              // The average of the year's month-ends; months before the start count at the opening value.
              const opening =
                cost.driver === "EHCPs" ? r.baseline.openingEhcps : r.baseline.inmssPlacements;
              const monthly = cost.driver === "EHCPs" ? t.ehcps : t.inmss;
              const values: number[] = [];
              for (let m = april; m < april + 12 && m <= last; m++)
                values.push(m < start ? opening : monthly[m - start]);
              const average = values.reduce((s, v) => s + v, 0) / values.length;
              const years = first - Number(cost.baseYear.slice(0, 4));
              const expected =
                (average * cost.share * cost.unitCost * (1 + cost.inflation) ** years) / 1000;
              close(line.values[k], expected, expected);
            });
          });
        }
      })
    );
  });
});

describe("demand moves the stock the right way (MODEL.md §1, §3)", () => {
  const bump = num(1e-3, 100);
  // Stock is compared up to a billionth of a plan: rounding, not demand.
  // Opposing request levers are rare in random input; search a little longer here.
  const deeper = { numRuns: Number(process.env.FC_NUM_RUNS ?? 400) };

  test("more requests a month never lower the stock, in any month or scenario", () => {
    fc.assert(
      fc.property(fc.oneof(inputArb, requestLeversArb), bump, (input, more) => {
        const busier = copy(input);
        busier.baseline!.requests = input.baseline!.requests! + more;
        const lo = run(input);
        const hi = run(busier);
        for (const id of SCENARIOS)
          lo.scenarios[id].ehcps.forEach((s, k) => {
            const h = hi.scenarios[id].ehcps[k];
            check(
              h >= s - 1e-9 * Math.max(1, Math.abs(s)),
              () => `${id} ${lo.scenarios[id].months[k]}: ${h} EHCPs, fewer than ${s}`
            );
          });
      }),
      deeper
    );
  });

  test("percentage cuts of more than all requests cannot turn extra requests into fewer plans", () => {
    // Two 70% cuts and an outreach drive bringing 50 more requests a month:
    // a council with 200 requests a month must not end with fewer plans than one with 100.
    const council = (requests: number): ForecastInput => ({
      baseline: {
        requests,
        noToAssessRate: 0.12,
        noToIssueRate: 0.039,
        ceased: 29,
        transfersIn: 0,
        openingEhcps: 6354,
        forecastStart: "2025-04",
        inmssPlacements: 0,
        inmssAnnualGrowth: 0,
        lagMonths: 0,
      },
      interventions: [
        { name: "SEN support outreach", lever: "Requests", impact: -50, start: "2025-04" },
        { name: "Early help", lever: "RequestsPct", impact: 0.7, start: "2025-04" },
        { name: "Graduated response", lever: "RequestsPct", impact: 0.7, start: "2025-04" },
      ],
      years: ["2025/26"],
      expenditure: [{ label: "Special Schools", values: [0] }],
      funding: {},
      openingDeficit: 0,
      settings: { balanceTargetYear: "2025/26", deficitCapYear: "2025/26" },
    });
    const quiet = run(council(100)).scenarios.mitigated;
    const busy = run(council(200)).scenarios.mitigated;
    expect(busy.rates[0].requests).toBeGreaterThanOrEqual(quiet.rates[0].requests);
    expect(busy.ehcps[11]).toBeGreaterThanOrEqual(quiet.ehcps[11]);
  });

  test("fewer plans ceased a month never lower the stock, in any month or scenario", () => {
    fc.assert(
      fc.property(inputArb, bump, (input, fewer) => {
        const stickier = copy(input);
        stickier.baseline!.ceased = Math.max(0, input.baseline!.ceased! - fewer);
        const lo = run(input);
        const hi = run(stickier);
        for (const id of SCENARIOS)
          lo.scenarios[id].ehcps.forEach((s, k) => {
            const h = hi.scenarios[id].ehcps[k];
            check(
              h >= s - 1e-9 * Math.max(1, Math.abs(s)),
              () => `${id} ${lo.scenarios[id].months[k]}: ${h} EHCPs, fewer than ${s}`
            );
          });
      }),
      deeper
    );
  });
});

describe("trajectories and their yearly summaries (MODEL.md §1, §3)", () => {
  test("each year's summary is its months: stock at 31 March, average of month-ends, new and ceased plans", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = run(input);
        const start = monthIndex(r.baseline.forecastStart);
        for (const id of SCENARIOS) {
          const t = r.scenarios[id];
          const last = start + t.months.length - 1;
          const expectedYears: string[] = [];
          for (let m = start; m <= last; m++)
            if (!expectedYears.includes(financialYearOf(m))) expectedYears.push(financialYearOf(m));
          expect(t.years.map((y) => y.year)).toEqual(expectedYears);
          for (const y of t.years) {
            const april = Number(y.year.slice(0, 4)) * 12 + 3;
            const months: number[] = [];
            for (let m = april; m < april + 12 && m <= last; m++) months.push(m);
            const at =
              (series: number[], opening: number) =>
              (m: number): number =>
                m < start ? opening : series[m - start];
            const ehcps = months.map(at(t.ehcps, r.baseline.openingEhcps));
            const inmss = months.map(at(t.inmss, r.baseline.inmssPlacements));
            const inForecast = months.filter((m) => m >= start).map((m) => m - start);
            const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
            expect(y.closingEhcps).toBe(ehcps[ehcps.length - 1]);
            expect(y.closingInmss).toBe(inmss[inmss.length - 1]);
            close(y.averageEhcps, sum(ehcps) / ehcps.length, Math.max(...ehcps.map(Math.abs)));
            close(y.averageInmss, sum(inmss) / inmss.length, Math.max(...inmss.map(Math.abs)));
            close(
              y.newPlans,
              sum(inForecast.map((k) => t.newPlans[k])),
              sum(inForecast.map((k) => t.newPlans[k]))
            );
            close(
              y.ceased,
              sum(inForecast.map((k) => t.ceased[k])),
              sum(inForecast.map((k) => t.ceased[k]))
            );
          }
        }
      })
    );
  });

  test("the stock moves each month by new plans + transfers in − ceased", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = run(input);
        for (const id of SCENARIOS) {
          const t = r.scenarios[id];
          t.ehcps.forEach((s, k) => {
            const before = k === 0 ? r.baseline.openingEhcps : t.ehcps[k - 1];
            close(
              s,
              before + t.newPlans[k] + r.baseline.transfersIn - t.ceased[k],
              Math.abs(before) + t.newPlans[k] + r.baseline.transfersIn + t.ceased[k]
            );
            check(
              t.ceased[k] === t.rates[k].ceased,
              () =>
                `${id} ${t.months[k]}: ceased ${t.ceased[k]} against the month's rate ${t.rates[k].ceased}`
            );
          });
        }
      })
    );
  });

  test("an issue lag of L months issues, in month k, the plans requested in month k − L", () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 1, max: 8 }), (input, lag) => {
        const prompt = copy(input);
        prompt.baseline!.lagMonths = 0;
        const lagged = copy(input);
        lagged.baseline!.lagMonths = lag;
        const a = run(prompt);
        const b = run(lagged);
        const base = a.baseline;
        const baselineNew = base.requests * (1 - base.noToAssessRate) * (1 - base.noToIssueRate);
        for (const id of SCENARIOS) {
          const now = a.scenarios[id];
          const later = b.scenarios[id];
          expect(later.ceased).toEqual(now.ceased);
          expect(later.rates).toEqual(now.rates);
          later.newPlans.forEach((n, k) => {
            if (k < lag) close(n, baselineNew, baselineNew);
            else
              check(
                n === now.newPlans[k - lag],
                () =>
                  `${id} ${later.months[k]}: ${n} issued, but ${now.newPlans[k - lag]} were requested ${lag} months before`
              );
          });
        }
      })
    );
  });
});

describe("interventions behave as levers (MODEL.md §2)", () => {
  test("a paused intervention is the same as no intervention: the whole result is equal", () => {
    fc.assert(
      fc.property(inputArb, fc.nat(), (input, pick) => {
        fc.pre(input.interventions!.length > 0);
        const k = pick % input.interventions!.length;
        const paused = copy(input);
        paused.interventions![k].status = "Pause";
        const absent = copy(input);
        absent.interventions!.splice(k, 1);
        expect(run(paused)).toEqual(run(absent));
      })
    );
  });

  test("rates stay in 0–1 and requests and ceased plans at 0 or more, in every month and scenario", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = run(input);
        for (const id of SCENARIOS) {
          const t = r.scenarios[id];
          t.rates.forEach((s, k) => {
            const where = (): string => `${id} ${t.months[k]}: ${JSON.stringify(s)}`;
            check(s.noToAssessRate >= 0 && s.noToAssessRate <= 1, where);
            check(s.noToIssueRate >= 0 && s.noToIssueRate <= 1, where);
            check(s.requests >= 0 && s.ceased >= 0, where);
            check(
              t.newPlans[k] >= 0 && t.ceased[k] >= 0,
              () => `${id} ${t.months[k]}: new ${t.newPlans[k]}, ceased ${t.ceased[k]}`
            );
          });
        }
        const g = r.target;
        for (const v of [g.noToAssessRate, g.noToIssueRate, g.inmssGrowthReduction]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
        expect(g.requests).toBeGreaterThanOrEqual(0);
        expect(g.ceased).toBeGreaterThanOrEqual(0);
      })
    );
  });

  test("a ramp's share is between 0 and 1 and reaches 1 after the ramp", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 24000, max: 25000 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: -30, max: 120 }),
        (start, ramp, offset) => {
          const share = rampShare(start, ramp, start + offset);
          expect(share).toBeGreaterThanOrEqual(0);
          expect(share).toBeLessThanOrEqual(1);
          if (offset < 0) expect(share).toBe(0);
          if (offset >= Math.max(0, ramp - 1)) expect(share).toBe(1);
          if (offset >= 0 && offset < ramp - 1) expect(share).toBeCloseTo((offset + 1) / ramp, 12);
        }
      )
    );
  });

  test("a ramped intervention lies between not having it and having it at full impact, in every month and scenario", () => {
    fc.assert(
      fc.property(
        inputArb.chain((input) => {
          const frame: Frame = {
            firstYear: Number(input.years[0].slice(0, 4)),
            yearCount: input.years.length,
            start: monthIndex(input.baseline!.forecastStart!),
          };
          return fc.tuple(
            fc.constant(input),
            interventionArb(frame),
            fc.integer({ min: 1, max: 24 })
          );
        }),
        ([input, extra, ramp]) => {
          const activeExtra: Intervention = { ...extra, status: "New" };
          const without = copy(input);
          const full = copy(input);
          full.interventions!.push({ ...activeExtra, rampMonths: 0 });
          const ramped = copy(input);
          ramped.interventions!.push({ ...activeExtra, rampMonths: ramp });

          // The month-by-month system, lever by lever.
          const base = input.baseline as Baseline;
          const start = monthIndex(base.forecastStart);
          const [p0, p1, pr] = [without, full, ramped].map((i) =>
            prepareInterventions(i.interventions!)
          );
          for (const id of SCENARIOS)
            for (let m = start - 2; m < start + 12 * input.years.length + 24; m++) {
              const [s0, s1, sr] = [p0, p1, pr].map((p) => systemInMonth(base, p, m, id));
              for (const key of [
                "requests",
                "noToAssessRate",
                "noToIssueRate",
                "ceased",
                "inmssReduction",
              ] as const)
                if (!between(sr[key], s0[key], s1[key]))
                  throw new Error(
                    `${id} ${monthKey(m)} ${key}: ramped ${sr[key]} outside [${s0[key]}, ${s1[key]}]`
                  );
            }

          // And so the stock and placements of every scenario.
          const [r0, r1, rr] = [without, full, ramped].map(run);
          for (const id of SCENARIOS)
            for (const key of ["ehcps", "inmss"] as const)
              rr.scenarios[id][key].forEach((v, k) => {
                const a = r0.scenarios[id][key][k];
                const b = r1.scenarios[id][key][k];
                const slack = 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
                if (v < Math.min(a, b) - slack || v > Math.max(a, b) + slack)
                  throw new Error(`${id} ${key} month ${k}: ramped ${v} outside [${a}, ${b}]`);
              });
        }
      )
    );
  });

  test("the unmitigated trajectory ignores interventions", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const none = copy(input);
        none.interventions = [];
        const a = run(input);
        const b = run(none);
        expect(a.scenarios.unmitigated).toEqual(b.scenarios.unmitigated);
        expect(a.ledgers.unmitigated).toEqual(b.ledgers.unmitigated);
      })
    );
  });

  test("the risk-adjusted scenario equals the mitigated one when every confidence is 1", () => {
    fc.assert(
      fc.property(inputArb, fc.boolean(), (input, explicit) => {
        const sure = copy(input);
        for (const iv of sure.interventions!)
          if (explicit) iv.confidence = 1;
          else delete iv.confidence;
        const r = run(sure);
        expect(r.scenarios.riskAdjusted).toEqual(r.scenarios.mitigated);
        expect(r.ledgers.riskAdjusted).toEqual(r.ledgers.mitigated);
      })
    );
  });
});

describe("every result is a plain, finite figure", () => {
  test("no NaN or Infinity anywhere in the result, and it survives a JSON round trip", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = run(input);
        const numbers: [string, number][] = [];
        allNumbers(r, "result", numbers);
        const bad = numbers.filter(([, v]) => !Number.isFinite(v));
        expect(bad).toEqual([]);
        expect(JSON.parse(JSON.stringify(r))).toEqual(withoutNegativeZero(r));
      })
    );
  });
});

// ------------------------------------------------------- costing against the plan

/** The input with every cost line priced by Change, against `plan` (or none recorded). */
function changeLines(input: ForecastInput, plan?: ForecastInput["planActivity"]): ForecastInput {
  const out = copy(input);
  out.costs = (out.costs ?? []).map((c) => ({ ...c, method: "Change" as const }));
  if (plan) out.planActivity = plan;
  return out;
}

/** A scenario's yearly average of a driver, by year of the table; 0 for a year the forecast does not reach. */
function averages(r: ForecastResult, id: (typeof SCENARIOS)[number], driver: "EHCPs" | "INMSS") {
  return r.ledger.years.map((y) => {
    const s = r.scenarios[id].years.find((x) => x.year === y);
    return s === undefined ? 0 : driver === "EHCPs" ? s.averageEhcps : s.averageInmss;
  });
}

const planArb = (n: number) => fc.record({ ehcps: series(n, 0, 25000), inmss: series(n, 0, 2000) });

describe("a Change line moves the council's plan by the change in activity (item: costing relative to the plan)", () => {
  test("with a scenario's activity equal to the plan's, every Change line is the supplied line", () => {
    fc.assert(
      fc.property(inputArb, fc.constantFrom(...SCENARIOS), (input, id) => {
        const first = run(input);
        const plan = { ehcps: averages(first, id, "EHCPs"), inmss: averages(first, id, "INMSS") };
        const r = run(changeLines(input, plan));
        r.ledgers[id].lines.forEach((line, j) =>
          expect(line.values).toEqual(input.expenditure[j].values)
        );
        expect(r.warnings.some((w) => w.code === "planActivityMissing")).toBe(false);
        // Without a recorded plan, the mitigated scenario is the plan: the supplied table, and a warning.
        const unrecorded = run(changeLines(input));
        unrecorded.ledger.lines.forEach((line, j) =>
          expect(line.values).toEqual(input.expenditure[j].values)
        );
        expect(unrecorded.warnings.some((w) => w.code === "planActivityMissing")).toBe(
          (input.costs ?? []).length > 0
        );
      })
    );
  });

  test("a Change line is supplied + (activity − plan) × share × unit cost × inflation / 1000, and more plans never lower it", () => {
    fc.assert(
      fc.property(
        inputArb.chain((input) => fc.tuple(fc.constant(input), planArb(input.years.length))),
        ([input, plan]) => {
          const r = run(changeLines(input, plan));
          const from = Number(financialYearOf(monthIndex(r.baseline.forecastStart)).slice(0, 4));
          for (const cost of r.ledger.lines.length > 0 ? (input.costs ?? []) : []) {
            const j = input.expenditure.findIndex((e) => labelKey(e.label) === labelKey(cost.line));
            const planned = cost.driver === "EHCPs" ? plan.ehcps : plan.inmss;
            input.years.forEach((year, k) => {
              const first = Number(year.slice(0, 4));
              const factor = Math.pow(
                1 + cost.inflation,
                first - Number(cost.baseYear.slice(0, 4))
              );
              const values = SCENARIOS.map((id) => r.ledgers[id].lines[j].values[k]);
              const activity = SCENARIOS.map((id) => {
                const s = r.scenarios[id].years.find((x) => x.year === year);
                return s && (cost.driver === "EHCPs" ? s.averageEhcps : s.averageInmss);
              });
              SCENARIOS.forEach((_, a) => {
                const supplied = input.expenditure[j].values[k];
                const act = activity[a];
                if (first < from || act === undefined) return expect(values[a]).toBe(supplied);
                const expected =
                  supplied + ((act - planned[k]) * cost.share * cost.unitCost * factor) / 1000;
                close(values[a], expected, Math.abs(supplied) + Math.abs(expected));
                // More activity than another scenario's never prices the line lower.
                SCENARIOS.forEach((__, b) => {
                  const other = activity[b];
                  if (other !== undefined && act >= other)
                    check(
                      values[a] >= values[b],
                      () =>
                        `${SCENARIOS[a]} has ${act} against ${other} in ${year} but its line is ${values[a]} < ${values[b]}`
                    );
                });
              });
            });
          }
        }
      )
    );
  });

  test("a plan figure missing for a year a Change line prices is an input problem at that year's field", () => {
    fc.assert(
      fc.property(
        inputArb.filter((i) => (i.costs ?? []).length > 0),
        fc.nat(),
        (input, pick) => {
          const first = run(input);
          const from = Number(
            financialYearOf(monthIndex(first.baseline.forecastStart)).slice(0, 4)
          );
          // A year is priced from the forecast start's on, while the forecast reaches it (its horizon may end sooner).
          const reached = new Set(first.scenarios.mitigated.years.map((s) => s.year));
          const priced = input.years
            .map((y, k) => (Number(y.slice(0, 4)) >= from && reached.has(y) ? k : -1))
            .filter((k) => k >= 0);
          fc.pre(priced.length > 0);
          const k = priced[pick % priced.length];
          const plan = {
            ehcps: input.years.map((): number | null => 100),
            inmss: input.years.map((): number | null => 10),
          };
          const driver = input.costs![0].driver;
          (driver === "EHCPs" ? plan.ehcps : plan.inmss)[k] = null;
          const r = runForecast(changeLines(input, plan));
          expect(r.ok).toBe(false);
          if (!r.ok)
            expect(r.problems.map((p) => p.field)).toContain(
              `planActivity.${driver === "EHCPs" ? "ehcps" : "inmss"}[${k}]`
            );
        }
      )
    );
  });
});

/** Interventions that only ever reduce demand, and driven lines that cost something, priced either way. */
const demandReducingArb: fc.Arbitrary<ForecastInput> = inputWith([
  "Requests",
  "RequestsPct",
  "NoToAssess",
  "NoToIssue",
  "Ceased",
]).chain((input) =>
  fc
    .record({
      methods: fc.array(fc.constantFrom("Total" as const, "Change" as const, undefined), {
        minLength: (input.costs ?? []).length,
        maxLength: (input.costs ?? []).length,
      }),
      plan: fc.option(planArb(input.years.length), { nil: undefined }),
      unitCosts: fc.array(num(1, 120000), {
        minLength: (input.costs ?? []).length,
        maxLength: (input.costs ?? []).length,
      }),
    })
    .map(({ methods, plan, unitCosts }) => {
      const out = copy(input);
      out.interventions = (out.interventions ?? []).map((iv) => ({
        ...iv,
        impact: Math.abs(iv.impact),
      }));
      out.costs = (out.costs ?? []).map((c, k) => ({
        ...c,
        unitCost: unitCosts[k],
        ...(methods[k] ? { method: methods[k] } : {}),
      }));
      if (plan) out.planActivity = plan;
      return out;
    })
);

describe("every scenario's ledger (item: every scenario side by side)", () => {
  test("when every impact reduces demand, the unmitigated total deficit balance is never below the mitigated one", () => {
    fc.assert(
      fc.property(demandReducingArb, (input) => {
        const r = run(input);
        const u = r.ledgers.unmitigated;
        const m = r.ledgers.mitigated;
        u.closing.forEach((c, k) => {
          const scale = u.lines.reduce((s, l) => s + Math.abs(l.values[k]), Math.abs(c));
          check(
            c >= m.closing[k] - 1e-9 * scale,
            () => `${u.years[k]}: unmitigated ${c} below mitigated ${m.closing[k]}`
          );
        });
      })
    );
  });

  test("each scenario's outcome is read off its own ledger; the mitigated one is the result's", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = run(input);
        expect(r.outcomes.mitigated).toEqual({
          balanceYear: r.balanceYear,
          residualDeficit: r.residualDeficit,
          peakYear: r.peakYear,
          peakDeficit: r.peakDeficit,
          conditions: r.conditions,
        });
        for (const id of SCENARIOS) {
          const { years, inYear, closing } = r.ledgers[id];
          const o = r.outcomes[id];
          const b = years.findIndex((_, k) => inYear.slice(k).every((v) => v <= 0));
          expect(o.balanceYear).toBe(b < 0 ? null : years[b]);
          expect(o.residualDeficit).toBe(b < 0 ? null : closing[b]);
          expect(o.peakDeficit).toBe(Math.max(...closing));
          const cap = years.indexOf(input.settings!.deficitCapYear!);
          expect(o.conditions[1].value).toBe(closing[cap]);
          expect(o.conditions[1].pass).toBe(closing[cap] <= input.settings!.deficitCap!);
        }
      })
    );
  });
});
