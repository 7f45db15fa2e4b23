import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ForecastInput, ForecastResult, InterventionStatus, SimulationResult } from "../model";
import { OUTPUT_SHEET, type NameInfo } from "../workbook/port";
import { formatMillions } from "./format";
import { inputStatuses, type InputStatus } from "./inputStatus";
import { useRefreshShortcut } from "./refreshShortcut";
import type {
  Bindings,
  CellProblem,
  InterventionRow,
  OutputMode,
  PaneRefreshOutcome,
  PaneServices,
  PlanActivityPreview,
  RecordPlanActivityResult,
} from "./services";
import { useRefresh, type RefreshEnd, type RefreshState } from "./useRefresh";

export type PaneTab = "forecast" | "inputs" | "interventions";

export type InterventionsState =
  | { kind: "loading" }
  | { kind: "rows"; rows: InterventionRow[]; address: string | null }
  | { kind: "problems"; problems: CellProblem[] };

/** Everything the pane shows; the layout reads it and nothing else. */
export interface PaneState {
  tab: PaneTab;
  /** Every defined name and table in the workbook. */
  names: NameInfo[];
  bindings: Bindings;
  /** Each contract input's status, from the names and the bindings. */
  statuses: InputStatus[];
  mode: OutputMode;
  interventions: InterventionsState;
  /** When the refresh whose figures SEND.FORECAST serves from the workbook ran, before this session refreshes. */
  savedAt: string | null;
  refresh: RefreshState;
  /** A refresh is running or the pane is writing to the workbook: no other refresh or write may start. */
  busy: boolean;
  /** The status line screen readers announce: the refresh's step while it runs, else the last thing done. */
  status: string;
  /** Why the last action, the first read of the workbook or the refresh failed; null when nothing did. */
  failure: string | null;
  /** Each paused intervention's status before the pause, for resume, kept for the pane's life. */
  pausedFrom: Map<string, InterventionStatus>;
  /** The start a new intervention is given. */
  defaultStart: string;
  /** Whether the plan's activity can be recorded now: after a successful refresh, when nothing else is running. */
  canRecordPlanActivity: boolean;
  /** An intervention or a binding changed after the last refresh: the results shown are out of date. */
  stale: boolean;
  /**
   * The required inputs the workbook lacks (missing, or bound to a name no longer there), known as soon as the
   * pane has read the workbook's names, before any refresh.
   */
  unmetInputs: InputStatus[];
  /** The output sheet holds a forecast (refreshed now, or saved in the workbook), so there is something to freeze. */
  hasOutput: boolean;
}

