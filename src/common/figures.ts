import {
  SCENARIOS,
  type ForecastResult,
  type Ledger,
  type ScenarioId,
  type YearLabel,
  type YearSummary,
} from "../model";

/**
 * The figures FORECAST can return, and nothing else: for each scenario, the
 * DSG ledger's rows and expenditure lines by year, the trajectory's figures
 * by forecast year, and the whole-forecast outcomes. A refresh's full result
 * (monthly trajectories, rates, warnings, the inputs echoed back) is some
 * ten times larger and none of it can reach a cell through FORECAST.
 *
 * This is what FORECAST reads, whether the figures came from a refresh in
 * this session or from the copy saved in the workbook, so a reopened
 * workbook answers exactly as the session that saved it did.
 */

/** Ledger rows FORECAST serves by year (MODEL.md §5), £'000, under their measure names. */
export const LEDGER_MEASURES = [
  "closing",
  "inYear",
  "expenditure",
  "highNeedsBlock",
  "blockTransfer",
  "otherBlocks",
  "safetyValve",
  "opening",
] as const;
export type LedgerMeasure = (typeof LEDGER_MEASURES)[number];

/** Trajectory figures FORECAST serves by forecast year (MODEL.md §3): measure name → the year summary's field. */
export const TRAJECTORY_FIELDS = {
  ehcps: "closingEhcps",
  averageEhcps: "averageEhcps",
  newPlans: "newPlans",
  ceased: "ceased",
  inmss: "closingInmss",
  averageInmss: "averageInmss",
} as const satisfies Record<string, Exclude<keyof YearSummary, "year">>;
export type TrajectoryMeasure = keyof typeof TRAJECTORY_FIELDS;
export const TRAJECTORY_MEASURES = Object.keys(TRAJECTORY_FIELDS) as TrajectoryMeasure[];

/** Whole-forecast outcomes; FORECAST ignores the year for these. */
export const OUTCOME_MEASURES = [
  "balanceYear",
  "residualDeficit",
  "peakDeficit",
  "peakYear",
] as const;

/**
 * The Safety Valve conditions FORECAST serves, "Pass" or "Fail"; the year is
 * ignored. Without an agreement there are none, and FORECAST says so.
 */
export const CONDITION_MEASURES = ["inYearBalance", "deficitCap"] as const;
export type ConditionMeasure = (typeof CONDITION_MEASURES)[number];

export interface ScenarioFigures {
  /** Each ledger row, one figure a year of `years`. */
  ledger: Record<LedgerMeasure, number[]>;
  /** Each expenditure line (in the order of `lineLabels`), one figure a year of `years`. */
  lines: number[][];
  /** Each trajectory figure, one a year of `forecastYears`. */
  trajectory: Record<TrajectoryMeasure, number[]>;
  /** The scenario's outcomes, assessed as the plan's (mitigated) ones are. */
  outcome: {
    balanceYear: YearLabel | null;
    residualDeficit: number | null;
    peakDeficit: number;
    peakYear: YearLabel;
    /**
     * Each condition's result; null without a Safety Valve agreement;
     * absent in figures saved before conditions were kept.
     */
    conditions?: Record<ConditionMeasure, "Pass" | "Fail"> | null;
  };
}

export interface ForecastFigures {
  /** When the refresh that produced them ran (ISO 8601). */
  refreshedAt: string;
  /** The ledger's financial years. */
  years: YearLabel[];
  lineLabels: string[];
  /** The financial years the trajectory covers (from the forecast start). */
  forecastYears: YearLabel[];
  scenarios: Record<ScenarioId, ScenarioFigures>;
}

/** The figures FORECAST serves from one refresh's result. */
export function figuresOf(result: ForecastResult, refreshedAt: Date = new Date()): ForecastFigures {
  const years = [...result.ledger.years];
  const forecastYears = result.scenarios.mitigated.years.map((y) => y.year);
  const scenarios = {} as Record<ScenarioId, ScenarioFigures>;
  for (const id of SCENARIOS) {
    const ledger: Ledger = result.ledgers[id];
    // Each scenario's own outcome, as the model assessed it from that scenario's ledger.
    const o = result.outcomes[id];
    const byYear = new Map(result.scenarios[id].years.map((y) => [y.year, y]));
    scenarios[id] = {
      ledger: Object.fromEntries(LEDGER_MEASURES.map((m) => [m, [...ledger[m]]])) as Record<
        LedgerMeasure,
        number[]
      >,
      lines: ledger.lines.map((l) => [...l.values]),
      trajectory: Object.fromEntries(
        TRAJECTORY_MEASURES.map((m) => [
          m,
          forecastYears.map((y) => byYear.get(y)?.[TRAJECTORY_FIELDS[m]] ?? Number.NaN),
        ])
      ) as Record<TrajectoryMeasure, number[]>,
      outcome: {
        balanceYear: o.balanceYear,
        residualDeficit: o.residualDeficit,
        peakDeficit: o.peakDeficit,
        peakYear: o.peakYear,
        conditions: result.settings.safetyValve
          ? (Object.fromEntries(
              CONDITION_MEASURES.map((m) => [
                m,
                o.conditions.find((c) => c.id === m)?.pass ? "Pass" : "Fail",
              ])
            ) as Record<ConditionMeasure, "Pass" | "Fail">)
          : null,
      },
    };
  }
  return {
    refreshedAt: refreshedAt.toISOString(),
    years,
    lineLabels: result.ledger.lines.map((l) => l.label),
    forecastYears,
    scenarios,
  };
}

