import { Button, Field, ProgressBar, makeStyles, tokens } from "@fluentui/react-components";
import { createContext, useContext, useEffect, useId, useRef, useState } from "react";
import type { ForecastInput, ForecastResult, Percentiles, SimulationResult } from "../../model";
import { OUTPUT_TABLE } from "../../workbook/output";
import { OUTPUT_SHEET } from "../../workbook/port";
import { formatMillions, formatPlans, formatRate } from "../format";
import {
  MAX_PANE_DRAWS,
  createInThreadRunner,
  progressEvery,
  type SimulationMessage,
  type SimulationRun,
  type SimulationRunner,
} from "../simulation";
import type { RefreshEnd } from "../useRefresh";
import { FanChart } from "./FanChart";
import { WideTable } from "./WideTable";
import { NOTE, PANE_FORM, RESULTS_TABLE } from "./styles";
import { TextField } from "./TextField";

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

/**
 * Putting the section's run on the output sheet: a refresh through the
 * pane's own (one at a time, its progress and outcome shown as for any
 * refresh) whose write lays out the Monte Carlo.
 */
export interface SimulationWriting {
  /** A refresh or another write is under way: no write may start. */
  busy: boolean;
  /** The Monte Carlo the refresh of the forecast shown wrote on the sheet; undefined when it wrote none. */
  written?: SimulationResult;
  /** Refreshes, giving the refresh `simulate` for the input it reads. */
  write(
    simulate: (input: ForecastInput) => Promise<SimulationResult | undefined>
  ): Promise<RefreshEnd>;
}

type Phase =
  | { kind: "idle" }
  /** forWrite: the draws again, on the input a write's refresh read (the inputs had changed). */
  | { kind: "running"; done: number; total: number; forWrite?: boolean }
  | { kind: "done" }
  | { kind: "cancelled"; done: number; total: number }
  | { kind: "failed"; message: string }
  /** A write's refresh is under way. */
  | { kind: "writing" }
  /** The figures shown are on the sheet; rerun: the draws were run again on the refresh's input. */
  | { kind: "written"; rerun: boolean }
  /** A write's refresh wrote the sheet without the Monte Carlo, and why. */
  | { kind: "writtenWithout"; why: string }
  /** A write's refresh did not write the sheet, and why. */
  | { kind: "notWritten"; why: string }
  /** A refresh since the write rewrote the sheet without the Monte Carlo. */
  | { kind: "overwritten" };

interface Shown {
  summary: SimulationResult;
  /** The input the draws were of: a write reuses the summary only for an equal input. */
  input: ForecastInput;
  /** How long the draws took; unknown for figures the pane did not run in this section's life. */
  seconds?: number;
}

/** Each summary's run time, kept with it so figures shown again (after a write, on coming back to the tab) still say it. */
const runSeconds = new WeakMap<SimulationResult, number>();

/** Whether two inputs are the same figures: the model's input is plain data, so its JSON says it all. */
function sameInput(a: ForecastInput, b: ForecastInput): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** "SEND_OutSimulation, SEND_OutSimulationOutcomes and a fan chart": what a write puts on the sheet. */
const WRITTEN_PARTS = `${OUTPUT_TABLE.simulation}, ${OUTPUT_TABLE.simulationOutcomes} and a fan chart`;

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
        {count(s.draws)} draws, seed {s.seed}
        {seconds === undefined ? "" : `, in ${seconds.toFixed(1)} s`}. P10: one draw in ten comes
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
 * and Cancel. With `writing`, a finished run can be written to the output
 * sheet by a refresh whose write lays it out: the run's own summary when the
 * refresh reads the same input, else the same draws and seed again on the
 * input it read. A new refresh, a new run or Cancel clears the figures
 * shown, so those on screen are always a finished run of the forecast
 * above, except that the refresh that wrote them shows them as written.
 */
