import { firstCalendarYear, isMonthKey, isYearLabel, yearLabel } from "./calendar";
import { describe, labelKey } from "./text";
import {
  COST_DRIVERS,
  COST_METHODS,
  STATUSES,
  type Baseline,
  type ForecastInput,
  type InputProblem,
  type Settings,
  type YearLabel,
} from "./types";
import { LEVERS, isLever, isPercentLever } from "./levers";

/**
 * Checks of the model's input type (rates in 0–1, counts not negative, year
 * labels `YYYY/YY`, matching year columns …). Every problem is collected,
 * each naming its field path and what was expected.
 */
export function validateInput(input: ForecastInput): InputProblem[] {
  const problems: InputProblem[] = [];
  const { add, finite, count, rate, month, wholeMonths } = checks(problems);

  // Years
  const years = Array.isArray(input.years) ? input.years : [];
  if (years.length === 0) add("years", "expected at least one financial year label (YYYY/YY)");
  years.forEach((y, k) => {
    const next =
      k > 0 && isYearLabel(years[k - 1])
        ? yearLabel(firstCalendarYear(years[k - 1]) + 1)
        : undefined;
    if (!isYearLabel(y))
      add(`years[${k}]`, `expected a financial year label like 2024/25, found ${describe(y)}`);
    else if (next !== undefined && y !== next)
      add(`years[${k}]`, `expected ${next} after ${years[k - 1]}, found ${y}`);
  });
  const n = years.length;

  // Baseline (the values given; those derived from monthly actuals are checked once derived, by validateBaseline)
  problems.push(...validateBaseline(input.baseline ?? {}));

  // Monthly actuals
  const seen = new Set<string>();
  (input.monthly ?? []).forEach((row, k) => {
    const f = `monthly[${k}]`;
    month(`${f}.month`, row.month);
    if (isMonthKey(row.month)) {
      if (seen.has(row.month))
        add(`${f}.month`, `expected each month once, found ${row.month} again`);
      seen.add(row.month);
    }
    for (const key of ["requests", "noToAssess", "noToIssue", "plansIssued", "ceased"] as const)
      count(`${f}.${key}`, row[key]);
    for (const key of ["transfersIn", "ehcps", "inmss"] as const)
      if (row[key] !== undefined) count(`${f}.${key}`, row[key]);
    if (
      typeof row.noToAssess === "number" &&
      typeof row.requests === "number" &&
      row.noToAssess > row.requests
    )
      add(
        `${f}.noToAssess`,
        `expected no more refusals than requests (${row.requests}), found ${row.noToAssess}`
      );
  });

  // Interventions
  (input.interventions ?? []).forEach((iv, k) => {
    const f = `interventions[${k}]`;
    if (typeof iv.name !== "string" || iv.name.trim() === "") add(`${f}.name`, "expected a name");
    if (!isLever(iv.lever))
      add(`${f}.lever`, `expected one of ${LEVERS.join(", ")}, found ${describe(iv.lever)}`);
    if (finite(`${f}.impact`, iv.impact) && isLever(iv.lever)) {
      if (isPercentLever(iv.lever) && Math.abs(iv.impact) > 1)
        add(
          `${f}.impact`,
          `expected a fraction between −1 and 1 for ${iv.lever} (e.g. 0.13 or 13%), found ${iv.impact}`
        );
    }
    month(`${f}.start`, iv.start);
    if (iv.rampMonths !== undefined) wholeMonths(`${f}.rampMonths`, iv.rampMonths);
    if (iv.status !== undefined && !(STATUSES as readonly string[]).includes(iv.status))
      add(`${f}.status`, `expected one of ${STATUSES.join(", ")}, found ${describe(iv.status)}`);
    if (iv.confidence !== undefined) rate(`${f}.confidence`, iv.confidence);
  });

  // Expenditure
  const labels = provisionLabels((first: number) => `line ${first + 1}`);
  const lines = Array.isArray(input.expenditure) ? input.expenditure : [];
  if (lines.length === 0) add("expenditure", "expected at least one expenditure line");
  lines.forEach((line, k) => {
    const f = `expenditure[${k}]`;
    if (typeof line.label !== "string" || line.label.trim() === "")
      add(`${f}.label`, "expected a provision label");
    else {
      const repeated = labels.repeated(line.label, k);
      if (repeated !== undefined) add(`${f}.label`, repeated);
    }
    series(`${f}.values`, line.values);
  });

  // Funding
  const funding = input.funding ?? {};
  for (const key of ["highNeedsBlock", "blockTransfer", "otherBlocks", "safetyValve"] as const)
    if (funding[key] !== undefined) series(`funding.${key}`, funding[key]);
  finite("openingDeficit", input.openingDeficit);

  // Costs
  (input.costs ?? []).forEach((c, k) => {
    const f = `costs[${k}]`;
    if (typeof c.line !== "string" || !labels.has(c.line))
      add(`${f}.line`, `expected the label of an expenditure line, found ${describe(c.line)}`);
    if (!(COST_DRIVERS as readonly string[]).includes(c.driver))
      add(`${f}.driver`, `expected one of ${COST_DRIVERS.join(", ")}, found ${describe(c.driver)}`);
    rate(`${f}.share`, c.share);
    count(`${f}.unitCost`, c.unitCost);
    if (finite(`${f}.inflation`, c.inflation) && (c.inflation <= -1 || c.inflation > 1))
      add(
        `${f}.inflation`,
        `expected an annual rate as a fraction (e.g. 0.03 or 3%), found ${c.inflation}`
      );
    if (!isYearLabel(c.baseYear))
      add(
        `${f}.baseYear`,
        `expected a financial year label like 2024/25, found ${describe(c.baseYear)}`
      );
    if (c.method !== undefined && !(COST_METHODS as readonly string[]).includes(c.method))
      add(`${f}.method`, `expected one of ${COST_METHODS.join(", ")}, found ${describe(c.method)}`);
  });

  // The plan's activity: yearly averages (finite: a scenario's own averages may dip below 0), a blank year
  // allowed here (runForecast asks for the years a Change line prices)
  const plan = input.planActivity;
  if (plan !== undefined)
    for (const key of ["ehcps", "inmss"] as const) {
      const values = plan[key];
      if (values === undefined) continue;
      const field = `planActivity.${key}`;
      if (!Array.isArray(values) || values.length !== n)
        add(field, `expected ${n} values, one for each year, found ${describe(values)}`);
      else values.forEach((v, k) => v !== null && finite(`${field}[${k}]`, v));
    }

  // The original plan's figures: £'000 by year, a blank year not given
  const original = input.originalPlan;
  if (original !== undefined)
    for (const key of ["inYear", "closing"] as const) {
      const values = original[key];
      if (values === undefined) continue;
      const field = `originalPlan.${key}`;
      if (!Array.isArray(values) || values.length !== n)
        add(field, `expected ${n} values, one for each year, found ${describe(values)}`);
      else values.forEach((v, k) => v !== null && finite(`${field}[${k}]`, v));
    }

  // Settings
  const s = input.settings ?? {};
  for (const key of ["balanceTargetYear", "deficitCapYear"] as const) {
    const v = s[key];
    if (v === undefined) continue;
    if (!isYearLabel(v))
      add(`settings.${key}`, `expected a financial year label like 2028/29, found ${describe(v)}`);
    else if (n > 0) {
      const problem = settingsYearProblem(key, v, years, true);
      if (problem) problems.push(problem);
    }
  }
  if (s.deficitCap !== undefined) finite("settings.deficitCap", s.deficitCap);
  if (s.safetyValve !== undefined && typeof s.safetyValve !== "boolean")
    add(
      "settings.safetyValve",
      `expected Yes or No (true or false), found ${describe(s.safetyValve)}`
    );

  // Comparison series
  if (input.comparison) {
    const c = input.comparison;
    if (c.months.length !== c.ehcps.length)
      add(
        "comparison",
        `expected one EHCP figure for each of the ${c.months.length} months, found ${c.ehcps.length}`
      );
    c.months.forEach((m, k) => month(`comparison.months[${k}]`, m));
    c.ehcps.forEach((v, k) => finite(`comparison.ehcps[${k}]`, v));
  }

  // Supplied totals
  const totals = input.suppliedTotals ?? {};
  for (const key of ["expenditure", "inYear", "closing"] as const) {
    const v = totals[key];
    if (v === undefined) continue;
    if (v.length !== n)
      add(`suppliedTotals.${key}`, `expected ${n} values, one for each year, found ${v.length}`);
    v.forEach((x, k) => {
      if (x !== null) finite(`suppliedTotals.${key}[${k}]`, x);
    });
  }

  if (input.horizonMonths !== undefined && finite("horizonMonths", input.horizonMonths)) {
    if (
      !Number.isInteger(input.horizonMonths) ||
      input.horizonMonths < 1 ||
      input.horizonMonths > 1200
    )
      add(
        "horizonMonths",
        `expected a whole number of months from 1 to 1200, found ${input.horizonMonths}`
      );
  }
  return problems;

  function series(field: string, values: unknown): void {
    if (!Array.isArray(values)) {
      add(field, `expected ${n} values, one for each year`);
      return;
    }
    if (values.length !== n)
      add(
        field,
        `expected ${n} values, one for each year (${years[0] ?? "?"} to ${years[n - 1] ?? "?"}), found ${values.length}`
      );
    values.forEach((v, k) => finite(`${field}[${k}]`, v));
  }
}

