import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
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
import { useState } from "react";
import { OUTPUT_SHEET } from "../workbook/port";
import { InputsPanel } from "./components/InputsPanel";
import { InterventionsEditor } from "./components/InterventionsEditor";
import { PlanActivityDialog } from "./components/PlanActivityDialog";
import { OutcomeSummary } from "./components/OutcomeSummary";
import { ProblemsList } from "./components/ProblemsList";
import { ResultsPanel } from "./components/ResultsPanel";
import { formatRefreshTime } from "./format";
import { REFRESH_SHORTCUT } from "./refreshShortcut";
import type { OutputMode, PaneServices } from "./services";
import { usePane, type PaneTab } from "./usePane";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
    fontFamily: tokens.fontFamilyBase,
    // Long names, addresses and figures wrap rather than widen the pane past Excel's width.
    minWidth: 0,
    overflowWrap: "break-word",
  },
  title: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  bar: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  buttons: {
    display: "flex",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalS,
  },
  live: { minHeight: "1.2em", color: tokens.colorNeutralForeground2 },
  warnings: {
    "& > summary": { cursor: "pointer", color: tokens.colorPaletteDarkOrangeForeground1 },
    "& > ul": { margin: `${tokens.spacingVerticalXS} 0 0`, paddingLeft: tokens.spacingHorizontalL },
  },
  settings: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
    paddingTop: tokens.spacingVerticalS,
  },
  settingsHeading: { fontSize: tokens.fontSizeBase300, margin: 0 },
  // The tab strip wraps onto a second line rather than widening the pane, at 320 px or zoomed in.
  tabs: { flexWrap: "wrap" },
  // The two choices sit side by side where they fit, one above the other where they do not.
  choices: { flexWrap: "wrap", minWidth: 0 },
  visuallyHidden: {
    position: "absolute",
    width: "1px",
    height: "1px",
    overflow: "hidden",
    clip: "rect(0 0 0 0)",
    whiteSpace: "nowrap",
  },
});