export function SimulationPanel(props: {
  input: ForecastInput;
  result: ForecastResult;
  writing?: SimulationWriting;
}) {
  const styles = useStyles();
  const headingId = useId();
  const reasonId = useId();
  const runner = useContext(SimulationRunnerContext);
  const written = props.writing?.written;
  const defaultDraws = props.input.uncertainty?.draws ?? PANE_DEFAULT_DRAWS;
  const defaultSeed = props.input.uncertainty?.seed ?? DEFAULT_SEED;
  const [drawsText, setDrawsText] = useState(count(defaultDraws));
  const [seedText, setSeedText] = useState(String(defaultSeed));
  const [drawsError, setDrawsError] = useState<string | undefined>();
  const [seedError, setSeedError] = useState<string | undefined>();
  const [phase, setPhase] = useState<Phase>(
    written ? { kind: "written", rerun: false } : { kind: "idle" }
  );
  const [shown, setShown] = useState<Shown | null>(
    written ? { summary: written, input: props.input, seconds: runSeconds.get(written) } : null
  );
  // This section's write is under way (its refresh, and the draws again if the inputs changed).
  const [writing, setWriting] = useState(false);
  // The run under way: messages from any other (an earlier, cancelled one) are ignored. A write's run
  // (forWrite) is not stopped by leaving the tab: its refresh waits for it; Cancel ends it with no figures.
  const run = useRef<{ run?: SimulationRun; forWrite?: () => void } | null>(null);
  // What the write's refresh did with the Monte Carlo, for the refresh's outcome to say when it lands.
  const writeNote = useRef<{ rerun: boolean; without?: string } | null>(null);
  // The figures shown are on the sheet: a later refresh without them says it rewrote the sheet.
  const onSheet = useRef(written !== undefined);
  // Draws done so far in the run under way, for what a cancelled write says.
  const progress = useRef(0);
  const simulateButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);

  // The fields follow SEND_Uncertainty when a refresh brings other settings.
  useEffect(() => {
    setDrawsText(count(defaultDraws));
    setSeedText(String(defaultSeed));
  }, [defaultDraws, defaultSeed]);

  // A new refresh (another input) stops a run and clears figures worked out from the old one; so does
  // leaving. The refresh that wrote the Monte Carlo shows what it wrote instead.
  useEffect(() => {
    const note = writeNote.current;
    writeNote.current = null;
    if (written) {
      setShown({ summary: written, input: props.input, seconds: runSeconds.get(written) });
      setPhase({ kind: "written", rerun: note?.rerun ?? false });
    } else {
      setShown(null);
      setPhase(
        note?.without
          ? { kind: "writtenWithout", why: note.without }
          : onSheet.current
            ? { kind: "overwritten" }
            : { kind: "idle" }
      );
    }
    onSheet.current = written !== undefined;
    return () => {
      // A write's draws go on (the tab left mid-write): its refresh waits for their summary.
      if (run.current?.forWrite) return;
      run.current?.run?.cancel();
      run.current = null;
    };
  }, [props.input, written]);

  /** Starts the draws; `onEnd` has the summary, or null with why there is none. */
  const startRun = (
    request: { input: ForecastInput; draws: number; seed: number },
    forWrite: (() => void) | undefined,
    onEnd: (summary: SimulationResult | null, why: string) => void
  ) => {
    run.current?.run?.cancel();
    setPhase({ kind: "running", done: 0, total: request.draws, forWrite: forWrite !== undefined });
    const began = performance.now();
    progress.current = 0;
    const current: { run?: SimulationRun; forWrite?: () => void } = forWrite ? { forWrite } : {};
    run.current = current;
    current.run = runner.start(
      { ...request, every: progressEvery(request.draws) },
      (message: SimulationMessage) => {
        if (run.current !== current) return;
        if (message.type === "progress") {
          progress.current = message.done;
          setPhase({
            kind: "running",
            done: message.done,
            total: message.total,
            forWrite: forWrite !== undefined,
          });
          return;
        }
        run.current = null;
        // Cancel goes with the run: focus it held moves to Simulate.
        if (document.activeElement === cancelButton.current) simulateButton.current?.focus();
        if (message.type === "failed") onEnd(null, message.message);
        else if (!message.outcome.ok)
          onEnd(null, message.outcome.problems.map((p) => p.message).join("; "));
        else {
          runSeconds.set(message.outcome.value, (performance.now() - began) / 1000);
          onEnd(message.outcome.value, "");
        }
      }
    );
  };

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
    setShown(null);
    const input = props.input;
    startRun({ input, draws, seed }, undefined, (summary, why) => {
      if (!summary) {
        setPhase({ kind: "failed", message: why });
        return;
      }
      setShown({ summary, input, seconds: runSeconds.get(summary) });
      setPhase({ kind: "done" });
    });
  };

  const cancel = () => {
    const current = run.current;
    current?.run?.cancel();
    run.current = null;
    setPhase((p) =>
      p.kind === "running" ? { kind: "cancelled", done: p.done, total: p.total } : p
    );
    current?.forWrite?.();
    simulateButton.current?.focus();
  };

  const write = async () => {
    const writer = props.writing;
    const from = shown;
    if (!writer || !from || writer.busy || writing || phase.kind === "running") return;
    setWriting(true);
    setPhase({ kind: "writing" });
    writeNote.current = null;
    // Given the input the refresh read: the run's summary for the same input, else the same draws and seed on it.
    const simulateFor = (input: ForecastInput): Promise<SimulationResult | undefined> => {
      if (sameInput(input, from.input)) {
        writeNote.current = { rerun: false };
        return Promise.resolve(from.summary);
      }
      writeNote.current = { rerun: true };
      setShown(null);
      const { draws, seed } = from.summary;
      return new Promise((resolve) => {
        const cancelled = () => {
          writeNote.current = {
            rerun: true,
            without: `you cancelled the draws on the changed inputs after ${count(progress.current)} of ${count(draws)}`,
          };
          setPhase({ kind: "writing" });
          resolve(undefined);
        };
        startRun({ input, draws, seed }, cancelled, (summary, why) => {
          if (!summary) {
            writeNote.current = {
              rerun: true,
              without: `the draws on the changed inputs stopped: ${why}`,
            };
          }
          setPhase({ kind: "writing" });
          resolve(summary ?? undefined);
        });
      });
    };
    const end = await writer.write(simulateFor);
    setWriting(false);
    if ("failure" in end) {
      // Nothing was written: the forecast shown, and the figures of its input, stay.
      writeNote.current = null;
      setShown(from);
      setPhase({ kind: "notWritten", why: end.failure });
    }
  };

  const running = phase.kind === "running";
  const writer = props.writing;
  const writeBlocked = !writer
    ? null
    : writing
      ? "The forecast is being refreshed and written; wait for it to finish."
      : writer.busy
        ? "The workbook is being refreshed or written: write when that has finished."
        : running
          ? "The draws are running: wait for them to finish, or cancel them."
          : !shown
            ? "Simulate first: what is written is the figures shown here."
            : null;
  return (
    <section aria-labelledby={headingId} data-testid="simulation">
      <h3 id={headingId}>How likely</h3>
      <p className={styles.note}>
        Many runs of the forecast, each drawing how much of its impact each intervention delivers
        (on average its confidence) and the requests, refusals and ceased plans around the baseline.
        {writer
          ? ` Write to the ${OUTPUT_SHEET} sheet refreshes the forecast and puts the figures shown here on the sheet.`
          : " Nothing is written to the workbook."}
      </p>
      <form
        className={styles.form}
        onSubmit={(e) => {
          e.preventDefault();
          if (!running && !writing) start();
        }}
      >
        <TextField
          label="Draws"
          testId="simulation-draws"
          inputMode="numeric"
          value={drawsText}
          onValue={setDrawsText}
          error={drawsError}
          className={styles.field}
          inputClassName={styles.input}
        />
        <TextField
          label="Seed"
          testId="simulation-seed"
          inputMode="numeric"
          value={seedText}
          onValue={setSeedText}
          error={seedError}
          className={styles.field}
          inputClassName={styles.input}
        />
        <div className={styles.buttons}>
          <Button
            type="submit"
            ref={simulateButton}
            data-testid="simulation-start"
            // Focusable while disabled: the focus stays where the user clicked.
            disabledFocusable={running || writing}
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
          {writer && (
            <Button
              type="button"
              data-testid="simulation-write"
              disabledFocusable={writeBlocked !== null}
              aria-describedby={writeBlocked ? reasonId : undefined}
              onClick={() => void write()}
            >
              {writing ? `Writing to ${OUTPUT_SHEET}…` : `Write to the ${OUTPUT_SHEET} sheet`}
            </Button>
          )}
        </div>
        {writeBlocked && (
          <p id={reasonId} className={styles.note} data-testid="simulation-write-reason">
            {writeBlocked}
          </p>
        )}
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
        {statusText(phase, shown)}
      </p>
      {shown && <SimulationFigures shown={shown} result={props.result} />}
    </section>
  );
}

