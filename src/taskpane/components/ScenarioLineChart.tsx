import { makeStyles, tokens } from "@fluentui/react-components";
import { WideTable } from "./WideTable";
import { SCENARIOS, SCENARIO_LABELS, type ScenarioId } from "../../model";
import { CHART_LABEL, CHART_STYLES, ChartDrawing, ChartText } from "./ChartParts";

// Each scenario differs in dash pattern as well as colour, so the lines can be
// told apart in greyscale and by people who do not see the colours.
const SCENARIO_STROKE: Record<ScenarioId, { colour: string; dash: string }> = {
  unmitigated: { colour: tokens.colorPaletteRedForeground1, dash: "6 3" },
  mitigated: { colour: tokens.colorBrandForeground1, dash: "" },
  riskAdjusted: { colour: tokens.colorPaletteDarkOrangeForeground1, dash: "2 2" },
};

// Drawn 300 units wide, about the width a 320 px pane gives it, so a 13-unit label is at least 12 px there and
// grows with a wider pane and with zoom.
const WIDTH = 300;
const HEIGHT = 200;
const PAD = { left: 78, right: 10, top: 10, bottom: 40 };
const LABEL = CHART_LABEL;

const useStyles = makeStyles({
  ...CHART_STYLES,
  table: {
    borderCollapse: "collapse",
    fontSize: tokens.fontSizeBase200,
    "& th, & td": { padding: "2px 6px", textAlign: "right" },
  },
});

/** A record of one value a scenario, from a function of the scenario. */
/** A legend's sample of a series: its line (dashed as the series is), with a dot for actuals. */
function LegendLine(props: { colour: string; dash?: string; dot?: boolean }) {
  return (
    <svg width="22" height="6">
      <line
        x1="0"
        x2="22"
        y1="3"
        y2="3"
        style={{ stroke: props.colour }}
        strokeDasharray={props.dash || undefined}
        strokeWidth={2}
      />
      {props.dot && <circle cx="11" cy="3" r="2.5" style={{ fill: props.colour }} />}
    </svg>
  );
}

export function perScenario<T>(f: (s: ScenarioId) => T): Record<ScenarioId, T> {
  return {
    unmitigated: f("unmitigated"),
    mitigated: f("mitigated"),
    riskAdjusted: f("riskAdjusted"),
  };
}

