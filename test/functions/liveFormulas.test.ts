/**
 * The output sheet's live formulas (`=INDEX(SEND.DEFICIT(...), r, c)`, written
 * by the contract in "formulas" mode) must show the figures the sheet would
 * otherwise hold as values. Each formula here is evaluated against DEFICIT's
 * spill over the example workbook's own ranges.
 */
import { deficit } from "../../src/functions/functions";
import { runForecast } from "../../src/model";
import { readInputs, requestedNames } from "../../src/workbook/contract";
import { shapeOutput } from "../../src/workbook/output";
import { openXlsx } from "../../src/workbook/xlsx/workbook";
import { exampleArguments, type ExampleInput } from "./exampleArguments";

const INDEX_OF_DEFICIT = /^=INDEX\(SEND\.DEFICIT\((\w+),(\w+),(\w+)\),(\d+),(\d+)\)$/;

test("every live formula of the deficit table equals the value the sheet would hold", async () => {
  const workbook = await openXlsx(require.resolve("../../assets/SEND-Forecaster-Example.xlsx"));
  const read = readInputs(await workbook.read(requestedNames({})));
  if (!read.ok) throw new Error(read.problems.map((p) => p.message).join("; "));
  // Without the example's cost lines: a ledger moved by the demand forecast is written as values.
  const input = { ...read.input, costs: undefined };
  const outcome = runForecast(input);
  if (!outcome.ok) throw new Error("the example should forecast");
  const table = shapeOutput(outcome.value, {
    mode: "formulas",
    input,
    names: read.names,
  }).tables.find((t) => t.name === "SEND_OutDeficit")!;
  expect(table.formulas).toBeDefined();

  const args = await exampleArguments();
  const spills = new Map<string, unknown[][]>();
  let checked = 0;
  table.formulas!.forEach((row, k) =>
    row.forEach((formula, j) => {
      if (formula === null) return;
      const m = INDEX_OF_DEFICIT.exec(formula);
      expect(m).not.toBeNull();
      const [, expenditure, funding, opening, r, c] = m!;
      const key = `${expenditure},${funding},${opening}`;
      if (!spills.has(key)) {
        const arg = (name: string) => args[name as ExampleInput];
        spills.set(
          key,
          deficit(
            arg(expenditure) as Parameters<typeof deficit>[0],
            arg(funding) as Parameters<typeof deficit>[1],
            arg(opening)[0][0] as number
          ) as unknown[][]
        );
      }
      const value = spills.get(key)![Number(r) - 1][Number(c) - 1];
      expect(value).toBeCloseTo(table.rows[k][j] as number, 9);
      checked++;
    })
  );
  // nine lines and eight ledger rows, by eight years
  expect(checked).toBe((9 + 8) * 8);
});
