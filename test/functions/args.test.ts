import * as check from "../../src/functions/args";
import { evaluate } from "../../src/functions/args";
import { isExcelError, type ExcelErrorValue } from "../../src/functions/excelError";

const errorOf = (result: unknown): ExcelErrorValue => {
  expect(isExcelError(result)).toBe(true);
  return result as ExcelErrorValue;
};

describe("evaluate: the one argument-checking path", () => {
  test("runs the body only when every argument is good", () => {
    const body = jest.fn((a: { x: number }) => a.x * 2);
    expect(evaluate({ x: [21, check.number] }, body)).toBe(42);
    errorOf(evaluate({ x: ["tbc", check.number] }, body));
    expect(body).toHaveBeenCalledTimes(1);
  });

  test("a result that is not finite becomes #NUM!, in a scalar or anywhere in a spill", () => {
    expect(errorOf(evaluate({}, () => Infinity)).code).toBe("#NUM!");
    expect(errorOf(evaluate({}, () => NaN)).code).toBe("#NUM!");
    expect(
      errorOf(
        evaluate({}, () => [
          [1, 2],
          [3, NaN],
        ])
      ).code
    ).toBe("#NUM!");
  });

  test("an exception in the body comes back as #VALUE!, not thrown into Excel", () => {
    const error = errorOf(
      evaluate({}, () => {
        throw new RangeError("not a month key: 2025-13");
      })
    );
    expect(error.code).toBe("#VALUE!");
    expect(error.message).toContain("not a month key: 2025-13");
  });
});

describe("argument checks", () => {
  test("optional arguments: null, undefined and an empty cell all mean omitted", () => {
    const windowArg = check.optional(check.positiveWhole, 12);
    for (const omitted of [null, undefined, ""])
      expect(windowArg(omitted)).toEqual({ ok: true, value: 12 });
    expect(windowArg(6)).toEqual({ ok: true, value: 6 });
  });

  test("a month is a date serial or text, as a month cell of an input", () => {
    expect(check.month(45748)).toEqual({ ok: true, value: "2025-04" });
    expect(check.month("2025-04-01")).toEqual({ ok: true, value: "2025-04" });
    expect(check.month("soon").ok).toBe(false);
  });

  test("a scenario matches case and punctuation insensitively", () => {
    const scenario = check.oneOf(["unmitigated", "mitigated", "riskAdjusted"] as const);
    expect(scenario("Risk-Adjusted")).toEqual({ ok: true, value: "riskAdjusted" });
    expect(scenario("RISKADJUSTED")).toEqual({ ok: true, value: "riskAdjusted" });
    expect(scenario("best case")).toEqual({
      ok: false,
      expected: "expected one of unmitigated, mitigated, riskAdjusted, found text 'best case'",
    });
  });

  test("a range: a single cell arrives as a scalar; Excel errors in cells are kept as cell errors; ragged rows are refused", () => {
    expect(check.range(5)).toEqual({ ok: true, value: [[5]] });
    expect(
      check.range([
        ["a", ""],
        [{ code: "#N/A" }, 2],
      ])
    ).toEqual({
      ok: true,
      value: [
        ["a", null],
        [{ error: "#N/A" }, 2],
      ],
    });
    expect(check.range([[1, 2], [3]]).ok).toBe(false);
  });

  test("a series is one row or one column", () => {
    expect(check.numberSeries([[1, 2, 3]])).toEqual({ ok: true, value: [1, 2, 3] });
    expect(check.numberSeries([[1], [2], [""]])).toEqual({ ok: true, value: [1, 2] });
    expect(check.numberSeries([[""], [""]]).ok).toBe(false);
  });
});
