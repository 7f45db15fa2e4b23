import fc from "fast-check";
import { isMonthKey, monthKey } from "../../src/model";
import { labelKey } from "../../src/model";
import {
  monthOfSerial,
  readMonth,
  readNumber,
  readRate,
  readYearLabel,
  serialOfMonth,
} from "../../src/workbook/cells";
import { columnIndex, columnLetters, quoteSheet } from "../../src/workbook/address";
import { formatProblem, problemAddress } from "../../src/workbook/problems";

describe("cell readers", () => {
  it("turn every month from 1950 to 2200 into an Excel date and back", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1950 * 12, max: 2200 * 12 + 11 }), (index) => {
        const month = monthKey(index);
        const serial = serialOfMonth(month);
        expect(monthOfSerial(serial)).toBe(month);
        expect(monthOfSerial(serial + 27.75)).toBe(month);
        expect(readMonth(serial, "General")).toEqual({ ok: true, value: month });
        expect(readMonth(`${month}-01`)).toEqual({ ok: true, value: month });
      })
    );
    expect(serialOfMonth("2025-01")).toBe(45658);
  });

  it("never throw, and read any text either as a finite number or as a problem quoting it", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const n = readNumber(text);
        if (n.ok) expect(Number.isFinite(n.value)).toBe(true);
        else expect(n.message).toMatch(/^expected a number/);
        const m = readMonth(text);
        if (m.ok) expect(isMonthKey(m.value)).toBe(true);
        const y = readYearLabel(text);
        if (y.ok) expect(y.value).toMatch(/^\d{4}\/\d{2}$/);
      }),
      { numRuns: 2000 }
    );
  });

  it("read numbers written with thousands separators exactly", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), (n) => {
        expect(readNumber(n.toLocaleString("en-GB"))).toEqual({ ok: true, value: n });
        if (n < 0)
          expect(readNumber(`(${(-n).toLocaleString("en-GB")})`)).toEqual({ ok: true, value: n });
      })
    );
  });

  it("accept exactly the rates from 0 to 1", () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 10, noNaN: true }), (x) => {
        expect(readRate(x, "0.0%").ok).toBe(x >= 0 && x <= 1);
      })
    );
  });

  it("match names ignoring case, spaces, underscores and punctuation", () => {
    expect(labelKey("No to assess")).toBe(labelKey("NoToAssess"));
    expect(labelKey("SEND_Baseline")).toBe(labelKey("send baseline"));
    expect(labelKey("Surplus/Deficit from other DSG Blocks")).toBe(
      "surplusdeficitfromotherdsgblocks"
    );
  });
});

describe("problem addresses", () => {
  it("quote sheet names that need it, doubling apostrophes", () => {
    expect(
      problemAddress({ input: "SEND_Funding", sheet: "Bob's Sheet", cell: "C4", message: "x" })
    ).toBe("'Bob''s Sheet'!C4");
    expect(
      problemAddress({ input: "SEND_Funding", sheet: "Funding", cell: "C4", message: "x" })
    ).toBe("Funding!C4");
    expect(
      problemAddress({ input: "SEND_Funding", sheet: "Funding", cell: "", message: "x" })
    ).toBe("SEND_Funding");
    expect(problemAddress({ input: "SEND_Funding", sheet: "", cell: "", message: "x" })).toBe("");
    expect(quoteSheet("A1")).toBe("'A1'");
    expect(quoteSheet("2024")).toBe("'2024'");
    expect(quoteSheet("Deficit Table")).toBe("'Deficit Table'");
  });

  it("write the input's name, the cell and the message", () => {
    expect(
      formatProblem({
        input: "SEND_Funding",
        sheet: "F",
        cell: "C4",
        message: "expected a number, found text 'tbc'",
      })
    ).toBe("SEND_Funding!C4: expected a number, found text 'tbc'");
    expect(
      formatProblem({ input: "SEND_Baseline", sheet: "", cell: "", message: "expected …" })
    ).toBe("SEND_Baseline: expected …");
  });

  it("name columns as Excel does", () => {
    expect([0, 25, 26, 51, 52, 701, 702, 16383].map(columnLetters)).toEqual([
      "A",
      "Z",
      "AA",
      "AZ",
      "BA",
      "ZZ",
      "AAA",
      "XFD",
    ]);
  });

  it("read column letters back to the index they were made from", () => {
    for (const c of [0, 25, 26, 51, 52, 701, 702, 16383])
      expect(columnIndex(columnLetters(c))).toBe(c);
    expect(columnIndex("xfd")).toBe(16383);
  });

  it("quote sheet names Excel would read as R1C1 references", () => {
    expect(["R", "C", "RC", "r1c1", "R2", "C3", "RC4"].map(quoteSheet)).toEqual([
      "'R'",
      "'C'",
      "'RC'",
      "'r1c1'",
      "'R2'",
      "'C3'",
      "'RC4'",
    ]);
    expect(["Rates", "Costs", "R_1", "SEND_Inputs"].map(quoteSheet)).toEqual([
      "Rates",
      "Costs",
      "R_1",
      "SEND_Inputs",
    ]);
  });
});
