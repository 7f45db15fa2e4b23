import fc from "fast-check";
import { WILTSHIRE_PUBLISHED } from "../../src/example/wiltshire";
import { refresh } from "../../src/workbook/refresh";
import { DEFICIT_ROWS } from "../../src/workbook/output";
import type { CellValue, RangeData } from "../../src/workbook/port";
import { formatProblem } from "../../src/workbook/problems";
import { memoryPort } from "./memoryPort";
import { wiltshireRanges, withCell } from "./wiltshireRanges";

const FOREIGN =
  "SEND Forecast: a sheet of this name exists and is not the add-in's; rename it or delete it";

async function problemsFrom(
  ranges: RangeData[],
  options: Parameters<typeof memoryPort>[1] = {}
): Promise<string[]> {
  const port = memoryPort(ranges, options);
  const out = await refresh(port);
  expect(port.writes).toEqual([]);
  if (out.ok) throw new Error("expected problems, the refresh went through");
  return out.problems.map(formatProblem);
}

describe("refreshing Wiltshire's workbook", () => {
  it("reads once, writes once, and gives the report's deficit table and balance year", async () => {
    const port = memoryPort(wiltshireRanges());
    const out = await refresh(port);
    if (!out.ok) throw new Error(out.problems.map(formatProblem).join("\n"));
    expect(port.reads).toHaveLength(1);
    expect(port.writes).toHaveLength(1);
    expect(port.writes[0]).toEqual(out.sheet);
    expect(out.result.balanceYear).toBe("2030/31");
    const deficit = out.sheet.tables.find((t) => t.name === "SEND_OutDeficit")!;
    const closing = deficit.rows.find((r) => r[0] === DEFICIT_ROWS.closing)!.slice(1) as number[];
    closing.forEach((v, k) =>
      expect(Math.abs(v - WILTSHIRE_PUBLISHED.closing[k])).toBeLessThanOrEqual(3)
    );
    expect(out.found.SEND_Funding).toBe("'Deficit Table'!A17:I21");
  });

  it("passes on the model's reconciliation of the sheet's own Total Expenditure row as warnings", async () => {
    const out = await refresh(memoryPort(wiltshireRanges()));
    expect(out.ok && out.warnings.every((w) => w.startsWith("Total Expenditure "))).toBe(true);
  });

  it("gives the same output on a second refresh, now over its own sheet", async () => {
    const port = memoryPort(wiltshireRanges());
    await refresh(port);
    const second = await refresh(port);
    expect(second.ok).toBe(true);
    expect(port.writes).toHaveLength(2);
    expect(port.writes[1]).toEqual(port.writes[0]);
  });

  it("reports its progress in order, ending at 1", async () => {
    const steps: [string, number][] = [];
    await refresh(memoryPort(wiltshireRanges()), {
      onProgress: (step, fraction) => steps.push([step, fraction]),
    });
    const fractions = steps.map(([, f]) => f);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(steps[steps.length - 1]).toEqual(["Done", 1]);
  });

  it("writes formulas over the names the workbook uses when asked for live formulas", async () => {
    const ranges = wiltshireRanges().map((r) =>
      r.name === "SEND_Expenditure" ? { ...r, kind: "table" as const } : r
    );
    const port = memoryPort(ranges);
    const out = await refresh(port, { mode: "formulas" });
    const deficit = out.ok
      ? out.sheet.tables.find((t) => t.name === "SEND_OutDeficit")!
      : undefined;
    expect(deficit?.formulas?.[1][1]).toBe(
      "=INDEX(SEND.DEFICIT(SEND_Expenditure[#All],SEND_Funding,SEND_OpeningDeficit),3,2)"
    );
  });
});

