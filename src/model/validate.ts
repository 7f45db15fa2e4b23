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

  // Years
  const years = Array.isArray(input.years) ? input.years : [];
  if (years.length === 0)
    add(problems, "years", "expected at least one financial year label (YYYY/YY)");
  years.forEach((y, k) => {
    const next =
      k > 0 && isYearLabel(years[k - 1])
        ? yearLabel(firstCalendarYear(years[k - 1]) + 1)
        : undefined;
    if (!isYearLabel(y))
      add(
        problems,
        `years[${k}]`,
        `expected a financial year label like 2024/25, found ${describe(y)}`
      );
    else if (next !== undefined && y !== next)
      add(problems, `years[${k}]`, `expected ${next} after ${years[k - 1]}, found ${y}`);
  });
  const n = years.length;

  // Baseline (the values given; those derived from monthly actuals are checked once derived, by validateBaseline)
  problems.push(...validateBaseline(input.baseline ?? {}));

  // Monthly actuals
  const seen = new Set<string>();
  (input.monthly ?? []).forEach((row, k) => {
    if (!isMonthKey(row.month)) month(problems, () => `monthly[${k}].month`, row.month);
    if (isMonthKey(row.month)) {
      if (seen.has(row.month))
        add(
          problems,
          () => `monthly[${k}].month`,
          `expected each month once, found ${row.month} again`
        );
      seen.add(row.month);
    }
    for (const key of ["requests", "noToAssess", "noToIssue", "plansIssued", "ceased"] as const)
      if (!isCount(row[key])) count(problems, () => `monthly[${k}].${key}`, row[key]);
    for (const key of ["transfersIn", "ehcps", "inmss"] as const)
      if (row[key] !== undefined && !isCount(row[key]))
        count(problems, () => `monthly[${k}].${key}`, row[key]);
    if (
      typeof row.noToAssess === "number" &&
      typeof row.requests === "number" &&
      row.noToAssess > row.requests
    )
      add(
        problems,
        () => `monthly[${k}].noToAssess`,
        `expected no more refusals than requests (${row.requests}), found ${row.noToAssess}`
      );
  });

  // Interventions
  (input.interventions ?? []).forEach((iv, k) => {
    if (typeof iv.name !== "string" || iv.name.trim() === "")
      add(problems, () => `interventions[${k}].name`, "expected a name");
    if (!isLever(iv.lever))
      add(
        problems,
        () => `interventions[${k}].lever`,
        `expected one of ${LEVERS.join(", ")}, found ${describe(iv.lever)}`
      );
    if (
      (isFiniteNumber(iv.impact) ||
        finite(problems, () => `interventions[${k}].impact`, iv.impact)) &&
      isLever(iv.lever)
    ) {
      if (isPercentLever(iv.lever) && Math.abs(iv.impact) > 1)
        add(
          problems,
          () => `interventions[${k}].impact`,
          `expected a fraction between −1 and 1 for ${iv.lever} (e.g. 0.13 or 13%), found ${iv.impact}`
        );
    }
    if (!isMonthKey(iv.start)) month(problems, () => `interventions[${k}].start`, iv.start);
    if (iv.rampMonths !== undefined && !(Number.isInteger(iv.rampMonths) && iv.rampMonths >= 0))
      wholeMonths(problems, () => `interventions[${k}].rampMonths`, iv.rampMonths);
    if (iv.status !== undefined && !(STATUSES as readonly string[]).includes(iv.status))
      add(
        problems,
        () => `interventions[${k}].status`,
        `expected one of ${STATUSES.join(", ")}, found ${describe(iv.status)}`
      );
    if (iv.confidence !== undefined && !isRate(iv.confidence))
      rate(problems, () => `interventions[${k}].confidence`, iv.confidence);
  });

  // Expenditure
  const labels = provisionLabels((first: number) => `line ${first + 1}`);
  const lines = Array.isArray(input.expenditure) ? input.expenditure : [];
  if (lines.length === 0) add(problems, "expenditure", "expected at least one expenditure line");
  lines.forEach((line, k) => {
    if (typeof line.label !== "string" || line.label.trim() === "")
      add(problems, () => `expenditure[${k}].label`, "expected a provision label");
    else {
      const repeated = labels.repeated(line.label, k);
      if (repeated !== undefined) add(problems, () => `expenditure[${k}].label`, repeated);
    }
    series(`expenditure[${k}].values`, line.values);
  });

  // Funding
  const funding = input.funding ?? {};
  for (const key of ["highNeedsBlock", "blockTransfer", "otherBlocks", "safetyValve"] as const)
    if (funding[key] !== undefined) series(`funding.${key}`, funding[key]);
  finite(problems, "openingDeficit", input.openingDeficit);

  // Costs
  (input.costs ?? []).forEach((c, k) => {
    if (typeof c.line !== "string" || !labels.has(c.line))
      add(
        problems,
        () => `costs[${k}].line`,
        `expected the label of an expenditure line, found ${describe(c.line)}`
      );
    if (!(COST_DRIVERS as readonly string[]).includes(c.driver))
      add(
        problems,
        () => `costs[${k}].driver`,
        `expected one of ${COST_DRIVERS.join(", ")}, found ${describe(c.driver)}`
      );
    rate(problems, () => `costs[${k}].share`, c.share);
    count(problems, () => `costs[${k}].unitCost`, c.unitCost);
    // Prices compound over the years from the base year: a rate beyond ±50% a year is a slip, and near −100% runs to Infinity.
    if (
      finite(problems, () => `costs[${k}].inflation`, c.inflation) &&
      (c.inflation <= -MAX_INFLATION || c.inflation > MAX_INFLATION)
    )
      add(
        problems,
        () => `costs[${k}].inflation`,
        `expected an annual rate as a fraction above −50% and at most 50% (e.g. 0.03 or 3%), found ${c.inflation}`
      );
    if (!isYearLabel(c.baseYear))
      add(
        problems,
        () => `costs[${k}].baseYear`,
        `expected a financial year label like 2024/25, found ${describe(c.baseYear)}`
      );
    else if (n > 0 && isYearLabel(years[0]) && isYearLabel(years[n - 1])) {
      // Prices compound from the base year: one far from the table's years compounds out of all proportion.
      const earliest = firstCalendarYear(years[0]) - BASE_YEAR_WINDOW;
      const latest = firstCalendarYear(years[n - 1]) + BASE_YEAR_WINDOW;
      const y = firstCalendarYear(c.baseYear);
      if (y < earliest || y > latest)
        add(
          problems,
          () => `costs[${k}].baseYear`,
          `expected the year the unit cost is priced in, within ${BASE_YEAR_WINDOW} years of the forecast's years (${yearLabel(earliest)} to ${yearLabel(latest)}); found ${c.baseYear}`
        );
    }
    if (c.method !== undefined && !(COST_METHODS as readonly string[]).includes(c.method))
      add(
        problems,
        () => `costs[${k}].method`,
        `expected one of ${COST_METHODS.join(", ")}, found ${describe(c.method)}`
      );
  });

  // Rows of figures by year, a blank (null) year not given: one value for each year, each finite
  const yearRows = <K extends string>(
    path: string,
    rows: Partial<Record<K, (number | null)[]>> | undefined,
    keys: readonly K[]
  ) => {
    if (rows === undefined) return;
    for (const key of keys) {
      const values = rows[key];
      if (values === undefined) continue;
      const field = `${path}.${key}`;
      if (!Array.isArray(values) || values.length !== n)
        add(problems, field, `expected ${n} values, one for each year, found ${describe(values)}`);
      else
        values.forEach(
          (v, k) => v !== null && !isFiniteNumber(v) && finite(problems, () => `${field}[${k}]`, v)
        );
    }
  };

  // The plan's activity: yearly averages (finite: a scenario's own averages may dip below 0), a blank year
  // allowed here (runForecast asks for the years a Change line prices)
  yearRows("planActivity", input.planActivity, ["ehcps", "inmss"]);
  // The original plan's figures: £'000 by year, a blank year not given
  yearRows("originalPlan", input.originalPlan, ["inYear", "closing"]);

  // Settings
  const s = input.settings ?? {};
  for (const key of ["balanceTargetYear", "deficitCapYear"] as const) {
    const v = s[key];
    if (v === undefined) continue;
    if (!isYearLabel(v))
      add(
        problems,
        `settings.${key}`,
        `expected a financial year label like 2028/29, found ${describe(v)}`
      );
    else if (n > 0) {
      const problem = settingsYearProblem(key, v, years, true);
      if (problem) problems.push(problem);
    }
  }
  if (s.deficitCap !== undefined) finite(problems, "settings.deficitCap", s.deficitCap);
  if (s.rounding !== undefined && s.rounding !== "Exact" && s.rounding !== "Published")
    add(
      problems,
      "settings.rounding",
      `expected Exact or Published, found ${describe(s.rounding)}`
    );
  if (s.safetyValve !== undefined && typeof s.safetyValve !== "boolean")
    add(
      problems,
      "settings.safetyValve",
      `expected Yes or No (true or false), found ${describe(s.safetyValve)}`
    );

  // Comparison series
  if (input.comparison) {
    const c = input.comparison;
    if (c.months.length !== c.ehcps.length)
      add(
        problems,
        "comparison",
        `expected one EHCP figure for each of the ${c.months.length} months, found ${c.ehcps.length}`
      );
    c.months.forEach((m, k) => month(problems, () => `comparison.months[${k}]`, m));
    c.ehcps.forEach((v, k) => finite(problems, () => `comparison.ehcps[${k}]`, v));
  }

  // Supplied totals
  const totals = input.suppliedTotals ?? {};
  for (const key of ["expenditure", "inYear", "closing"] as const) {
    const v = totals[key];
    if (v === undefined) continue;
    if (v.length !== n)
      add(
        problems,
        `suppliedTotals.${key}`,
        `expected ${n} values, one for each year, found ${v.length}`
      );
    v.forEach((x, k) => {
      if (x !== null) finite(problems, () => `suppliedTotals.${key}[${k}]`, x);
    });
  }

  if (input.horizonMonths !== undefined && finite(problems, "horizonMonths", input.horizonMonths)) {
    if (
      !Number.isInteger(input.horizonMonths) ||
      input.horizonMonths < 1 ||
      input.horizonMonths > 1200
    )
      add(
        problems,
        "horizonMonths",
        `expected a whole number of months from 1 to 1200, found ${input.horizonMonths}`
      );
  }
  return problems;

  function series(field: string, values: unknown): void {
    if (!Array.isArray(values)) {
      add(problems, field, `expected ${n} values, one for each year`);
      return;
    }
    if (values.length !== n)
      add(
        problems,
        field,
        `expected ${n} values, one for each year (${years[0] ?? "?"} to ${years[n - 1] ?? "?"}), found ${values.length}`
      );
    for (let k = 0; k < values.length; k++)
      if (!isFiniteNumber(values[k])) finite(problems, () => `${field}[${k}]`, values[k]);
  }
}

