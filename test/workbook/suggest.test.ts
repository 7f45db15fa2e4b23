import { labelKey } from "../../src/model";
import {
  COST_COLUMNS,
  INTERVENTION_COLUMNS,
  MONTHLY_COLUMNS,
  parseCosts,
  parseMonthly,
  rangeFromValues,
} from "../../src/workbook/contract";
import {
  MISSPELT_WITHIN,
  OWN_COLUMN_HEADERS,
  editDistance,
  isOwnColumn,
} from "../../src/workbook/suggest";

describe("edit distance", () => {
  test.each([
    ["status", "status", 0],
    ["stauts", "status", 1], // two neighbouring letters swapped
    ["confidnce", "confidence", 1],
    ["rampmnths", "rampmonths", 1],
    ["kitten", "sitting", 3],
    ["", "abc", 3],
  ])("%s to %s is %d", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe("a council's own columns", () => {
  const known = [...INTERVENTION_COLUMNS, ...MONTHLY_COLUMNS, ...COST_COLUMNS].flatMap(
    (c) => c.labels
  );
  test("none of the headers left alone is within reach of a header the contract reads", () => {
    const tooNear = OWN_COLUMN_HEADERS.flatMap((own) =>
      known
        .filter((label) => editDistance(labelKey(own), labelKey(label)) <= MISSPELT_WITHIN)
        .map((label) => `${own} ~ ${label}`)
    );
    expect(tooNear).toEqual([]);
  });
  test("Notes, Comments and a # marker are one's own; a misspelt header is not", () => {
    expect(isOwnColumn("Notes")).toBe(true);
    expect(isOwnColumn("comments")).toBe(true);
    expect(isOwnColumn("# Owner")).toBe(true);
    expect(isOwnColumn("Stauts")).toBe(false);
  });
});

describe("misspelt headers in the other table inputs", () => {
  test("SEND_Monthly: 'Transfers Inn' is reported at its cell with the header meant", () => {
    const parsed = parseMonthly(
      rangeFromValues("SEND_Monthly", [
        ["Month", "Requests", "NoToAssess", "NoToIssue", "PlansIssued", "Ceased", "Transfers Inn"],
        ["2025-01", 90, 10, 3, 70, 25, 1],
      ])
    );
    expect(parsed.problems).toEqual([
      {
        input: "SEND_Monthly",
        sheet: "",
        cell: "G1",
        message:
          "expected a column header of SEND_Monthly, found 'Transfers Inn': did you mean TransfersIn? Rename the header to TransfersIn",
      },
    ]);
  });
  test("SEND_Costs: 'Inflaton' is reported, not read as no inflation", () => {
    const parsed = parseCosts(
      rangeFromValues("SEND_Costs", [
        ["Line", "Driver", "Share", "UnitCost", "Inflaton"],
        ["Special Schools", "EHCPs", 0.5, 20000, 0.03],
      ])
    );
    expect(parsed.problems.map((p) => [p.cell, p.message])).toEqual([
      [
        "E1",
        "expected a column header of SEND_Costs, found 'Inflaton': did you mean Inflation? Rename the header to Inflation",
      ],
    ]);
  });
});
