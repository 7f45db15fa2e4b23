import {
  runForecast,
  type ForecastInput,
  type ForecastResult,
  type SimulationResult,
} from "../../src/model";
import { planActivityTable } from "../../src/workbook/planActivity";
import { interventionRow } from "../../src/workbook/office/actions";
import { WILTSHIRE } from "../../src/example/wiltshire";
import { CONTRACT_INPUTS } from "../../src/workbook/contract";
import type { NameInfo } from "../../src/workbook/port";
import type {
  Bindings,
  CellProblem,
  ContractInputInfo,
  InterventionRow,
  InterventionRowsRead,
  OutputMode,
  PaneRefreshOutcome,
  PaneServices,
  PlanActivityPreview,
  RecordPlanActivityRequest,
  RecordPlanActivityResult,
  RecordedPlanActivity,
  RefreshRequest,
} from "../../src/taskpane/services";

/** The contract's six core inputs, in the contract's order: a fixed list for tests that spell out every status. */
const CORE_INPUTS = [
  "SEND_Baseline",
  "SEND_Monthly",
  "SEND_Interventions",
  "SEND_Expenditure",
  "SEND_Funding",
  "SEND_OpeningDeficit",
];
export const TEST_INPUTS: readonly ContractInputInfo[] = CONTRACT_INPUTS.filter((c) =>
  CORE_INPUTS.includes(c.name)
);

/**
 * A workbook held in memory behind the pane's services: real model runs on
 * the Wiltshire figures, real bindings and intervention rows, and a log of
 * every call, so component tests check what the pane asked the workbook to do.
 */
export class MemoryWorkbook implements PaneServices {
  // The pane lists the contract's own inputs, as in Excel.
  readonly contractInputs = CONTRACT_INPUTS;
  names: NameInfo[] = [
    { name: "SEND_Baseline", kind: "name", address: "Inputs!A2:B11" },
    { name: "SEND_Interventions", kind: "table", address: "Interventions!A1:G10" },
    { name: "SEND_Expenditure", kind: "table", address: "Finance!A1:I10" },
    { name: "SEND_Funding", kind: "table", address: "Finance!A13:I17" },
    { name: "SEND_OpeningDeficit", kind: "name", address: "Finance!B20" },
    { name: "OurFunding2025", kind: "name", address: "'Bob''s Figures'!B2:J6" },
  ];
  savedBindings: Bindings = {};
  /** The values / live formulas choice as the document settings hold it. */
  savedOutputMode: OutputMode | null = null;
  /** When the refresh whose figures the workbook keeps for SEND.FORECAST ran; null when none are kept. */
  savedForecastTime: string | null = null;
  interventionRows: InterventionRow[];
  input: ForecastInput = JSON.parse(JSON.stringify(WILTSHIRE)) as ForecastInput;
  /** Problems the next refresh reports (a broken cell). */
  brokenCells: CellProblem[] = [];
  calls: string[] = [];
  refreshCount = 0;
  selected: string[] = [];
  /** When set, refresh waits for it: lets a test click while one refresh is still running. */
  gate: Promise<void> | null = null;
  lastRequest: RefreshRequest | null = null;
  /** The Monte Carlo the output sheet holds: what the last refresh wrote with the forecast (null: none). */
  sheetSimulation: SimulationResult | null = null;
  /** When set, the next refreshes fail at the write with this message (Excel lost the workbook), writing nothing. */
  writeFailure: string | null = null;
  /** SEND_PlanActivity as the workbook holds it: none, the add-in's own, or the user's. */
  planActivity: RecordedPlanActivity | null = null;
  /** Problems the next recording of the plan's activity answers with (a cell in the way). */
  planActivityRefusal: CellProblem[] = [];

  constructor() {
    this.interventionRows = (WILTSHIRE.interventions ?? []).map(interventionRow);
  }

  async listNames(): Promise<NameInfo[]> {
    this.calls.push("listNames");
    return this.names.map((n) => ({ ...n }));
  }

  async loadBindings(): Promise<Bindings> {
    this.calls.push("loadBindings");
    return { ...this.savedBindings };
  }

  async saveBindings(b: Bindings): Promise<void> {
    this.calls.push(`saveBindings ${JSON.stringify(b)}`);
    this.savedBindings = { ...b };
  }

  async loadOutputMode(): Promise<OutputMode | null> {
    this.calls.push("loadOutputMode");
    return this.savedOutputMode;
  }

  async loadSavedForecastTime(): Promise<string | null> {
    return this.savedForecastTime;
  }

  async saveOutputMode(mode: OutputMode): Promise<void> {
    this.calls.push(`saveOutputMode ${mode}`);
    this.savedOutputMode = mode;
  }

