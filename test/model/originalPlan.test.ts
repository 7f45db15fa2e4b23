import { compareWithOriginalPlan, millions, runForecast, type Ledger } from "../../src/model";
import { WILTSHIRE } from "../../src/example/wiltshire";

describe("the forecast against the original plan, in £", () => {
  test("Wiltshire's two published figures give the report's own sentences", () => {
    const r = runForecast(WILTSHIRE);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.value.originalPlan?.sentences).toEqual([
      "In-year deficit 2024/25: £45.7m, £17.5m more than the £28.3m in the original plan",
      "Total deficit balance 2028/29: £123.0m, £52.7m more than the £70.3m in the original plan",
      "Residual deficit £123.4m, up from £70.3m in the original plan",
    ]);
    const residual = r.value.originalPlan!.rows.find((x) => x.measure === "residual")!;
    expect(residual).toMatchObject({ year: "2028/29", forecastYear: "2030/31", plan: 70300 });
    const inYear = r.value.originalPlan!.rows[0];
    expect(inYear).toMatchObject({ year: "2024/25", plan: 28250 });
    expect(inYear.difference).toBeCloseTo(inYear.forecast! - 28250, 9);
  });

  test("without SEND_OriginalPlan there is no comparison", () => {
    const r = runForecast({ ...WILTSHIRE, originalPlan: undefined });
    expect(r.ok && r.value.originalPlan).toBe(undefined);
  });

  const ledger = (inYear: number[], closing: number[]): Ledger => ({
    years: ["2024/25", "2025/26"],
    lines: [],
    expenditure: [0, 0],
    highNeedsBlock: [0, 0],
    blockTransfer: [0, 0],
    inYear,
    otherBlocks: [0, 0],
    safetyValve: [0, 0],
    opening: [0, 0],
    closing,
  });
  const outcome = (balanceYear: string | null, residualDeficit: number | null) => ({
    balanceYear,
    residualDeficit,
    peakYear: "2024/25",
    peakDeficit: 0,
    conditions: [],
  });

  test("lower figures read less and down; equal ones the same; no balance year says so", () => {
    const c = compareWithOriginalPlan(
      { inYear: [20000, 5000], closing: [null, 90000] },
      ledger([18000, 5040], [60000, 50000]),
      outcome("2025/26", 50000)
    );
    expect(c.sentences).toEqual([
      "In-year deficit 2024/25: £18.0m, £2.0m less than the £20.0m in the original plan",
      "In-year deficit 2025/26: £5.0m, the same as the £5.0m in the original plan",
      "Total deficit balance 2025/26: £50.0m, £40.0m less than the £90.0m in the original plan",
      "Residual deficit £50.0m, down from £90.0m in the original plan",
    ]);
    const none = compareWithOriginalPlan(
      { closing: [80000, null] },
      ledger([1, 1], [90000, 91000]),
      outcome(null, null)
    );
    expect(none.rows[1]).toMatchObject({ forecast: null, difference: null, forecastYear: null });
    expect(none.sentences[1]).toBe(
      "Residual deficit: the forecast does not reach in-year balance by 2025/26, against a residual of £80.0m in the original plan"
    );
  });

  test("millions round halves away from zero and sign a surplus", () => {
    expect(millions(28250)).toBe("£28.3m");
    expect(millions(-917)).toBe("−£0.9m");
    expect(millions(-20)).toBe("£0.0m");
  });
});
