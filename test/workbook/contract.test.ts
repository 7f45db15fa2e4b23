import { WILTSHIRE } from "../../src/example/wiltshire";
import { runForecast } from "../../src/model";
import {
  CONTRACT_INPUTS,
  locateProblems,
  parseBaseline,
  parseComparison,
  parseCosts,
  parseExpenditure,
  parseFunding,
  parseInterventions,
  parseMonthly,
  parseOpeningDeficit,
  parsePlanActivity,
  parseSettings,
  rangeFromValues,
  readInputs,
  requestedNames,
} from "../../src/workbook/contract";
import { readMonth, readNumber, readRate, readYearLabel } from "../../src/workbook/cells";
import { rangeAddress } from "../../src/workbook/grid";
import type { CellValue, RangeData, ReadResult } from "../../src/workbook/port";
import { formatProblem, problemAddress } from "../../src/workbook/problems";
import { wiltshireRanges, withCell } from "./wiltshireRanges";

function readResult(ranges: RangeData[], bindings: Record<string, string> = {}): ReadResult {
  const byName: Record<string, RangeData> = {};
  for (const r of ranges) byName[r.name] = r;
  return {
    ranges: byName,
    names: ranges.map((r) => ({ name: r.name, kind: r.kind, address: rangeAddress(r) })),
    outputSheet: "absent",
    bindings,
  };
}

function problemsOf(ranges: RangeData[]): string[] {
  const out = readInputs(readResult(ranges));
  if (out.ok) throw new Error("expected problems, the input was read");
  return out.problems.map(formatProblem);
}

describe("the contract's inputs", () => {
  it("lists the eight inputs of the spec, the plan's activity, the original plan, the comparison trajectory and the Monte Carlo's settings, four of them required", () => {
    expect(CONTRACT_INPUTS.map((c) => c.name)).toEqual([
      "SEND_Baseline",
      "SEND_Monthly",
      "SEND_Interventions",
      "SEND_Expenditure",
      "SEND_Funding",
      "SEND_OpeningDeficit",
      "SEND_Costs",
      "SEND_PlanActivity",
      "SEND_Settings",
      "SEND_OriginalPlan",
      "SEND_Comparison",
      "SEND_Uncertainty",
    ]);
    expect(CONTRACT_INPUTS.every((c) => c.description.length > 0)).toBe(true);
    expect(CONTRACT_INPUTS.filter((c) => c.required).map((c) => c.name)).toEqual([
      "SEND_Baseline",
      "SEND_Expenditure",
      "SEND_Funding",
      "SEND_OpeningDeficit",
    ]);
  });

  it("asks for the user's own name where an input is bound, matching the input name loosely", () => {
    const names = requestedNames({ send_funding: "DSG_Income_2025", SEND_Costs: " " });
    expect(names).toContain("DSG_Income_2025");
    expect(names).not.toContain("SEND_Funding");
    expect(names).toContain("SEND_Costs");
    expect(names).toHaveLength(12);
  });
});

describe("reading Wiltshire's workbook", () => {
  const out = readInputs(readResult(wiltshireRanges()));

  it("gives the model exactly the example's input", () => {
    if (!out.ok) throw new Error(out.problems.map(formatProblem).join("\n"));
    expect(out.input.baseline).toEqual(WILTSHIRE.baseline);
    expect(out.input.interventions).toEqual(WILTSHIRE.interventions);
    expect(out.input.years).toEqual(WILTSHIRE.years);
    expect(out.input.expenditure).toEqual(WILTSHIRE.expenditure);
    expect(out.input.funding).toEqual(WILTSHIRE.funding);
    expect(out.input.openingDeficit).toBe(35214);
    expect(out.input.settings).toEqual(WILTSHIRE.settings);
    expect(out.input.suppliedTotals).toEqual(WILTSHIRE.suppliedTotals);
    expect(out.warnings).toEqual([]);
  });

  it("says where each input was found, quoting sheet names with spaces", () => {
    if (!out.ok) throw new Error("not read");
    expect(out.found.SEND_Expenditure).toBe("'Deficit Table'!A4:I14");
    expect(out.found.SEND_OpeningDeficit).toBe("'Deficit Table'!B23");
    expect(out.found.SEND_Baseline).toBe("Demand!B4:C13");
    expect(out.found.SEND_Monthly).toBeUndefined();
    expect(out.names.SEND_Interventions).toBe("SEND_Interventions[#All]");
    expect(out.names.SEND_Expenditure).toBe("SEND_Expenditure");
  });

  it("reads the same when names differ in case and header labels in punctuation", () => {
    const ranges = wiltshireRanges().map((r) => ({ ...r, name: r.name.toLowerCase() }));
    const iv = ranges.find((r) => r.name === "send_interventions")!;
    iv.values[0] = ["name", "LEVER", "impact", "start", "Ramp months", "status", "Confidence"];
    const again = readInputs(readResult(ranges));
    expect(again.ok && again.input.interventions).toEqual(WILTSHIRE.interventions);
  });
});

