import { makeStyles, tokens } from "@fluentui/react-components";
import { useId } from "react";
import { SCENARIOS, type ScenarioId, type Trajectory } from "../../model";
import { formatMonth, formatPlans } from "../format";

export const SCENARIO_LABEL: Record<ScenarioId, string> = {
  unmitigated: "Unmitigated",
  mitigated: "Mitigated",
  riskAdjusted: "Risk-adjusted",
};

// Each scenario differs in dash pattern as well as colour, so the lines can be
// told apart in greyscale and by people who do not see the colours.
export const SCENARIO_STROKE: Record<ScenarioId, { colour: string; dash: string }> = {
  unmitigated: { colour: tokens.colorPaletteRedForeground1, dash: "6 3" },
  mitigated: { colour: tokens.colorBrandForeground1, dash: "" },
  riskAdjusted: { colour: tokens.colorPaletteDarkOrangeForeground1, dash: "2 2" },
};

const WIDTH = 300;
const HEIGHT = 150;
const PAD = { left: 44, right: 8, top: 8, bottom: 20 };

const useStyles = makeStyles({
  svg: { width: "100%", height: "auto", display: "block" },
  legend: {
    display: "flex",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalM,
    margin: 0,
    padding: 0,
    listStyleType: "none",
  },
  key: { display: "inline-flex", alignItems: "center", columnGap: tokens.spacingHorizontalXS },
  table: {
    borderCollapse: "collapse",
    fontSize: tokens.fontSizeBase200,
    "& th, & td": { padding: "2px 6px", textAlign: "right" },
  },
});

/** A "nice" upper bound for the axis: 1, 2, 2.5 or 5 times a power of ten above max. */
export function niceCeiling(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/** The polyline points of one series, scaled into the plot area. */
function linePoints(values: readonly number[], lo: number, hi: number): string {
  const w = WIDTH - PAD.left - PAD.right;
  const h = HEIGHT - PAD.top - PAD.bottom;
  const step = values.length > 1 ? w / (values.length - 1) : 0;
  return values
    .map(
      (v, i) =>
        `${(PAD.left + i * step).toFixed(1)},${(PAD.top + h - ((v - lo) / (hi - lo)) * h).toFixed(1)}`
    )
    .join(" ");
}

/**
 * EHCPs in the system month by month, one line a scenario, drawn as inline
 * SVG (no chart library: a few hundred bytes instead of hundreds of KB). The
 * same figures by year are in a table for screen readers and for anyone who
 * wants the numbers.
 */
export function TrajectoryChart(props: { scenarios: Record<ScenarioId, Trajectory> }) {
  const styles = useStyles();
  const titleId = useId();
  const descId = useId();
  const all = SCENARIOS.flatMap((s) => props.scenarios[s].ehcps);
  const rawLo = Math.min(...all);
  const lo = Math.max(0, Math.floor(rawLo / 1000) * 1000);
  // Start the axis near the data, not at zero: the scenarios differ by hundreds of plans on a stock of thousands.
  const hi = lo + niceCeiling(Math.max(...all) - lo);
  const months = props.scenarios.mitigated.months;
  const years = props.scenarios.mitigated.years;
  const last = (s: ScenarioId) =>
    props.scenarios[s].ehcps[props.scenarios[s].ehcps.length - 1] ?? 0;
  const h = HEIGHT - PAD.top - PAD.bottom;
  return (
    <figure style={{ margin: 0 }}>
      <svg
        className={styles.svg}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
      >
        <title id={titleId}>EHCPs by scenario</title>
        <desc id={descId}>
          {`From ${formatMonth(months[0] ?? "")} to ${formatMonth(months[months.length - 1] ?? "")}: ` +
            SCENARIOS.map((s) => `${SCENARIO_LABEL[s]} ends at ${formatPlans(last(s), 0)}`).join(
              "; "
            ) +
            "."}
        </desc>
        {[lo, (lo + hi) / 2, hi].map((v) => {
          const y = PAD.top + h - ((v - lo) / (hi - lo)) * h;
          return (
            <g key={v}>
              <line
                x1={PAD.left}
                x2={WIDTH - PAD.right}
                y1={y}
                y2={y}
                stroke={tokens.colorNeutralStroke2}
                strokeWidth={0.5}
              />
              <text
                x={PAD.left - 4}
                y={y + 3}
                textAnchor="end"
                fontSize={9}
                fill={tokens.colorNeutralForeground2}
              >
                {formatPlans(v, 0)}
              </text>
            </g>
          );
        })}
        <text x={PAD.left} y={HEIGHT - 6} fontSize={9} fill={tokens.colorNeutralForeground2}>
          {formatMonth(months[0] ?? "")}
        </text>
        <text
          x={WIDTH - PAD.right}
          y={HEIGHT - 6}
          fontSize={9}
          textAnchor="end"
          fill={tokens.colorNeutralForeground2}
        >
          {formatMonth(months[months.length - 1] ?? "")}
        </text>
        {SCENARIOS.map((s) => (
          <polyline
            key={s}
            data-scenario={s}
            points={linePoints(props.scenarios[s].ehcps, lo, hi)}
            fill="none"
            stroke={SCENARIO_STROKE[s].colour}
            strokeDasharray={SCENARIO_STROKE[s].dash || undefined}
            strokeWidth={1.5}
          />
        ))}
      </svg>
      <ul className={styles.legend} aria-hidden="true">
        {SCENARIOS.map((s) => (
          <li key={s} className={styles.key}>
            <svg width="22" height="6">
              <line
                x1="0"
                x2="22"
                y1="3"
                y2="3"
                stroke={SCENARIO_STROKE[s].colour}
                strokeDasharray={SCENARIO_STROKE[s].dash || undefined}
                strokeWidth={2}
              />
            </svg>
            {SCENARIO_LABEL[s]}
          </li>
        ))}
      </ul>
      <details>
        <summary>EHCPs at 31 March, as a table</summary>
        <table className={styles.table}>
          <caption>EHCPs at 31 March by scenario</caption>
          <thead>
            <tr>
              <th scope="col">Year</th>
              {SCENARIOS.map((s) => (
                <th key={s} scope="col">
                  {SCENARIO_LABEL[s]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {years.map((y, i) => (
              <tr key={y.year}>
                <th scope="row">{y.year}</th>
                {SCENARIOS.map((s) => (
                  <td key={s}>
                    {formatPlans(props.scenarios[s].years[i]?.closingEhcps ?? NaN, 0)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
