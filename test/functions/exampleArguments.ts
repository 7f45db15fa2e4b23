import { openXlsx } from "../../src/workbook/xlsx/workbook";
import { isCellError } from "../../src/workbook/port";

/** The contract inputs a formula over the example workbook would pass to the functions. */
export const EXAMPLE_INPUTS = [
  "SEND_Baseline",
  "SEND_Interventions",
  "SEND_Expenditure",
  "SEND_Funding",
  "SEND_OpeningDeficit",
] as const;
export type ExampleInput = (typeof EXAMPLE_INPUTS)[number];

/** The ranges GOALSEEK and SIMULATE take, in their order (the opening deficit a single value). */
export const MODEL_INPUTS = [
  ...EXAMPLE_INPUTS,
  "SEND_Settings",
  "SEND_Costs",
  "SEND_PlanActivity",
] as const;

/**
 * Each input of the bundled example workbook (the Wiltshire figures) as
 * Excel hands a range to a custom function: a 2-D array of values, an empty
 * cell as "", a date as its serial number, a percentage as its fraction.
 */
export async function exampleArguments<N extends string = ExampleInput>(
  names: readonly N[] = EXAMPLE_INPUTS as unknown as readonly N[]
): Promise<Record<N, unknown[][]>> {
  const workbook = await openXlsx(require.resolve("../../assets/SEND-Forecaster-Example.xlsx"));
  const read = await workbook.read(names);
  const out = {} as Record<N, unknown[][]>;
  for (const name of names) {
    const range = read.ranges[name];
    if (!range) throw new Error(`the example workbook has no ${name}`);
    out[name] = range.values.map((row) =>
      row.map((v) => (v === null ? "" : isCellError(v) ? { code: v.error } : v))
    );
  }
  return out;
}

/**
 * The example's ranges as the trailing arguments of GOALSEEK and SIMULATE
 * (baseline, interventions, expenditure, funding, opening deficit, settings,
 * costs, plan activity), as a formula over the example workbook passes them.
 */
export async function modelInputArguments(): Promise<unknown[]> {
  const args = await exampleArguments(MODEL_INPUTS);
  return MODEL_INPUTS.map((name) =>
    name === "SEND_OpeningDeficit" ? args[name][0][0] : args[name]
  );
}

/** A copy of a 2-D argument with one cell replaced. */
export function withCell(
  values: unknown[][],
  row: number,
  column: number,
  value: unknown
): unknown[][] {
  return values.map((r, i) => r.map((v, j) => (i === row && j === column ? value : v)));
}
