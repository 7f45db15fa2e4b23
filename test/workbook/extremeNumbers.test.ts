import fc from "fast-check";
import { describeCell, readNumber, readRate } from "../../src/workbook/cells";

/** What a problem quotes back for a refused number: the figure as typed, never a word for no figure. */
const quoted = (r: { ok: boolean; message?: string }): string => (r.ok ? "" : (r.message ?? ""));

describe("numbers at the edges of what a cell holds are quoted as typed", () => {
  test("1e308 is refused as 1e+308, not as Infinity; 1e-300 is quoted as 1e-300, not 0", () => {
    expect(quoted(readNumber(1e308))).toBe(
      "expected a number no larger than 1,000,000,000,000, found 1e+308"
    );
    expect(quoted(readNumber(-Number.MAX_VALUE))).toContain("found -1.7976931348623157e+308");
    expect(describeCell(1e-300)).toBe("1e-300");
    expect(describeCell(0)).toBe("0");
    expect(describeCell(0.1234567891234)).toBe("0.123456789");
  });

  test("a huge figure in a percentage cell is quoted without the percent that would overflow", () => {
    expect(describeCell(1e307, "0%")).toBe("1e+307");
    expect(describeCell(0.125, "0.0%")).toBe("12.5%");
    expect(quoted(readRate(1e307, "0%"))).not.toMatch(/Infinity|NaN/);
  });

  test("no finite number, in any format, is described as Infinity or NaN", () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.constantFrom("General", "0%", "0.00%", "#,##0"),
        (v, format) => {
          const text = describeCell(v, format);
          expect(text).not.toMatch(/Infinity|NaN/);
          expect(quoted(readNumber(v, format))).not.toMatch(/Infinity|NaN/);
          expect(quoted(readRate(v, format))).not.toMatch(/Infinity|NaN/);
        }
      )
    );
  });
});