/** The largest annual inflation, up or down, a cost line may compound. */
const MAX_INFLATION = 0.5;

/** How far from the forecast's years a cost line's base year may be. */
const BASE_YEAR_WINDOW = 30;

/** A line or funding row this many times the year's middle line looks typed in pounds, not £'000. */
const LINE_SCALE = 100;
/** Spending this many times the High Needs Block looks typed in pounds, not £'000. */
const TOTAL_SCALE = 20;

/**
 * Figures typed in pounds among figures in £'000 (spec: every figure is
 * £'000). In a year: a provision line or funding row more than 100 times
 * the median provision line (of three or more lines that are not zero), or
 * the lines' total more than 20 times the High Needs Block. Each is a
 * problem at the first year it shows in (one for each line or row; the
 * total only when no line is out of scale), suggesting the figure divided
 * by 1,000. Figures that are not finite are left to their own checks.
 */
export function scaleProblems(input: ForecastInput): InputProblem[] {
  const problems: InputProblem[] = [];
  const years = Array.isArray(input.years) ? input.years : [];
  const lines = Array.isArray(input.expenditure) ? input.expenditure : [];
  const medians = lineMedians(input);
  const outOfScale = (values: unknown): number =>
    years.findIndex((_, k) => {
      const v = at(values, k);
      const m = medians[k];
      return v !== undefined && m !== undefined && Math.abs(v) > LINE_SCALE * m;
    });
  const pounds = (v: number): string =>
    `if it was typed in pounds, it is ${thousands(v / 1000)} in £'000: enter every figure in £'000 (pounds divided by 1,000)`;
  lines.forEach((line, n) => {
    const k = outOfScale(line.values);
    if (k < 0) return;
    const v = at(line.values, k)!;
    problems.push({
      field: `expenditure[${n}].values[${k}]`,
      message: `expected £'000, found ${thousands(v)} for ${years[k]}, ${Math.round(Math.abs(v) / medians[k]!)} times the middle line of that year (${thousands(medians[k]!)}); ${pounds(v)}`,
    });
  });
  const funding = input.funding ?? {};
  for (const key of ["highNeedsBlock", "blockTransfer", "otherBlocks", "safetyValve"] as const) {
    const k = outOfScale(funding[key]);
    if (k < 0) continue;
    const v = at(funding[key], k)!;
    problems.push({
      field: `funding.${key}[${k}]`,
      message: `expected £'000, found ${thousands(v)} for ${years[k]}, ${Math.round(Math.abs(v) / medians[k]!)} times the middle provision line of that year (${thousands(medians[k]!)}); ${pounds(v)}`,
    });
  }
  const firstHnb = at(funding.highNeedsBlock, 0);
  const opening = input.openingDeficit;
  if (
    typeof opening === "number" &&
    Number.isFinite(opening) &&
    firstHnb !== undefined &&
    firstHnb !== 0 &&
    Math.abs(opening) > TOTAL_SCALE * Math.abs(firstHnb)
  )
    problems.push({
      field: "openingDeficit",
      message: `expected £'000, found ${thousands(opening)}, ${Math.round(Math.abs(opening) / Math.abs(firstHnb))} times the High Needs Block of ${years[0]} (${thousands(Math.abs(firstHnb))}); ${pounds(opening)}`,
    });
  if (problems.length > 0) return problems;
  const over = years
    .map((_, k) => {
      const hnb = at(funding.highNeedsBlock, k);
      const total = lines.reduce((s, l) => s + (at(l.values, k) ?? 0), 0);
      return { k, hnb, total };
    })
    .filter(
      ({ hnb, total }) => hnb !== undefined && hnb !== 0 && total > TOTAL_SCALE * Math.abs(hnb)
    );
  if (over.length > 0) {
    const { k, hnb, total } = over[0];
    const largest = lines.reduce(
      (best, l, n) => ((at(l.values, k) ?? 0) > (at(lines[best]?.values, k) ?? 0) ? n : best),
      0
    );
    const v = at(lines[largest].values, k) ?? 0;
    const field =
      input.suppliedTotals?.expenditure?.[k] !== undefined &&
      input.suppliedTotals.expenditure[k] !== null
        ? `suppliedTotals.expenditure[${k}]`
        : `expenditure[${largest}].values[${k}]`;
    problems.push({
      field,
      message: `expected £'000: the provision lines add up to ${thousands(total)} in ${years[k]}${over.length > 1 ? ` (and ${over.length - 1} more year${over.length > 2 ? "s" : ""} alike)` : ""}, ${Math.round(total / Math.abs(hnb!))} times the High Needs Block (${thousands(Math.abs(hnb!))}); if the lines were typed in pounds, ${lines[largest].label}'s ${thousands(v)} is ${thousands(v / 1000)} in £'000: enter every figure in £'000 (pounds divided by 1,000), or check the High Needs Block in SEND_Funding`,
    });
  }
  return problems;
}

