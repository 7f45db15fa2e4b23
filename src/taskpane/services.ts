/**
 * What the task pane needs from the workbook, as one small interface. The
 * components speak only to this, so they run the same against Excel
 * (officeServices.ts) and against an in-memory workbook in the component
 * tests.
 */
import type { ForecastInput, ForecastResult, SimulationResult } from "../model";
import type { InterventionRow, InterventionRowsRead, OutputMode } from "../workbook/office/actions";
import type { PlanActivityPreview, RecordPlanActivityResult } from "../workbook/office/actions";
import type { NameInfo } from "../workbook/port";
import type { CellProblem } from "../workbook/problems";

export type { CellProblem } from "../workbook/problems";
export { formatProblem, problemAddress } from "../workbook/problems";

/** One contract input (spec: WORKBOOK.md, Inputs) as the pane lists it. */
export interface ContractInputInfo {
  /** The default defined name, e.g. "SEND_Funding". */
  name: string;
  required: boolean;
  /** What it holds, in the finance team's words. */
  description: string;
}

/** Input name → the user's own name or table it is bound to. */
export type Bindings = Record<string, string>;

/** Whether refresh writes live custom-function formulas or plain values: as the workbook adapter saves it. */
export type { OutputMode } from "../workbook/office/actions";

export interface RefreshProgress {
  /** 0–1. */
  fraction: number;
  /** What is happening now ("Reading inputs", "Writing SEND Forecast"). */
  step: string;
}

export interface RefreshRequest {
  bindings: Bindings;
  mode: OutputMode;
  onProgress?: (progress: RefreshProgress) => void;
  /**
   * The Monte Carlo for the output sheet, given the input this refresh read:
   * called once the forecast has succeeded and before the write, so the one
   * write lays it out (SEND_OutSimulation, SEND_OutSimulationOutcomes and a
   * fan chart). Undefined (the user cancelled) writes the sheet without it.
   */
  simulate?: (input: ForecastInput) => Promise<SimulationResult | undefined>;
}

export type PaneRefreshOutcome =
  | {
      ok: true;
      result: ForecastResult;
      /** The sheet written ("SEND Forecast"). */
      sheet: string;
      warnings: string[];
      /** Input name → the address it was read from ("Inputs!B2:C11"). */
      found: Record<string, string>;
      /** The model's input as read, for the pane's own runs (goal seek, How likely); they write only through `simulate`. */
      input?: ForecastInput;
      /** The Monte Carlo written on the sheet with the forecast: only from a refresh given `simulate`, and not cancelled. */
      simulation?: SimulationResult;
    }
  | { ok: false; problems: CellProblem[] };

// What recording the plan's activity would write and replace, and what it did: as the workbook adapter defines them.
export type {
  PlanActivityPreview,
  RecordPlanActivityResult,
  RecordedPlanActivity,
} from "../workbook/office/actions";

export interface RecordPlanActivityRequest {
  bindings: Bindings;
  /** A top-left cell ("'Plan Inputs'!B3"); null: a new sheet. */
  target: string | null;
  /** The day, as the note beside the figures says it ("30 November 2026"). */
  recordedOn: string;
  /** The user has seen the recorded figures against the new ones and confirmed. */
  replace: boolean;
}

// One row of SEND_Interventions in the model's units, and the result of reading them: as the workbook adapter defines them.
export type { InterventionRow, InterventionRowsRead } from "../workbook/office/actions";

export interface PaneServices {
  /** The contract's inputs, in the order the pane lists them. */
  readonly contractInputs: readonly ContractInputInfo[];
  /** Every defined name and table in the workbook, for the status list and the binding picker. */
  listNames(): Promise<NameInfo[]>;
  /** Bindings saved in the workbook (document settings). */
  loadBindings(): Promise<Bindings>;
  saveBindings(bindings: Bindings): Promise<void>;
  /** The values / live formulas choice saved in the workbook (document settings); null when never chosen. */
  loadOutputMode(): Promise<OutputMode | null>;
  saveOutputMode(mode: OutputMode): Promise<void>;
  /**
   * When the refresh whose figures the workbook keeps for SEND.FORECAST ran
   * (ISO 8601): what FORECAST serves until the next refresh. Null when none
   * are kept, or they are not in a format this version reads.
   */
  loadSavedForecastTime(): Promise<string | null>;
  /** Reads, runs the model and writes the output sheet; never throws for bad input. */
  refresh(request: RefreshRequest): Promise<PaneRefreshOutcome>;
  /** Selects a range ("SEND_Funding!C4" style, sheet-qualified) so the user sees it. */
  selectAddress(address: string): Promise<void>;
  /** Turns the output sheet's formulas into plain values. */
  freezeOutputAsValues(): Promise<void>;
  readInterventionRows(bindings: Bindings): Promise<InterventionRowsRead>;
  /** Writes the whole list back to the SEND_Interventions range (growing or shrinking it). */
  writeInterventionRows(rows: readonly InterventionRow[], bindings: Bindings): Promise<void>;
  /** What recording the result's mitigated activity as SEND_PlanActivity would write, and what is there now; writes nothing. */
  previewPlanActivity(result: ForecastResult, bindings: Bindings): Promise<PlanActivityPreview>;
  /** Records the result's mitigated activity as SEND_PlanActivity; refusals are problems, with nothing written. */
  recordPlanActivity(
    result: ForecastResult,
    request: RecordPlanActivityRequest
  ): Promise<RecordPlanActivityResult>;
}
