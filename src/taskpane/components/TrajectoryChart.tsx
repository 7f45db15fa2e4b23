import {
  SCENARIOS,
  SCENARIO_LABELS,
  financialYearOf,
  monthIndex,
  type ForecastResult,
  type ScenarioId,
  type Trajectory,
} from "../../model";
import { formatMonth, formatPlans } from "../format";
import { ScenarioLineChart, niceCeiling, perScenario } from "./ScenarioLineChart";

export { niceCeiling };

const ACTUAL = "Actual";

/**
 * EHCPs in the system month by month, one line a scenario, with the actual
 * counts before the forecast start (SEND_Monthly) as their own line where the
 * workbook gives them, and the stock at 31 March by year as a table.
 */
export function TrajectoryChart(props: {
  scenarios: Record<ScenarioId, Trajectory>;
  actual?: ForecastResult["actualEhcps"];
}) {
  const ehcps = (s: ScenarioId) => props.scenarios[s].ehcps;
  const months = props.scenarios.mitigated.months;
  const actual = props.actual && props.actual.months.length > 0 ? props.actual : undefined;
  const all = [...SCENARIOS.flatMap(ehcps), ...(actual?.ehcps ?? [])];
  // Start the axis near the data, not at zero: the scenarios differ by hundreds of plans on a stock of thousands.
  const lo = Math.max(0, Math.floor(Math.min(...all) / 1000) * 1000);
  const hi = lo + niceCeiling(Math.max(...all) - lo);
  // The axis runs from the first actual month (or the forecast start) to the forecast's last month.
  const start = monthIndex(months[0] ?? "");
  const from = actual ? Math.min(start, monthIndex(actual.months[0])) : start;
  const offset = start - from;
  const firstMonth = actual && offset > 0 ? actual.months[0] : months[0];
  const first = formatMonth(firstMonth ?? "");
  const last = formatMonth(months[months.length - 1] ?? "");
  const ends = (s: ScenarioId) => ehcps(s)[ehcps(s).length - 1] ?? 0;

  // The table: a row a year at 31 March; years before the forecast with an actual March figure come first.
  const marchActual = new Map<string, number>();
  actual?.months.forEach((m, i) => {
    if (m.endsWith("-03")) marchActual.set(financialYearOf(monthIndex(m)), actual.ehcps[i]);
  });
  const forecastYears = props.scenarios.mitigated.years.map((y) => y.year);
  const earlier = [...marchActual.keys()].filter((y) => !forecastYears.includes(y)).sort();
  const dash = "\u2013";
  const actualCell = (year: string) =>
    actual ? (marchActual.has(year) ? formatPlans(marchActual.get(year)!, 0) : dash) : undefined;
  const rows = [
    ...earlier.map((year) => ({
      label: year,
      actual: actualCell(year),
      cells: perScenario(() => dash),
    })),
    ...props.scenarios.mitigated.years.map((y, i) => ({
      label: y.year,
      actual: actualCell(y.year),
      cells: perScenario((s) => formatPlans(props.scenarios[s].years[i]?.closingEhcps ?? NaN, 0)),
    })),
  ];

  const actualWords = actual
    ? `${ACTUAL} from ${formatMonth(actual.months[0])} to ${formatMonth(actual.months[actual.months.length - 1])}, last ${formatPlans(actual.ehcps[actual.ehcps.length - 1], 0)}; `
    : "";
  return (
    <ScenarioLineChart
      title="EHCPs by scenario"
      description={
        `From ${first} to ${last}: ` +
        actualWords +
        SCENARIOS.map((s) => `${SCENARIO_LABELS[s]} ends at ${formatPlans(ends(s), 0)}`).join(
          "; "
        ) +
        "."
      }
      series={perScenario(ehcps)}
      count={offset + months.length}
      offset={offset}
      actual={
        actual && {
          label: ACTUAL,
          points: actual.months.map((m, i) => ({
            at: monthIndex(m) - from,
            value: actual.ehcps[i],
          })),
        }
      }
      lo={lo}
      hi={hi}
      first={first}
      last={last}
      axis={(v) => formatPlans(v, 0)}
      yTitle="EHCPs"
      xTitle="Month"
      table={{
        summary: "EHCPs at 31 March, as a table",
        caption: actual
          ? "EHCPs at 31 March: actual and by scenario"
          : "EHCPs at 31 March by scenario",
        rows,
      }}
    />
  );
}