const at = (values: unknown, k: number): number | undefined => {
  const v = Array.isArray(values) ? (values[k] as unknown) : undefined;
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
};

/** Each year's median provision line (by size, of those not zero), undefined for a year with fewer than three. */
function lineMedians(input: ForecastInput): (number | undefined)[] {
  const years = Array.isArray(input.years) ? input.years : [];
  const lines = Array.isArray(input.expenditure) ? input.expenditure : [];
  return years.map((_, k) => {
    const xs = lines
      .map((l) => Math.abs(at(l.values, k) ?? 0))
      .filter((x) => x > 0)
      .sort((a, b) => a - b);
    if (xs.length < 3) return undefined;
    const mid = Math.floor(xs.length / 2);
    return xs.length % 2 === 1 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  });
}

/**
 * Driven figures out of scale with the supplied ones: a Total cost line
 * whose priced figure (in £'000, from a unit cost in £) is under a
 * hundredth, or over 100 times, the year's median supplied line means the
 * supplied figures are in pounds, or the unit cost in thousands. One
 * problem for each such cost line, at its unit cost, for the first year.
 * `lines` are a scenario's expenditure lines (the mitigated one's).
 */
export function drivenScaleProblems(
  input: ForecastInput,
  lines: readonly { label: string; values: readonly number[] }[]
): InputProblem[] {
  const problems: InputProblem[] = [];
  const medians = lineMedians(input);
  (input.costs ?? []).forEach((cost, c) => {
    if ((cost.method ?? "Total") !== "Total") return;
    const n = input.expenditure.findIndex((l) => labelKey(l.label) === labelKey(cost.line));
    if (n < 0 || !lines[n]) return;
    const k = input.years.findIndex((_, k) => {
      const driven = lines[n].values[k];
      const supplied = input.expenditure[n].values[k];
      const m = medians[k];
      return (
        driven !== supplied &&
        m !== undefined &&
        driven > 0 &&
        (driven * LINE_SCALE < m || driven > LINE_SCALE * m)
      );
    });
    if (k < 0) return;
    const driven = lines[n].values[k];
    const small = driven < medians[k]!;
    problems.push({
      field: `costs[${c}].unitCost`,
      message: small
        ? `expected a unit cost in pounds that prices '${cost.line}' on the scale of the other lines: it comes to ${thousands(driven)} (£'000) in ${input.years[k]}, under a hundredth of that year's middle supplied line (${thousands(medians[k]!)}); if the expenditure and funding were typed in pounds, enter them in £'000 (pounds divided by 1,000); if this unit cost is in £'000, enter it in pounds`
        : `expected a unit cost in pounds that prices '${cost.line}' on the scale of the other lines: it comes to ${thousands(driven)} (£'000) in ${input.years[k]}, over 100 times that year's middle supplied line (${thousands(medians[k]!)}); enter the unit cost in pounds a year, and every figure of the expenditure in £'000`,
    });
  });
  return problems;
}

