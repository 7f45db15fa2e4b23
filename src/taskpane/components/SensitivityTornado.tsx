import { Button, makeStyles, tokens } from "@fluentui/react-components";
import { useId, useState } from "react";
import type { SensitivityResult, SensitivityRow, YearLabel } from "../../model";
import { formatMillions } from "../format";
import { WideTable } from "./WideTable";
import { NOTE, RESULTS_TABLE } from "./styles";
import { CHART_LABEL, CHART_STYLES, ChartDrawing, ChartText } from "./ChartParts";

/** How many inputs the chart shows before "Show all". */
export const TORNADO_TOP = 10;

// Drawn 300 units wide, about the width a 320 px pane gives it, so a 13-unit label is at least 12 px there
// (as ScenarioLineChart); labels sit above their bars, wrapped to the width, so nothing is cut at 320 px.
export const TORNADO_WIDTH = 300;
const LABEL = CHART_LABEL;
const LINE = 15;
/** A figure's character at the label size, wide fonts included (DejaVu Sans's digits are 8.3 units). */
const FIGURE_CHAR = 9.2;
/** The centre line: the forecast's balance as it stands. */
export const TORNADO_CENTRE = TORNADO_WIDTH / 2;

/**
 * The longest bar either side of the centre: the half-width less room for
 * the longest figure ("−£34.2m") beyond its end, so every figure stays
 * inside the drawing.
 */
export function tornadoHalf(figures: readonly string[]): number {
  const longest = Math.max(0, ...figures.map((f) => f.length));
  return Math.max(TORNADO_CENTRE / 3, TORNADO_CENTRE - 6 - longest * FIGURE_CHAR);
}
const BAR = 10;
const BAR_ROW = 14;
const GAP = 8;
const HEADER = 24;
const FOOTER = 22;
/** About the characters a 13-unit line holds across the drawing, with room to spare. */
const CHARS = 36;

const LOW_COLOUR = tokens.colorBrandForeground1;
const HIGH_COLOUR = tokens.colorPaletteDarkOrangeForeground1;

const useStyles = makeStyles({
  ...CHART_STYLES,
  // Figures kept whole ("−£34.2m" on one line); the table scrolls within itself when it is wider than the pane.
  table: {
    ...RESULTS_TABLE,
    "& .num, & .year": { whiteSpace: "nowrap" },
    "& caption": { textAlign: "left" },
  },
  note: NOTE,
});

/** A change in £'000 as the pane shows money, with its sign: "+£3.6m", "−£34.2m", "£0.0m". */
export function formatChange(thousands: number): string {
  const text = formatMillions(thousands);
  return text.startsWith("\u2212") || text === "£0.0m" ? text : `+${text}`;
}

/** A balance year in words: the year, or "not reached" within the forecast. */
const yearWords = (y: YearLabel | null): string => y ?? "not reached";

/** The text split into lines of at most `chars` characters, at spaces (a longer word stands alone). */
export function wrapWords(text: string, chars = CHARS): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    if (line === "") line = word;
    else if (line.length + 1 + word.length <= chars) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

/** What a move does to the balance year, in words; null when neither move changes it. */
export function balanceYearNote(
  row: SensitivityRow,
  base: YearLabel | null,
  pct: string
): string | null {
  if (row.balanceYearLow === base && row.balanceYearHigh === base) return null;
  return `Balance year ${yearWords(row.balanceYearLow)} at −${pct}, ${yearWords(row.balanceYearHigh)} at +${pct} (now ${yearWords(base)})`;
}

/** One bar from the centre: to the right for a higher deficit, to the left for a lower one. */
function barGeometry(change: number, scale: number): { x: number; width: number } {
  const width = Math.abs(change) * scale;
  return { x: change < 0 ? TORNADO_CENTRE - width : TORNADO_CENTRE, width };
}

