import {
  Button,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Radio,
  RadioGroup,
  Field,
  Tab,
  TabList,
  Tooltip,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useCallback, useEffect, useMemo, useState } from "react";
import { OUTPUT_SHEET, type NameInfo } from "../workbook/port";
import { InputsPanel } from "./components/InputsPanel";
import { InterventionsEditor } from "./components/InterventionsEditor";
import { ProblemsList } from "./components/ProblemsList";
import { ResultsPanel } from "./components/ResultsPanel";
import type { ForecastResult, InterventionStatus } from "../model";
import { formatMillions, formatRefreshTime } from "./format";
import { inputStatuses } from "./inputStatus";
import type { Bindings, CellProblem, InterventionRow, OutputMode, PaneRefreshOutcome, PaneServices } from "./services";
import { useRefresh } from "./useRefresh";

/** Ctrl+Alt+R inside the pane: Excel keeps F9 and Ctrl+R for itself. */
const REFRESH_SHORTCUT = { label: "Ctrl+Alt+R", aria: "Control+Alt+R" };

export function isRefreshShortcut(e: Pick<KeyboardEvent, "ctrlKey" | "altKey" | "metaKey" | "shiftKey" | "key" | "code">): boolean {
  return e.ctrlKey && e.altKey && !e.metaKey && !e.shiftKey && (e.code === "KeyR" || e.key.toLowerCase() === "r");
}

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalM, fontFamily: tokens.fontFamilyBase },
  title: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  bar: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  buttons: { display: "flex", flexWrap: "wrap", columnGap: tokens.spacingHorizontalS, rowGap: tokens.spacingVerticalS },
  live: { minHeight: "1.2em", color: tokens.colorNeutralForeground2 },
  visuallyHidden: { position: "absolute", width: "1px", height: "1px", overflow: "hidden", clip: "rect(0 0 0 0)", whiteSpace: "nowrap" },
});

type Tab = "forecast" | "inputs" | "interventions";

type InterventionsState =
  | { kind: "loading" }
  | { kind: "rows"; rows: InterventionRow[]; address: string | null }
  | { kind: "problems"; problems: CellProblem[] };

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The result in one sentence, for the status line screen readers announce after a refresh. */
function headline(r: ForecastResult): string {
  const failed = r.conditions.filter((c) => !c.pass).length;
  const balance = r.balanceYear ? `Balances in ${r.balanceYear}` : "Does not balance within the forecast";
  const conditions = failed === 0 ? "every Safety Valve condition passes" : `${failed} Safety Valve condition${failed === 1 ? "" : "s"} fail${failed === 1 ? "s" : ""}`;
  return `${balance}; peak deficit ${formatMillions(r.peakDeficit)} in ${r.peakYear}; ${conditions}.`;
}

