import {
  balanceYearOf,
  costChange,
  impact,
  netGrowth,
  newPlans,
  rollingAvg,
} from "../../src/functions/functions";
import { isExcelError, type ExcelErrorValue } from "../../src/functions/excelError";
import { WILTSHIRE_PUBLISHED, WILTSHIRE_YEARS } from "../../src/example/wiltshire";

function expectError(result: unknown, code: string, ...fragments: string[]): void {
  expect(isExcelError(result)).toBe(true);
  const error = result as ExcelErrorValue;
  expect(error.code).toBe(code);
  for (const f of fragments) expect(error.message).toContain(f);
}

describe("NETGROWTH", () => {
  test("Wiltshire's 2023 system grows by 636 plans a year (97 requests, 12%, 3.9%, 29 ceased)", () => {
    expect(netGrowth(97, 0.12, 0.039, 29)).toBeCloseTo(636.37, 2);
  });

  test("the target system grows by 36 a year (66, 25%, 5%, 44)", () => {
    expect(netGrowth(66, 0.25, 0.05, 44)).toBeCloseTo(36.3, 1);
  });

  test("transfers in add twelve times their monthly figure; omitted (null) means none", () => {
    expect(netGrowth(97, 0.12, 0.039, 29, 5)).toBeCloseTo(636.37 + 60, 2);
    expect(netGrowth(97, 0.12, 0.039, 29, null as unknown as number)).toBeCloseTo(636.37, 2);
  });

  test("a rate typed as 12 for 12% is #VALUE! naming the argument, not a guess", () => {
    expectError(
      netGrowth(97, 12, 0.039, 29),
      "#VALUE!",
      "noToAssessRate: expected a rate between 0 and 1 (e.g. 0.12 or 12%), found 12"
    );
  });

  test("every bad argument is reported together", () => {
    const result = netGrowth("tbc" as unknown as number, 0.12, -0.1, -3);
    expectError(
      result,
      "#VALUE!",
      "requests: expected a number, found text 'tbc'",
      "noToIssueRate:",
      "ceased: expected a count of 0 or more, found -3"
    );
  });

  test("a figure too large to mean anything is refused before it can overflow", () => {
    expectError(netGrowth(1e308, 0, 0, 0), "#VALUE!", "requests: expected a number no larger than");
  });

  test("a missing required argument says so", () => {
    expectError(
      netGrowth(97, 0.12, null as unknown as number, 29),
      "#VALUE!",
      "noToIssueRate: expected a rate between 0 and 1 (e.g. 0.12 or 12%), found an empty cell"
    );
  });
});

describe("NEWPLANS", () => {
  test("97 requests a month at 12% and 3.9% give 82.03 new plans", () => {
    expect(newPlans(97, 0.12, 0.039)).toBeCloseTo(82.03, 2);
  });

  test("a rate typed as text reads as a cell of an input would: '3.9%' is 3.9%, 'tbc' is #VALUE!", () => {
    expect(newPlans(97, 0.12, "3.9%" as unknown as number)).toBeCloseTo(82.03, 2);
    expectError(
      newPlans(97, 0.12, "tbc" as unknown as number),
      "#VALUE!",
      "noToIssueRate:",
      "text 'tbc'"
    );
  });
});

describe("IMPACT", () => {
  test("Pre-DaD1: 97 × 32% × 50% × 50% = 7.76", () => {
    expect(impact(97, 0.32, 0.5, 0.5)).toBeCloseTo(7.76, 10);
  });

  test("Early Years ESA: 97 × 27% × 60% (all targeted) = 15.7", () => {
    expect(impact(97, 0.27, 1, 0.6)).toBeCloseTo(15.71, 2);
  });

  test("a share above 100% is #VALUE!", () => {
    expectError(
      impact(97, 32, 0.5, 0.5),
      "#VALUE!",
      "share: expected a rate between 0 and 1 (e.g. 0.12 or 12%), found 32"
    );
  });
});

