import { Button, Field, Input, ProgressBar, makeStyles, tokens } from "@fluentui/react-components";
import { createContext, useContext, useEffect, useId, useRef, useState } from "react";
import type { ForecastInput, ForecastResult, Percentiles, SimulationResult } from "../../model";
import { formatMillions, formatPlans, formatRate } from "../format";
import {
  MAX_PANE_DRAWS,
  createInThreadRunner,
  progressEvery,
  type SimulationRun,
  type SimulationRunner,
} from "../simulation";
import { FanChart } from "./FanChart";
import { WideTable } from "./WideTable";
import { NOTE, PANE_FORM, RESULTS_TABLE } from "./styles";

/**
 * Where the pane runs the draws: a Web Worker in Excel (the pane's entry
 * provides it), on the pane's own thread where nothing is provided (the
 * component tests).
 */
export const SimulationRunnerContext = createContext<SimulationRunner>(createInThreadRunner());

/** Draws when SEND_Uncertainty gives none: enough for steady P10 and P90 in about half a second. */
export const PANE_DEFAULT_DRAWS = 10_000;
const DEFAULT_SEED = 1;
const MAX_SEED = 2 ** 31 - 1;

const useStyles = makeStyles({
  form: PANE_FORM,
  field: { minWidth: 0, "& input": { minWidth: 0, width: "100%" } },
  input: { minWidth: 0, width: "100%" },
  buttons: {
    display: "flex",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalS,
  },
  table: { ...RESULTS_TABLE, fontSize: tokens.fontSizeBase200 },
  note: NOTE,
  sentences: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

const count = (n: number): string => n.toLocaleString("en-GB");

/** A whole number from min to max, as typed (with or without thousands commas); null otherwise. */
function wholeNumber(text: string, min: number, max: number): number | null {
  const plain = text.replace(/[,\s]/g, "");
  if (!/^\d+$/.test(plain)) return null;
  const n = Number(plain);
  return n >= min && n <= max ? n : null;
}

/** "1,234 of 10,000 draws (12.3%)": a share of the draws as a count and a percentage. */
function ofDraws(share: number, draws: number): string {
  return `${count(Math.round(share * draws))} of ${count(draws)} draws (${formatRate(share)})`;
}

type Phase =
  | { kind: "idle" }
  | { kind: "running"; done: number; total: number }
  | { kind: "done" }
  | { kind: "cancelled"; done: number; total: number }
  | { kind: "failed"; message: string };

interface Shown {
  summary: SimulationResult;
  seconds: number;
}

/** A table of P10, P50 and P90 a year. */
function PercentileTable(props: {
  caption: string;
  testId: string;
  rows: { year: string; p: Percentiles }[];
  show: (v: number) => string;
}) {
  const styles = useStyles();
  return (
    <WideTable label={props.caption}>
      <table className={styles.table} data-testid={props.testId}>
        <caption className={styles.note}>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Year</th>
            <th scope="col" className="num">
              P10
            </th>
            <th scope="col" className="num">
              P50
            </th>
            <th scope="col" className="num">
              P90
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map(({ year, p }) => (
            <tr key={year} data-year={year}>
              <th scope="row">{year}</th>
              <td className="num">{props.show(p.p10)}</td>
              <td className="num">{props.show(p.p50)}</td>
              <td className="num">{props.show(p.p90)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </WideTable>
  );
}

/** The figures of one finished run: the chances in words, the percentiles, the balance year's spread and the fan chart. */
function SimulationFigures(props: { shown: Shown; result: ForecastResult }) {
  const styles = useStyles();
  const { summary: s, seconds } = props.shown;
  const settings = props.result.settings;
  const closing = s.years.map((y) => ({ year: y.year, p: y.closing }));
  const ehcps = s.years.flatMap((y) => (y.ehcps ? [{ year: y.year, p: y.ehcps }] : []));
  const first = closing[0];
  const last = closing[closing.length - 1];
  return (
    <div data-testid="simulation-result">
      <p className={styles.note} data-testid="simulation-run">
        {count(s.draws)} draws, seed {s.seed}, in {seconds.toFixed(1)} s. P10: one draw in ten comes
        out lower; P50: the middle draw; P90: one in ten comes out higher.
      </p>
      <ul className={styles.sentences} data-testid="simulation-chances">
        <li data-testid="simulation-balance">
          In-year balance by {s.targetYear} in {ofDraws(s.inYearBalance, s.draws)}.
        </li>
        {settings.safetyValve && s.withinCap !== null && (
          <li data-testid="simulation-cap">
            Within the {formatMillions(settings.deficitCap)} cap in {settings.deficitCapYear} in{" "}
            {ofDraws(s.withinCap, s.draws)}.
          </li>
        )}
      </ul>
      <PercentileTable
        caption="Total deficit balance at 31 March (£m)"
        testId="simulation-deficit"
        rows={closing}
        show={formatMillions}
      />
      {first && last && (
        <FanChart
          title="Total deficit balance by year, P10 to P90 and P50 (£m)"
          description={
            `P50 from ${formatMillions(first.p.p50)} in ${first.year} to ${formatMillions(last.p.p50)} in ${last.year}; ` +
            `in ${last.year} one draw in ten is below ${formatMillions(last.p.p10)} and one in ten above ${formatMillions(last.p.p90)}. ` +
            "Every year's figures are in the table above."
          }
          points={closing.map(({ year, p }) => ({ label: year, ...p }))}
          axis={formatMillions}
          yTitle="Deficit balance (£m)"
          xTitle="Financial year"
        />
      )}
      {ehcps.length > 0 && (
        <PercentileTable
          caption="EHCPs at 31 March"
          testId="simulation-ehcps"
          rows={ehcps}
          show={(v) => formatPlans(v, 0)}
        />
      )}
      <WideTable label="Balance year across the draws">
        <table className={styles.table} data-testid="simulation-balance-years">
          <caption className={styles.note}>Balance year across the draws</caption>
          <thead>
            <tr>
              <th scope="col">Balance year</th>
              <th scope="col" className="num">
                Draws
              </th>
              <th scope="col" className="num">
                Share
              </th>
            </tr>
          </thead>
          <tbody>
            {s.balanceYears.map((b) => (
              <tr key={b.year ?? "never"}>
                <th scope="row">{b.year ?? "Not within the forecast"}</th>
                <td className="num">{count(Math.round(b.share * s.draws))}</td>
                <td className="num">{formatRate(b.share)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </WideTable>
    </div>
  );
}

/**
 * How likely: seeded Monte Carlo draws of the last refresh's input
 * (README, "Uncertainty"), run off the pane's thread with a progress bar
 * and Cancel; writes nothing. A new refresh, a new run or Cancel clears the
 * figures shown, so those on screen are always a finished run of the
 * forecast above.
 */
export function SimulationPanel(props: { input: ForecastInput; result: ForecastResult }) {
  const styles = useStyles();
  const headingId = useId();
  const runner = useContext(SimulationRunnerContext);
  const defaultDraws = props.input.uncertainty?.draws ?? PANE_DEFAULT_DRAWS;
  const defaultSeed = props.input.uncertainty?.seed ?? DEFAULT_SEED;
  const [drawsText, setDrawsText] = useState(count(defaultDraws));
  const [seedText, setSeedText] = useState(String(defaultSeed));
  const [drawsError, setDrawsError] = useState<string | undefined>();
  const [seedError, setSeedError] = useState<string | undefined>();
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [shown, setShown] = useState<Shown | null>(null);
  // The run under way: messages from any other (an earlier, cancelled one) are ignored.
  const run = useRef<{ run?: SimulationRun } | null>(null);
  const simulateButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);

  // The fields follow SEND_Uncertainty when a refresh brings other settings.
  useEffect(() => {
    setDrawsText(count(defaultDraws));
    setSeedText(String(defaultSeed));
  }, [defaultDraws, defaultSeed]);

  // A new refresh (another input) stops a run and clears figures worked out from the old one; so does leaving.
  useEffect(() => {
    setShown(null);
    setPhase({ kind: "idle" });
    return () => {
      run.current?.run?.cancel();
      run.current = null;
    };
  }, [props.input]);

  const start = () => {
    const draws = wholeNumber(drawsText, 1, MAX_PANE_DRAWS);
    const seed = wholeNumber(seedText, 0, MAX_SEED);
    setDrawsError(
      draws === null
        ? `Expected a whole number of draws from 1 to ${count(MAX_PANE_DRAWS)}; found '${drawsText}'.`
        : undefined
    );
    setSeedError(
      seed === null
        ? `Expected a whole number from 0 to ${count(MAX_SEED)}; found '${seedText}'.`
        : undefined
    );
    if (draws === null || seed === null) return;
    run.current?.run?.cancel();
    setShown(null);
    setPhase({ kind: "running", done: 0, total: draws });
    const began = performance.now();
    const current: { run?: SimulationRun } = {};
    run.current = current;
    current.run = runner.start(
      { input: props.input, draws, seed, every: progressEvery(draws) },
      (message) => {
        if (run.current !== current) return;
        if (message.type === "progress") {
          setPhase({ kind: "running", done: message.done, total: message.total });
          return;
        }
        run.current = null;
        // Cancel goes with the run: focus it held moves to Simulate.
        if (document.activeElement === cancelButton.current) simulateButton.current?.focus();
        if (message.type === "failed") setPhase({ kind: "failed", message: message.message });
        else if (!message.outcome.ok)
          setPhase({
            kind: "failed",
            message: message.outcome.problems.map((p) => p.message).join("; "),
          });
        else {
          setShown({ summary: message.outcome.value, seconds: (performance.now() - began) / 1000 });
          setPhase({ kind: "done" });
        }
      }
    );
  };

  const cancel = () => {
    run.current?.run?.cancel();
    run.current = null;
    setPhase((p) =>
      p.kind === "running" ? { kind: "cancelled", done: p.done, total: p.total } : p
    );
    simulateButton.current?.focus();
  };

  const running = phase.kind === "running";
  return (
    <section aria-labelledby={headingId} data-testid="simulation">
      <h3 id={headingId}>How likely</h3>
      <p className={styles.note}>
        Many runs of the forecast, each drawing how much of its impact each intervention delivers
        (on average its confidence) and the requests, refusals and ceased plans around the baseline.
        Nothing is written to the workbook.
      </p>
      <form
        className={styles.form}
        onSubmit={(e) => {
          e.preventDefault();
          if (!running) start();
        }}
      >
        <Field label="Draws" className={styles.field} validationMessage={drawsError}>
          <Input
            className={styles.input}
            data-testid="simulation-draws"
            inputMode="numeric"
            value={drawsText}
            onChange={(_, d) => setDrawsText(d.value)}
          />
        </Field>
        <Field label="Seed" className={styles.field} validationMessage={seedError}>
          <Input
            className={styles.input}
            data-testid="simulation-seed"
            inputMode="numeric"
            value={seedText}
            onChange={(_, d) => setSeedText(d.value)}
          />
        </Field>
        <div className={styles.buttons}>
          <Button
            type="submit"
            ref={simulateButton}
            data-testid="simulation-start"
            // Focusable while disabled: the focus stays where the user clicked.
            disabledFocusable={running}
          >
            Simulate
          </Button>
          {running && (
            <Button
              type="button"
              ref={cancelButton}
              data-testid="simulation-cancel"
              onClick={cancel}
            >
              Cancel
            </Button>
          )}
        </div>
      </form>
      {running && (
        <Field
          hint={`${count(phase.done)} of ${count(phase.total)} draws`}
          data-testid="simulation-progress"
        >
          <ProgressBar
            value={phase.total > 0 ? phase.done / phase.total : 0}
            max={1}
            aria-label="Simulation progress"
          />
        </Field>
      )}
      <p aria-live="polite" data-testid="simulation-status">
        {phase.kind === "running" && `Simulating ${count(phase.total)} draws…`}
        {phase.kind === "cancelled" &&
          `Cancelled after ${count(phase.done)} of ${count(phase.total)} draws: no figures from it.`}
        {phase.kind === "failed" && `Not simulated: ${phase.message}.`}
        {phase.kind === "done" && shown && `Done: ${count(shown.summary.draws)} draws.`}
      </p>
      {shown && <SimulationFigures shown={shown} result={props.result} />}
    </section>
  );
}
