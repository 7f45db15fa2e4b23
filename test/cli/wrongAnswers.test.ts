/**
 * No silent wrong answers: workbooks laid out the ways councils' are, run
 * through the command line's code path (an .xlsx built with ExcelJS, read,
 * checked and refreshed as `npm run forecast -- FILE --json --out OUT`
 * runs it). Each either gives the right figures, checked against a hand
 * calculation or the report's own, or stops with a problem naming the cell
 * and what to do, with the input unchanged and no copy written.
 */
import { existsSync, readdirSync, writeFileSync } from "fs";
import * as path from "path";
import ExcelJS from "exceljs";
import { main } from "../../src/cli/forecast";
import { WILTSHIRE, WILTSHIRE_PUBLISHED, WILTSHIRE_YEARS } from "../../src/example/wiltshire";
import { runForecast, type CostDriverLine, type ForecastInput } from "../../src/model";
import { buildExampleWorkbook } from "../../scripts/build-example-workbook";
import { sha256, tempDir } from "../fixtures/xlsx-files";

interface Problem {
  field: string;
  sheet: string;
  cell: string;
  message: string;
}

interface Outcome {
  code: number;
  json: {
    ok: boolean;
    problems?: Problem[];
    warnings: (Problem & { code: string })[];
    ledgers?: Record<
      string,
      {
        lines: Record<string, number[]>;
        expenditure: number[];
        closing: number[];
        yearly: { year: string; averageEhcps: number }[];
      }
    >;
    ledger?: { closing: number[]; expenditure: number[] };
  };
  stdout: string;
  stderr: string;
  written: boolean;
}

let dir: string;
let remove: () => void;
beforeEach(() => ({ dir, remove } = tempDir()));
afterEach(() => remove());

/** The workbook saved, then refreshed as the command line refreshes it; the input's bytes checked unchanged. */
async function forecast(wb: ExcelJS.Workbook, ...extra: string[]): Promise<Outcome> {
  const input = path.join(dir, "council.xlsx");
  const out = path.join(dir, "council-forecast.xlsx");
  writeFileSync(input, Buffer.from(await wb.xlsx.writeBuffer()));
  const before = sha256(input);
  let stdout = "";
  let stderr = "";
  const args = extra.includes("--no-write") ? extra : ["--out", out, ...extra];
  const code = await main([input, "--json", ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: dir,
    interactive: false,
  });
  expect(sha256(input)).toBe(before);
  const written = existsSync(out);
  if (code !== 0) expect(readdirSync(dir)).toEqual(["council.xlsx"]);
  return { code, json: JSON.parse(stdout), stdout, stderr, written };
}

