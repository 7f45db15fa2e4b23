import { SCENARIOS, SCENARIO_LABELS, type ScenarioId, type Trajectory } from "../../model";
import { formatMonth, formatPlans } from "../format";
import { ScenarioLineChart, niceCeiling, perScenario } from "./ScenarioLineChart";

export { niceCeiling };

/** EHCPs in the system month by month, one line a scenario, with the stock at 31 March by year as a table. */
export function TrajectoryChart(props: { scenarios: Record<ScenarioId, Trajectory> }) {
  const ehcps = (s: ScenarioId) => props.scenarios[s].ehcps;
  const all = SCENARIOS.flatMap(ehcps);
  // Start the axis near the data, not at zero: the scenarios differ by hundreds of plans on a stock of thousands.
  const lo = Math.max(0, Math.floor(Math.min(...all) / 1000) * 1000);
  const hi = lo + niceCeiling(Math.max(...all) - lo);
  const months = props.scenarios.mitigated.months;
  const first = formatMonth(months[0] ?? "");
  const last = formatMonth(months[months.length - 1] ?? "");
  const ends = (s: ScenarioId) => ehcps(s)[ehcps(s).length - 1] ?? 0;
  return (
    <ScenarioLineChart
      title="EHCPs by scenario"
      description={
        `From ${first} to ${last}: ` +
        SCENARIOS.map((s) => `${SCENARIO_LABELS[s]} ends at ${formatPlans(ends(s), 0)}`).join(
          "; "
        ) +
        "."
      }
      series={perScenario(ehcps)}
      lo={lo}
      hi={hi}
      first={first}
      last={last}
      axis={(v) => formatPlans(v, 0)}
      yTitle="EHCPs"
      xTitle="Month"
      table={{
        summary: "EHCPs at 31 March, as a table",
        caption: "EHCPs at 31 March by scenario",
        rows: props.scenarios.mitigated.years.map((y, i) => ({
          label: y.year,
          cells: perScenario((s) =>
            formatPlans(props.scenarios[s].years[i]?.closingEhcps ?? NaN, 0)
          ),
        })),
      }}
    />
  );
}
