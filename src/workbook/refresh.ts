import { runForecast, type ForecastResult } from "../model";
import { OUTPUT_SHEET, type OutputSheet, type ReadResult, type WorkbookPort } from "./port";
import { formatProblem, type CellProblem, type CellWarning } from "./problems";
import { findRange, locateProblems, locateWarnings, looseMatches, readInputs, requestedNames } from "./contract";
import { OUTPUT_TABLES, shapeOutput } from "./output";
import { parseAddress } from "./address";

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
    }
  | { ok: false; problems: CellProblem[] };

export interface RefreshOptions {
  mode?: "values" | "formulas";
  /** Input → the user's own name or table; overrides the bindings saved in the workbook. */
  bindings?: Record<string, string>;
  onProgress?: (step: string, fraction: number) => void;
}

/**
 * Read the inputs, check all of them, forecast, and write the output sheet
 * (spec: WORKBOOK.md). One read — a second only for names the workbook
 * spells differently (punctuation, or saved bindings) — and one write, made
 * only when every input is valid and the output sheet is the add-in's own.
 * Problems come back together; an exception here means the workbook itself
 * could not be read or written.
 */
export async function refresh(port: WorkbookPort, options: RefreshOptions = {}): Promise<RefreshOutcome> {
  const progress = options.onProgress ?? (() => undefined);
  progress("Reading the workbook", 0);
  const asked = requestedNames(options.bindings ?? {});
  const first = await port.read(asked);
  const bindings = { ...(first.bindings ?? {}), ...(options.bindings ?? {}) };
  const read: ReadResult = { ...first, bindings, ranges: { ...first.ranges } };

  // Names still to fetch: saved bindings not yet asked for, and names the
  // workbook spells with other punctuation ("SEND Baseline", "Send.Funding").
  const again = new Set<string>();
  for (const name of requestedNames(bindings)) {
    if (findRange(read, name)) continue;
    const listed = looseMatches(read.names ?? [], name).find((n) => n.address !== null);
    if (listed) again.add(listed.name);
    else if (!asked.includes(name)) again.add(name);
  }
  if (again.size > 0) {
    progress("Reading the workbook", 0.2);
    const second = await port.read([...again]);
    for (const [k, v] of Object.entries(second.ranges)) if (v) read.ranges[k] = v;
  }

  progress("Checking the inputs", 0.4);
  const inputs = readInputs(read);
  const problems: CellProblem[] = inputs.ok ? [] : [...inputs.problems];
  if (read.outputSheet === "foreign")
    problems.push({ input: OUTPUT_SHEET, sheet: "", cell: "", message: "a sheet of this name exists and is not the add-in's; rename it or delete it" });
  problems.push(...takenOutputNames(read));
  if (!inputs.ok || problems.length > 0) return { ok: false, problems };

  progress("Forecasting", 0.6);
  const forecast = runForecast(inputs.input);
  if (!forecast.ok) return { ok: false, problems: locateProblems(forecast.problems, inputs.where) };

  progress("Writing the forecast", 0.8);
  const sheet = shapeOutput(forecast.value, { mode: options.mode, input: inputs.input, names: inputs.names });
  await port.write(sheet);
  progress("Done", 1);
  const warnings = [...inputs.warnings, ...forecast.value.warnings.map((w) => w.message)];
  const warningDetails = [...inputs.warningDetails, ...locateWarnings(forecast.value.warnings, inputs.where)];
  const comparison = inputs.where.SEND_Comparison ?? { input: "SEND_Comparison", sheet: "", cell: "" };
  const outside = comparisonOutsideForecast(forecast.value);
  if (outside) {
    const warning: CellWarning = { code: "comparison", ...comparison, cell: "", message: outside };
    warnings.push(formatProblem(warning));
    warningDetails.push(warning);
  }
  // shapeOutput falls back to values where formulas cannot reproduce the ledger.
  if (options.mode === "formulas" && !sheet.tables.some((t) => t.formulas)) {
    const message = "The deficit table is written as values, not live formulas: its driven cost lines depend on the whole demand forecast. Refresh to update it.";
    warnings.push(message);
    warningDetails.push({ code: "valuesNotFormulas", input: "", sheet: "", cell: "", message });
  }
  return { ok: true, result: forecast.value, sheet, warnings, warningDetails, found: inputs.found };
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

/**
 * The output tables' names are the add-in's too: a name or table of the
 * user's that already carries one, anywhere but on the add-in's own sheet,
 * would collide with the write. Reported with the other problems, before
 * anything is written.
 */
function takenOutputNames(read: ReadResult): CellProblem[] {
  const ours = new Set(OUTPUT_TABLES.map((t) => t.toLowerCase()));
  return (read.names ?? [])
    .filter((n) => ours.has(n.name.toLowerCase()))
    .filter((n) => {
      const at = n.address === null ? null : parseAddress(n.address);
      return !(read.outputSheet === "ours" && at !== null && at.sheet.toLowerCase() === OUTPUT_SHEET.toLowerCase());
    })
    .map((n) => {
      const at = n.address === null ? null : parseAddress(n.address);
      return {
        input: n.name,
        sheet: at?.sheet ?? "",
        cell: "",
        message: `the workbook already has a ${n.kind === "table" ? "table" : "name"} of this name${at ? ` (${n.address})` : ""}, which the add-in uses for its output on '${OUTPUT_SHEET}'; rename yours, then refresh`,
      };
    });
}
