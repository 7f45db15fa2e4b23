import {
  drivenScaleProblems,
  interventionValues,
  runForecast,
  sensitivity,
  type ForecastInput,
  type ForecastResult,
  type SimulationResult,
} from "../model";
import type { OutputSheet, ReadResult, WorkbookPort } from "./port";
import { formatProblem, type CellProblem, type CellWarning } from "./problems";
import {
  locateInputs,
  locateProblems,
  locateWarnings,
  outputGuards,
  readInputs,
  requestedNames,
} from "./contract";
import { shapeOutput } from "./output";

export type RefreshOutcome =
  | {
      ok: true;
      result: ForecastResult;
      sheet: OutputSheet;
      /** Each warning as it is shown to the user. */
      warnings: string[];
      /** The same warnings, in the same order, with their codes and cells. */
      warningDetails: CellWarning[];
      found: Record<string, string>;
      /** The model's input as read, for runs beyond the forecast (the Monte Carlo). */
      input: ForecastInput;
      /** The Monte Carlo the `simulate` option gave and the output sheet lays out; absent without one. */
      simulation?: SimulationResult;
    }
  | {
      ok: false;
      problems: CellProblem[];
      /** The warnings of the inputs that were read, kept although the refresh stopped. */
      warnings: string[];
      warningDetails: CellWarning[];
    };

export interface RefreshOptions {
  mode?: "values" | "formulas";
  /** Input → the user's own name or table; overrides the bindings saved in the workbook. */
  bindings?: Record<string, string>;
  onProgress?: (step: string, fraction: number) => void;
  /** Whether the write ends with the output sheet shown (default true: a refresh someone asked for). */
  show?: boolean;
  /**
   * The Monte Carlo, run on the input this refresh read once the forecast
   * has succeeded and before the write, so that the one write lays it out
   * (SEND_OutSimulation, SEND_OutSimulationOutcomes and a fan chart).
   * Undefined (the user cancelled, say) writes the sheet without it; what
   * it throws, the refresh throws, having written nothing.
   */
  simulate?: (input: ForecastInput) => Promise<SimulationResult | undefined>;
}

/**
 * One pass (spec: WORKBOOK.md): read the inputs, find each once, check them
 * and the output guards, forecast, and write the output sheet from what was
 * read. One read — a second only for names the workbook spells differently
 * (punctuation, or saved bindings) — and one write, made only when every
 * input is valid and the output sheet is the add-in's own (with the
 * `simulate` option, after the Monte Carlo, so that one write carries it).
 * Problems come back together; an exception here means the workbook itself
 * could not be read or written, or the `simulate` option threw.
 */