/** No message anywhere with a figure that is not one, or with three decimals of £'000. */
function expectCleanText(o: Outcome): void {
  const text = o.stdout + o.stderr;
  expect(text).not.toMatch(/NaN|Infinity|undefined|\[object Object\]|#NUM!/);
  for (const m of [...(o.json.problems ?? []), ...o.json.warnings].map((p) => p.message))
    expect(m).not.toMatch(/[1-9][\d,]*\.\d{3}(?!\d)/);
}

const forecastSheet = (wb: ExcelJS.Workbook): ExcelJS.Worksheet =>
  wb.getWorksheet("Revised Forecast")!;

/** The example's layout: SEND_Expenditure's header in row 5, its lines in rows 6–14, Total Expenditure in 15; SEND_Funding's header in row 17. */
const HEADER_ROW = 5;
const TOTAL_ROW = 15;
const FUNDING_HEADER_ROW = 17;
const yearColumn = (k: number): number => 2 + k; // B = 2023/24

function redefine(wb: ExcelJS.Workbook, name: string, ref: string): void {
  wb.definedNames.model = [
    ...wb.definedNames.model.filter((n) => n.name !== name),
    { name, ranges: [ref] },
  ];
}

/** The example's Special Schools line, priced as a Total line (its supplied figures replaced from 2024/25, the forecast's year). */
const SPECIAL_SCHOOLS_TOTAL: CostDriverLine = {
  line: "Special Schools",
  driver: "EHCPs",
  share: 0.535,
  unitCost: 10150,
  inflation: 0.03,
  baseYear: "2024/25",
  method: "Total",
};

/** Wiltshire without its plan activity, with these cost lines. */
function withCosts(costs: CostDriverLine[]): ForecastInput {
  const { planActivity: _, ...rest } = WILTSHIRE;
  return { ...rest, costs };
}

/** The report's 2030/31 balance (123,385) with the example's own lines: 123,382 ±3. */
function expectTheReportsBalance(o: Outcome): void {
  expect(o.code).toBe(0);
  const closing = o.json.ledger!.closing;
  closing.forEach((v, k) =>
    expect(Math.abs(v - WILTSHIRE_PUBLISHED.closing[k])).toBeLessThanOrEqual(3)
  );
}

describe("1. figures typed in pounds among figures in £'000", () => {
  test("every line in pounds next to driven lines: a problem at the Total Expenditure cell, suggesting the figure ÷ 1,000", async () => {
    const input: ForecastInput = {
      ...WILTSHIRE,
      expenditure: WILTSHIRE.expenditure.map((l) => ({
        label: l.label,
        values: l.values.map((v) => v * 1000),
      })),
      suppliedTotals: {
        expenditure: WILTSHIRE.suppliedTotals!.expenditure!.map((v) => (v === null ? v : v * 1000)),
      },
    };
    const o = await forecast(buildExampleWorkbook(input));
    expect(o.code).toBe(2);
    expect(o.written).toBe(false);
    // By hand: 2023/24's lines add up to 96,683 (£'000), so 96,683,000 typed in pounds, 1,366 times the High Needs Block of 70,798.
    expect(o.json.problems).toEqual([
      expect.objectContaining({
        field: "SEND_Expenditure",
        sheet: "Revised Forecast",
        cell: "B15",
      }),
    ]);
    const message = o.json.problems![0].message;
    expect(message).toContain("96,683,000 in 2023/24");
    expect(message).toContain("1366 times the High Needs Block (70,798)");
    // The largest line in 2023/24 is Special Schools, 28,137 in £'000.
    expect(message).toContain("Special Schools's 28,137,000 is 28,137 in £'000");
    expectCleanText(o);
  });

  test("one line typed in pounds: a problem at its cell naming what it would be in £'000", async () => {
    const wb = buildExampleWorkbook();
    // Special Schools 2025/26: 34,262 typed as 34,262,000.
    forecastSheet(wb).getCell(8, yearColumn(2)).value = 34262000;
    const o = await forecast(wb);
    expect(o.code).toBe(2);
    // By hand, the year's nine lines other than 0 sorted: 873, 1,087, 5,712, 7,693, 9,974, …: the middle one is 9,974.
    expect(o.json.problems).toEqual([
      {
        field: "SEND_Expenditure",
        sheet: "Revised Forecast",
        cell: "D8",
        message:
          "expected £'000, found 34,262,000 for 2025/26, 3435 times the middle line of that year (9,974); if it was typed in pounds, it is 34,262 in £'000: enter every figure in £'000 (pounds divided by 1,000)",
      },
    ]);
  });

  test("the whole workbook in pounds next to a Total cost line priced in £'000: a problem at the unit cost", async () => {
    const pounds = (xs: readonly number[]): number[] => xs.map((v) => v * 1000);
    const input = withCosts([SPECIAL_SCHOOLS_TOTAL]);
    const o = await forecast(
      buildExampleWorkbook({
        ...input,
        expenditure: input.expenditure.map((l) => ({ label: l.label, values: pounds(l.values) })),
        funding: {
          highNeedsBlock: pounds(WILTSHIRE.funding.highNeedsBlock!),
          blockTransfer: pounds(WILTSHIRE.funding.blockTransfer!),
          otherBlocks: pounds(WILTSHIRE.funding.otherBlocks!),
          safetyValve: pounds(WILTSHIRE.funding.safetyValve!),
        },
        openingDeficit: 35214000,
        suppliedTotals: { expenditure: pounds(WILTSHIRE.suppliedTotals!.expenditure as number[]) },
      })
    );
    expect(o.code).toBe(2);
    expect(o.written).toBe(false);
    // The Costs table starts at A5: the line is row 6, UnitCost in D.
    expect(o.json.problems).toEqual([
      expect.objectContaining({ field: "SEND_Costs", sheet: "Costs", cell: "D6" }),
    ]);
    // By hand, 2024/25 (the forecast's year): the middle of the nine supplied lines is 9,040 (£'000), typed as 9,040,000.
    expect(o.json.problems![0].message).toContain(
      "in 2024/25, under a hundredth of that year's middle supplied line (9,040,000); if the expenditure and funding were typed in pounds, enter them in £'000"
    );
    expectCleanText(o);
  });

  test("the opening deficit in pounds: a problem at its cell", async () => {
    const o = await forecast(buildExampleWorkbook({ ...WILTSHIRE, openingDeficit: 35214000 }));
    expect(o.code).toBe(2);
    // By hand: 35,214,000 ÷ 70,798 = 497.4.
    expect(o.json.problems).toEqual([
      {
        field: "SEND_OpeningDeficit",
        sheet: "Revised Forecast",
        cell: "B23",
        message:
          "expected £'000, found 35,214,000, 497 times the High Needs Block of 2023/24 (70,798); if it was typed in pounds, it is 35,214 in £'000: enter every figure in £'000 (pounds divided by 1,000)",
      },
    ]);
  });

  test("a funding row in pounds: a problem at its cell", async () => {
    const wb = buildExampleWorkbook();
    forecastSheet(wb).getCell(FUNDING_HEADER_ROW + 1, yearColumn(0)).value = -70798000;
    const o = await forecast(wb);
    expect(o.code).toBe(2);
    expect(o.json.problems!.map((p) => p.cell)).toEqual(["B18"]);
    expect(o.json.problems![0].message).toContain("it is −70,798 in £'000");
  });
});

describe("4. reconciliation with driven lines", () => {
  const drivenLines: CostDriverLine[] = [
    { ...SPECIAL_SCHOOLS_TOTAL, line: WILTSHIRE.expenditure[0].label, share: 0.3885 },
    { ...SPECIAL_SCHOOLS_TOTAL, line: WILTSHIRE.expenditure[1].label, share: 0.0765 },
    SPECIAL_SCHOOLS_TOTAL,
  ];

  test("the council's own lines against its own total, and the driven lines' change reported apart, in whole £'000", async () => {
    const o = await forecast(buildExampleWorkbook(withCosts(drivenLines)));
    expect(o.code).toBe(0);
    const reconciliation = o.json.warnings.filter((w) => w.code === "reconciliation");
    // The supplied lines miss the supplied total by the report's own rounding: +1, −1, −1, −2.
    expect(reconciliation.slice(0, 4).map((w) => w.message)).toEqual([
      "Total Expenditure 2024/25: the supplied lines add up to 122,173, +1 against the supplied 122,172.",
      "Total Expenditure 2025/26: the supplied lines add up to 118,750, \u22121 against the supplied 118,751.",
      "Total Expenditure 2029/30: the supplied lines add up to 95,905, \u22121 against the supplied 95,906.",
      "Total Expenditure 2030/31: the supplied lines add up to 96,525, \u22122 against the supplied 96,527.",
    ]);
    expect(reconciliation).toHaveLength(5);
    const driven = reconciliation[4].message;
    expect(driven).toMatch(
      /^Total Expenditure: 3 lines driven by SEND_Costs change the supplied total by /
    );
    // By hand, each year from 2024/25: the year's average EHCPs × (38.85% + 7.65% + 53.5%) × £10,150 × 1.03^(years from 2024/25) ÷ 1,000, less the three supplied lines.
    const yearly = o.json.ledgers!.mitigated.yearly;
    for (const { year, averageEhcps } of yearly) {
      const k = WILTSHIRE_YEARS.indexOf(year);
      const years = Number(year.slice(0, 4)) - 2024;
      const priced = (averageEhcps * 1 * 10150 * 1.03 ** years) / 1000;
      const supplied = [0, 1, 2].reduce((s, j) => s + WILTSHIRE.expenditure[j].values[k], 0);
      const change = Math.round(priced - supplied);
      const text = `${change > 0 ? "+" : change < 0 ? "\u2212" : ""}${Math.abs(change).toLocaleString("en-GB")} in ${year}`;
      expect(driven).toContain(text);
    }
    expectCleanText(o);
  });
});

describe("9. year labels", () => {
  const FORMS = [
    "FY23/24",
    "24/25",
    "Outturn 2025-26",
    "2026/27 Budget",
    "FY2027/28",
    "2028-2029",
    "29/30",
    "2030/31 £'000",
  ];

  test("FY25/26, 25/26, Outturn 2023-24 and the other forms read as the years they name: the report's figures", async () => {
    const wb = buildExampleWorkbook();
    FORMS.forEach((label, k) => {
      forecastSheet(wb).getCell(HEADER_ROW, yearColumn(k)).value = label;
      forecastSheet(wb).getCell(FUNDING_HEADER_ROW, yearColumn(k)).value = label;
    });
    const o = await forecast(wb, "--no-write");
    expectTheReportsBalance(o);
    expect(o.stdout).not.toContain('"problems"');
  });

  test("2026 as a number: one problem at its cell, saying why and listing the forms read, and no follow-on problems", async () => {
    const wb = buildExampleWorkbook();
    forecastSheet(wb).getCell(HEADER_ROW, yearColumn(2)).value = 2026;
    forecastSheet(wb).getCell(HEADER_ROW, yearColumn(3)).value = "FY 2027";
    const o = await forecast(wb);
    expect(o.code).toBe(2);
    expect(o.json.problems).toHaveLength(1);
    const [p] = o.json.problems!;
    expect(p).toMatchObject({ field: "SEND_Expenditure", sheet: "Revised Forecast", cell: "D5" });
    expect(p.message).toContain(
      "found 2026, a single year: it could be 2025/26 (April 2025 to March 2026) or 2026/27"
    );
    expect(p.message).toContain("and 1 more header not read as years: E5");
    expect(p.message).toContain("FY25/26 or 25/26");
    expect(p.message).toContain("Outturn 2025-26");
    expect(JSON.stringify(o.json.problems)).not.toContain("found none");
  });

  test("a Notes column inside the range: a problem saying to narrow the named range, to the address without it", async () => {
    const wb = buildExampleWorkbook();
    const ws = forecastSheet(wb);
    ws.getCell(HEADER_ROW, 10).value = "Notes";
    ws.getCell(7, 10).value = "includes top-ups";
    redefine(wb, "SEND_Expenditure", "'Revised Forecast'!$A$5:$J$15");
    const o = await forecast(wb);
    expect(o.code).toBe(2);
    expect(o.json.problems).toEqual([
      {
        field: "SEND_Expenditure",
        sheet: "Revised Forecast",
        cell: "J5",
        message:
          "expected only year columns after the label column, found the text column 'Notes'; narrow the named range SEND_Expenditure to leave it out (to 'Revised Forecast'!A5:I15)",
      },
    ]);
  });

  test("a blank in a year a Total cost line replaces is accepted, and the figures are those with the cell filled", async () => {
    const filled = await forecast(
      buildExampleWorkbook(withCosts([SPECIAL_SCHOOLS_TOTAL])),
      "--no-write"
    );
    expect(filled.code).toBe(0);
    const wb = buildExampleWorkbook(withCosts([SPECIAL_SCHOOLS_TOTAL]));
    forecastSheet(wb).getCell(8, yearColumn(3)).value = null; // Special Schools 2026/27
    const blank = await forecast(wb, "--no-write");
    expect(blank.code).toBe(0);
    expect(blank.json.ledgers).toEqual(filled.json.ledgers);
    // By hand: the driven 2026/27 figure is the year's average EHCPs × 53.5% × £10,150 × 1.03² ÷ 1,000.
    const y = blank.json.ledgers!.mitigated.yearly.find((s) => s.year === "2026/27")!;
    expect(blank.json.ledgers!.mitigated.lines["Special Schools"][3]).toBeCloseTo(
      (y.averageEhcps * 0.535 * 10150 * 1.03 ** 2) / 1000,
      6
    );
  });

  test("a blank in a year before the forecast, which no cost line replaces, is still a problem at its cell", async () => {
    const wb = buildExampleWorkbook(withCosts([SPECIAL_SCHOOLS_TOTAL]));
    forecastSheet(wb).getCell(8, yearColumn(0)).value = null; // Special Schools 2023/24
    const o = await forecast(wb);
    expect(o.code).toBe(2);
    expect(o.json.problems).toEqual([
      {
        field: "SEND_Expenditure",
        sheet: "Revised Forecast",
        cell: "B8",
        message:
          "expected a number (£'000) for 2023/24, found an empty cell; enter 0 if there is no spending",
      },
    ]);
  });
});

describe("11. a total row spelt otherwise", () => {
  for (const label of ["Total Expenditure (£'000)", "Total", "TOTAL HIGH NEEDS EXPENDITURE"])
    test(`'${label}' is the supplied total, not a line: the report's balance`, async () => {
      const wb = buildExampleWorkbook();
      forecastSheet(wb).getCell(TOTAL_ROW, 1).value = label;
      const o = await forecast(wb, "--no-write");
      expectTheReportsBalance(o);
      // By hand: 2030/31's nine lines add up to 96,525 (not 193,052 with the total added).
      expect(Math.round(o.json.ledger!.expenditure[7])).toBe(96525);
    });

  test("a total not labelled as one (equal to the sum of the others in every year) is a problem at its label", async () => {
    const wb = buildExampleWorkbook();
    forecastSheet(wb).getCell(TOTAL_ROW, 1).value = "All High Needs provision";
    const o = await forecast(wb);
    expect(o.code).toBe(2);
    expect(o.json.problems).toHaveLength(1);
    expect(o.json.problems![0]).toMatchObject({ sheet: "Revised Forecast", cell: "A15" });
    expect(o.json.problems![0].message).toContain(
      "'All High Needs provision', which is the sum of the other 9 lines in every year (2023/24: 96,683)"
    );
    expect(o.json.problems![0].message).toContain("label it Total Expenditure");
  });
});

describe("12. figures that are not finite", () => {
  test("Inflation −0.999 and BaseYear 2200/01: problems at both cells, and no NaN or Infinity anywhere", async () => {
    const o = await forecast(
      buildExampleWorkbook(
        withCosts([{ ...SPECIAL_SCHOOLS_TOTAL, inflation: -0.999, baseYear: "2200/01" }])
      )
    );
    expect(o.code).toBe(2);
    // The Costs table starts at A5: its first line is row 6, Inflation in E and BaseYear in F.
    expect(o.json.problems).toEqual([
      {
        field: "SEND_Costs",
        sheet: "Costs",
        cell: "E6",
        message:
          "expected an annual rate as a fraction above −50% and at most 50% (e.g. 0.03 or 3%), found -0.999",
      },
      {
        field: "SEND_Costs",
        sheet: "Costs",
        cell: "F6",
        message:
          "expected the year the unit cost is priced in, within 30 years of the forecast's years (1993/94 to 2060/61); found 2200/01",
      },
    ]);
    expectCleanText(o);
  });

  test("the model's last guard: a cost line that prices to Infinity is a problem at the cost line, never a figure", () => {
    const input = withCosts([{ ...SPECIAL_SCHOOLS_TOTAL, unitCost: 1e308 }]);
    const r = runForecast(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].field).toBe("costs[0]");
    expect(r.problems[0].message).toContain(
      "'Special Schools' comes to a number too large to hold (not finite) in 2024/25"
    );
    // Without the cost line the same input runs: the guard is about the figure, not the input's shape.
    expect(runForecast(withCosts([])).ok).toBe(true);
  });

  test("lines whose sum overflows are a problem, not Infinity", () => {
    const input: ForecastInput = {
      ...withCosts([]),
      expenditure: WILTSHIRE.expenditure.map((l) => ({
        label: l.label,
        values: l.values.map(() => 1e308),
      })),
    };
    const r = runForecast(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.field)).toEqual(["expenditure"]);
  });
});

