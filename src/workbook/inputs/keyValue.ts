import {
  labelKey,
  matchChoice,
  type Baseline,
  type Settings,
  type UncertaintyOptions,
} from "../../model";
import type { CellValue, RangeData } from "../port";
import {
  describeCell,
  isBlank,
  readCount,
  readMonth,
  readNumber,
  readRate,
  readText,
  readWholeMonths,
  readYearLabel,
  type CellRead,
  type Reader,
} from "../cells";
import { Grid, firstNonBlankRow, type Parsed } from "../grid";
import { MISSPELT_WITHIN, nearestLabel } from "../suggest";

/** The inputs given as keys and values, one a row: SEND_Baseline and SEND_Settings. */

// ---------------------------------------------------------------- key/value inputs

interface KeySpec<K extends string> {
  field: K;
  labels: readonly string[];
  read: Reader<number | string | boolean>;
}

/**
 * A key/value range: keys in the first column, values in the second, blank
 * rows skipped. A table's first row is its header; a named range's first row
 * is a header too when its key is unknown and its value is not a number.
 */
function readKeyValues<K extends string>(
  g: Grid,
  specs: readonly KeySpec<K>[],
  section: string,
  what: string
): Partial<Record<K, number | string | boolean>> {
  const out: Partial<Record<K, number | string | boolean>> = {};
  const seen: Partial<Record<K, number>> = {};
  if (g.columns < 2) {
    if (firstNonBlankRow(g) !== undefined)
      g.wholeProblem("expected two columns, the keys and their values; found one");
    return out;
  }
  const first = firstNonBlankRow(g);
  for (let i = 0; i < g.rows; i++) {
    if (g.isBlankRow(i)) continue;
    const keyCell = g.value(i, 0);
    const valueCell = g.value(i, 1);
    const key = readText(keyCell);
    const spec = key.ok
      ? specs.find((s) => s.labels.some((l) => labelKey(l) === labelKey(key.value)))
      : undefined;
    if (!spec) {
      const looksLikeHeader =
        i === first && (g.range.kind === "table" || !readNumber(valueCell).ok);
      if (looksLikeHeader) continue;
      if (!key.ok)
        g.problem(
          i,
          0,
          `expected a key (${specs.map((s) => s.labels[0]).join(", ")}), found ${describeCell(keyCell)}`
        );
      else if (misspelt(key.value, specs) !== undefined)
        g.problem(
          i,
          0,
          `expected a key of ${g.input}, found '${key.value}': did you mean ${misspelt(key.value, specs)}? Rename the key to ${misspelt(key.value, specs)}`
        );
      else
        g.warn(
          "unknownKey",
          i,
          0,
          `'${key.value}' is not one of the ${what} (${specs.map((s) => s.labels[0]).join(", ")}); ignored`
        );
      continue;
    }
    if (seen[spec.field] !== undefined) {
      g.problem(
        i,
        0,
        `expected ${spec.labels[0]} once, found it again (first at ${g.cell(seen[spec.field]!, 0)})`
      );
      continue;
    }
    seen[spec.field] = i;
    g.record(`${section}.${spec.field}`, i, 1);
    if (isBlank(valueCell)) continue; // left to its default, or to the monthly actuals
    const value = g.read(i, 1, spec.read);
    if (value !== undefined) out[spec.field] = value;
  }
  return out;
}

/** The key an unknown one is a misspelling of (within MISSPELT_WITHIN of one of its labels), or undefined. */
function misspelt<K extends string>(
  text: string,
  specs: readonly KeySpec<K>[]
): string | undefined {
  const near = nearestLabel(
    text,
    specs.flatMap((s) => s.labels)
  );
  if (near === undefined || near.distance > MISSPELT_WITHIN) return undefined;
  return specs.find((s) => s.labels.includes(near.label))?.labels[0];
}

const BASELINE_KEYS: readonly KeySpec<keyof Baseline>[] = [
  {
    field: "requests",
    labels: ["RequestsPerMonth", "Requests", "EHCNARequestsPerMonth", "EHCNARequests"],
    read: readCount,
  },
  { field: "noToAssessRate", labels: ["NoToAssessRate", "NoToAssess"], read: readRate },
  { field: "noToIssueRate", labels: ["NoToIssueRate", "NoToIssue"], read: readRate },
  {
    field: "ceased",
    labels: ["CeasedPerMonth", "Ceased", "CeasedPlansPerMonth", "CeasedPlans"],
    read: readCount,
  },
  { field: "transfersIn", labels: ["TransfersInPerMonth", "TransfersIn"], read: readCount },
  { field: "openingEhcps", labels: ["OpeningEHCPs", "EHCPs", "OpeningPlans"], read: readCount },
  {
    field: "forecastStart",
    labels: ["ForecastStart", "Start", "FirstForecastMonth"],
    read: readMonth,
  },
  { field: "inmssPlacements", labels: ["INMSSPlacements", "INMSS"], read: readCount },
  {
    field: "inmssAnnualGrowth",
    labels: ["INMSSAnnualGrowth", "INMSSGrowth", "INMSSGrowthPerYear"],
    read: readNumber,
  },
  { field: "lagMonths", labels: ["LagMonths", "Lag", "IssueLagMonths"], read: readWholeMonths },
];