/** One of an input's two bars, and its figure beyond the bar's end. */
function Bar(props: { change: number; scale: number; y: number; move: "low" | "high" }) {
  const { x, width } = barGeometry(props.change, props.scale);
  const colour = props.move === "low" ? LOW_COLOUR : HIGH_COLOUR;
  const left = props.change < 0;
  return (
    <g data-move={props.move}>
      <rect
        x={x.toFixed(2)}
        y={props.y + (BAR_ROW - BAR) / 2}
        width={width.toFixed(2)}
        height={BAR}
        // The lower move solid, the higher one an outline: told apart without colour.
        style={
          props.move === "low"
            ? { fill: colour }
            : { fill: tokens.colorNeutralBackground1, stroke: colour }
        }
        strokeWidth={props.move === "low" ? 0 : 1.5}
      />
      <ChartText
        x={left ? x - 3 : x + width + 3}
        y={props.y + BAR_ROW - 2}
        textAnchor={left ? "end" : "start"}
      >
        {formatChange(props.change)}
      </ChartText>
    </g>
  );
}

/** An input's label, with the range it was moved by where SEND_Uncertainty gives one. */
function rowLabel(row: SensitivityRow): string {
  return row.ranged ? `${row.label} (${row.by})` : row.label;
}

/** A legend's sample of a move: a small bar drawn as the chart draws it. */
function LegendBar(props: { move: "low" | "high" }) {
  const colour = props.move === "low" ? LOW_COLOUR : HIGH_COLOUR;
  return (
    <svg width="22" height="12" aria-hidden="true">
      <rect
        x="1"
        y="1"
        width="20"
        height="10"
        style={
          props.move === "low"
            ? { fill: colour }
            : { fill: tokens.colorNeutralBackground1, stroke: colour }
        }
        strokeWidth={props.move === "low" ? 0 : 1.5}
      />
    </svg>
  );
}

/**
 * Which inputs matter: a tornado chart of the refresh's sensitivity. Each
 * input, largest swing first, has two bars from a centre line at the
 * forecast's total deficit balance at the end of the target year: the change
 * with the input moved down (solid) and up (outlined), to the right where the
 * deficit grows and to the left where it falls, each labelled in £m, with the
 * input's label above and, where a move changes it, the balance year. The ten
 * largest show until "Show all"; the figures for every input are in a table.
 */