describe("bad input: every problem with its input, cell and what was expected", () => {
  it("a missing required name", () => {
    const ranges = wiltshireRanges().filter((r) => r.name !== "SEND_OpeningDeficit");
    expect(problemsOf(ranges)).toEqual([
      "SEND_OpeningDeficit: expected a named range or table called SEND_OpeningDeficit, holding the deficit brought forward into the first year (£'000); none found",
    ]);
  });

  it("text in a number cell, at the report's own example address", () => {
    const funding = rangeFromValues("SEND_Funding", [
      ["", "2023/24", "2024/25"],
      ["High Needs Block", -70798, "tbc"],
    ]);
    const parsed = parseFunding({ ...funding, sheet: "Funding", row: 2 }, ["2023/24", "2024/25"]);
    expect(parsed.problems.map(formatProblem)).toEqual([
      "SEND_Funding!C4: expected a number, found text 'tbc'",
    ]);
    expect(problemAddress(parsed.problems[0])).toBe("Funding!C4");
  });

  it("an #N/A cell", () => {
    const ranges = withCell(wiltshireRanges(), "SEND_Expenditure", 3, 4, { error: "#N/A" });
    expect(problemsOf(ranges)).toEqual([
      "SEND_Expenditure!E7: expected a number, found the error #N/A",
    ]);
  });

  it("a rate typed as 12", () => {
    const ranges = withCell(wiltshireRanges(), "SEND_Baseline", 1, 1, 12, "General");
    expect(problemsOf(ranges)).toEqual([
      "SEND_Baseline!C5: expected a rate between 0 and 1 (e.g. 0.12 or 12%), found 12",
    ]);
  });

  it("a year column missing in SEND_Funding", () => {
    const ranges = wiltshireRanges().map((r) =>
      r.name === "SEND_Funding"
        ? {
            ...r,
            values: r.values.map((row) => row.slice(0, 8)),
            numberFormats: r.numberFormats.map((row) => row.slice(0, 8)),
          }
        : r
    );
    expect(problemsOf(ranges)).toEqual([
      "SEND_Funding!A17:H17: expected a column for 2030/31, as in SEND_Expenditure; found 2023/24, 2024/25, 2025/26, 2026/27, 2027/28, 2028/29 and 2029/30",
    ]);
  });

  it("a problem with the shape of an input names its cells: the range, or its header row", () => {
    // SEND_OpeningDeficit is B23 on 'Deficit Table', SEND_Expenditure starts at A4 with a label and 8 years.
    const three = wiltshireRanges().map((r) =>
      r.name === "SEND_OpeningDeficit"
        ? { ...r, values: [[1, 2, 3]], numberFormats: [["General", "General", "General"]] }
        : r
    );
    expect(problemsOf(three)).toEqual([
      "SEND_OpeningDeficit!B23:D23: expected one cell, the deficit brought forward (£'000); found 3 filled cells",
    ]);
    const noLines = wiltshireRanges().map((r) =>
      r.name === "SEND_Expenditure"
        ? {
            ...r,
            values: [r.values[0], new Array(9).fill(null), new Array(9).fill(null)],
            numberFormats: r.numberFormats.slice(0, 3),
          }
        : r
    );
    expect(problemsOf(noLines)).toContain(
      "SEND_Expenditure!A4:I6: expected at least one provision line below the header row; found none"
    );
    const out = readInputs(readResult(three));
    expect(out.ok).toBe(false);
    if (!out.ok) expect(problemAddress(out.problems[0])).toBe("'Deficit Table'!B23:D23");
  });

  it("a duplicate expenditure label, at the second label's cell", () => {
    const ranges = withCell(wiltshireRanges(), "SEND_Expenditure", 5, 0, "special schools");
    expect(problemsOf(ranges)).toEqual([
      "SEND_Expenditure!A9: expected each provision label once, found 'special schools' again (first at A7)",
    ]);
  });

  it("collects every problem, across inputs, not only the first", () => {
    let ranges = withCell(wiltshireRanges(), "SEND_Baseline", 2, 1, 3.9, "General");
    ranges = withCell(ranges, "SEND_Funding", 1, 3, "tbc");
    ranges = withCell(ranges, "SEND_Interventions", 2, 1, "Requests #");
    ranges = ranges.filter((r) => r.name !== "SEND_OpeningDeficit");
    expect(problemsOf(ranges)).toEqual([
      "SEND_OpeningDeficit: expected a named range or table called SEND_OpeningDeficit, holding the deficit brought forward into the first year (£'000); none found",
      "SEND_Baseline!C6: expected a rate between 0 and 1 (e.g. 0.12 or 12%), found 3.9",
      "SEND_Interventions!B5: expected one of Requests (or 'Requests per month', 'Requests a month'), RequestsPct (or 'Requests %', 'Requests percent'), NoToAssess (or 'No to assess', 'No to assess rate'), NoToIssue (or 'No to issue', 'No to issue rate'), Ceased (or 'Ceased plans', 'Plans ceased'), INMSSGrowth (or 'INMSS growth', 'INMSS growth %'), found text 'Requests #'",
      "SEND_Funding!D18: expected a number, found text 'tbc'",
    ]);
  });

  it("a percentage lever's impact typed as 13 points", () => {
    const ranges = withCell(wiltshireRanges(), "SEND_Interventions", 6, 2, 13, "0");
    expect(problemsOf(ranges)).toEqual([
      "SEND_Interventions!C9: expected a fraction between -1 and 1 for NoToAssess (e.g. 0.13 or 13%), found 13",
    ]);
  });

  it("a text column inside the year columns names its header cell and says to narrow the range", () => {
    const ranges = withCell(wiltshireRanges(), "SEND_Expenditure", 0, 3, "Notes");
    const problems = problemsOf(ranges);
    expect(problems[0]).toBe(
      "SEND_Expenditure!D4: expected only year columns after the label column, found the text column 'Notes'; narrow the named range SEND_Expenditure to leave it out, or move it outside the range"
    );
  });

  it("the model's own checks come back against the cells: years out of sequence", () => {
    const ranges = withCell(wiltshireRanges(), "SEND_Expenditure", 0, 3, "2026/27");
    expect(problemsOf(ranges)).toContain(
      "SEND_Expenditure!D4: expected 2025/26 after 2024/25, found 2026/27"
    );
  });

  it("the model's own checks come back against the cells: a settings year outside the forecast", () => {
    const ranges = withCell(wiltshireRanges(), "SEND_Settings", 0, 1, "2035-36");
    expect(problemsOf(ranges)).toEqual([
      "SEND_Settings!C3: expected one of the forecast's years (2023/24 to 2030/31), found 2035/36",
    ]);
  });

  it("a cost line naming no expenditure line is reported at its Line cell", () => {
    const costs: RangeData = {
      ...rangeFromValues("SEND_Costs", [
        ["Line", "Driver", "Share", "UnitCost", "Inflation", "BaseYear"],
        ["Independent special schools", "INMSS", 1, 60000, 0.03, "2024/25"],
      ]),
      sheet: "Costs",
      row: 4,
      column: 2,
    };
    expect(problemsOf([...wiltshireRanges(), costs])).toEqual([
      "SEND_Costs!C6: expected the label of an expenditure line, found text 'Independent special schools'",
    ]);
  });

  it("a name that refers to no cells is reported, not skipped", () => {
    const read = readResult(wiltshireRanges().filter((r) => r.name !== "SEND_Funding"));
    read.names.push({ name: "SEND_Funding", kind: "name", address: null });
    const out = readInputs(read);
    expect(!out.ok && out.problems.map(formatProblem)).toEqual([
      "SEND_Funding: expected a range or table; the name SEND_Funding does not refer to cells of this workbook (its reference is broken: #REF!, or a sheet that is not there); point it at the cells in Name Manager",
    ]);
  });

  it("a bound input that is missing names the user's own name", () => {
    const out = readInputs(readResult(wiltshireRanges(), { SEND_Funding: "DSG_Income" }));
    expect(!out.ok && out.problems.map(formatProblem)).toEqual([
      "DSG_Income: expected the name or table DSG_Income, bound to SEND_Funding; none found",
    ]);
  });
});