/** The month after today, a sensible default start for a new intervention. */
function nextMonth(today = new Date()): string {
  const d = new Date(today.getFullYear(), today.getMonth() + 1, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}

export function App(props: { services: PaneServices }) {
  const { services } = props;
  const styles = useStyles();
  const [tab, setTab] = useState<Tab>("forecast");
  const [names, setNames] = useState<NameInfo[]>([]);
  const [bindings, setBindings] = useState<Bindings>({});
  const [mode, setMode] = useState<OutputMode>("values");
  const [interventions, setInterventions] = useState<InterventionsState>({ kind: "loading" });
  const [writing, setWriting] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const [failure, setFailure] = useState<string | null>(null);
  const [pausedFrom] = useState(() => new Map<string, InterventionStatus>());
  /** When the refresh whose figures SEND.FORECAST serves from the workbook ran, before this session refreshes. */
  const [savedAt, setSavedAt] = useState<string | null>(null);

  const loadInterventions = useCallback(
    async (b: Bindings) => {
      const read = await services.readInterventionRows(b);
      setInterventions(read.ok ? { kind: "rows", rows: read.rows, address: read.address } : { kind: "problems", problems: read.problems });
    },
    [services],
  );

  const reloadNames = useCallback(async () => setNames(await services.listNames()), [services]);

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const [n, b, m, s] = await Promise.all([services.listNames(), services.loadBindings(), services.loadOutputMode(), services.loadSavedForecastTime()]);
        if (!live) return;
        setNames(n);
        setBindings(b);
        if (m) setMode(m);
        setSavedAt(s);
        await loadInterventions(b);
      } catch (e) {
        if (live) setFailure(`Could not read the workbook: ${message(e)}`);
      }
    })();
    return () => {
      live = false;
    };
  }, [services, loadInterventions]);

  const onRefreshed = useCallback(
    (outcome: PaneRefreshOutcome) => {
      setAnnouncement(
        outcome.ok
          ? `Forecast refreshed and written to ${outcome.sheet}. ${headline(outcome.result)}`
          : `Refresh stopped: ${outcome.problems.length} problem${outcome.problems.length === 1 ? "" : "s"} in the inputs; nothing was written.`,
      );
      if (outcome.ok) {
        setTab("forecast");
        reloadNames().catch(() => undefined);
      }
    },
    [reloadNames],
  );
  const { state: refresh, run } = useRefresh(services, onRefreshed);
  const busy = refresh.running || writing;
  // The shortcut obeys the same rule as the disabled button: no refresh while a binding, the output choice or the
  // interventions are being written, or the refresh could read the workbook half-way through that write.
  const startRefresh = useCallback(() => {
    if (!busy) void run({ bindings, mode });
  }, [busy, run, bindings, mode]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isRefreshShortcut(e)) return;
      e.preventDefault();
      startRefresh();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [startRefresh]);

  const act = async (what: () => Promise<void>, done: string) => {
    setWriting(true);
    setFailure(null);
    try {
      await what();
      setAnnouncement(done);
    } catch (e) {
      setFailure(message(e));
    } finally {
      setWriting(false);
    }
  };

  const bind = (input: string, name: string | null) =>
    act(async () => {
      const next: Bindings = { ...bindings };
      if (name === null) delete next[input];
      else next[input] = name;
      await services.saveBindings(next);
      setBindings(next);
      await loadInterventions(next);
    }, name === null ? `${input} now uses its default name.` : `${input} is bound to ${name}; saved in the workbook.`);

  // Saved with the workbook, like the bindings: whoever opens the file next refreshes it the same way.
  const chooseMode = (next: OutputMode) =>
    act(async () => {
      // Shown as chosen once the workbook holds it, as a binding is: a refused save leaves the earlier choice in force.
      await services.saveOutputMode(next);
      setMode(next);
    }, next === "formulas" ? "Refresh will write live formulas; saved in the workbook." : "Refresh will write plain values; saved in the workbook.");

  const goTo = (address: string) => void act(() => services.selectAddress(address), `Selected ${address}.`);

  const writeInterventions = (rows: InterventionRow[], what: string) =>
    act(async () => {
      await services.writeInterventionRows(rows, bindings);
      // Read back what the workbook now holds: the range is the record.
      await loadInterventions(bindings);
    }, `${what}; written to the workbook.`);

  const statuses = useMemo(() => inputStatuses(services.contractInputs, names, bindings), [services.contractInputs, names, bindings]);
  const outcome = refresh.outcome;

  return (
    <main className={styles.root}>
      <h1 className={styles.title}>SEND Forecaster</h1>
      <div className={styles.bar}>
        <div className={styles.buttons}>
          <Tooltip content={`Read the inputs, run the forecast and write the ${OUTPUT_SHEET} sheet (${REFRESH_SHORTCUT.label})`} relationship="description">
            <Button
              appearance="primary"
              disabled={busy}
              aria-keyshortcuts={REFRESH_SHORTCUT.aria}
              // The second click of a double click (detail 2) is not a second refresh, even when the first has already finished.
              onClick={(e) => e.detail <= 1 && startRefresh()}
            >
              {refresh.running ? "Refreshing…" : `Refresh forecast (${REFRESH_SHORTCUT.label})`}
            </Button>
          </Tooltip>
          <Tooltip content={`Replace the ${OUTPUT_SHEET} sheet's formulas with their values, for sharing with people who do not have the add-in`} relationship="description">
            <Button disabled={busy} onClick={() => act(() => services.freezeOutputAsValues(), `The ${OUTPUT_SHEET} sheet now holds plain values.`)}>
              Freeze as values
            </Button>
          </Tooltip>
        </div>
        <RadioGroup
          layout="horizontal"
          aria-label="Output cells"
          value={mode}
          onChange={(_, d) => void chooseMode(d.value as OutputMode)}
          disabled={busy}
        >
          <Radio value="values" label="Values" />
          <Radio value="formulas" label="Live formulas" />
        </RadioGroup>
        {refresh.running && (
          <Field hint={refresh.progress?.step ?? "Working"}>
            <ProgressBar value={refresh.progress?.fraction ?? 0} max={1} aria-label="Refresh progress" />
          </Field>
        )}
        <div role="status" aria-live="polite" className={styles.live} data-testid="announcement">
          {refresh.running ? `Refreshing: ${refresh.progress?.step ?? ""}` : announcement}
        </div>
      </div>

      {(failure ?? refresh.failure) && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{failure ?? refresh.failure}</MessageBarBody>
        </MessageBar>
      )}

      <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as Tab)} aria-label="Sections">
        <Tab value="forecast" id="tab-forecast" aria-controls="section-panel">
          Forecast
        </Tab>
        <Tab value="inputs" id="tab-inputs" aria-controls="section-panel">
          Inputs
        </Tab>
        <Tab value="interventions" id="tab-interventions" aria-controls="section-panel">
          Interventions
        </Tab>
      </TabList>

      {/* The refresh's outcome is announced in the status line above; the panel itself is not a live region, so a screen reader is not read the whole results table. */}
      <div role="tabpanel" id="section-panel" aria-labelledby={`tab-${tab}`}>
        {tab === "forecast" && (
          <>
            {outcome === null &&
              (savedAt ? (
                // Finance users should know that FORECAST's figures are not from a refresh they just made.
                <p data-testid="saved-figures">
                  SEND.FORECAST is showing the figures from the refresh of {formatRefreshTime(savedAt)}, kept in this workbook. Choose Refresh forecast to read
                  the inputs again and update them.
                </p>
              ) : (
                <p>Choose Refresh forecast to read the inputs and run the forecast.</p>
              ))}
            {outcome && !outcome.ok && <ProblemsList problems={outcome.problems} onGoTo={goTo} />}
            {outcome && outcome.ok && (
              <>
                {outcome.warnings.length > 0 && (
                  <MessageBar intent="warning" layout="multiline">
                    <MessageBarBody>
                      <MessageBarTitle>Written, with {outcome.warnings.length === 1 ? "1 warning" : `${outcome.warnings.length} warnings`}</MessageBarTitle>
                      <ul aria-label="Warnings">
                        {outcome.warnings.map((w) => (
                          <li key={w}>{w}</li>
                        ))}
                      </ul>
                    </MessageBarBody>
                  </MessageBar>
                )}
                <ResultsPanel result={outcome.result} />
              </>
            )}
          </>
        )}
        {tab === "inputs" && <InputsPanel statuses={statuses} names={names} disabled={busy} onBind={(i, n) => void bind(i, n)} />}
        {tab === "interventions" &&
          (interventions.kind === "loading" ? (
            <p>Reading interventions…</p>
          ) : interventions.kind === "problems" ? (
            <ProblemsList problems={interventions.problems} onGoTo={goTo} />
          ) : (
            <InterventionsEditor
              rows={interventions.rows}
              address={interventions.address}
              busy={busy}
              defaultStart={nextMonth()}
              pausedFrom={pausedFrom}
              onWrite={(rows, what) => void writeInterventions(rows, what)}
            />
          ))}
      </div>
    </main>
  );
}
