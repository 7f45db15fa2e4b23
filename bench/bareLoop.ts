import { LEVER_INFO, SCENARIOS, type ForecastInput, type ForecastResult } from "../src/model";

/*
 * The bench workload's arithmetic as an expert would hand-write it for
 * exactly this input's shape, with no generality: a forecast that starts
 * in April (each forecast year is 12 whole months, the table's first year
 * is actual and keeps its supplied values), no monthly actuals, Total cost
 * lines only, and the one share-of-baseline lever moving requests. Every
 * fixed figure is unpacked into Float64Arrays once (`prepareBare`); the
 * timed part (`runBare`) is the month loop, the yearly figures, the driven
 * lines and the ledger of the three scenarios. It is the yardstick the
 * kernel is measured against, and it must agree with runForecast figure by
 * figure (`compareBare`).
 */

const M = 120; // months: ten forecast years from April 2025
const Y = 10; // forecast years
const T = 11; // table years: one actual year, then the ten forecast years

export interface BareLoop {
  // Interventions (not paused): measure (0 requests, 1 no to assess, 2 no to issue, 3 ceased, 4 INMSS
  // growth reduction), share-of-baseline flag, signed impact, start month offset, ramp, confidence.
  n: number;
  measure: Int32Array;
  share: Uint8Array;
  signed: Float64Array;
  start: Int32Array;
  ramp: Float64Array;
  confidence: Float64Array;
  base: Float64Array; // requests, no to assess, no to issue, ceased, transfers in, opening EHCPs, INMSS, INMSS growth
  lag: number;
  // Lines: supplied values (line × year); for a driven line, its driver (0 EHCPs, 1 INMSS, −1 not driven) and its
  // price a unit by year: share × unit cost × (1 + inflation)^(year − base year) / 1000.
  lines: number;
  supplied: Float64Array;
  driver: Int32Array;
  price: Float64Array;
  funding: Float64Array; // in-year funding (HNB + block transfer) and below-the-line (other blocks + Safety Valve), by year
  below: Float64Array;
  openingDeficit: number;
  // Scratch and outputs, by scenario.
  req: Float64Array;
  nta: Float64Array;
  nti: Float64Array;
  cea: Float64Array;
  red: Float64Array;
  shr: Float64Array;
  fresh: Float64Array;
  out: BareScenario[];
}

export interface BareScenario {
  ehcps: Float64Array;
  inmss: Float64Array;
  closingEhcps: Float64Array;
  averageEhcps: Float64Array;
  newPlans: Float64Array;
  ceased: Float64Array;
  closingInmss: Float64Array;
  averageInmss: Float64Array;
  lineValues: Float64Array;
  expenditure: Float64Array;
  inYear: Float64Array;
  opening: Float64Array;
  closing: Float64Array;
}

const MEASURE = ["requests", "noToAssessRate", "noToIssueRate", "ceased", "inmssReduction"];
const YEAR0 = 2024; // the table's first year
const START = 2025 * 12 + 3; // April 2025

