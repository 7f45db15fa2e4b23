import { goalSeekFunction } from "../../src/functions/functions";
import { isExcelError } from "../../src/functions/excelError";
import { applyGoalLever, runForecast, type ForecastInput } from "../../src/model";
import { WILTSHIRE } from "../../src/example/wiltshire";
import { openXlsx } from "../../src/workbook/xlsx/workbook";
import { isCellError } from "../../src/workbook/port";

/* GOALSEEK over the example workbook's ranges, as Excel passes them. */

const NAMES = [
  "SEND_Baseline",
  "SEND_Interventions",
  "SEND_Expenditure",
  "SEND_Funding",
  "SEND_OpeningDeficit",
  "SEND_Settings",
  "SEND_Costs",
  "SEND_PlanActivity",
] as const;

/** The example's ranges as Excel hands them to a function: an empty cell as "", an error as its code. */
async function ranges(): Promise<unknown[][][]> {
  const workbook = await openXlsx(require.resolve("../../assets/SEND-Forecaster-Example.xlsx"));
  const read = await workbook.read(NAMES);
  return NAMES.map((name) => {
    const range = read.ranges[name];
    if (!range) throw new Error(`the example workbook has no ${name}`);
    return range.values.map((row) =>
      row.map((v) => (v === null ? "" : isCellError(v) ? { code: v.error } : v))
    );
  });
}

function call(condition: string, change: string, r: unknown[][][]): unknown {
  const [baseline, interventions, expenditure, funding, opening, settings, costs, plan] =
    r as unknown as [
      unknown[][],
      unknown[][],
      unknown[][],
      unknown[][],
      number[][],
      unknown[][],
      unknown[][],
      unknown[][],
    ];
  return goalSeekFunction(
    condition,
    change,
    baseline as never,
    interventions as never,
    expenditure as never,
    funding as never,
    opening[0][0],
    settings as never,
    costs as never,
    plan as never
  );
}

function closing2028(input: ForecastInput): number {
  const r = runForecast(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value.ledger.closing[r.value.ledger.years.indexOf("2028/29")];
}

describe("GOALSEEK", () => {
  test("a deficit ceiling by requests a month fewer: met at the answer, not 1% below it", async () => {
    const value = call("2028/29<=100000", "Requests@2025-04", await ranges());
    expect(value).toEqual(expect.any(Number));
    const lever = { kind: "lever" as const, lever: "Requests" as const, from: "2025-04" };
    expect(closing2028(applyGoalLever(WILTSHIRE, lever, value as number))).toBeLessThanOrEqual(
      100000
    );
    expect(closing2028(applyGoalLever(WILTSHIRE, lever, (value as number) * 0.99))).toBeGreaterThan(
      100000
    );
  });

  test("unreachable is #N/A saying so; bad text is #VALUE! saying what to give", async () => {
    const r = await ranges();
    const none = call("2024/25<=0", "Requests@2025-01", r);
    expect(isExcelError(none)).toBe(true);
    expect(none).toMatchObject({
      code: "#N/A",
      message: expect.stringMatching(/^No value reaches/),
    });
    expect(call("soon", "scale", r)).toMatchObject({
      code: "#VALUE!",
      message: expect.stringMatching(/expected the condition balance, cap or YEAR<=LIMIT/),
    });
  });
});
