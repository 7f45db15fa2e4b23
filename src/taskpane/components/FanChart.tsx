import { makeStyles, tokens } from "@fluentui/react-components";
import { niceCeiling } from "./ScenarioLineChart";
import { CHART_LABEL, CHART_STYLES, ChartDrawing, ChartText } from "./ChartParts";

// As ScenarioLineChart: drawn 300 units wide, about what a 320 px pane gives it, so a 13-unit label is at least
// 12 px there and grows with a wider pane and with zoom.
const WIDTH = 300;
const HEIGHT = 200;
const PAD = { left: 78, right: 10, top: 10, bottom: 40 };
const LABEL = CHART_LABEL;

const BAND = tokens.colorBrandBackground2;
const EDGE = tokens.colorBrandStroke1;
const MEDIAN = tokens.colorBrandForeground1;

const useStyles = makeStyles({
  ...CHART_STYLES,
});

export interface FanChartProps {
  /** The chart's title and its text alternative, for screen readers. */
  title: string;
  description: string;
  /** One place a year along the horizontal axis, with the year's P10, P50 and P90. */
  points: readonly { label: string; p10: number; p50: number; p90: number }[];
  axis: (v: number) => string;
  yTitle: string;
  xTitle: string;
}

/**
 * A fan chart as inline SVG: the band from P10 to P90 a year, shaded and
 * edged with a dashed line, and the P50 as a solid line, in the theme's
 * colours. Its figures are in the table beside it.
 */
export function FanChart(props: FanChartProps) {
  const styles = useStyles();
  const { points } = props;
  const lo = Math.min(0, ...points.map((p) => p.p10));
  const hi = lo + niceCeiling(Math.max(...points.map((p) => p.p90)) - lo);
  const w = WIDTH - PAD.left - PAD.right;
  const h = HEIGHT - PAD.top - PAD.bottom;
  const step = points.length > 1 ? w / (points.length - 1) : 0;
  const x = (k: number) => PAD.left + k * step;
  const y = (v: number) => PAD.top + h - ((v - lo) / (hi - lo)) * h;
  const xy = (k: number, v: number) => `${x(k).toFixed(1)},${y(v).toFixed(1)}`;
  const upper = points.map((p, k) => xy(k, p.p90));
  const lower = points.map((p, k) => xy(k, p.p10));
  return (
    <figure style={{ margin: 0 }} data-testid="fan-chart">
      <ChartDrawing
        className={styles.svg}
        width={WIDTH}
        height={HEIGHT}
        title={props.title}
        description={props.description}
      >
        {[lo, (lo + hi) / 2, hi].map((v) => (
          <g key={v}>
            <line
              x1={PAD.left}
              x2={WIDTH - PAD.right}
              y1={y(v)}
              y2={y(v)}
              style={{ stroke: tokens.colorNeutralStroke1 }}
              strokeWidth={0.5}
            />
            <ChartText x={PAD.left - 4} y={y(v) + 4} textAnchor="end">
              {props.axis(v)}
            </ChartText>
          </g>
        ))}
        <ChartText x={PAD.left} y={HEIGHT - PAD.bottom + 16}>
          {points[0]?.label ?? ""}
        </ChartText>
        <ChartText x={WIDTH - PAD.right} y={HEIGHT - PAD.bottom + 16} textAnchor="end">
          {points[points.length - 1]?.label ?? ""}
        </ChartText>
        <ChartText x={PAD.left + w / 2} y={HEIGHT - 4} textAnchor="middle">
          {props.xTitle}
        </ChartText>
        <ChartText
          transform={`translate(${LABEL}, ${PAD.top + h / 2}) rotate(-90)`}
          textAnchor="middle"
        >
          {props.yTitle}
        </ChartText>
        <polygon
          data-series="band"
          points={[...upper, ...[...lower].reverse()].join(" ")}
          style={{ fill: BAND, stroke: "none" }}
        />
        {[upper, lower].map((line, k) => (
          <polyline
            key={k}
            points={line.join(" ")}
            fill="none"
            style={{ stroke: EDGE }}
            strokeDasharray="4 2"
            strokeWidth={1}
          />
        ))}
        <polyline
          data-series="p50"
          points={points.map((p, k) => xy(k, p.p50)).join(" ")}
          fill="none"
          style={{ stroke: MEDIAN }}
          strokeWidth={2}
        />
      </ChartDrawing>
      <ul className={styles.legend} aria-hidden="true">
        <li className={styles.key}>
          <svg width="22" height="10">
            <rect
              x="0"
              y="1"
              width="22"
              height="8"
              style={{ fill: BAND, stroke: EDGE }}
              strokeDasharray="4 2"
            />
          </svg>
          P10 to P90
        </li>
        <li className={styles.key}>
          <svg width="22" height="6">
            <line x1="0" x2="22" y1="3" y2="3" style={{ stroke: MEDIAN }} strokeWidth={2} />
          </svg>
          P50
        </li>
      </ul>
    </figure>
  );
}