export function SensitivityTornado(props: { sensitivity: SensitivityResult }) {
  const styles = useStyles();
  const chartId = useId();
  const [all, setAll] = useState(false);
  const s = props.sensitivity;
  const pct = `${Math.round(s.share * 1000) / 10}%`;
  // Largest swing first (the model's order; sorted again here, ties kept as they come).
  const rows = [...s.rows].sort((a, b) => b.swing - a.swing);
  const shown = all ? rows : rows.slice(0, TORNADO_TOP);
  const more = rows.length - TORNADO_TOP;
  // One scale for every input, shown or not, so "Show all" does not redraw the bars already there.
  const largest = Math.max(0, ...rows.flatMap((r) => [Math.abs(r.low), Math.abs(r.high)]));
  const half = tornadoHalf(rows.flatMap((r) => [formatChange(r.low), formatChange(r.high)]));
  const scale = largest > 0 ? half / largest : 0;

  let y = HEADER;
  const placed = shown.map((row) => {
    const label = wrapWords(rowLabel(row));
    const note = balanceYearNote(row, s.balanceYear, pct);
    const noteLines = note === null ? [] : wrapWords(note);
    const top = y;
    const bars = top + (label.length + noteLines.length) * LINE;
    y = bars + 2 * BAR_ROW + GAP;
    return { row, label, noteLines, top, bars };
  });
  const height = y + FOOTER;
  const top3 = rows
    .slice(0, 3)
    .map((r) => `${r.label}: ${formatChange(r.low)} at −${pct}, ${formatChange(r.high)} at +${pct}`)
    .join("; ");

  return (
    <div data-testid="sensitivity">
      <h3>Which inputs matter</h3>
      <p>
        The total deficit balance at the end of {s.targetYear} is {formatMillions(s.closing)}. Each
        input moved {pct} down and up on its own
        {s.rows.some((r) => r.ranged)
          ? " (or by its range in SEND_Uncertainty, shown after it)"
          : ""}{" "}
        changes it by:
      </p>
      {s.rows.length === 0 ? (
        <p>No input to move.</p>
      ) : (
        <figure style={{ margin: 0 }} id={chartId}>
          <ChartDrawing
            className={styles.svg}
            width={TORNADO_WIDTH}
            height={height}
            testId="tornado"
            title={`Change in the total deficit balance at the end of ${s.targetYear} with each input moved ${pct} down and up`}
            description={
              `The centre line is the forecast's ${formatMillions(s.closing)}; bars to the right raise the deficit, to the left lower it. ` +
              `Showing ${shown.length} of ${s.rows.length} inputs, largest swing first. ${top3}.`
            }
          >
            <ChartText x={TORNADO_CENTRE} y={LABEL + 2} textAnchor="middle">
              {`${formatMillions(s.closing)} at the end of ${s.targetYear}`}
            </ChartText>
            {placed.map(({ row, label, noteLines, top, bars }) => (
              <g key={row.field} data-testid="tornado-row" data-field={row.field}>
                {label.map((line, i) => (
                  <ChartText key={i} x={0} y={top + i * LINE + LABEL - 1} data-part="label">
                    {line}
                  </ChartText>
                ))}
                {noteLines.map((line, i) => (
                  <ChartText
                    key={`n${i}`}
                    x={0}
                    y={top + (label.length + i) * LINE + LABEL - 1}
                    data-part="balance-year"
                    style={{ fill: tokens.colorNeutralForeground2, fontStyle: "italic" }}
                  >
                    {line}
                  </ChartText>
                ))}
                <line
                  x1={TORNADO_CENTRE}
                  x2={TORNADO_CENTRE}
                  y1={bars}
                  y2={bars + 2 * BAR_ROW}
                  style={{ stroke: tokens.colorNeutralForeground1 }}
                  strokeWidth={1}
                  data-part="centre"
                />
                <Bar change={row.low} scale={scale} y={bars} move="low" />
                <Bar change={row.high} scale={scale} y={bars + BAR_ROW} move="high" />
              </g>
            ))}
            <ChartText x={0} y={height - 6}>
              ← Lower deficit
            </ChartText>
            <ChartText x={TORNADO_WIDTH} y={height - 6} textAnchor="end">
              Higher deficit →
            </ChartText>
          </ChartDrawing>
          <ul className={styles.legend} aria-hidden="true">
            <li className={styles.key}>
              <LegendBar move="low" />
              Input {pct} lower
            </li>
            <li className={styles.key}>
              <LegendBar move="high" />
              Input {pct} higher
            </li>
          </ul>
        </figure>
      )}
      {more > 0 && (
        <p>
          <span data-testid="tornado-shown">
            {all
              ? `Showing all ${s.rows.length} inputs. `
              : `Showing the ${TORNADO_TOP} largest of ${s.rows.length} inputs; ${more} more move it less. `}
          </span>
          <Button
            aria-controls={chartId}
            aria-expanded={all}
            onClick={() => setAll((a) => !a)}
            data-testid="tornado-toggle"
          >
            {all ? `Show the ${TORNADO_TOP} largest` : `Show all ${s.rows.length}`}
          </Button>
        </p>
      )}
      <details>
        <summary>Every input&apos;s figures, as a table</summary>
        <WideTable label="Which inputs matter, as a table">
          <table className={styles.table} data-testid="sensitivity-table">
            <caption>
              Change in the total deficit balance at the end of {s.targetYear} (
              {formatMillions(s.closing)}), and the balance year (now {yearWords(s.balanceYear)}),
              with each input moved {pct} down and up
            </caption>
            <thead>
              <tr>
                <th scope="col">Input</th>
                <th scope="col" className="num">
                  −{pct}
                </th>
                <th scope="col" className="num">
                  +{pct}
                </th>
                <th scope="col">Balance year at −{pct}</th>
                <th scope="col">Balance year at +{pct}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.field}>
                  <th scope="row">{rowLabel(r)}</th>
                  <td className="num">{formatChange(r.low)}</td>
                  <td className="num">{formatChange(r.high)}</td>
                  <td className="year">{yearWords(r.balanceYearLow)}</td>
                  <td className="year">{yearWords(r.balanceYearHigh)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </WideTable>
      </details>
      <p className={styles.note}>
        Each input is moved on its own with every other as it stands, a full forecast each way: the
        baseline&apos;s rates and counts, each active intervention&apos;s impact and each cost
        line&apos;s unit cost and inflation.
      </p>
    </div>
  );
}