/**
 * Each provision label once, compared by labelKey. `repeated(label, at)`
 * remembers where a label is first given and, when it was given before, is
 * the message naming that place (`place` words it: a line, a cell).
 */
export function provisionLabels<T>(place: (first: T) => string) {
  const first = new Map<string, T>();
  return {
    repeated(label: string, at: T): string | undefined {
      const key = labelKey(label);
      if (!first.has(key)) {
        first.set(key, at);
        return undefined;
      }
      return `expected each provision label once, found '${label}' again (first at ${place(first.get(key)!)})`;
    },
    has: (label: string): boolean => first.has(labelKey(label)),
  };
}

/** A settings year that is not one of the forecast's years; `given` is false when it is the default. */
export function settingsYearProblem(
  key: keyof Settings & `${string}Year`,
  value: YearLabel,
  years: readonly YearLabel[],
  given: boolean
): InputProblem | undefined {
  if (years.includes(value)) return undefined;
  const expected = `expected one of the forecast's years (${years[0]} to ${years[years.length - 1]})`;
  return {
    field: `settings.${key}`,
    message: given
      ? `${expected}, found ${value}`
      : `${expected}, found the default ${value}; set ${key} in the settings`,
  };
}

/**
 * Checks of baseline values: counts not negative, rates in 0–1, whole
 * months, a month key. Only the values present are checked; runForecast
 * checks the input's own values with the rest of the input, then the values
 * it derived from monthly actuals, so each value is checked once.
 */