/** Unpack the workload into the bare loop's arrays (not timed). */
export function prepareBare(input: ForecastInput): BareLoop {
  const b = input.baseline!;
  if (b.forecastStart !== "2025-04" || input.years.length !== T || input.monthly?.length)
    throw new Error("the bare loop is written for the bench workload's shape only");
  const acting = (input.interventions ?? []).filter((iv) => iv.status !== "Pause");
  const n = acting.length;
  const loop: BareLoop = {
    n,
    measure: Int32Array.from(acting, (iv) => MEASURE.indexOf(LEVER_INFO[iv.lever].measure)),
    share: Uint8Array.from(acting, (iv) => (LEVER_INFO[iv.lever].shareOfBaseline ? 1 : 0)),
    signed: Float64Array.from(acting, (iv) => LEVER_INFO[iv.lever].sign * iv.impact),
    start: Int32Array.from(acting, (iv) => {
      const [y, m] = iv.start.split("-").map(Number);
      return y * 12 + m - 1 - START;
    }),
    ramp: Float64Array.from(acting, (iv) => iv.rampMonths ?? 0),
    confidence: Float64Array.from(acting, (iv) => iv.confidence ?? 1),
    base: Float64Array.from([
      b.requests!,
      b.noToAssessRate!,
      b.noToIssueRate!,
      b.ceased!,
      b.transfersIn ?? 0,
      b.openingEhcps!,
      b.inmssPlacements ?? 0,
      b.inmssAnnualGrowth ?? 0,
    ]),
    lag: b.lagMonths ?? 0,
    lines: input.expenditure.length,
    supplied: Float64Array.from(input.expenditure.flatMap((l) => l.values)),
    driver: new Int32Array(input.expenditure.length).fill(-1),
    price: new Float64Array(input.expenditure.length * T),
    funding: new Float64Array(T),
    below: new Float64Array(T),
    openingDeficit: input.openingDeficit,
    req: new Float64Array(M),
    nta: new Float64Array(M),
    nti: new Float64Array(M),
    cea: new Float64Array(M),
    red: new Float64Array(M),
    shr: new Float64Array(M),
    fresh: new Float64Array(M),
    out: SCENARIOS.map(() => ({
      ehcps: new Float64Array(M),
      inmss: new Float64Array(M),
      closingEhcps: new Float64Array(Y),
      averageEhcps: new Float64Array(Y),
      newPlans: new Float64Array(Y),
      ceased: new Float64Array(Y),
      closingInmss: new Float64Array(Y),
      averageInmss: new Float64Array(Y),
      lineValues: new Float64Array(input.expenditure.length * T),
      expenditure: new Float64Array(T),
      inYear: new Float64Array(T),
      opening: new Float64Array(T),
      closing: new Float64Array(T),
    })),
  };
  input.expenditure.forEach((line, l) => {
    const cost = (input.costs ?? []).find((c) => c.line === line.label);
    if (!cost) return;
    if (cost.method === "Change") throw new Error("the bare loop prices Total lines only");
    loop.driver[l] = cost.driver === "EHCPs" ? 0 : 1;
    const baseYear = Number(cost.baseYear.slice(0, 4));
    for (let k = 0; k < T; k++)
      loop.price[l * T + k] =
        cost.share * cost.unitCost * Math.pow(1 + cost.inflation, YEAR0 + k - baseYear);
  });
  const f = input.funding;
  for (let k = 0; k < T; k++) {
    loop.funding[k] = (f.highNeedsBlock?.[k] ?? 0) + (f.blockTransfer?.[k] ?? 0);
    loop.below[k] = (f.otherBlocks?.[k] ?? 0) + (f.safetyValve?.[k] ?? 0);
  }
  return loop;
}

/** The three scenarios (unmitigated, mitigated, risk-adjusted) into `loop.out` (timed). */
export function runBare(loop: BareLoop): void {
  const { req, nta, nti, cea, red, shr, fresh, base } = loop;
  for (let s = 0; s < 3; s++) {
    req.fill(base[0]);
    nta.fill(base[1]);
    nti.fill(base[2]);
    cea.fill(base[3]);
    red.fill(0);
    shr.fill(0);
    if (s > 0)
      for (let i = 0; i < loop.n; i++) {
        const w = s === 2 ? loop.confidence[i] : 1;
        const st = loop.start[i];
        const ramp = loop.ramp[i];
        const m = loop.measure[i];
        const into =
          loop.share[i] === 1
            ? shr
            : m === 0
              ? req
              : m === 1
                ? nta
                : m === 2
                  ? nti
                  : m === 3
                    ? cea
                    : red;
        // Ramping up, then at full impact.
        const k0 = st > 0 ? st : 0;
        const full = Math.min(M, Math.max(k0, ramp > 0 ? st + Math.ceil(ramp) - 1 : st));
        const effect = loop.signed[i] * w;
        for (let k = k0; k < full; k++) into[k] += effect * ((k - st + 1) / ramp);
        for (let k = full; k < M; k++) into[k] += effect;
      }
    for (let k = 0; k < M; k++) {
      const r = Math.max(0, req[k] + Math.max(-1, shr[k]) * base[0]);
      const a = Math.min(1, Math.max(0, nta[k]));
      const b = Math.min(1, Math.max(0, nti[k]));
      cea[k] = Math.max(0, cea[k]);
      red[k] = Math.min(1, Math.max(0, red[k]));
      fresh[k] = r * (1 - a) * (1 - b);
    }
    const o = loop.out[s];
    const baselineNew = base[0] * (1 - base[1]) * (1 - base[2]);
    let stock = base[5];
    let inmss = base[6];
    for (let k = 0; k < M; k++) {
      stock += (k >= loop.lag ? fresh[k - loop.lag] : baselineNew) + base[4] - cea[k];
      inmss += (base[7] / 12) * (1 - red[k]);
      o.ehcps[k] = stock;
      o.inmss[k] = inmss;
    }
    for (let y = 0; y < Y; y++) {
      let e = 0;
      let p = 0;
      let plans = 0;
      let ceased = 0;
      for (let k = 12 * y; k < 12 * y + 12; k++) {
        e += o.ehcps[k];
        p += o.inmss[k];
        plans += k >= loop.lag ? fresh[k - loop.lag] : baselineNew;
        ceased += cea[k];
      }
      o.closingEhcps[y] = o.ehcps[12 * y + 11];
      o.averageEhcps[y] = e / 12;
      o.newPlans[y] = plans;
      o.ceased[y] = ceased;
      o.closingInmss[y] = o.inmss[12 * y + 11];
      o.averageInmss[y] = p / 12;
    }
    let balance = loop.openingDeficit;
    for (let k = 0; k < T; k++) {
      let spend = 0;
      for (let l = 0; l < loop.lines; l++) {
        const d = loop.driver[l];
        const v =
          d < 0 || k === 0
            ? loop.supplied[l * T + k]
            : ((d === 0 ? o.averageEhcps[k - 1] : o.averageInmss[k - 1]) * loop.price[l * T + k]) /
              1000;
        o.lineValues[l * T + k] = v;
        spend += v;
      }
      o.expenditure[k] = spend;
      o.inYear[k] = spend + loop.funding[k];
      o.opening[k] = balance;
      balance += o.inYear[k] + loop.below[k];
      o.closing[k] = balance;
    }
  }
}

