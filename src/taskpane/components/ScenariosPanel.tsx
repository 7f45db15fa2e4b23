import { makeStyles, tokens } from "@fluentui/react-components";
import { useId } from "react";
import { SCENARIOS, type DeficitOutcome, type ForecastResult, type ScenarioId } from "../../model";
import { formatMillions } from "../format";
import { SCENARIO_LABEL, SCENARIO_STROKE, niceCeiling } from "./TrajectoryChart";

const WIDTH = 300;
const HEIGHT = 150;
const PAD = { left: 44, right: 8, top: 8, bottom: 20 };

const useStyles = makeStyles({
  table: {
    width: "100%",
    borderCollapse: "collapse",
    fontSize: tokens.fontSizeBase200,
    "& th, & td": {
      padding: "2px 4px",
      textAlign: "left",
      verticalAlign: "top",
      borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    },
    "& .num": { textAlign: "right" },
  },
  pass: { color: tokens.colorPaletteGreenForeground1, fontWeight: tokens.fontWeightSemibold },
  fail: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
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
  note: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

function passFail(o: DeficitOutcome, id: "inYearBalance" | "deficitCap"): boolean | undefined {
  return o.conditions.find((c) => c.id === id)?.pass;
}

/** The polyline points of one series of £'000, scaled into the plot area between lo and hi. */
function points(values: readonly number[], lo: number, hi: number): string {
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
 * Every scenario's ledger side by side: a table of each scenario's balance
 * year, residual, peak and the two Safety Valve conditions, and the total
 * deficit balance by year, one line a scenario, in £m, drawn as inline SVG
 * with the same figures in a table for screen readers.
 */
export function ScenariosPanel(props: { result: ForecastResult }) {
  const styles = useStyles();
  const titleId = useId();
  const descId = useId();
  const r = props.result;
  const years = r.ledger.years;
  const closing = (s: ScenarioId) => r.ledgers[s].closing;
  const all = SCENARIOS.flatMap(closing);
  const lo = Math.min(0, ...all);
  const hi = lo + niceCeiling(Math.max(...all) - lo);
  const h = HEIGHT - PAD.top - PAD.bottom;
  const same = SCENARIOS.every((s) => closing(s).every((v, k) => v === r.ledger.closing[k]));
  const condition = (pass: boolean | undefined) =>
    pass === undefined ? (
      <td />
    ) : (
      <td className={pass ? styles.pass : styles.fail}>{pass ? "Pass" : "Fail"}</td>
    );
  return (
    <section aria-labelledby="scenarios-heading" data-testid="scenarios">
      <h3 id="scenarios-heading">Every scenario&apos;s deficit</h3>
      <table className={styles.table}>
        <caption className={styles.note}>
          Balance year, residual and peak deficit, and the Safety Valve conditions (in-year balance
          from {r.settings.balanceTargetYear}; deficit cap in {r.settings.deficitCapYear})
        </caption>
        <thead>
          <tr>
            <th scope="col">Scenario</th>
            <th scope="col">Balance year</th>
            <th scope="col" className="num">
              Residual
            </th>
            <th scope="col" className="num">
              Peak
            </th>
            <th scope="col">In-year</th>
            <th scope="col">Cap</th>
          </tr>
        </thead>
        <tbody>
          {SCENARIOS.map((s) => {
            const o = r.outcomes[s];
            return (
              <tr key={s} data-testid={`scenario-${s}`}>
                <th scope="row">{SCENARIO_LABEL[s]}</th>
                <td>{o.balanceYear ?? "None"}</td>
                <td className="num">
                  {o.residualDeficit === null ? "\u2013" : formatMillions(o.residualDeficit)}
                </td>
                <td className="num">
                  {formatMillions(o.peakDeficit)} ({o.peakYear})
                </td>
                {condition(passFail(o, "inYearBalance"))}
                {condition(passFail(o, "deficitCap"))}
              </tr>
            );
          })}
        </tbody>
      </table>
      {same && (
        <p className={styles.note} data-testid="scenarios-same">
          The three scenarios have the same ledger: no cost line prices their activity.
        </p>
      )}

      <figure style={{ margin: 0 }}>
        <svg
          className={styles.svg}
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-labelledby={`${titleId} ${descId}`}
        >
          <title id={titleId}>Total deficit balance by scenario (£m)</title>
          <desc id={descId}>
            {`From ${years[0]} to ${years[years.length - 1]}: ` +
              SCENARIOS.map(
                (s) =>
                  `${SCENARIO_LABEL[s]} ends at ${formatMillions(closing(s)[years.length - 1] ?? 0)}, peak ${formatMillions(r.outcomes[s].peakDeficit)} in ${r.outcomes[s].peakYear}`
              ).join("; ") +
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
                  {formatMillions(v)}
                </text>
              </g>
            );
          })}
          <text x={PAD.left} y={HEIGHT - 6} fontSize={9} fill={tokens.colorNeutralForeground2}>
            {years[0]}
          </text>
          <text
            x={WIDTH - PAD.right}
            y={HEIGHT - 6}
            fontSize={9}
            textAnchor="end"
            fill={tokens.colorNeutralForeground2}
          >
            {years[years.length - 1]}
          </text>
          {SCENARIOS.map((s) => (
            <polyline
              key={s}
              data-scenario={s}
              points={points(closing(s), lo, hi)}
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
          <summary>Total deficit balance by year, as a table</summary>
          <table className={styles.table}>
            <caption>Total deficit balance by year and scenario (£m)</caption>
            <thead>
              <tr>
                <th scope="col">Year</th>
                {SCENARIOS.map((s) => (
                  <th key={s} scope="col" className="num">
                    {SCENARIO_LABEL[s]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {years.map((y, k) => (
                <tr key={y}>
                  <th scope="row">{y}</th>
                  {SCENARIOS.map((s) => (
                    <td key={s} className="num">
                      {formatMillions(closing(s)[k])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </figure>
    </section>
  );
}