export async function refresh(
  port: WorkbookPort,
  options: RefreshOptions = {}
): Promise<RefreshOutcome> {
  const progress = options.onProgress ?? (() => undefined);
  progress("Reading the workbook", 0);
  const asked = requestedNames(options.bindings ?? {});
  const first = await port.read(asked);
  const bindings = { ...(first.bindings ?? {}), ...(options.bindings ?? {}) };
  const read: ReadResult = { ...first, bindings, ranges: { ...first.ranges } };
  let located = locateInputs(read);

  // Inputs still to fetch (input → the name to read): saved bindings not yet
  // asked for, and names the workbook spells with other punctuation ("SEND Baseline", "Send.Funding").
  const again = new Map<string, string>();
  for (const { input, label, range, listed } of located) {
    if (range) continue;
    const spelled = listed.find((n) => n.address !== null);
    if (spelled) again.set(input, spelled.name);
    else if (!asked.includes(label)) again.set(input, label);
  }
  if (again.size > 0) {
    progress("Reading the workbook", 0.2);
    const second = await port.read([...new Set(again.values())]);
    for (const [k, v] of Object.entries(second.ranges)) if (v) read.ranges[k] = v;
    located = located.map((at) => {
      const name = again.get(at.input);
      return name === undefined ? at : { ...at, range: second.ranges[name] };
    });
  }

  progress("Checking the inputs", 0.4);
  const inputs = readInputs(read, located);
  const problems: CellProblem[] = inputs.ok ? [] : [...inputs.problems];
  problems.push(...outputGuards(read));
  const kept = { warnings: inputs.warnings, warningDetails: inputs.warningDetails };
  if (!inputs.ok || problems.length > 0) return { ok: false, problems, ...kept };

  progress("Forecasting", 0.6);
  const forecast = runForecast(inputs.input);
  if (!forecast.ok)
    return { ok: false, problems: locateProblems(forecast.problems, inputs.where), ...kept };
  // Priced lines on another scale than the supplied ones: pounds in the sheet, or a unit cost in thousands.
  const scale = drivenScaleProblems(inputs.input, forecast.value.ledgers.mitigated.lines);
  if (scale.length > 0)
    return {
      ok: false,
      problems: locateProblems(scale, inputs.where),
      warnings: [...inputs.warnings, ...forecast.value.warnings.map((w) => w.message)],
      warningDetails: [
        ...inputs.warningDetails,
        ...locateWarnings(forecast.value.warnings, inputs.where),
      ],
    };

  // What each intervention is worth: the forecast again without each, and with none.
  const values = interventionValues(inputs.input);
  // Each input moved ±10%: two full runs an input (tens of milliseconds on the example).
  const moved = sensitivity(inputs.input);
  const result: ForecastResult = {
    ...forecast.value,
    ...(values.ok ? { interventionValues: values.value } : {}),
    ...(moved.ok ? { sensitivity: moved.value } : {}),
  };

  let simulation: SimulationResult | undefined;
  if (options.simulate) {
    progress("Simulating", 0.7);
    simulation = await options.simulate(inputs.input);
  }

  progress("Writing the forecast", 0.8);
  const sheet = shapeOutput(result, {
    mode: options.mode,
    input: inputs.input,
    names: inputs.names,
    ...(simulation ? { simulation } : {}),
  });
  sheet.show = options.show ?? true;
  await port.write(sheet, read);
  progress("Done", 1);
  const warnings = [...inputs.warnings, ...forecast.value.warnings.map((w) => w.message)];
  const warningDetails = [
    ...inputs.warningDetails,
    ...locateWarnings(forecast.value.warnings, inputs.where),
  ];
  const comparison = inputs.where.SEND_Comparison ?? {
    input: "SEND_Comparison",
    sheet: "",
    cell: "",
  };
  const outside = comparisonOutsideForecast(forecast.value);
  if (outside) {
    const warning: CellWarning = { code: "comparison", ...comparison, message: outside };
    warnings.push(formatProblem(warning));
    warningDetails.push(warning);
  }
  // shapeOutput falls back to values where formulas cannot reproduce the ledger.
  if (options.mode === "formulas" && !sheet.tables.some((t) => t.formulas)) {
    const message =
      "The deficit table is written as values, not live formulas: its driven cost lines depend on the whole demand forecast. Refresh to update it.";
    warnings.push(message);
    warningDetails.push({ code: "valuesNotFormulas", input: "", sheet: "", cell: "", message });
  }
  return {
    ok: true,
    result,
    sheet,
    warnings,
    warningDetails,
    found: inputs.found,
    input: inputs.input,
    ...(simulation ? { simulation } : {}),
  };
}

/** A comparison none of whose months the forecast covers draws an empty column: say so rather than leave the reader to wonder. */
function comparisonOutsideForecast(result: ForecastResult): string | undefined {
  const comparison = result.comparison;
  const forecast = result.scenarios.mitigated.months;
  if (!comparison || forecast.length === 0) return undefined;
  const covered = new Set(forecast);
  if (comparison.months.some((m) => covered.has(m))) return undefined;
  const months = [...comparison.months].sort();
  return `none of its months (${months[0]} to ${months[months.length - 1]}) falls within the forecast (${forecast[0]} to ${forecast[forecast.length - 1]}); its column on the output sheet is empty`;
}