// ------------------------------------------------------------------ saved in the workbook

/** The document setting that keeps the latest refresh's figures in the workbook. */
export const FORECAST_SETTING = "SEND.forecast";

/**
 * The saved format's version. A change to what is saved or what it means
 * takes the next number; a workbook saved in any other version is not read
 * (FORECAST asks for a refresh) rather than read as if it were this one.
 */
export const SAVED_FIGURES_VERSION = 1;

/**
 * The saved form: the figures as above, with `v` first, and each row of the
 * unmitigated and risk-adjusted scenarios that is the same as the mitigated
 * one's written as null. Funding rows never differ between scenarios, and
 * expenditure lines differ only where a cost driver follows the EHCPs, so
 * this roughly halves a typical workbook's figures. Numbers are kept to full
 * precision (JSON writes the shortest text that reads back as the same
 * double): a reopened workbook's FORECAST gives exactly the figure it gave
 * before, as the output sheet's values are also unrounded.
 */
export interface SavedFigures {
  v: typeof SAVED_FIGURES_VERSION;
  refreshedAt: string;
  years: YearLabel[];
  lineLabels: string[];
  forecastYears: YearLabel[];
  scenarios: Record<ScenarioId, SavedScenario>;
}

interface SavedScenario {
  ledger: Record<LedgerMeasure, number[] | null>;
  lines: (number[] | null)[];
  trajectory: Record<TrajectoryMeasure, number[] | null>;
  outcome: ScenarioFigures["outcome"];
}

const sameRow = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((x, k) => Object.is(x, b[k]));

export function packFigures(figures: ForecastFigures): SavedFigures {
  const base = figures.scenarios.mitigated;
  const pack = (id: ScenarioId): SavedScenario => {
    const s = figures.scenarios[id];
    const orSame = (row: number[], baseRow: number[] | undefined): number[] | null =>
      id !== "mitigated" && baseRow && sameRow(row, baseRow) ? null : row;
    return {
      ledger: Object.fromEntries(
        LEDGER_MEASURES.map((m) => [m, orSame(s.ledger[m], base.ledger[m])])
      ) as Record<LedgerMeasure, number[] | null>,
      lines: s.lines.map((row, k) => orSame(row, base.lines[k])),
      trajectory: Object.fromEntries(
        TRAJECTORY_MEASURES.map((m) => [m, orSame(s.trajectory[m], base.trajectory[m])])
      ) as Record<TrajectoryMeasure, number[] | null>,
      outcome: { ...s.outcome },
    };
  };
  return {
    v: SAVED_FIGURES_VERSION,
    refreshedAt: figures.refreshedAt,
    years: [...figures.years],
    lineLabels: [...figures.lineLabels],
    forecastYears: [...figures.forecastYears],
    scenarios: {
      unmitigated: pack("unmitigated"),
      mitigated: pack("mitigated"),
      riskAdjusted: pack("riskAdjusted"),
    },
  };
}

export type Unpacked = { ok: true; figures: ForecastFigures } | { ok: false; reason: string };

/** Thrown inside unpackFigures only, naming the first thing that is not as saved by this version. */
class Unreadable extends Error {}

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x);

function labels(raw: unknown, path: string, allowEmpty: boolean): string[] {
  if (
    !Array.isArray(raw) ||
    (!allowEmpty && raw.length === 0) ||
    !raw.every((x) => typeof x === "string" && x.length > 0)
  )
    throw new Unreadable(`${path}: expected a list of labels`);
  if (new Set(raw).size !== raw.length) throw new Unreadable(`${path}: a label is repeated`);
  return [...(raw as string[])];
}

function row(raw: unknown, length: number, path: string, same: number[] | undefined): number[] {
  if (raw === null && same) return [...same];
  if (
    !Array.isArray(raw) ||
    raw.length !== length ||
    !raw.every((x) => typeof x === "number" && Number.isFinite(x))
  )
    throw new Unreadable(`${path}: expected ${length} figures`);
  return [...(raw as number[])];
}

/**
 * Reads a saved value back into figures, checking every part of it: the
 * version, each label list, each row's length and that every figure is a
 * finite number, each outcome against the years. Anything else (another
 * version's format, a hand-edited or truncated value) is refused with the
 * reason, never half-read: a figure FORECAST serves from it must be the one
 * the refresh produced.
 */