describe("the optional inputs", () => {
  it("derive the baseline from twelve months of actuals when there is no SEND_Baseline", async () => {
    const header = [
      "Month",
      "Requests",
      "No to assess",
      "No to issue",
      "Plans issued",
      "Ceased",
      "EHCPs",
      "INMSS",
    ];
    // 2024: 97 requests a month, 12% refused, 3.9% of the assessed not issued; 6,354 plans and 362 INMSS placements by December.
    const rows: CellValue[][] = Array.from({ length: 13 }, (_, k) => [
      `${k === 0 ? 2023 : 2024}-${String(k === 0 ? 12 : k).padStart(2, "0")}`,
      97,
      97 * 0.12,
      97 * 0.88 * 0.039,
      97 * 0.88 * 0.961,
      29,
      k === 12 ? 6354 : 6000,
      k === 12 ? 362 : 321,
    ]);
    const monthly: RangeData = {
      name: "SEND_Monthly",
      kind: "table",
      sheet: "Actuals",
      row: 0,
      column: 0,
      values: [header, ...rows],
      numberFormats: [header, ...rows].map((r) => r.map(() => "General")),
    };
    const ranges = [...wiltshireRanges().filter((r) => r.name !== "SEND_Baseline"), monthly];
    const out = await refresh(memoryPort(ranges));
    if (!out.ok) throw new Error(out.problems.map(formatProblem).join("\n"));
    expect(out.result.baseline.forecastStart).toBe("2025-01");
    expect(out.result.baseline.requests).toBeCloseTo(97, 9);
    expect(out.result.baseline.noToAssessRate).toBeCloseTo(0.12, 9);
    expect(out.result.baseline.noToIssueRate).toBeCloseTo(0.039, 9);
    expect(out.result.baseline.openingEhcps).toBe(6354);
    expect(out.result.baseline.inmssAnnualGrowth).toBe(41);
    expect(Math.round(out.result.baseline.netAnnualGrowth)).toBe(636);
  });

  it("drive a cost line from the demand forecast, written as values even when live formulas are asked for", async () => {
    const costs: RangeData = {
      name: "SEND_Costs",
      kind: "table",
      sheet: "Costs",
      row: 0,
      column: 0,
      values: [
        ["Line", "Driver", "Share", "Unit cost", "Inflation", "Base year"],
        [
          "Independent and Non-maintained Special School Provision",
          "INMSS",
          1,
          60000,
          0.03,
          "2024/25",
        ],
      ],
      numberFormats: [
        new Array(6).fill("General"),
        ["General", "General", "0%", "#,##0", "0.0%", "General"],
      ],
    };
    const port = memoryPort([...wiltshireRanges(), costs]);
    const out = await refresh(port, { mode: "formulas" });
    if (!out.ok) throw new Error(out.problems.map(formatProblem).join("\n"));
    const deficit = out.sheet.tables.find((t) => t.name === "SEND_OutDeficit")!;
    expect(deficit.formulas).toBeUndefined();
    const line = deficit.rows.find(
      (r) => r[0] === "Independent and Non-maintained Special School Provision"
    )!;
    expect(line[1]).toBe(20263); // the 2023/24 outturn, before the forecast year, is kept
    // From 2024/25, the year of the forecast start: average placements × £60,000, in £'000, inflated 3% a year from 2024/25.
    const average = (year: string): number =>
      out.result.scenarios.mitigated.years.find((y) => y.year === year)!.averageInmss;
    expect(line[2]).toBeCloseTo((average("2024/25") * 60000) / 1000, 6);
    expect(line[4]).toBeCloseTo((average("2026/27") * 60000 * 1.03 ** 2) / 1000, 6);
    expect(out.warnings).toContain(
      "The deficit table is written as values, not live formulas: its driven cost lines depend on the whole demand forecast. Refresh to update it."
    );
  });
});