/** The pane's layout; its state and actions are `usePane`'s. */
export function App(props: { services: PaneServices }) {
  const styles = useStyles();
  const { state: pane, actions } = usePane(props.services);
  const { refresh, busy, interventions } = pane;
  const outcome = refresh.outcome;
  // Tooltips open inside the pane's main landmark, not loose at the end of the page.
  const [tipNode, setTipNode] = useState<HTMLDivElement | null>(null);

  return (
    <main className={styles.root}>
      <h1 className={styles.title}>SEND Forecaster</h1>
      <div className={styles.bar}>
        <div className={styles.buttons}>
          <Tooltip
            content={`Read the inputs, run the forecast and write the ${OUTPUT_SHEET} sheet (${REFRESH_SHORTCUT.label})`}
            relationship="description"
            mountNode={tipNode}
          >
            <Button
              appearance="primary"
              disabled={busy}
              aria-keyshortcuts={REFRESH_SHORTCUT.aria}
              // The second click of a double click (detail 2) is not a second refresh, even when the first has already finished.
              onClick={(e) => e.detail <= 1 && actions.refresh()}
            >
              {refresh.running ? "Refreshing…" : `Refresh forecast (${REFRESH_SHORTCUT.label})`}
            </Button>
          </Tooltip>
        </div>
        {refresh.running && (
          <Field hint={refresh.progress?.step ?? "Working"}>
            <ProgressBar
              value={refresh.progress?.fraction ?? 0}
              max={1}
              aria-label="Refresh progress"
            />
          </Field>
        )}
        {/* The answer first: the mitigated outcome straight under Refresh, on every tab. */}
        {outcome && outcome.ok && <OutcomeSummary result={outcome.result} stale={pane.stale} />}
        {outcome && outcome.ok && outcome.warnings.length > 0 && (
          // One line, opened to the list: the warnings are worth reading, but the outcome comes first.
          <details className={styles.warnings} data-testid="warnings">
            <summary>
              Written, with{" "}
              {outcome.warnings.length === 1 ? "1 warning" : `${outcome.warnings.length} warnings`}{" "}
              (money in £&apos;000, as in the workbook)
            </summary>
            <ul aria-label="Warnings">
              {outcome.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </details>
        )}
        <div role="status" aria-live="polite" className={styles.live} data-testid="announcement">
          {pane.status}
        </div>
      </div>

      {pane.failure && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{pane.failure}</MessageBarBody>
        </MessageBar>
      )}

      <section className={styles.settings} aria-labelledby="settings-heading">
        <h2 id="settings-heading" className={styles.settingsHeading}>
          {OUTPUT_SHEET} sheet
        </h2>
        <Field label="Refresh writes the output cells as">
          <RadioGroup
            className={styles.choices}
            layout="horizontal"
            value={pane.mode}
            onChange={(_, d) => void actions.chooseMode(d.value as OutputMode)}
            disabled={busy}
          >
            <Radio value="values" label="Values" />
            <Radio value="formulas" label="Live formulas" />
          </RadioGroup>
        </Field>
        {/* The sheet's actions; a row that wraps, with room for more beside Freeze. */}
        <div className={styles.buttons}>
          <Tooltip
            content={
              pane.hasOutput
                ? `Replace the ${OUTPUT_SHEET} sheet's formulas with their values, for sharing with people who do not have the add-in`
                : `Nothing to freeze yet: refresh first to write the ${OUTPUT_SHEET} sheet`
            }
            relationship="description"
            mountNode={tipNode}
          >
            <Button
              disabledFocusable={!busy && !pane.hasOutput}
              disabled={busy}
              onClick={() => void actions.freeze()}
            >
              Freeze as values
            </Button>
          </Tooltip>
          <PlanActivityDialog
            disabled={!pane.canRecordPlanActivity}
            onPreview={actions.previewPlanActivity}
            onRecord={actions.recordPlanActivity}
          />
        </div>
      </section>

      <TabList
        className={styles.tabs}
        selectedValue={pane.tab}
        onTabSelect={(_, d) => actions.showTab(d.value as PaneTab)}
        aria-label="Sections"
      >
        <Tab value="forecast" id="tab-forecast" aria-controls="section-panel">
          Forecast
        </Tab>
        <Tab value="inputs" id="tab-inputs" aria-controls="section-panel">
          Inputs
        </Tab>
        <Tab value="interventions" id="tab-interventions" aria-controls="interventions-panel">
          Interventions
        </Tab>
      </TabList>

      {/* The refresh's outcome is announced in the status line above; the panel itself is not a live region, so a screen reader is not read the whole results table. */}
      <div
        role="tabpanel"
        id="section-panel"
        aria-labelledby={`tab-${pane.tab}`}
        hidden={pane.tab === "interventions"}
      >
        {pane.tab === "forecast" && (
          <>
            {pane.unmetInputs.length > 0 && (
              // Checked when the pane opens: a missing input is said before Refresh, with the way to it.
              <MessageBar intent="warning" layout="multiline" data-testid="unmet-inputs">
                <MessageBarBody>
                  {pane.unmetInputs.length === 1
                    ? "A required input is not in the workbook yet: "
                    : `${pane.unmetInputs.length} required inputs are not in the workbook yet: `}
                  {pane.unmetInputs.map((s) => s.input.name).join(", ")}. Refresh stops until each
                  is found or bound to one of your own names.
                </MessageBarBody>
                <MessageBarActions>
                  <Button
                    onClick={() => {
                      const first = pane.unmetInputs[0]!.input.name;
                      actions.showTab("inputs");
                      // Focus lands on the first missing input's picker, which names the input.
                      setTimeout(() =>
                        document
                          .querySelector<HTMLElement>(`[data-testid="input-${first}"] button`)
                          ?.focus()
                      );
                    }}
                  >
                    Go to Inputs
                  </Button>
                </MessageBarActions>
              </MessageBar>
            )}
            {outcome === null &&
              (pane.savedAt ? (
                // Finance users should know that FORECAST's figures are not from a refresh they just made.
                <p data-testid="saved-figures">
                  SEND.FORECAST is showing the figures from the refresh of{" "}
                  {formatRefreshTime(pane.savedAt)}, kept in this workbook. Choose Refresh forecast
                  to read the inputs again and update them.
                </p>
              ) : (
                <p>Choose Refresh forecast to read the inputs and run the forecast.</p>
              ))}
            {outcome && !outcome.ok && (
              <ProblemsList problems={outcome.problems} onGoTo={(a) => void actions.goTo(a)} />
            )}
            {outcome && outcome.ok && (
              <>
                <ResultsPanel
                  result={outcome.result}
                  input={outcome.input}
                  simulationWriting={{
                    busy,
                    written: outcome.simulation,
                    write: actions.writeSimulation,
                  }}
                />
              </>
            )}
          </>
        )}
        {pane.tab === "inputs" && (
          <InputsPanel
            statuses={pane.statuses}
            names={pane.names}
            disabled={busy}
            onBind={(i, n) => void actions.bind(i, n)}
          />
        )}
      </div>
      {/* Kept mounted on every tab, hidden, so an open intervention form keeps its edit while another tab is shown. */}
      <div
        role="tabpanel"
        id="interventions-panel"
        aria-labelledby="tab-interventions"
        hidden={pane.tab !== "interventions"}
      >
        {interventions.kind === "loading" ? (
          <p>Reading interventions…</p>
        ) : interventions.kind === "problems" ? (
          <ProblemsList problems={interventions.problems} onGoTo={(a) => void actions.goTo(a)} />
        ) : (
          <InterventionsEditor
            rows={interventions.rows}
            address={interventions.address}
            busy={busy}
            defaultStart={pane.defaultStart}
            pausedFrom={pane.pausedFrom}
            onWrite={(rows, what) => void actions.writeInterventions(rows, what)}
            onDraftChanged={actions.setDraftChanged}
          />
        )}
      </div>
      <div ref={setTipNode} />
    </main>
  );
}
