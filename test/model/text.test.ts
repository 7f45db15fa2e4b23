import { describe as describeValue, labelKey } from "../../src/model";
import { describe as describeArgument } from "../../src/functions/args";
import { describeCell } from "../../src/workbook/cells";

describe("how a value is quoted in a message", () => {
  test("the model words each kind of value once", () => {
    expect(
      [undefined, null, "", "tbc", 12, Number.NaN, Infinity, true, false, {}].map(describeValue)
    ).toEqual([
      "nothing",
      "nothing",
      "an empty text",
      "text 'tbc'",
      "12",
      "a number that is not finite",
      "a number that is not finite",
      "TRUE",
      "FALSE",
      "a value of another kind",
    ]);
  });

  test("a cell and a function's argument read as the model words them, but for what only they know", () => {
    for (const v of ["tbc", 12, true, false]) {
      expect(describeCell(v)).toBe(describeValue(v));
      expect(describeArgument(v)).toBe(describeValue(v));
    }
    expect(describeCell("")).toBe("an empty cell");
    expect(describeCell(" tbc ")).toBe("text 'tbc'");
    expect(describeCell(0.13, "0%")).toBe("13%");
    expect(describeCell({ error: "#N/A" })).toBe("the error #N/A");
    expect(describeArgument("")).toBe("nothing");
    expect(describeArgument("x".repeat(50))).toBe(`text '${"x".repeat(37)}...'`);
    expect(describeArgument([[1], [2]])).toBe("a range of 2 rows");
  });

  test("labels compare without case, spaces or punctuation", () => {
    expect(labelKey("Post 16 Provision")).toBe(labelKey("post-16 provision"));
    expect(labelKey("No to assess")).toBe(labelKey("NoToAssess"));
  });
});
