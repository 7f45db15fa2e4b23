import type {
  DeficitOutcome,
  Ledger,
  OriginalPlan,
  OriginalPlanComparison,
  OriginalPlanRow,
  YearLabel,
} from "./types";

/**
 * The forecast against the original plan, in £ (MODEL.md, "Against the
 * original plan"): each figure the original plan gives beside the
 * mitigated ledger's figure for the same year and measure, the difference
 * (forecast − plan, £'000), and a sentence worded as the report words it.
 * The original plan's residual deficit is its total deficit balance in the
 * last year it gives one for (its balance year), compared with the
 * forecast's residual deficit in the forecast's own balance year.
 */
export function compareWithOriginalPlan(
  plan: OriginalPlan,
  ledger: Ledger,
  outcome: DeficitOutcome
): OriginalPlanComparison {
  const rows: OriginalPlanRow[] = [];
  const years = ledger.years;
  const byYear = (
    values: readonly (number | null)[] | undefined,
    measure: "inYear" | "closing",
    label: string
  ): void => {
    years.forEach((year, k) => {
      const p = values?.[k];
      if (p === null || p === undefined) return;
      const f = ledger[measure][k];
      rows.push({
        measure,
        label,
        year,
        forecastYear: year,
        plan: p,
        forecast: f,
        difference: f - p,
        sentence: `${label} ${year}: ${millions(f)}, ${compared(f, p)}`,
      });
    });
  };
  byYear(plan.inYear, "inYear", "In-year deficit");
  byYear(plan.closing, "closing", "Total deficit balance");

  const last = lastGiven(years, plan.closing);
  if (last !== undefined) {
    const p = last.value;
    const f = outcome.residualDeficit;
    rows.push({
      measure: "residual",
      label: "Residual deficit",
      year: last.year,
      forecastYear: outcome.balanceYear,
      plan: p,
      forecast: f,
      difference: f === null ? null : f - p,
      sentence:
        f === null
          ? `Residual deficit: the forecast does not reach in-year balance by ${years[years.length - 1]}, against a residual of ${millions(p)} in the original plan`
          : `Residual deficit ${millions(f)}, ${movement(f, p)} in the original plan`,
    });
  }
  return { rows, sentences: rows.map((r) => r.sentence) };
}

/** £'000 as the report writes millions: £45.7m, −£0.9m (halves rounded away from zero). */
export function millions(thousands: number): string {
  const tenths = Math.round(Math.abs(thousands) / 100);
  const text = `£${(tenths / 10).toFixed(1)}m`;
  return thousands < 0 && tenths > 0 ? `−${text}` : text;
}

/** "£17.5m more than the £28.3m in the original plan"; less when lower; the same when the difference rounds to nothing. */
function compared(forecast: number, plan: number): string {
  const d = forecast - plan;
  if (Math.round(Math.abs(d) / 100) === 0)
    return `the same as the ${millions(plan)} in the original plan`;
  return `${millions(Math.abs(d))} ${d > 0 ? "more" : "less"} than the ${millions(plan)} in the original plan`;
}

/** "up from £70.3m"; down when lower; "the same as the £70.3m" when the difference rounds to nothing. */
function movement(forecast: number, plan: number): string {
  const d = forecast - plan;
  if (Math.round(Math.abs(d) / 100) === 0) return `the same as the ${millions(plan)}`;
  return `${d > 0 ? "up" : "down"} from ${millions(plan)}`;
}

function lastGiven(
  years: readonly YearLabel[],
  values: readonly (number | null)[] | undefined
): { year: YearLabel; value: number } | undefined {
  if (!values) return undefined;
  for (let k = Math.min(values.length, years.length) - 1; k >= 0; k--) {
    const v = values[k];
    if (v !== null && v !== undefined) return { year: years[k], value: v };
  }
  return undefined;
}