describe("17. every problem reported together, warnings kept", () => {
  test("an unreadable year header and a text cell under a header that did read: both, and nothing that follows from the header", async () => {
    const wb = buildExampleWorkbook();
    forecastSheet(wb).getCell(7, yearColumn(0)).value = "tbc";
    forecastSheet(wb).getCell(HEADER_ROW, yearColumn(2)).value = 2026;
    const o = await forecast(wb);
    expect(o.code).toBe(2);
    expect(o.json.problems!.map((p) => p.cell)).toEqual(["D5", "B7"]);
    expect(o.json.problems![1].message).toBe("expected a number, found text 'tbc'");
  });

  test("a text cell and out-of-order years in one run, with the inputs' warnings in the failed run's JSON and on stderr", async () => {
    const wb = buildExampleWorkbook();
    const ws = forecastSheet(wb);
    ws.getCell(7, yearColumn(0)).value = "tbc"; // Resourced Provision 2023/24
    ws.getCell(HEADER_ROW, yearColumn(2)).value = "2026/27";
    ws.getCell(HEADER_ROW, yearColumn(3)).value = "2025/26";
    ws.getCell(FUNDING_HEADER_ROW, yearColumn(2)).value = "2026/27";
    ws.getCell(FUNDING_HEADER_ROW, yearColumn(3)).value = "2025/26";
    // Block Transfer typed as positive figures: a warning, not a problem.
    WILTSHIRE.funding.blockTransfer!.forEach((v, k) => {
      ws.getCell(FUNDING_HEADER_ROW + 2, yearColumn(k)).value = -v;
    });
    const o = await forecast(wb);
    expect(o.code).toBe(2);
    expect(o.json.problems!.map((p) => `${p.cell}: ${p.message}`)).toEqual([
      "B7: expected a number, found text 'tbc'",
      "D5: expected 2025/26 after 2024/25, found 2026/27",
      "E5: expected 2027/28 after 2026/27, found 2025/26",
      "F5: expected 2026/27 after 2025/26, found 2027/28",
    ]);
    expect(o.json.warnings).toEqual([
      expect.objectContaining({ code: "positiveIncome", sheet: "Revised Forecast", cell: "A19" }),
    ]);
    expect(Object.keys(o.json)).toEqual(["ok", "problems", "warnings"]);
    expect(o.stderr).toContain("Warnings:\n  SEND_Funding!A19: Block Transfer is income");
  });
});