/** SEND_Baseline: the demand system the forecast starts from (MODEL.md §1). */
export function parseBaseline(r: RangeData, input = r.name): Parsed<Partial<Baseline>> {
  const g = new Grid(r, input);
  const values = readKeyValues(g, BASELINE_KEYS, "baseline", "baseline keys");
  return g.done(values as Partial<Baseline>);
}

const SETTINGS_KEYS: readonly KeySpec<keyof Settings>[] = [
  {
    field: "balanceTargetYear",
    labels: ["BalanceTargetYear", "TargetYear", "InYearBalanceYear"],
    read: readYearLabel,
  },
  { field: "deficitCap", labels: ["DeficitCap", "Cap"], read: readNumber },
  { field: "deficitCapYear", labels: ["DeficitCapYear", "CapYear"], read: readYearLabel },
  { field: "rounding", labels: ["Rounding"], read: readRounding },
  {
    field: "safetyValve",
    labels: ["SafetyValve", "SafetyValveAgreement", "InSafetyValve"],
    read: readYesNo,
  },
];

/** Rounding: Exact (totals of the exact figures) or Published (lines rounded to whole £'000, totals of the rounded lines). */
function readRounding(v: CellValue): CellRead<string> {
  const text = readText(v);
  const expected = `expected Exact (totals of the exact figures, the default) or Published (each line rounded to whole £'000, totals of the rounded lines), found ${describeCell(v)}`;
  if (!text.ok) return { ok: false, message: expected };
  const choice = ["Exact", "Published"].find((c) => labelKey(c) === labelKey(text.value));
  return choice ? { ok: true, value: choice } : { ok: false, message: expected };
}

/** Yes or No, and the other spellings a cell may hold for them (a TRUE/FALSE cell too). */
export const YES_NO_ALIASES: Readonly<Record<"Yes" | "No", readonly string[]>> = {
  Yes: ["Y", "True", "1"],
  No: ["N", "False", "0", "None"],
};

/** A Yes/No cell: Yes, No, a TRUE/FALSE cell, or an alias in YES_NO_ALIASES; anything else is refused with the choices. */
export function readYesNo(v: CellValue): CellRead<boolean> {
  if (typeof v === "boolean") return { ok: true, value: v };
  const text = readText(v);
  const answer = text.ok
    ? matchChoice(
        text.value,
        (["Yes", "No"] as const).map((c) => [c, [c, ...YES_NO_ALIASES[c]]] as const)
      )
    : undefined;
  return answer === undefined
    ? {
        ok: false,
        message: `expected Yes or No (also ${[...YES_NO_ALIASES.Yes, ...YES_NO_ALIASES.No].join(", ")}, or a TRUE/FALSE cell), found ${describeCell(v)}`,
      }
    : { ok: true, value: answer === "Yes" };
}

/** SEND_Settings: whether there is a Safety Valve agreement, its conditions' years and cap, and how the output rounds; missing keys take the model's defaults, which the forecast states as assumptions. */
export function parseSettings(r: RangeData, input = r.name): Parsed<Partial<Settings>> {
  const g = new Grid(r, input);
  const values = readKeyValues(g, SETTINGS_KEYS, "settings", "settings");
  return g.done(values as Partial<Settings>);
}

/** A whole number within [min, max], saying what it counts. */
function readWhole(min: number, what: string): Reader<number> {
  return (v, format = "General") => {
    const n = readNumber(v, format);
    if (!n.ok) return n;
    return Number.isInteger(n.value) && n.value >= min && n.value <= 2 ** 31 - 1
      ? n
      : {
          ok: false,
          message: `expected ${what}, a whole number of ${min} or more, found ${describeCell(v, format)}`,
        };
  };
}

/** A number above 0. */
function readPositive(v: CellValue | undefined, format = "General"): CellRead<number> {
  const n = readNumber(v, format);
  if (!n.ok) return n;
  return n.value > 0
    ? n
    : {
        ok: false,
        message: `expected a number above 0 (e.g. 10), found ${describeCell(v, format)}`,
      };
}

const UNCERTAINTY_KEYS: readonly KeySpec<keyof UncertaintyOptions>[] = [
  {
    field: "draws",
    labels: ["Draws", "Simulations", "Runs"],
    read: readWhole(1, "the number of draws"),
  },
  { field: "seed", labels: ["Seed", "RandomSeed"], read: readWhole(0, "the seed") },
  { field: "concentration", labels: ["Concentration", "BetaConcentration"], read: readPositive },
  { field: "requestsSd", labels: ["RequestsSD", "RequestsSpread"], read: readCount },
  { field: "noToAssessSd", labels: ["NoToAssessSD", "NoToAssessSpread"], read: readRate },
  { field: "noToIssueSd", labels: ["NoToIssueSD", "NoToIssueSpread"], read: readRate },
  { field: "ceasedSd", labels: ["CeasedSD", "CeasedSpread"], read: readCount },
  { field: "defaultSpread", labels: ["DefaultSpread"], read: readRate },
  { field: "inflationRange", labels: ["InflationRange", "InflationSpread"], read: readRate },
];

/** SEND_Uncertainty: how the Monte Carlo draws (README, "Uncertainty"); each key left out takes its default. */
export function parseUncertainty(r: RangeData, input = r.name): Parsed<UncertaintyOptions> {
  const g = new Grid(r, input);
  const values = readKeyValues(g, UNCERTAINTY_KEYS, "uncertainty", "Monte Carlo settings");
  return g.done(values as UncertaintyOptions);
}