/** A "nice" upper bound for the axis: 1, 2, 2.5 or 5 times a power of ten above max. */
export function niceCeiling(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/** Where a point sits: the at-th of count places along, its value between lo and hi up the plot area. */
function place(at: number, v: number, count: number, lo: number, hi: number): [number, number] {
  const w = WIDTH - PAD.left - PAD.right;
  const h = HEIGHT - PAD.top - PAD.bottom;
  const step = count > 1 ? w / (count - 1) : 0;
  return [PAD.left + at * step, PAD.top + h - ((v - lo) / (hi - lo)) * h];
}

/** The polyline points of one series starting at the offset-th of count places, scaled between lo and hi. */
function linePoints(
  values: readonly number[],
  lo: number,
  hi: number,
  count = values.length,
  offset = 0
): string {
  return values
    .map((v, i) => place(offset + i, v, count, lo, hi))
    .map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`)
    .join(" ");
}

/** The recorded series: a solid line in the theme's strongest text colour, each figure marked by a dot. */
const ACTUAL_COLOUR = tokens.colorNeutralForeground1;

export interface ScenarioLineChartProps {
  /** The chart's title and its text alternative, for screen readers. */
  title: string;
  description: string;
  /** One series a scenario, plotted between lo and hi. */
  series: Record<ScenarioId, readonly number[]>;
  /**
   * Places along the horizontal axis, and the one the scenarios' series start at; by default the
   * scenarios fill it. Recorded figures before the forecast take the places before `offset`.
   */
  count?: number;
  offset?: number;
  /** Recorded figures (each at its place along the axis), drawn and listed apart from the scenarios. */
  actual?: { label: string; points: { at: number; value: number }[] };
  lo: number;
  hi: number;
  /** The axis labels: the first and last point, and a figure on the vertical axis. */
  first: string;
  last: string;
  axis: (v: number) => string;
  /** The axes' titles: what the vertical axis counts, and the horizontal axis's unit. */
  yTitle: string;
  xTitle: string;
  /** The figures as a table under the chart: its summary, caption and a row a year. */
  table: {
    summary: string;
    caption: string;
    rows: { label: string; cells: Record<ScenarioId, string>; actual?: string }[];
  };
}

/**
 * One line a scenario, drawn as inline SVG (no chart library: a few hundred
 * bytes instead of hundreds of KB), told apart by dash as well as colour,
 * with the figures in a table for screen readers and for anyone who wants
 * the numbers.
 */
export function ScenarioLineChart(props: ScenarioLineChartProps) {
  const styles = useStyles();
  const { lo, hi, actual } = props;
  const h = HEIGHT - PAD.top - PAD.bottom;
  const count = props.count ?? Math.max(...SCENARIOS.map((s) => props.series[s].length));
  const offset = props.offset ?? 0;
  const hasActualColumn = props.table.rows.some((r) => r.actual !== undefined);
  const actualAt = (actual?.points ?? []).map((p) => place(p.at, p.value, count, lo, hi));
  return (
    <figure style={{ margin: 0 }}>
      <ChartDrawing
        className={styles.svg}
        width={WIDTH}
        height={HEIGHT}
        title={props.title}
        description={props.description}
      >
        {[lo, (lo + hi) / 2, hi].map((v) => {
          const y = PAD.top + h - ((v - lo) / (hi - lo)) * h;
          return (
            <g key={v}>
              <line
                x1={PAD.left}
                x2={WIDTH - PAD.right}
                y1={y}
                y2={y}
                style={{ stroke: tokens.colorNeutralStroke1 }}
                strokeWidth={0.5}
              />
              <ChartText x={PAD.left - 4} y={y + 4} textAnchor="end">
                {props.axis(v)}
              </ChartText>
            </g>
          );
        })}
        <ChartText x={PAD.left} y={HEIGHT - PAD.bottom + 16}>
          {props.first}
        </ChartText>
        <ChartText x={WIDTH - PAD.right} y={HEIGHT - PAD.bottom + 16} textAnchor="end">
          {props.last}
        </ChartText>
        {/* Axis titles: what is counted up the side, and along the bottom. */}
        <ChartText
          x={PAD.left + (WIDTH - PAD.left - PAD.right) / 2}
          y={HEIGHT - 4}
          textAnchor="middle"
          data-testid="x-axis-title"
        >
          {props.xTitle}
        </ChartText>
        <ChartText
          transform={`translate(${LABEL}, ${PAD.top + h / 2}) rotate(-90)`}
          textAnchor="middle"
          data-testid="y-axis-title"
        >
          {props.yTitle}
        </ChartText>
        {SCENARIOS.map((s) => (
          <polyline
            key={s}
            data-scenario={s}
            points={linePoints(props.series[s], lo, hi, count, offset)}
            fill="none"
            style={{ stroke: SCENARIO_STROKE[s].colour }}
            strokeDasharray={SCENARIO_STROKE[s].dash || undefined}
            strokeWidth={2}
          />
        ))}
        {actual && actualAt.length > 0 && (
          <g data-series="actual" style={{ stroke: ACTUAL_COLOUR, fill: ACTUAL_COLOUR }}>
            <polyline
              points={actualAt.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" ")}
              fill="none"
              strokeWidth={2}
            />
            {actualAt.map(([x, y], i) => (
              <circle key={i} cx={x.toFixed(1)} cy={y.toFixed(1)} r={2.5} strokeWidth={0} />
            ))}
          </g>
        )}
      </ChartDrawing>
      <ul className={styles.legend} aria-hidden="true">
        {SCENARIOS.map((s) => (
          <li key={s} className={styles.key}>
            <LegendLine colour={SCENARIO_STROKE[s].colour} dash={SCENARIO_STROKE[s].dash} />
            {SCENARIO_LABELS[s]}
          </li>
        ))}
        {actual && actualAt.length > 0 && (
          <li className={styles.key} data-testid="legend-actual">
            <LegendLine colour={ACTUAL_COLOUR} dot />
            {actual.label}
          </li>
        )}
      </ul>
      <details>
        <summary>{props.table.summary}</summary>
        <WideTable label={props.table.caption}>
          <table className={styles.table}>
            <caption>{props.table.caption}</caption>
            <thead>
              <tr>
                <th scope="col">Year</th>
                {hasActualColumn && <th scope="col">{actual?.label}</th>}
                {SCENARIOS.map((s) => (
                  <th key={s} scope="col">
                    {SCENARIO_LABELS[s]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.table.rows.map((row) => (
                <tr key={row.label}>
                  <th scope="row">{row.label}</th>
                  {hasActualColumn && <td>{row.actual ?? "\u2013"}</td>}
                  {SCENARIOS.map((s) => (
                    <td key={s}>{row.cells[s]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </WideTable>
      </details>
    </figure>
  );
}