/** The section's status line: what the draws and the last write did. */
function statusText(phase: Phase, shown: Shown | null): string {
  switch (phase.kind) {
    case "idle":
      return "";
    case "running":
      return phase.forWrite
        ? `The inputs have changed since the draws: running ${count(phase.total)} draws again on them, with the same seed…`
        : `Simulating ${count(phase.total)} draws…`;
    case "cancelled":
      return `Cancelled after ${count(phase.done)} of ${count(phase.total)} draws: no figures from it.`;
    case "failed":
      return `Not simulated: ${phase.message}.`;
    case "done":
      return shown ? `Done: ${count(shown.summary.draws)} draws.` : "";
    case "writing":
      return `Refreshing the forecast to write the simulation to ${OUTPUT_SHEET}…`;
    case "written": {
      const what = shown
        ? ` (${count(shown.summary.draws)} draws, seed ${shown.summary.seed})`
        : "";
      return (
        `Written to ${OUTPUT_SHEET}: ${WRITTEN_PARTS}${what}.` +
        (phase.rerun
          ? " The inputs had changed since the draws, so they were run again on the refreshed inputs with the same draws and seed: these are their figures."
          : "")
      );
    }
    case "writtenWithout":
      return `${OUTPUT_SHEET} was refreshed and written without the simulation: ${phase.why}. Simulate and write again to put it on the sheet.`;
    case "notWritten":
      return `Not written: ${phase.why}. The figures shown are still those of the forecast above.`;
    case "overwritten":
      return `The last refresh rewrote ${OUTPUT_SHEET} without the simulation (${WRITTEN_PARTS} are no longer on it). Simulate and write again to put it back.`;
  }
}