/** A figure in a message: whole numbers with thousands separated, up to one decimal below 10. */
function thousands(x: number): string {
  const digits = Math.abs(x) < 10 && !Number.isInteger(x) ? 1 : 0;
  const text = Math.abs(x).toLocaleString("en-GB", {
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
  });
  return x < 0 && text !== "0" ? `\u2212${text}` : text;
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
  for (const key of [
    "requests",
    "ceased",
    "transfersIn",
    "openingEhcps",
    "inmssPlacements",
  ] as const)
    if (b[key] !== undefined) count(problems, `baseline.${key}`, b[key]);
  for (const key of ["noToAssessRate", "noToIssueRate"] as const)
    if (b[key] !== undefined) rate(problems, `baseline.${key}`, b[key]);
  if (b.inmssAnnualGrowth !== undefined)
    finite(problems, "baseline.inmssAnnualGrowth", b.inmssAnnualGrowth);
  if (b.lagMonths !== undefined) wholeMonths(problems, "baseline.lagMonths", b.lagMonths);
  if (b.forecastStart !== undefined) month(problems, "baseline.forecastStart", b.forecastStart);
  return problems;
}

/** What the checks below accept, tested without building a field's path (most values pass). */
const isFiniteNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isCount = (v: unknown): boolean => isFiniteNumber(v) && v >= 0;
const isRate = (v: unknown): boolean => isFiniteNumber(v) && v >= 0 && v <= 1;