describe("the comparison trajectory (SEND_Comparison)", () => {
  // The original Safety Valve plan's trajectory, on a sheet of its own from B3.
  const plan = (values: CellValue[][], formats?: string[][]): RangeData => ({
    ...rangeFromValues("SEND_Comparison", values),
    sheet: "SV Plan",
    row: 2,
    column: 1,
    ...(formats ? { numberFormats: formats } : {}),
  });

  it("reads a month column and a figures column named for the plan, leaving out months without a figure", () => {
    const parsed = parseComparison(
      plan(
        [
          ["Month", "Safety Valve plan 2023"],
          [45658, 6354],
          ["2025-02", "6,380"],
          [null, null],
          ["Mar 2025", null],
        ],
        [
          ["General", "General"],
          ["mmm yyyy", "#,##0"],
          ["General", "General"],
          ["General", "General"],
          ["General", "General"],
        ]
      )
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.value).toEqual({
      label: "Safety Valve plan 2023",
      months: ["2025-01", "2025-02"],
      ehcps: [6354, 6380],
    });
    expect(parsed.where["comparison.ehcps[1]"]).toEqual({
      input: "SEND_Comparison",
      sheet: "SV Plan",
      cell: "C5",
    });
  });

  it("calls the series Comparison when its column is headed only EHCPs, and finds that column among others", () => {
    const parsed = parseComparison(
      plan([
        ["Notes", "Month", "EHCPs"],
        ["plan", "2025-04", 6500],
      ])
    );
    expect(parsed.value).toEqual({ label: "Comparison", months: ["2025-04"], ehcps: [6500] });
  });

  it("reports each bad cell with its address and what was expected", () => {
    const parsed = parseComparison(
      plan([
        ["Month", "EHCPs"],
        ["Sometime", 6354],
        ["2025-02", "tbc"],
        ["2025-03", { error: "#N/A" }],
        ["2025-04", -5],
        ["2025-05", 6400],
        ["May 2025", 6410],
      ])
    );
    expect(parsed.problems.map(formatProblem)).toEqual([
      "SEND_Comparison!B4: expected a month (a date, or text like 2025-04), found text 'Sometime'",
      "SEND_Comparison!C5: expected a number, found text 'tbc'",
      "SEND_Comparison!C6: expected a number, found the error #N/A",
      "SEND_Comparison!C7: expected a count of 0 or more, found -5",
      "SEND_Comparison!B9: expected each month once, found 2025-05 again (first at B8)",
    ]);
    expect(problemAddress(parsed.problems[0])).toBe("'SV Plan'!B4");
  });

  it("reports a missing Month column, and a figures column it cannot tell, against its header row", () => {
    expect(
      parseComparison(
        plan([
          ["Date", "EHCPs"],
          ["2025-04", 6500],
        ])
      ).problems.map(formatProblem)
    ).toEqual([
      "SEND_Comparison!B3:C3: expected a column headed Month in the header row (row 3); found none",
    ]);
    expect(
      parseComparison(
        plan([
          ["Month", "Plan A", "Plan B"],
          ["2025-04", 6500, 6400],
        ])
      ).problems.map(formatProblem)
    ).toEqual([
      "SEND_Comparison!B3:D3: expected one column of EHCP figures headed EHCPs beside Month in the header row (row 3); found 2 other columns (text 'Plan A', text 'Plan B') and none headed EHCPs",
    ]);
    expect(parseComparison(plan([["Month"], ["2025-04"]])).problems.map(formatProblem)).toEqual([
      "SEND_Comparison!B3: expected a column of EHCP figures headed EHCPs beside Month in the header row (row 3); found none",
    ]);
    expect(parseComparison(plan([[null, null]])).problems.map(formatProblem)).toEqual([
      "SEND_Comparison!B3:C3: expected a header row (Month, EHCPs) and rows below it; found an empty range",
    ]);
  });

  it("warns of a header with no months below it, and draws no comparison", () => {
    const parsed = parseComparison(plan([["Month", "EHCPs"]]));
    expect(parsed.value).toBeUndefined();
    expect(parsed.problems).toEqual([]);
    expect(parsed.warnings).toEqual([
      "SEND_Comparison!C3: no months with EHCP figures below the header row; no comparison is drawn",
    ]);
  });

  it("reaches the model's input beside Wiltshire's figures, and its problems join the others", () => {
    const comparison = plan([
      ["Month", "SV plan"],
      ["2025-01", 6354],
      ["2026-01", 6700],
    ]);
    const out = readInputs(readResult([...wiltshireRanges(), comparison]));
    if (!out.ok) throw new Error(out.problems.map(formatProblem).join("\n"));
    expect(out.input.comparison).toEqual({
      label: "SV plan",
      months: ["2025-01", "2026-01"],
      ehcps: [6354, 6700],
    });
    expect(out.found.SEND_Comparison).toBe("'SV Plan'!B3:C5");

    const bad = withCell([...wiltshireRanges(), comparison], "SEND_Comparison", 2, 1, "tbc");
    const broken = withCell(bad, "SEND_Funding", 1, 3, "tbc");
    expect(problemsOf(broken)).toEqual([
      "SEND_Funding!D18: expected a number, found text 'tbc'",
      "SEND_Comparison!C5: expected a number, found text 'tbc'",
    ]);
  });

  it("is optional: without it the input has no comparison and no problem", () => {
    const out = readInputs(readResult(wiltshireRanges()));
    expect(out.ok && out.input.comparison).toBeUndefined();
  });
});