describe("COSTCHANGE", () => {
  test("10 more INMSS placements at £35,560, 3% a year, 2 years on: 10 × 35,560 × 1.0609 / 1000 = 377.256 (£'000)", () => {
    expect(costChange(10, 1, 35560, 0.03, 2)).toBeCloseTo(377.25604, 8);
  });

  test("57.1 more average EHCPs, 30% of them at £25,000, 3% a year, 1 year on: 441.10 (£'000); fewer plans save money", () => {
    expect(costChange(57.1, 0.3, 25000, 0.03, 1)).toBeCloseTo(
      (57.1 * 0.3 * 25000 * 1.03) / 1000,
      10
    );
    expect(costChange(57.1, 0.3, 25000, 0.03, 1)).toBeCloseTo(441.0975, 8);
    expect(costChange(-20, "50%" as unknown as number, 10000, 0, 0)).toBeCloseTo(-100, 10);
    // Before the base year the unit cost is deflated.
    expect(costChange(100, 1, 1000, 0.1, -1)).toBeCloseTo(100 / 1.1, 10);
  });

  test("a share of 30 typed for 30%, a negative unit cost, inflation of 3 or −100%, and a part year are #VALUE!", () => {
    expectError(
      costChange(10, 30, 35560, 0.03, 2),
      "#VALUE!",
      "share: expected a rate between 0 and 1"
    );
    expectError(
      costChange(10, 1, -5, 0.03, 2),
      "#VALUE!",
      "unitCost: expected a count of 0 or more"
    );
    expectError(
      costChange(10, 1, 35560, 3, 2),
      "#VALUE!",
      "inflation: expected a fraction between -1 and 1"
    );
    expectError(
      costChange(10, 1, 35560, -1, 2),
      "#VALUE!",
      "inflation: expected an inflation rate above -100%"
    );
    expectError(
      costChange(10, 1, 35560, 0.03, 1.5),
      "#VALUE!",
      "years: expected a whole number of years, found 1.5"
    );
    expectError(
      costChange("tbc" as unknown as number, 1, 35560, 0.03, 2),
      "#VALUE!",
      "activityChange: expected a number, found text 'tbc'"
    );
  });
});

describe("BALANCEYEAR", () => {
  const column = <T>(xs: T[]): T[][] => xs.map((x) => [x]);

  test("Wiltshire's published in-year figures balance in 2030/31", () => {
    expect(balanceYearOf(column(WILTSHIRE_YEARS), column(WILTSHIRE_PUBLISHED.inYear))).toBe(
      "2030/31"
    );
  });

  test("years in a row and figures in a column are both accepted", () => {
    expect(balanceYearOf([WILTSHIRE_YEARS], column(WILTSHIRE_PUBLISHED.inYear))).toBe("2030/31");
  });

  test("a later relapse into deficit moves the balance year: balance must hold to the end", () => {
    const inYear = [10, -5, -5, 3, -1, -2, -3, -4];
    expect(balanceYearOf([WILTSHIRE_YEARS], [inYear])).toBe("2027/28");
  });

  test("never balancing is #N/A with a message", () => {
    expectError(
      balanceYearOf([WILTSHIRE_YEARS], [WILTSHIRE_PUBLISHED.inYear.map((x) => Math.abs(x))]),
      "#N/A",
      "no year balances",
      "2030/31"
    );
  });

  test("ranges of different lengths, or a bad label, are #VALUE!", () => {
    expectError(
      balanceYearOf([WILTSHIRE_YEARS], [[1, 2, 3]]),
      "#VALUE!",
      "inYearRange: expected one figure for each of the 8 years, found 3"
    );
    expectError(
      balanceYearOf([["2024/25", "Year 2"]], [[1, -1]]),
      "#VALUE!",
      "yearsRange:",
      "Year 2",
      "cell 2"
    );
  });
});

describe("ROLLINGAVG", () => {
  test("a 3-month window averages what there is for the first two months, then trails", () => {
    expect(rollingAvg([[3], [6], [9], [12], [15]], 3)).toEqual([[3], [4.5], [6], [9], [12]]);
  });

  test("a row spills as a row; the default window is twelve months", () => {
    const months = Array.from({ length: 14 }, (_, k) => k + 1);
    const [averages] = rollingAvg([months]) as number[][];
    expect(averages).toHaveLength(14);
    expect(averages[11]).toBeCloseTo(6.5, 10); // mean of 1..12
    expect(averages[13]).toBeCloseTo(8.5, 10); // mean of 3..14
  });

  test("blank cells at the end (months not yet in) are skipped; a blank inside is an error", () => {
    expect(rollingAvg([[2], [4], [""], [null]], 2)).toEqual([[2], [3]]);
    expectError(
      rollingAvg([[2], [""], [4]], 2),
      "#VALUE!",
      "values: expected a number in every cell, found an empty cell in cell 2"
    );
  });

  test("a window of 0 or 2.5 months is #VALUE!", () => {
    expectError(
      rollingAvg([[1], [2]], 0),
      "#VALUE!",
      "window: expected a whole number, 1 or more, found 0"
    );
    expectError(rollingAvg([[1], [2]], 2.5), "#VALUE!", "window:");
  });

  test("a block of several rows and columns is not a series", () => {
    expectError(
      rollingAvg([
        [1, 2],
        [3, 4],
      ]),
      "#VALUE!",
      "values: expected a single row or column, found 2 rows by 2 columns"
    );
  });
});
