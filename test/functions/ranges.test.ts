import { deficit, target, TARGET_HEADERS, trajectory } from "../../src/functions/functions";
import { isExcelError, type ExcelErrorValue } from "../../src/functions/excelError";
import { WILTSHIRE_PUBLISHED, WILTSHIRE_YEARS } from "../../src/example/wiltshire";
import { DEFICIT_ROWS } from "../../src/workbook/output";
import { exampleArguments, withCell, type ExampleInput } from "./exampleArguments";

let args: Record<ExampleInput, unknown[][]>;
beforeAll(async () => {
  args = await exampleArguments();
});

type Grid = Parameters<typeof target>[0];
const errorOf = (result: unknown): ExcelErrorValue => {
  expect(isExcelError(result)).toBe(true);
  return result as ExcelErrorValue;
};
const rowOf = (table: unknown[][], label: string): number[] =>
  table.find((r) => r[0] === label)!.slice(1) as number[];

describe("TARGET", () => {
  test("Wiltshire's target system: 66 requests, 25% no to assess, 5% no to issue, 44 ceased, growing by 36 a year", () => {
    const result = target(
      args.SEND_Baseline as Grid,
      args.SEND_Interventions as Grid
    ) as unknown[][];
    expect(result[0]).toEqual([...TARGET_HEADERS]);
    const [requests, noToAssess, noToIssue, ceased, growth] = result[1] as number[];
    expect(requests).toBeCloseTo(66, 10);
    expect(noToAssess).toBeCloseTo(0.25, 10);
    expect(noToIssue).toBeCloseTo(0.05, 10);
    expect(ceased).toBeCloseTo(44, 10);
    expect(growth).toBeCloseTo(36.3, 1);
  });

  test("as at June 2025 only the first three interventions act: 97 − 8 − 8 − 15 = 66 requests, rates and ceased unchanged", () => {
    const june2025 = 45809; // 1 June 2025
    const [, figures] = target(
      args.SEND_Baseline as Grid,
      args.SEND_Interventions as Grid,
      june2025
    ) as number[][];
    expect(figures.slice(0, 4)).toEqual([66, 0.12, 0.039, 29]);
  });

  test("a rate typed as 12 in the baseline is #VALUE! naming the argument and the cell within it", () => {
    const row = args.SEND_Baseline.findIndex((r) => r[0] === "NoToAssessRate");
    const error = errorOf(
      target(withCell(args.SEND_Baseline, row, 1, 12) as Grid, args.SEND_Interventions as Grid)
    );
    expect(error.code).toBe("#VALUE!");
    expect(error.message).toContain(`baselineRange!B${row + 1}: expected a rate between 0 and 1`);
    expect(error.message).toContain("found 12");
  });

  test("problems in both ranges are reported together", () => {
    const lever = args.SEND_Interventions[0].indexOf("Lever");
    const error = errorOf(
      target(
        withCell(args.SEND_Baseline, 0, 1, "tbc") as Grid,
        withCell(args.SEND_Interventions, 2, lever, "Wishful thinking") as Grid
      )
    );
    expect(error.message).toContain("baselineRange!B1: expected a number, found text 'tbc'");
    expect(error.message).toContain(
      `interventionsRange!${String.fromCharCode(65 + lever)}3: expected one of Requests`
    );
  });

  test("a baseline without its required keys says which", () => {
    const error = errorOf(
      target(args.SEND_Baseline.slice(0, 2) as Grid, args.SEND_Interventions as Grid)
    );
    expect(error.message).toContain("baselineRange: expected plans ceased a month");
  });
});

describe("TRAJECTORY", () => {
  test("unmitigated, Wiltshire's 6,354 plans grow by 636.4 over twelve months", () => {
    const rows = trajectory(
      args.SEND_Baseline as Grid,
      args.SEND_Interventions as Grid,
      12,
      "unmitigated"
    ) as number[][];
    expect(rows).toHaveLength(12);
    expect(rows[0][0]).toBe(45658); // January 2025, as a date
    expect(rows[11][0]).toBe(45992); // December 2025
    expect(rows[11][1]).toBeCloseTo(6354 + 636.37, 1);
  });

  test("mitigated (the default) grows more slowly once interventions start; risk-adjusted lies between", () => {
    const run = (scenario?: string) =>
      (
        trajectory(
          args.SEND_Baseline as Grid,
          args.SEND_Interventions as Grid,
          24,
          scenario
        ) as number[][]
      )[23][1];
    const unmitigated = run("unmitigated");
    const mitigated = run(undefined);
    const riskAdjusted = run("Risk-Adjusted");
    expect(run("MITIGATED")).toBe(mitigated);
    expect(mitigated).toBeLessThan(riskAdjusted);
    expect(riskAdjusted).toBeLessThan(unmitigated);
  });

  test("an unknown scenario or a month count of 0 is #VALUE!", () => {
    expect(
      errorOf(
        trajectory(args.SEND_Baseline as Grid, args.SEND_Interventions as Grid, 12, "optimistic")
      ).message
    ).toContain(
      "scenario: expected one of unmitigated, mitigated, riskAdjusted, found text 'optimistic'"
    );
    expect(
      errorOf(trajectory(args.SEND_Baseline as Grid, args.SEND_Interventions as Grid, 0)).message
    ).toContain("months: expected a whole number of months, 1 or more, found 0");
  });
});

describe("DEFICIT", () => {
  const run = (
    expenditure = args.SEND_Expenditure,
    funding = args.SEND_Funding,
    opening = args.SEND_OpeningDeficit[0][0]
  ) => deficit(expenditure as Grid, funding as Grid, opening as number);

  test("reproduces the report's revised forecast: in-year and total deficit balance within ±3 each year", () => {
    const table = run() as unknown[][];
    expect(table[0]).toEqual(["Provision", ...WILTSHIRE_YEARS]);
    const inYear = rowOf(table, DEFICIT_ROWS.inYear);
    const closing = rowOf(table, DEFICIT_ROWS.closing);
    inYear.forEach((x, k) =>
      expect(Math.abs(x - WILTSHIRE_PUBLISHED.inYear[k])).toBeLessThanOrEqual(3)
    );
    closing.forEach((x, k) =>
      expect(Math.abs(x - WILTSHIRE_PUBLISHED.closing[k])).toBeLessThanOrEqual(3)
    );
    expect(rowOf(table, DEFICIT_ROWS.opening)[0]).toBe(35214);
  });

  test("the sheet's own Total Expenditure row is not added in as a line", () => {
    const table = run() as unknown[][];
    expect(table.filter((r) => r[0] === DEFICIT_ROWS.expenditure)).toHaveLength(1);
    // nine provision lines + plan year + the eight ledger rows
    expect(table).toHaveLength(1 + 1 + 9 + 8);
  });

  test("text in a funding cell is #VALUE! with the argument, the cell and what was found", () => {
    const error = errorOf(run(undefined, withCell(args.SEND_Funding, 1, 2, "tbc")));
    expect(error.message).toContain("fundingRange!C2: expected a number, found text 'tbc'");
  });

  test("funding without one of the expenditure's years is #VALUE!", () => {
    const error = errorOf(
      run(
        undefined,
        args.SEND_Funding.map((r) => r.slice(0, -1))
      )
    );
    expect(error.message).toContain("fundingRange!A1:H1: expected a column for 2030/31");
  });

  test("an opening deficit that is not a number is #VALUE!", () => {
    expect(errorOf(run(undefined, undefined, "tbc" as unknown as number)).message).toContain(
      "openingDeficit: expected a number, found text 'tbc'"
    );
  });
});