describe("reading cells", () => {
  it("reads numbers stored as text", () => {
    expect(
      ["1,234", " 97 ", "(2,000)", "12%", "£1,234.5", "-", "−5"].map((t) => readNumber(t))
    ).toEqual([
      { ok: true, value: 1234 },
      { ok: true, value: 97 },
      { ok: true, value: -2000 },
      { ok: true, value: 0.12 },
      { ok: true, value: 1234.5 },
      { ok: true, value: 0 },
      { ok: true, value: -5 },
    ]);
    expect(readNumber(true)).toEqual({ ok: false, message: "expected a number, found TRUE" });
    expect(readNumber("1,23")).toEqual({
      ok: false,
      message: "expected a number, found text '1,23'",
    });
  });

  it("reads rates as fractions or percentages, never guessing at 12", () => {
    expect(readRate(0.12, "0.0%")).toEqual({ ok: true, value: 0.12 });
    expect(readRate("12%")).toEqual({ ok: true, value: 0.12 });
    expect(readRate(12, "0%")).toEqual({
      ok: false,
      message: "expected a rate between 0 and 1 (e.g. 0.12 or 12%), found 1200%",
    });
    expect(readRate("tbc")).toEqual({
      ok: false,
      message: "expected a rate between 0 and 1 (e.g. 0.12 or 12%), found text 'tbc'",
    });
  });

  it("reads months from serials, dates, ISO text and month names", () => {
    const months = [
      45748,
      45762.5,
      "2025-04",
      "2025-04-01",
      "Apr 2025",
      "April-25",
      "01/04/2025",
      "2025-04-01T00:00:00",
    ].map((v) => readMonth(v));
    expect(months.every((m) => m.ok && m.value === "2025-04")).toBe(true);
    expect(readMonth("Sometime")).toEqual({
      ok: false,
      message: "expected a month (a date, or text like 2025-04), found text 'Sometime'",
    });
    expect(readMonth("2025-13").ok).toBe(false);
    expect(readMonth(7).ok).toBe(false);
  });

  it("normalises year labels", () => {
    expect(
      ["2023/24", "2023-24", "2023/24 £'000", "2023/2024", "FY2023/24"].map((v) => readYearLabel(v))
    ).toEqual(new Array(5).fill({ ok: true, value: "2023/24" }));
    expect(readYearLabel("2023/25").ok).toBe(false);
    expect(readYearLabel(2023)).toEqual({
      ok: false,
      message:
        "expected a financial year label like 2023/24, found 2023, a single year: it could be 2022/23 (April 2022 to March 2023) or 2023/24; write the financial year, e.g. 2022/23",
    });
  });
});