export function unpackFigures(raw: unknown): Unpacked {
  if (!isRecord(raw)) return { ok: false, reason: "the saved value is not a set of figures" };
  if (raw.v !== SAVED_FIGURES_VERSION) {
    const newer = typeof raw.v === "number" && raw.v > SAVED_FIGURES_VERSION;
    return {
      ok: false,
      reason: newer
        ? `they were saved by a newer version of SEND Forecaster (format ${raw.v}; this version reads format ${SAVED_FIGURES_VERSION})`
        : `they are not in a format this version of SEND Forecaster reads (format ${JSON.stringify(raw.v) ?? "missing"}; expected ${SAVED_FIGURES_VERSION})`,
    };
  }
  try {
    if (typeof raw.refreshedAt !== "string" || Number.isNaN(Date.parse(raw.refreshedAt)))
      throw new Unreadable("refreshedAt: expected the refresh's date and time");
    const years = labels(raw.years, "years", false);
    const lineLabels = labels(raw.lineLabels, "lineLabels", true);
    const forecastYears = labels(raw.forecastYears, "forecastYears", false);
    if (!isRecord(raw.scenarios))
      throw new Unreadable("scenarios: expected one set of figures for each scenario");
    const savedScenarios = raw.scenarios;
    const scenarios = {} as Record<ScenarioId, ScenarioFigures>;
    // Mitigated first: the other scenarios' null rows stand for its rows.
    for (const id of ["mitigated", "unmitigated", "riskAdjusted"] as const) {
      const s = savedScenarios[id];
      const path = `scenarios.${id}`;
      if (
        !isRecord(s) ||
        !isRecord(s.ledger) ||
        !Array.isArray(s.lines) ||
        !isRecord(s.trajectory) ||
        !isRecord(s.outcome)
      )
        throw new Unreadable(`${path}: expected ledger, lines, trajectory and outcome`);
      const base = id === "mitigated" ? undefined : scenarios.mitigated;
      const ledger = s.ledger;
      const trajectory = s.trajectory;
      const lines = s.lines as unknown[];
      if (lines.length !== lineLabels.length)
        throw new Unreadable(`${path}.lines: expected ${lineLabels.length} lines`);
      scenarios[id] = {
        ledger: Object.fromEntries(
          LEDGER_MEASURES.map((m) => [
            m,
            row(ledger[m], years.length, `${path}.ledger.${m}`, base?.ledger[m]),
          ])
        ) as Record<LedgerMeasure, number[]>,
        lines: lines.map((l, k) => row(l, years.length, `${path}.lines[${k}]`, base?.lines[k])),
        trajectory: Object.fromEntries(
          TRAJECTORY_MEASURES.map((m) => [
            m,
            row(
              trajectory[m],
              forecastYears.length,
              `${path}.trajectory.${m}`,
              base?.trajectory[m]
            ),
          ])
        ) as Record<TrajectoryMeasure, number[]>,
        outcome: outcome(s.outcome, years, `${path}.outcome`),
      };
    }
    return {
      ok: true,
      figures: { refreshedAt: raw.refreshedAt, years, lineLabels, forecastYears, scenarios },
    };
  } catch (e) {
    if (e instanceof Unreadable)
      return { ok: false, reason: `they could not be read (${e.message})` };
    throw e;
  }
}

function outcome(
  raw: Record<string, unknown>,
  years: readonly YearLabel[],
  path: string
): ScenarioFigures["outcome"] {
  const { balanceYear, residualDeficit, peakDeficit, peakYear } = raw;
  const finite = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
  const year = (x: unknown): x is YearLabel => typeof x === "string" && years.includes(x);
  // A balance year and the residual deficit in it come together, or neither does.
  const balanced = year(balanceYear) && finite(residualDeficit);
  const unbalanced = balanceYear === null && residualDeficit === null;
  if (!(balanced || unbalanced) || !finite(peakDeficit) || !year(peakYear))
    throw new Unreadable(
      `${path}: expected the balance year, residual deficit, peak deficit and peak year`
    );
  const conditions = raw.conditions;
  const passFail = (x: unknown): boolean => x === "Pass" || x === "Fail";
  if (
    conditions !== undefined &&
    conditions !== null &&
    !(isRecord(conditions) && CONDITION_MEASURES.every((m) => passFail(conditions[m])))
  )
    throw new Unreadable(`${path}.conditions: expected Pass or Fail for each condition, or null`);
  return {
    balanceYear: balanceYear as YearLabel | null,
    residualDeficit: residualDeficit as number | null,
    peakDeficit,
    peakYear,
    ...(conditions === undefined
      ? {}
      : {
          conditions:
            conditions === null
              ? null
              : (Object.fromEntries(CONDITION_MEASURES.map((m) => [m, conditions[m]])) as Record<
                  ConditionMeasure,
                  "Pass" | "Fail"
                >),
        }),
  };
}