/** What the pane can do; each write takes the pane busy until the workbook has it. */
export interface PaneActions {
  showTab(tab: PaneTab): void;
  /** Starts a refresh unless the pane is busy (a second click or the shortcut mid-write does nothing). */
  refresh(): void;
  /**
   * A refresh like any other (its progress, outcome, warnings and problems
   * shown as for Refresh) whose write also lays out the Monte Carlo
   * `simulate` gives for the input it read. Refused while the pane is busy.
   */
  writeSimulation(
    simulate: (input: ForecastInput) => Promise<SimulationResult | undefined>
  ): Promise<RefreshEnd>;
  freeze(): Promise<void>;
  /** Binds an input to one of the user's names, or back to its default name (null). */
  bind(input: string, name: string | null): Promise<void>;
  chooseMode(mode: OutputMode): Promise<void>;
  goTo(address: string): Promise<void>;
  /** Writes the whole list of interventions, then shows what the workbook holds; `what` names the change for the status line. */
  writeInterventions(rows: InterventionRow[], what: string): Promise<void>;
  /** What recording the last refresh's mitigated activity would write and replace; writes nothing. */
  previewPlanActivity(): Promise<PlanActivityPreview>;
  /**
   * Records the last refresh's mitigated activity as SEND_PlanActivity (at
   * `target`, or on a new sheet), then refreshes, so the Change lines are
   * priced against it. Refusals come back as problems, with nothing written.
   */
  recordPlanActivity(target: string | null, replace: boolean): Promise<RecordPlanActivityResult>;
  /**
   * Whether an intervention form is open with changes not yet saved (the form says so as it is edited): a refresh
   * then stays on the tab the user is on, and leaving the tab says the edit is kept.
   */
  setDraftChanged(changed: boolean): void;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The result in one sentence, for the status line screen readers announce after a refresh. */
function headline(r: ForecastResult): string {
  const failed = r.conditions.filter((c) => !c.pass).length;
  const balance = r.balanceYear
    ? `Balances in ${r.balanceYear}`
    : "Does not balance within the forecast";
  const conditions = !r.settings.safetyValve
    ? "no Safety Valve conditions (no agreement)"
    : failed === 0
      ? "every Safety Valve condition passes"
      : `${failed} Safety Valve condition${failed === 1 ? "" : "s"} fail${failed === 1 ? "s" : ""}`;
  return `${balance}; peak deficit ${formatMillions(r.peakDeficit)} in ${r.peakYear}; ${conditions}.`;
}

/** "30 November 2026": the day, as the note beside recorded figures says it. */
function today(now = new Date()): string {
  return now.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
}

/** The month after today, a sensible default start for a new intervention. */
function nextMonth(today = new Date()): string {
  const d = new Date(today.getFullYear(), today.getMonth() + 1, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}

/**
 * What the pane knows of the workbook (names, bindings, the output choice,
 * the saved figures' time, the interventions), read once when the pane
 * opens. A failed first read is reported through `onFailure`.
 */
function useWorkbookState(services: PaneServices, onFailure: (failure: string) => void) {
  const [names, setNames] = useState<NameInfo[]>([]);
  const [bindings, setBindings] = useState<Bindings>({});
  const [mode, setMode] = useState<OutputMode>("values");
  const [interventions, setInterventions] = useState<InterventionsState>({ kind: "loading" });
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [namesRead, setNamesRead] = useState(false);

  const loadInterventions = useCallback(
    async (b: Bindings) => {
      const read = await services.readInterventionRows(b);
      setInterventions(
        read.ok
          ? { kind: "rows", rows: read.rows, address: read.address }
          : { kind: "problems", problems: read.problems }
      );
    },
    [services]
  );

  const reloadNames = useCallback(async () => setNames(await services.listNames()), [services]);

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const [n, b, m, s] = await Promise.all([
          services.listNames(),
          services.loadBindings(),
          services.loadOutputMode(),
          services.loadSavedForecastTime(),
        ]);
        if (!live) return;
        setNames(n);
        setBindings(b);
        setNamesRead(true);
        if (m) setMode(m);
        setSavedAt(s);
        await loadInterventions(b);
      } catch (e) {
        if (live) onFailure(`Could not read the workbook: ${message(e)}`);
      }
    })();
    return () => {
      live = false;
    };
  }, [services, loadInterventions, onFailure]);

  return {
    known: { names, bindings, mode, interventions, savedAt, namesRead },
    change: { setBindings, setMode, loadInterventions, reloadNames },
  };
}