describe("the parsers on bare arrays, as the custom functions call them", () => {
  it("skips blank rows and a header row in a key/value range, warning of unknown keys", () => {
    const parsed = parseBaseline(
      rangeFromValues("SEND_Baseline", [
        ["Key", "Value"],
        ["Requests per month", " 97 "],
        [null, null],
        ["No to assess rate", "12%"],
        ["Forecast start", "Jan 2025"],
        ["Colour", "blue"],
      ])
    );
    expect(parsed.value).toEqual({ requests: 97, noToAssessRate: 0.12, forecastStart: "2025-01" });
    expect(parsed.problems).toEqual([]);
    expect(parsed.warnings).toEqual([
      "SEND_Baseline!A6: 'Colour' is not one of the baseline keys (RequestsPerMonth, NoToAssessRate, NoToIssueRate, CeasedPerMonth, TransfersInPerMonth, OpeningEHCPs, ForecastStart, INMSSPlacements, INMSSAnnualGrowth, LagMonths); ignored",
    ]);
  });

  it("reports a key given twice at its second cell", () => {
    const parsed = parseSettings(
      rangeFromValues("SEND_Settings", [
        ["DeficitCap", 84500],
        ["Deficit cap", 90000],
      ])
    );
    expect(parsed.problems.map(formatProblem)).toEqual([
      "SEND_Settings!A2: expected DeficitCap once, found it again (first at A1)",
    ]);
  });

  it("treats a Total Expenditure row as the user's total, not a line", () => {
    const parsed = parseExpenditure(
      rangeFromValues("X", [
        ["Provision", "2024/25"],
        ["Special Schools", 10],
        ["Total Expenditure", 11],
      ])
    );
    expect(parsed.value).toEqual({
      years: ["2024/25"],
      lines: [{ label: "Special Schools", values: [10] }],
      suppliedTotal: [11],
    });
  });

  it("reports an expenditure range without year columns against its header row", () => {
    const parsed = parseExpenditure({
      ...rangeFromValues("SEND_Expenditure", [["Provision"], ["Special Schools"]]),
      row: 3,
    });
    expect(parsed.problems.map(formatProblem)).toEqual([
      "SEND_Expenditure!A4: expected year columns (2023/24, 2024/25 …) after the Provision column in the header row (row 4); found none",
    ]);
  });

  it("reads funding columns in any order, zero for empty cells and missing rows", () => {
    const parsed = parseFunding(
      rangeFromValues("F", [
        ["", "2025/26", "2024/25"],
        ["Safety valve", null, "(6,700)"],
      ]),
      ["2024/25", "2025/26"]
    );
    expect(parsed.value).toEqual({ safetyValve: [-6700, 0] });
    expect(parsed.problems).toEqual([]);
  });

  it("reports a funding row it does not know rather than leaving it out", () => {
    const parsed = parseFunding(
      rangeFromValues("F", [
        ["", "2024/25"],
        ["High Needs Blok", -1],
      ]),
      ["2024/25"]
    );
    expect(parsed.problems.map(formatProblem)).toEqual([
      "F!A2: expected one of High Needs Block, Block Transfer, Other DSG Blocks, Safety Valve Income, found text 'High Needs Blok'",
    ]);
  });

  it("reads interventions with percentage impacts as text, and a missing column as a problem at the header row", () => {
    const parsed = parseInterventions(
      rangeFromValues("SEND_Interventions", [
        ["Name", "Lever", "Impact", "Start"],
        ["Decisions", "No to assess", "13%", "2026-01"],
      ])
    );
    expect(parsed.value).toEqual([
      { name: "Decisions", lever: "NoToAssess", impact: 0.13, start: "2026-01" },
    ]);
    const missing = parseInterventions(
      rangeFromValues("SEND_Interventions", [
        ["Name", "Impact"],
        ["x", 1],
      ])
    );
    expect(missing.problems.map(formatProblem)).toEqual([
      "SEND_Interventions!A1:B1: expected columns headed Lever, Start in the header row (row 1); found none",
    ]);
  });

  it("reads monthly actuals, with optional columns left out when blank", () => {
    const parsed = parseMonthly(
      rangeFromValues("SEND_Monthly", [
        ["Month", "Requests", "No to assess", "No to issue", "Plans issued", "Ceased", "EHCPs"],
        [45658, 97, 12, 3, 80, 29, 6354],
        [45689, "101", 11, 2, 85, 30, null],
      ])
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.value).toEqual([
      {
        month: "2025-01",
        requests: 97,
        noToAssess: 12,
        noToIssue: 3,
        plansIssued: 80,
        ceased: 29,
        ehcps: 6354,
      },
      {
        month: "2025-02",
        requests: 101,
        noToAssess: 11,
        noToIssue: 2,
        plansIssued: 85,
        ceased: 30,
      },
    ]);
  });

  it("leaves out heading rows, and refuses the deficit table's funding rows as provision lines", () => {
    const parsed = parseExpenditure(
      rangeFromValues("SEND_Expenditure", [
        ["Provision", "2024/25", "2025/26"],
        ["Expenditure", null, null],
        ["Special Schools", 10, 12],
        ["Total Expenditure", 10, 12],
        ["High Needs Block", -9, -9],
      ])
    );
    expect(parsed.value.lines).toEqual([{ label: "Special Schools", values: [10, 12] }]);
    expect(parsed.warnings).toEqual([
      "SEND_Expenditure!A2: 'Expenditure' has no figures; read as a heading and left out",
    ]);
    expect(parsed.problems.map(formatProblem)).toEqual([
      "SEND_Expenditure!A5: expected a provision line, found 'High Needs Block', a row of the deficit table below Total Expenditure; end SEND_Expenditure at its Total Expenditure row and give the funding rows in SEND_Funding",
    ]);
  });

  it("reads the lower half of the report's table as funding, leaving out the rows the forecast computes", () => {
    const parsed = parseFunding(
      rangeFromValues("SEND_Funding", [
        ["£'000", "2024/25"],
        ["High Needs Block", -74445],
        ["Block Transfer", -2000],
        ["In Year Surplus (-)/Deficit (+)", 45727],
        ["Surplus/Deficit from other DSG Blocks", -2531],
        ["Safety Valve Income", -6700],
        ["Total Deficit Balance", 66232],
      ]),
      ["2024/25"]
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.value).toEqual({
      highNeedsBlock: [-74445],
      blockTransfer: [-2000],
      otherBlocks: [-2531],
      safetyValve: [-6700],
    });
    expect(parsed.warnings).toHaveLength(2);
  });

  it("warns when income is entered positive, against the report's convention", () => {
    const parsed = parseFunding(
      rangeFromValues("SEND_Funding", [
        ["", "2024/25"],
        ["High Needs Block", 74445],
      ]),
      ["2024/25"]
    );
    expect(parsed.warnings).toEqual([
      "SEND_Funding!A2: High Needs Block is income, negative in the report's convention; these figures are positive, so they add to the deficit",
    ]);
  });

  it("reads an opening deficit with its label beside it", () => {
    const parsed = parseOpeningDeficit(
      rangeFromValues("SEND_OpeningDeficit", [["Deficit brought forward", "35,214"]])
    );
    expect(parsed.value).toBe(35214);
    expect(parsed.where.openingDeficit.cell).toBe("B1");
  });
});

