import { goalSeekFunction } from "../../src/functions/functions";
import { isExcelError } from "../../src/functions/excelError";
import { applyGoalLever, runForecast, type ForecastInput } from "../../src/model";
import { WILTSHIRE } from "../../src/example/wiltshire";
import { modelInputArguments } from "./exampleArguments";

/* GOALSEEK over the example workbook's ranges, as Excel passes them. */

function call(condition: string, change: string, r: unknown[]): unknown {
  return (goalSeekFunction as (...args: unknown[]) => unknown)(condition, change, ...r);
}

function closing2028(input: ForecastInput): number {
  const r = runForecast(input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value.ledger.closing[r.value.ledger.years.indexOf("2028/29")];
}

describe("GOALSEEK", () => {
  test("a deficit ceiling by requests a month fewer: met at the answer, not 1% below it", async () => {
    const value = call("2028/29<=100000", "Requests@2025-04", await modelInputArguments());
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
    const r = await modelInputArguments();
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
