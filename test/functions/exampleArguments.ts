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

/**
 * Each input of the bundled example workbook (the Wiltshire figures) as
 * Excel hands a range to a custom function: a 2-D array of values, an empty
 * cell as "", a date as its serial number, a percentage as its fraction.
 */
export async function exampleArguments(): Promise<Record<ExampleInput, unknown[][]>> {
  const workbook = await openXlsx(require.resolve("../../assets/SEND-Forecaster-Example.xlsx"));
  const read = await workbook.read(EXAMPLE_INPUTS);
  const out = {} as Record<ExampleInput, unknown[][]>;
  for (const name of EXAMPLE_INPUTS) {
    const range = read.ranges[name];
    if (!range) throw new Error(`the example workbook has no ${name}`);
    out[name] = range.values.map((row) =>
      row.map((v) => (v === null ? "" : isCellError(v) ? { code: v.error } : v))
    );
  }
  return out;
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