/** The pane's state and actions over the workbook behind `services`. */
export function usePane(services: PaneServices): { state: PaneState; actions: PaneActions } {
  const [tab, setTab] = useState<PaneTab>("forecast");
  const [writing, setWriting] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const [failure, setFailure] = useState<string | null>(null);
  const [pausedFrom] = useState(() => new Map<string, InterventionStatus>());
  const [stale, setStale] = useState(false);
  // A ref, not state: the refresh's completion reads it when it lands, not when the refresh started.
  const draftChanged = useRef(false);
  const workbook = useWorkbookState(services, setFailure);
  const { names, bindings, mode, interventions, savedAt, namesRead } = workbook.known;
  const { setBindings, setMode, loadInterventions, reloadNames } = workbook.change;

  const onRefreshed = useCallback(
    (outcome: PaneRefreshOutcome) => {
      const keptDraft = draftChanged.current
        ? " Your unsaved intervention edit is still open on the Interventions tab; it is not in this forecast until you save it."
        : "";
      const simulation = outcome.ok ? outcome.simulation : undefined;
      const withSimulation = simulation
        ? `, with the Monte Carlo of ${simulation.draws.toLocaleString("en-GB")} draws, seed ${simulation.seed}`
        : "";
      setAnnouncement(
        (outcome.ok
          ? `Forecast refreshed and written to ${outcome.sheet}${withSimulation}. ${headline(outcome.result)}`
          : `Refresh stopped: ${outcome.problems.length} problem${outcome.problems.length === 1 ? "" : "s"} in the inputs; nothing was written.`) +
          keptDraft
      );
      if (outcome.ok) {
        setStale(false);
        // An open, changed form keeps the pane where it is, with the focus in it; the summary above the tabs shows the answer.
        if (!draftChanged.current) setTab("forecast");
        reloadNames().catch(() => undefined);
      }
    },
    [reloadNames]
  );
  const { state: refresh, run } = useRefresh(services, onRefreshed);
  const busy = refresh.running || writing;
  // The activity recorded is the last successful refresh's mitigated scenario.
  const lastResult = refresh.outcome?.ok ? refresh.outcome.result : null;
  // The shortcut obeys the same rule as the disabled button: no refresh while a binding, the output choice or the
  // interventions are being written, or the refresh could read the workbook half-way through that write.
  const startRefresh = useCallback(() => {
    if (!busy) void run({ bindings, mode });
  }, [busy, run, bindings, mode]);
  useRefreshShortcut(startRefresh);

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

  const actions: PaneActions = {
    showTab: (next) => {
      if (next !== "interventions" && tab === "interventions" && draftChanged.current)
        setAnnouncement("Your unsaved intervention edit is kept on the Interventions tab.");
      setTab(next);
    },
    setDraftChanged: (changed) => {
      draftChanged.current = changed;
    },
    refresh: startRefresh,
    writeSimulation: async (simulate) => {
      if (busy) return { failure: "a refresh or another write is under way" };
      return run({ bindings, mode, simulate });
    },
    freeze: () =>
      act(
        () => services.freezeOutputAsValues(),
        `The ${OUTPUT_SHEET} sheet now holds plain values.`
      ),
    bind: (input, name) =>
      act(
        async () => {
          const next: Bindings = { ...bindings };
          if (name === null) delete next[input];
          else next[input] = name;
          await services.saveBindings(next);
          setBindings(next);
          setStale(true);
          await loadInterventions(next);
        },
        name === null
          ? `${input} now uses its default name.`
          : `${input} is bound to ${name}; saved in the workbook.`
      ),
    // Saved with the workbook, like the bindings: whoever opens the file next refreshes it the same way.
    chooseMode: (next) =>
      act(
        async () => {
          // Shown as chosen once the workbook holds it, as a binding is: a refused save leaves the earlier choice in force.
          await services.saveOutputMode(next);
          setMode(next);
        },
        next === "formulas"
          ? "Refresh will write live formulas; saved in the workbook."
          : "Refresh will write plain values; saved in the workbook."
      ),
    goTo: (address) => act(() => services.selectAddress(address), `Selected ${address}.`),
    writeInterventions: (rows, what) =>
      act(async () => {
        await services.writeInterventionRows(rows, bindings);
        setStale(true);
        // Read back what the workbook now holds: the range is the record.
        await loadInterventions(bindings);
      }, `${what}; written to the workbook.`),
    previewPlanActivity: async () => {
      if (!lastResult)
        return {
          ok: false,
          problems: [
            {
              input: "SEND_PlanActivity",
              sheet: "",
              cell: "",
              message:
                "refresh the forecast first: the figures recorded are its mitigated activity",
            },
          ],
        };
      return services.previewPlanActivity(lastResult, bindings);
    },
    recordPlanActivity: async (target, replace) => {
      const refused = (message: string): RecordPlanActivityResult => ({
        ok: false,
        problems: [{ input: "SEND_PlanActivity", sheet: "", cell: "", message }],
      });
      if (!lastResult)
        return refused(
          "refresh the forecast first: the figures recorded are its mitigated activity"
        );
      if (busy) return refused("the workbook is being written; try again when it has finished");
      setWriting(true);
      setFailure(null);
      let outcome: RecordPlanActivityResult;
      try {
        outcome = await services.recordPlanActivity(lastResult, {
          bindings,
          target,
          recordedOn: today(),
          replace,
        });
      } catch (e) {
        outcome = refused(`Excel could not do this: ${message(e)}`);
      } finally {
        setWriting(false);
      }
      if (outcome.ok) {
        setAnnouncement(`Plan activity recorded at ${outcome.address}; refreshing.`);
        // From this refresh on, the Change lines are priced against what was recorded.
        await run({ bindings, mode });
      }
      return outcome;
    },
  };

  const statuses = useMemo(
    () => inputStatuses(services.contractInputs, names, bindings),
    [services.contractInputs, names, bindings]
  );

  return {
    state: {
      tab,
      names,
      bindings,
      statuses,
      mode,
      interventions,
      savedAt,
      refresh,
      busy,
      status: refresh.running ? `Refreshing: ${refresh.progress?.step ?? ""}` : announcement,
      failure: failure ?? refresh.failure,
      pausedFrom,
      defaultStart: nextMonth(),
      canRecordPlanActivity: lastResult !== null && !busy,
      stale,
      unmetInputs: namesRead
        ? statuses.filter(
            (s) => s.state === "brokenBinding" || (s.state === "missing" && s.input.required)
          )
        : [],
      hasOutput: refresh.outcome?.ok === true || savedAt !== null,
    },
    actions,
  };
}