/** A field's path, or how to build it. */
type Field = string | (() => string);

/**
 * The field checks, each adding a problem (field path, what was expected)
 * to `problems`. A field's path is built only when there is a problem to
 * report (most values pass).
 */
function add(problems: InputProblem[], field: Field, message: string): void {
  problems.push({ field: typeof field === "string" ? field : field(), message });
}

function finite(problems: InputProblem[], field: Field, v: unknown): v is number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    add(problems, field, `expected a number, found ${describe(v)}`);
    return false;
  }
  return true;
}

function count(problems: InputProblem[], field: Field, v: unknown): void {
  if (finite(problems, field, v) && v < 0)
    add(problems, field, `expected a count of 0 or more, found ${v}`);
}

function rate(problems: InputProblem[], field: Field, v: unknown): void {
  if (finite(problems, field, v) && (v < 0 || v > 1))
    add(problems, field, `expected a rate between 0 and 1 (0% to 100%), found ${v}`);
}

function month(problems: InputProblem[], field: Field, v: unknown): void {
  if (!isMonthKey(v)) add(problems, field, `expected a month (YYYY-MM), found ${describe(v)}`);
}

function wholeMonths(problems: InputProblem[], field: Field, v: unknown): void {
  if (finite(problems, field, v) && (v < 0 || !Number.isInteger(v)))
    add(problems, field, `expected a whole number of months, 0 or more, found ${v}`);
}