  async refresh(request: RefreshRequest): Promise<PaneRefreshOutcome> {
    this.refreshCount += 1;
    this.lastRequest = request;
    this.calls.push(`refresh ${request.mode}`);
    request.onProgress?.({ fraction: 0.2, step: "Reading inputs" });
    if (this.gate) await this.gate;
    const unbound = Object.entries(request.bindings)
      .filter(([, name]) => !this.names.some((n) => n.name.toLowerCase() === name.toLowerCase()))
      .map(([input, name]): CellProblem => ({
        input: name,
        sheet: "",
        cell: "",
        message: `bound to ${input}, but there is no such name in the workbook`,
      }));
    const problems = [...unbound, ...this.brokenCells];
    if (problems.length > 0) return { ok: false, problems };
    request.onProgress?.({ fraction: 0.6, step: "Running the forecast" });
    const input = { ...this.input, interventions: this.interventionRows };
    const outcome = runForecast(input);
    if (!outcome.ok)
      return {
        ok: false,
        problems: outcome.problems.map((p) => ({
          input: p.field,
          sheet: "",
          cell: "",
          message: p.message,
        })),
      };
    // As the contract's refresh: the Monte Carlo on the input just read, before the one write.
    let simulation: SimulationResult | undefined;
    if (request.simulate) {
      request.onProgress?.({ fraction: 0.7, step: "Simulating" });
      simulation = await request.simulate(input);
    }
    request.onProgress?.({ fraction: 0.9, step: "Writing SEND Forecast" });
    if (this.writeFailure) throw new Error(this.writeFailure);
    this.sheetSimulation = simulation ?? null;
    return {
      ok: true,
      result: outcome.value,
      sheet: "SEND Forecast",
      warnings: outcome.value.warnings.map((w) => w.message),
      found: {},
      input,
      ...(simulation ? { simulation } : {}),
    };
  }

  async selectAddress(address: string): Promise<void> {
    this.calls.push(`select ${address}`);
    this.selected.push(address);
  }

  async freezeOutputAsValues(): Promise<void> {
    this.calls.push("freeze");
  }

  async readInterventionRows(b: Bindings): Promise<InterventionRowsRead> {
    this.calls.push(`readInterventions ${b["SEND_Interventions"] ?? "SEND_Interventions"}`);
    return {
      ok: true,
      rows: this.interventionRows.map((r) => ({ ...r })),
      address: "Interventions!A1:G10",
    };
  }

  async writeInterventionRows(rows: readonly InterventionRow[], b: Bindings): Promise<void> {
    this.calls.push(
      `writeInterventions ${b["SEND_Interventions"] ?? "SEND_Interventions"} ${rows.length}`
    );
    this.interventionRows = rows.map((r) => ({ ...r }));
  }

  async previewPlanActivity(result: ForecastResult, b: Bindings): Promise<PlanActivityPreview> {
    this.calls.push(`previewPlanActivity ${b["SEND_PlanActivity"] ?? "SEND_PlanActivity"}`);
    return {
      ok: true,
      table: planActivityTable(result),
      existing: this.planActivity && { ...this.planActivity },
      newSheet: "SEND Plan Activity",
    };
  }

  /** Records as the Office adapter does in outline: refuses a user's range, asks for confirmation to replace, then holds the figures the next refresh reads. */
  async recordPlanActivity(
    result: ForecastResult,
    request: RecordPlanActivityRequest
  ): Promise<RecordPlanActivityResult> {
    this.calls.push(
      `recordPlanActivity ${request.target ?? "new sheet"}${request.replace ? " replace" : ""}`
    );
    const refused = (message: string): RecordPlanActivityResult => ({
      ok: false,
      problems: [{ input: "SEND_PlanActivity", sheet: "", cell: "", message }],
    });
    if (this.planActivityRefusal.length > 0)
      return { ok: false, problems: this.planActivityRefusal };
    if (this.planActivity && !this.planActivity.ours)
      return refused(
        `the workbook already records the plan's activity at ${this.planActivity.address}`
      );
    if (this.planActivity && !request.replace) return refused("confirm to replace it");
    const table = planActivityTable(result);
    const address =
      this.planActivity?.address ??
      (request.target ? `${request.target}:J5` : "'SEND Plan Activity'!A1:I3");
    const row = (k: number) =>
      table.rows[k].slice(1).map((v) => (typeof v === "number" ? v : null));
    this.input = { ...this.input, planActivity: { ehcps: row(1), inmss: row(2) } };
    const replaced = this.planActivity !== null;
    this.planActivity = { address, rows: table.rows, ours: true };
    return { ok: true, address, replaced };
  }
}

/** A promise and its resolver, for holding a refresh open. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