/** Every figure of the bare loop against runForecast's: how many, the largest relative difference, and the first few that differ. */
export function compareBare(
  loop: BareLoop,
  result: ForecastResult,
  tolerance: number
): { compared: number; worst: number; disagreements: string[] } {
  let compared = 0;
  let worst = 0;
  const disagreements: string[] = [];
  const check = (what: string, ours: ArrayLike<number>, theirs: readonly number[]): void => {
    if (ours.length !== theirs.length) {
      disagreements.push(
        `${what}: ${ours.length} figures in the bare loop, ${theirs.length} in the model`
      );
      return;
    }
    for (let k = 0; k < ours.length; k++) {
      compared++;
      const d = Math.abs(ours[k] - theirs[k]) / Math.max(1, Math.abs(ours[k]), Math.abs(theirs[k]));
      if (!(d <= tolerance))
        disagreements.push(`${what}[${k}]: bare ${ours[k]}, model ${theirs[k]}`);
      else worst = Math.max(worst, d);
    }
  };
  SCENARIOS.forEach((id, s) => {
    const o = loop.out[s];
    const t = result.scenarios[id];
    const l = result.ledgers[id];
    check(`${id} EHCPs`, o.ehcps, t.ehcps);
    check(`${id} INMSS`, o.inmss, t.inmss);
    check(
      `${id} closing EHCPs`,
      o.closingEhcps,
      t.years.map((y) => y.closingEhcps)
    );
    check(
      `${id} average EHCPs`,
      o.averageEhcps,
      t.years.map((y) => y.averageEhcps)
    );
    check(
      `${id} new plans`,
      o.newPlans,
      t.years.map((y) => y.newPlans)
    );
    check(
      `${id} ceased`,
      o.ceased,
      t.years.map((y) => y.ceased)
    );
    check(
      `${id} closing INMSS`,
      o.closingInmss,
      t.years.map((y) => y.closingInmss)
    );
    check(
      `${id} average INMSS`,
      o.averageInmss,
      t.years.map((y) => y.averageInmss)
    );
    check(
      `${id} lines`,
      o.lineValues,
      l.lines.flatMap((line) => line.values)
    );
    check(`${id} expenditure`, o.expenditure, l.expenditure);
    check(`${id} in-year`, o.inYear, l.inYear);
    check(`${id} opening`, o.opening, l.opening);
    check(`${id} closing`, o.closing, l.closing);
  });
  return { compared, worst, disagreements };
}