describe("SEND_Costs' Method and SEND_PlanActivity", () => {
  const YEARS = ["2024/25", "2025/26", "2026/27"];
  const COST_HEADER = ["Line", "Driver", "Share", "UnitCost", "Inflation", "BaseYear", "Method"];

  it("reads Method case- and punctuation-insensitively; a blank cell or no column is Total's default (left out)", () => {
    const parsed = parseCosts(
      rangeFromValues("SEND_Costs", [
        COST_HEADER,
        ["Special Schools", "EHCPs", 0.3, 25000, 0.03, "2024/25", "change"],
        ["Post 16 Provision", "EHCPs", 0.1, 9000, 0, "2024/25", " TOTAL "],
        ["Therapies", "EHCPs", 0.1, 900, 0, "2024/25", null],
      ]),
      "SEND_Costs",
      YEARS
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.value.map((c) => c.method)).toEqual(["Change", "Total", undefined]);
    expect(parsed.where["costs[0].method"]).toMatchObject({ cell: "G2" });
    const without = parseCosts(
      rangeFromValues("SEND_Costs", [
        COST_HEADER.slice(0, 6),
        ["Special Schools", "EHCPs", 0.3, 25000, 0, "2024/25"],
      ]),
      "SEND_Costs",
      YEARS
    );
    expect(without.problems).toEqual([]);
    expect(without.value[0]).not.toHaveProperty("method");
  });

  it("a Method that is neither Total nor Change is a problem at its cell", () => {
    const parsed = parseCosts(
      rangeFromValues("SEND_Costs", [
        COST_HEADER,
        ["Special Schools", "EHCPs", 0.3, 25000, 0.03, "2024/25", "Delta"],
        ["Therapies", "EHCPs", 0.1, 900, 0, "2024/25", 7],
      ]),
      "SEND_Costs",
      YEARS
    );
    expect(parsed.problems.map(formatProblem)).toEqual([
      "SEND_Costs!G2: expected one of Total, Change, found text 'Delta'",
      "SEND_Costs!G3: expected one of Total, Change, found 7",
    ]);
  });

  it("reads the plan's activity by the expenditure's years, in any column order; an empty cell or a missing column is no figure", () => {
    const parsed = parsePlanActivity(
      rangeFromValues("SEND_PlanActivity", [
        ["Activity", "2026/27", "2024/25"],
        ["INMSS placements", 400.5, 380],
        ["ehcps", null, 6500.25],
      ]),
      YEARS
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.value).toEqual({ inmss: [380, null, 400.5], ehcps: [6500.25, null, null] });
    expect(parsed.where["planActivity.ehcps[2]"]).toMatchObject({ cell: "B3" });
    expect(parsed.where["planActivity.inmss"]).toMatchObject({ cell: "A2" });
  });

  it("an unknown row, a row given twice, a negative or text figure and a header that is no year are problems at their cells", () => {
    const parsed = parsePlanActivity(
      rangeFromValues("SEND_PlanActivity", [
        ["Activity", "2024/25", "2025/26", "Notes"],
        ["EHCPs", 6500, -1, null],
        ["Pupils", 1, 2, null],
        ["EHCP", 6500, 6600, null],
        ["INMSS", "tbc", 380, null],
      ]),
      YEARS
    );
    expect(parsed.problems.map(formatProblem)).toEqual([
      "SEND_PlanActivity!D1: expected only year columns after the label column, found the text column 'Notes'; narrow the named range SEND_PlanActivity to leave it out, or move it outside the range",
      "SEND_PlanActivity!C2: expected a count of 0 or more, found -1",
      "SEND_PlanActivity!A3: expected one of EHCPs, INMSS, found text 'Pupils'",
      "SEND_PlanActivity!A4: expected the row EHCPs once, found it again (first at A2)",
      "SEND_PlanActivity!B5: expected a number, found text 'tbc'",
    ]);
  });

  it("through the contract: read into the model's input, and a missing figure the forecast needs is reported at its cell", () => {
    const costs = rangeFromValues("SEND_Costs", [
      COST_HEADER,
      ["Special Schools", "EHCPs", 0.3, 25000, 0.03, "2024/25", "Change"],
    ]);
    const plan = rangeFromValues("SEND_PlanActivity", [
      ["Activity", ...WILTSHIRE.years],
      ["EHCPs", null, 6500, 6900, 7100, 7150, 7200, 7240, 7280],
    ]);
    const out = readInputs(readResult([...wiltshireRanges(), costs, plan]));
    if (!out.ok) throw new Error(out.problems.map(formatProblem).join("\n"));
    expect(out.input.planActivity).toEqual({
      ehcps: [null, 6500, 6900, 7100, 7150, 7200, 7240, 7280],
    });
    expect(out.input.costs![0].method).toBe("Change");
    expect(out.found.SEND_PlanActivity).toBeDefined();

    const gap = withCell([...wiltshireRanges(), costs, plan], "SEND_PlanActivity", 1, 4, null);
    const read = readInputs(readResult(gap));
    if (!read.ok) throw new Error(read.problems.map(formatProblem).join("\n"));
    const forecast = runForecast(read.input);
    expect(
      !forecast.ok && locateProblems(forecast.problems, read.where).map(formatProblem)
    ).toEqual([
      "SEND_PlanActivity!E2: expected the plan's average EHCPs for 2026/27, for the Change line 'Special Schools'; found none",
    ]);
  });
});