export function validateBaseline(b: Partial<Baseline>): InputProblem[] {
  const problems: InputProblem[] = [];
  const { finite, count, rate, month, wholeMonths } = checks(problems);
  for (const key of [
    "requests",
    "ceased",
    "transfersIn",
    "openingEhcps",
    "inmssPlacements",
  ] as const)
    if (b[key] !== undefined) count(`baseline.${key}`, b[key]);
  for (const key of ["noToAssessRate", "noToIssueRate"] as const)
    if (b[key] !== undefined) rate(`baseline.${key}`, b[key]);
  if (b.inmssAnnualGrowth !== undefined) finite("baseline.inmssAnnualGrowth", b.inmssAnnualGrowth);
  if (b.lagMonths !== undefined) wholeMonths("baseline.lagMonths", b.lagMonths);
  if (b.forecastStart !== undefined) month("baseline.forecastStart", b.forecastStart);
  return problems;
}

/** The field checks, each adding a problem (field path, what was expected) to `problems`. */
function checks(problems: InputProblem[]) {
  const add = (field: string, message: string): void => {
    problems.push({ field, message });
  };
  const finite = (field: string, v: unknown): v is number => {
    if (typeof v !== "number" || !Number.isFinite(v)) {
      add(field, `expected a number, found ${describe(v)}`);
      return false;
    }
    return true;
  };
  const count = (field: string, v: unknown): void => {
    if (finite(field, v) && v < 0) add(field, `expected a count of 0 or more, found ${v}`);
  };
  const rate = (field: string, v: unknown): void => {
    if (finite(field, v) && (v < 0 || v > 1))
      add(field, `expected a rate between 0 and 1 (0% to 100%), found ${v}`);
  };
  const month = (field: string, v: unknown): void => {
    if (!isMonthKey(v)) add(field, `expected a month (YYYY-MM), found ${describe(v)}`);
  };
  const wholeMonths = (field: string, v: unknown): void => {
    if (finite(field, v) && (v < 0 || !Number.isInteger(v)))
      add(field, `expected a whole number of months, 0 or more, found ${v}`);
  };
  return { add, finite, count, rate, month, wholeMonths };
}