describe("a Change cost line", () => {
  const costs = (method: string): RangeData => ({
    name: "SEND_Costs",
    kind: "table",
    sheet: "Costs",
    row: 0,
    column: 0,
    values: [
      ["Line", "Driver", "Share", "Unit cost", "Inflation", "Base year", "Method"],
      ["Special Schools", "EHCPs", 0.3, 25000, 0.03, "2024/25", method],
    ],
    numberFormats: [new Array(7).fill("General"), new Array(7).fill("General")],
  });

  it("without the plan's activity: the supplied table, and a warning at its Method cell for the pane's list", async () => {
    const out = await refresh(memoryPort([...wiltshireRanges(), costs("Change")]));
    if (!out.ok) throw new Error(out.problems.map(formatProblem).join("\n"));
    const plain = await refresh(memoryPort(wiltshireRanges()));
    if (!plain.ok) throw new Error("the example does not refresh");
    expect(out.result.ledger).toEqual(plain.result.ledger);
    const k = out.warningDetails.findIndex((w) => w.code === "planActivityMissing");
    expect(out.warningDetails[k]).toMatchObject({
      input: "SEND_Costs",
      sheet: "Costs",
      cell: "G2",
    });
    expect(out.warnings[k]).toMatch(/priced only once the plan's activity is recorded\.$/);
  });

  it("with the plan's activity: the unmitigated ledger is priced against it", async () => {
    const plain = await refresh(memoryPort(wiltshireRanges()));
    if (!plain.ok) throw new Error("the example does not refresh");
    const averages = plain.result.ledger.years.map(
      (y) => plain.result.scenarios.mitigated.years.find((s) => s.year === y)?.averageEhcps ?? null
    );
    const plan: RangeData = {
      name: "SEND_PlanActivity",
      kind: "name",
      sheet: "Costs",
      row: 4,
      column: 0,
      values: [
        ["Activity", ...plain.result.ledger.years],
        ["EHCPs", ...averages],
      ],
      numberFormats: [new Array(9).fill("General"), new Array(9).fill("General")],
    };
    const out = await refresh(memoryPort([...wiltshireRanges(), costs("change"), plan]));
    if (!out.ok) throw new Error(out.problems.map(formatProblem).join("\n"));
    expect(out.warningDetails.map((w) => w.code)).not.toContain("planActivityMissing");
    expect(out.result.ledger.closing).toEqual(plain.result.ledger.closing);
    const u = out.result.ledgers.unmitigated;
    const a = out.result.scenarios.unmitigated.years.find(
      (s) => s.year === "2027/28"
    )!.averageEhcps;
    // 2027/28 is three years on from 2024/25 prices.
    expect(u.lines[2].values[4]).toBeCloseTo(
      40333 + ((a - averages[4]!) * 0.3 * 25000 * 1.03 ** 3) / 1000,
      6
    );
    expect(out.result.outcomes.unmitigated.peakDeficit).toBeGreaterThan(out.result.peakDeficit);
  });
});

describe("the comparison trajectory", () => {
  // The original plan's trajectory as a table: months as dates, from January 2025.
  const planRows: CellValue[][] = [
    ["Month", "SV plan 2023"],
    [45658, 6354],
    [45689, 6390],
    [45717, 6420],
  ];
  const plan = (rows: CellValue[][] = planRows): RangeData => ({
    name: "SEND_Comparison",
    kind: "table",
    sheet: "Plan",
    row: 0,
    column: 0,
    values: rows,
    numberFormats: rows.map((r, k) =>
      (k === 0 ? ["General", "General"] : ["mmm yyyy", "#,##0"]).slice(0, r.length)
    ),
  });

  it("is set beside the scenarios in SEND_OutTrajectory, by month, and drawn on the EHCP chart", async () => {
    const out = await refresh(memoryPort([...wiltshireRanges(), plan()]));
    if (!out.ok) throw new Error(out.problems.map(formatProblem).join("\n"));
    const trajectory = out.sheet.tables.find((t) => t.name === "SEND_OutTrajectory")!;
    const column = trajectory.headers.indexOf("EHCPs SV plan 2023");
    expect(column).toBeGreaterThan(0);
    expect(trajectory.rows.slice(0, 4).map((r) => [r[0], r[column]])).toEqual([
      [45658, 6354],
      [45689, 6390],
      [45717, 6420],
      [45748, null],
    ]);
    expect(trajectory.rows.filter((r) => r[column] !== null)).toHaveLength(3);
    expect(out.sheet.charts.find((c) => c.table === "SEND_OutTrajectory")!.seriesColumns).toContain(
      "EHCPs SV plan 2023"
    );
    expect(out.warnings.some((w) => w.startsWith("SEND_Comparison"))).toBe(false);
  });

  it("warns when none of its months falls within the forecast, still writing the forecast", async () => {
    const port = memoryPort([
      ...wiltshireRanges(),
      plan([
        ["Month", "EHCPs"],
        ["2019-04", 4100],
        ["2018-04", 3900],
      ]),
    ]);
    const out = await refresh(port);
    if (!out.ok) throw new Error(out.problems.map(formatProblem).join("\n"));
    expect(port.writes).toHaveLength(1);
    expect(out.warnings).toContain(
      "SEND_Comparison!A1:B3: none of its months (2018-04 to 2019-04) falls within the forecast (2025-01 to 2031-03); its column on the output sheet is empty"
    );
  });

  it("stops the refresh, nothing written, when a figure is not a number", async () => {
    const rows = planRows.map((r) => [...r]);
    rows[2][1] = "tbc";
    expect(await problemsFrom([...wiltshireRanges(), plan(rows)])).toEqual([
      "SEND_Comparison!B3: expected a number, found text 'tbc'",
    ]);
  });
});

describe("finding inputs the workbook names its own way", () => {
  it("reads a name spelt with other punctuation in one more read", async () => {
    const ranges = wiltshireRanges().map((r) =>
      r.name === "SEND_Baseline" ? { ...r, name: "SENDBaseline" } : r
    );
    const port = memoryPort(ranges);
    const out = await refresh(port);
    expect(out.ok).toBe(true);
    expect(port.reads).toHaveLength(2);
    expect(port.reads[1]).toEqual(["SENDBaseline"]);
  });

  it("follows the bindings saved in the workbook", async () => {
    const ranges = wiltshireRanges().map((r) =>
      r.name === "SEND_Funding" ? { ...r, name: "DSG_Income" } : r
    );
    const port = memoryPort(ranges, { bindings: { SEND_Funding: "DSG_Income" } });
    const out = await refresh(port);
    expect(out.ok && out.found.SEND_Funding).toBe("'Deficit Table'!A17:I21");
    expect(port.reads).toHaveLength(2);
  });

  it("follows bindings given by the task pane in a single read", async () => {
    const ranges = wiltshireRanges().map((r) =>
      r.name === "SEND_Funding" ? { ...r, name: "DSG_Income" } : r
    );
    const port = memoryPort(ranges);
    const out = await refresh(port, { bindings: { SEND_Funding: "DSG_Income" } });
    expect(out.ok).toBe(true);
    expect(port.reads).toEqual([expect.arrayContaining(["DSG_Income", "SEND_Baseline"])]);
  });

  it("reports errors in a bound input under the user's own name", async () => {
    let ranges = wiltshireRanges().map((r) =>
      r.name === "SEND_Funding" ? { ...r, name: "DSG_Income" } : r
    );
    ranges = withCell(ranges, "DSG_Income", 2, 1, "tbc");
    expect(await problemsFrom(ranges, { bindings: { SEND_Funding: "DSG_Income" } })).toEqual([
      "DSG_Income!B19: expected a number, found text 'tbc'",
    ]);
  });
});

describe("bad input: every problem listed, nothing written", () => {
  it("a missing required name", async () => {
    expect(
      await problemsFrom(wiltshireRanges().filter((r) => r.name !== "SEND_Expenditure"))
    ).toEqual([
      "SEND_Expenditure: expected a named range or table called SEND_Expenditure, holding the provision lines by year (£'000); none found",
    ]);
  });

  it("text in a number cell", async () => {
    expect(await problemsFrom(withCell(wiltshireRanges(), "SEND_Funding", 1, 3, "tbc"))).toEqual([
      "SEND_Funding!D18: expected a number, found text 'tbc'",
    ]);
  });

  it("an #N/A cell", async () => {
    expect(
      await problemsFrom(
        withCell(wiltshireRanges(), "SEND_OpeningDeficit", 0, 0, { error: "#N/A" })
      )
    ).toEqual([
      "SEND_OpeningDeficit!B23: expected a number (£'000, the deficit brought forward), found the error #N/A",
    ]);
  });

  it("a rate typed as 12", async () => {
    expect(await problemsFrom(withCell(wiltshireRanges(), "SEND_Baseline", 1, 1, 12, "0"))).toEqual(
      ["SEND_Baseline!C5: expected a rate between 0 and 1 (e.g. 0.12 or 12%), found 12"]
    );
  });

  it("a year column missing in SEND_Funding", async () => {
    const ranges = wiltshireRanges().map((r) =>
      r.name === "SEND_Funding"
        ? {
            ...r,
            values: r.values.map((row) => [row[0], ...row.slice(2)]),
            numberFormats: r.numberFormats.map((row) => [row[0], ...row.slice(2)]),
          }
        : r
    );
    expect(await problemsFrom(ranges)).toEqual([
      "SEND_Funding!A17:H17: expected a column for 2023/24, as in SEND_Expenditure; found 2024/25, 2025/26, 2026/27, 2027/28, 2028/29, 2029/30 and 2030/31",
    ]);
  });

  it("a duplicate expenditure label", async () => {
    expect(
      await problemsFrom(withCell(wiltshireRanges(), "SEND_Expenditure", 9, 0, "Therapies"))
    ).toEqual([
      "SEND_Expenditure!A13: expected each provision label once, found 'Therapies' again (first at A11)",
    ]);
  });

  it("an output sheet name already used by a sheet that is not ours", async () => {
    expect(await problemsFrom(wiltshireRanges(), { outputSheet: "foreign" })).toEqual([FOREIGN]);
  });

  it("all of them at once", async () => {
    let ranges = withCell(wiltshireRanges(), "SEND_Funding", 1, 3, "tbc");
    ranges = withCell(ranges, "SEND_Baseline", 1, 1, 12, "0");
    ranges = withCell(ranges, "SEND_Expenditure", 9, 0, "Therapies");
    ranges = withCell(ranges, "SEND_OpeningDeficit", 0, 0, { error: "#N/A" });
    ranges = ranges.filter((r) => r.name !== "SEND_Settings");
    ranges.push({
      name: "SEND_Costs",
      kind: "table",
      sheet: "Costs",
      row: 0,
      column: 0,
      values: [["Line", "Driver", "Share"]],
      numberFormats: [["General", "General", "General"]],
    });
    expect(await problemsFrom(ranges, { outputSheet: "foreign" })).toEqual([
      "SEND_Baseline!C5: expected a rate between 0 and 1 (e.g. 0.12 or 12%), found 12",
      "SEND_Expenditure!A13: expected each provision label once, found 'Therapies' again (first at A11)",
      "SEND_Funding!D18: expected a number, found text 'tbc'",
      "SEND_OpeningDeficit!B23: expected a number (£'000, the deficit brought forward), found the error #N/A",
      "SEND_Costs!A1:C1: expected a column headed UnitCost in the header row (row 1); found none",
      FOREIGN,
    ]);
  });

  it("a baseline without a forecast start, found only by the model, is reported against the baseline", async () => {
    const keyRow = wiltshireRanges().map((r) =>
      r.name === "SEND_Baseline"
        ? {
            ...r,
            values: r.values.map((row) => (row[0] === "ForecastStart" ? [row[0], null] : row)),
          }
        : r
    );
    expect(await problemsFrom(keyRow)).toEqual([
      "SEND_Baseline!C10: expected the first forecast month, given in the baseline or derived from monthly actuals; found nothing",
    ]);
    const noRow = wiltshireRanges().map((r) =>
      r.name === "SEND_Baseline"
        ? { ...r, values: r.values.filter((row) => row[0] !== "ForecastStart") }
        : r
    );
    expect(await problemsFrom(noRow)).toEqual([
      "SEND_Baseline!B4:B12: expected the first forecast month, given in the baseline or derived from monthly actuals; found nothing",
    ]);
  });
});

describe("any malformed workbook", () => {
  const cell: fc.Arbitrary<CellValue> = fc.oneof(
    fc.constant(null),
    fc.constant(""),
    fc.double(),
    fc.integer({ min: -1e6, max: 1e6 }),
    fc.constantFrom(1e300, -1e300, 0.12, 12, 45658, 2.5),
    fc.boolean(),
    fc.string({ maxLength: 8 }),
    fc.constantFrom(
      "tbc",
      "12%",
      "(2,000)",
      "1,234",
      "2025-04",
      "Apr 2025",
      "2023/24",
      "2023-24",
      "Total Expenditure",
      "Requests",
      "NoToAssess",
      "Pause",
      "-",
      " "
    ),
    fc.constantFrom({ error: "#N/A" }, { error: "#REF!" }, { error: "#DIV/0!" })
  );
  const format = fc.constantFrom("General", "0.0%", "mmm yyyy", "#,##0", "@");
  const mutation = fc.oneof(
    fc.record({
      kind: fc.constant("cell" as const),
      range: fc.nat(),
      i: fc.nat(),
      j: fc.nat(),
      value: cell,
      format,
    }),
    fc.record({ kind: fc.constant("drop" as const), range: fc.nat() }),
    fc.record({
      kind: fc.constant("rename" as const),
      range: fc.nat(),
      name: fc.constantFrom(
        "Send Baseline",
        "send.funding",
        "SENDCosts",
        "SEND_Monthly",
        "SEND_Costs",
        "SEND Comparison",
        "Other"
      ),
    }),
    fc.record({
      kind: fc.constant("truncate" as const),
      range: fc.nat(),
      rows: fc.nat({ max: 12 }),
      columns: fc.nat({ max: 10 }),
    }),
    fc.record({ kind: fc.constant("blankRow" as const), range: fc.nat(), i: fc.nat() })
  );

  // The optional comparison trajectory too, so its cells are mutated with the rest.
  const PLAN: RangeData = {
    name: "SEND_Comparison",
    kind: "name",
    sheet: "Plan",
    row: 1,
    column: 1,
    values: [
      ["Month", "EHCPs"],
      [45658, 6354],
      ["2025-02", "6,390"],
    ],
    numberFormats: [
      ["General", "General"],
      ["mmm yyyy", "#,##0"],
      ["General", "General"],
    ],
  };

  type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

  function apply(ranges: RangeData[], m: Mutation): RangeData[] {
    if (ranges.length === 0) return ranges;
    const k = m.range % ranges.length;
    const r = ranges[k];
    const values = r.values.map((row) => [...row]);
    const numberFormats = r.numberFormats.map((row) => [...row]);
    let next: RangeData | undefined = { ...r, values, numberFormats };
    switch (m.kind) {
      case "cell": {
        const i = m.i % (values.length + 1);
        while (values.length <= i) {
          values.push([]);
          numberFormats.push([]);
        }
        const j = m.j % ((values[i].length || 1) + 1);
        values[i][j] = m.value;
        numberFormats[i][j] = m.format;
        break;
      }
      case "drop":
        next = undefined;
        break;
      case "rename":
        next.name = m.name;
        break;
      case "truncate":
        next.values = values.slice(0, m.rows).map((row) => row.slice(0, m.columns));
        next.numberFormats = numberFormats.slice(0, m.rows).map((row) => row.slice(0, m.columns));
        break;
      case "blankRow":
        values.splice(m.i % (values.length + 1), 0, values[0]?.map(() => null) ?? []);
        numberFormats.splice(
          m.i % (numberFormats.length + 1),
          0,
          numberFormats[0]?.map(() => "General") ?? []
        );
        break;
    }
    return next ? ranges.map((x, n) => (n === k ? next! : x)) : ranges.filter((_, n) => n !== k);
  }

  it("gives either a result with only finite figures, or problems each naming its input and cell, and never throws", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        fc.constantFrom("absent", "ours", "foreign" as const),
        async (mutations, owner) => {
          const ranges = mutations.reduce(apply, [...wiltshireRanges(), PLAN]);
          const port = memoryPort(ranges, { outputSheet: owner as "absent" | "ours" | "foreign" });
          const out = await refresh(port);
          expect(port.reads.length).toBeLessThanOrEqual(2);
          if (out.ok) {
            expect(port.writes).toHaveLength(1);
            for (const t of out.sheet.tables)
              for (const row of t.rows)
                for (const v of row)
                  if (typeof v === "number") expect(Number.isFinite(v)).toBe(true);
          } else {
            expect(port.writes).toHaveLength(0);
            expect(out.problems.length).toBeGreaterThan(0);
            for (const p of out.problems) {
              expect(p.input).not.toBe("");
              expect(p.message).toMatch(/^(expected|a sheet)/);
              if (p.cell !== "") {
                expect(p.cell).toMatch(/^[A-Z]{1,3}[1-9][0-9]*(:[A-Z]{1,3}[1-9][0-9]*)?$/);
                expect(p.sheet).not.toBe("");
              }
            }
          }
        }
      ),
      { numRuns: 1000 }
    );
  });
});
