/**
 * Builds assets/SEND-Forecaster-Example.xlsx: Wiltshire's figures from the
 * January 2025 Schools Forum report and its Appendix 2, under the names the
 * add-in reads, on sheets laid out the way the report lays them out.
 *
 *     npm run build:example [-- OUTPUT.xlsx]
 *
 * The same builder, with options, makes the test fixtures that store the
 * figures other ways (tables instead of ranges, text numbers, blank rows).
 */
import * as path from "path";
import ExcelJS from "exceljs";
import { WILTSHIRE } from "../src/example/wiltshire";
import { LEVER_INFO } from "../src/model";
import type { ForecastInput } from "../src/model";
import { writeFileAtomic } from "../src/workbook/xlsx/workbook";
import { serialToDate } from "../src/workbook/cells";

export const EXAMPLE_WORKBOOK = path.join(
  __dirname,
  "..",
  "assets",
  "SEND-Forecaster-Example.xlsx"
);

export interface ExampleOptions {
  /** SEND_Expenditure and SEND_Funding as Excel tables rather than named ranges. */
  expenditureAsTables?: boolean;
  /** Blank rows inside the expenditure, funding and intervention ranges. */
  blankRows?: boolean;
  /** Some figures typed as text ("97"), as pasted data often is. */
  numbersAsText?: boolean;
}

const MONEY = "#,##0";
const COUNT = "#,##0";
const RATE = "0.0%";
const MONTH = "mmm yyyy";

const HEADING: Partial<ExcelJS.Font> = { bold: true, size: 14 };
const BOLD: Partial<ExcelJS.Font> = { bold: true };
const NOTE: Partial<ExcelJS.Font> = { italic: true, color: { argb: "FF595959" } };
const HEADER_FILL: ExcelJS.Fill = {
  type: "pattern",
  pattern: "solid",
  fgColor: { argb: "FFDDEBF7" },
};

/** "2025-01" → the first of that month, as a date cell (UTC, so it stays the 1st in every time zone). */
function monthDate(month: string): Date {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, 1));
}

export function buildExampleWorkbook(
  input: ForecastInput = WILTSHIRE,
  options: ExampleOptions = {}
): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "SEND Forecaster";
  wb.created = serialToDate(45658); // 1 Jan 2025: a fixed date keeps rebuilds identical in content
  wb.modified = wb.created;
  const asText = (v: number): number | string => (options.numbersAsText ? String(v) : v);

  const readMe = wb.addWorksheet("Read me");
  const baselineSheet = wb.addWorksheet("Demand Baseline");
  const plan = wb.addWorksheet("Interventions");
  const forecast = wb.addWorksheet("Revised Forecast");
  const settingsSheet = wb.addWorksheet("Settings");
  const costsSheet = input.costs?.length ? wb.addWorksheet("Costs") : undefined;
  const planSheet = input.planActivity ? wb.addWorksheet("Plan Activity") : undefined;

  // ---- Demand Baseline: SEND_Baseline (key, value) ----
  const b = input.baseline ?? {};
  baselineSheet.getCell("A1").value = "Demand baseline";
  baselineSheet.getCell("A1").font = HEADING;
  baselineSheet.getCell("A2").value =
    "The EHCP system in 2024: 12-month rolling averages, stock at the end of December 2024 (Appendix 2).";
  baselineSheet.getCell("A2").font = NOTE;
  headerRow(baselineSheet, 4, ["Key", "Value", "Meaning"]);
  const baselineRows: [string, number | string | Date | undefined, string, string][] = [
    [
      "RequestsPerMonth",
      b.requests === undefined ? undefined : asText(b.requests),
      COUNT,
      "EHC needs assessment requests a month",
    ],
    ["NoToAssessRate", b.noToAssessRate, RATE, "Share of requests refused assessment"],
    ["NoToIssueRate", b.noToIssueRate, RATE, "Share of assessments where no plan is issued"],
    ["CeasedPerMonth", b.ceased, COUNT, "EHCPs ceased a month"],
    [
      "TransfersInPerMonth",
      b.transfersIn,
      COUNT,
      "Plans transferred in from other councils a month",
    ],
    ["OpeningEHCPs", b.openingEhcps, COUNT, "EHCPs maintained at the start of the forecast"],
    [
      "ForecastStart",
      b.forecastStart === undefined ? undefined : monthDate(b.forecastStart),
      MONTH,
      "First forecast month",
    ],
    [
      "INMSSPlacements",
      b.inmssPlacements,
      COUNT,
      "Independent and non-maintained special school placements",
    ],
    [
      "INMSSAnnualGrowth",
      b.inmssAnnualGrowth,
      COUNT,
      "INMSS placements a year more, before interventions",
    ],
    ["LagMonths", b.lagMonths, "0", "Months from request to plan (0, as the report assumes)"],
  ];
  const present = baselineRows.filter((r) => r[1] !== undefined);
  present.forEach(([key, value, format, meaning], i) => {
    const row = baselineSheet.getRow(5 + i);
    row.getCell(1).value = key;
    row.getCell(2).value = value ?? null;
    row.getCell(2).numFmt = format;
    row.getCell(3).value = meaning;
  });
  widths(baselineSheet, [24, 12, 60]);
  wb.definedNames.add(`'Demand Baseline'!$A$5:$B$${4 + present.length}`, "SEND_Baseline");

  // ---- Interventions: SEND_Interventions (an Excel table) ----
  plan.getCell("A1").value = "Sustainability plan interventions";
  plan.getCell("A1").font = HEADING;
  plan.getCell("A2").value =
    "The six short-term interventions (the sixth is two rows, one per lever) and the two that slow INMSS growth. Confidence is illustrative: the report gives none.";
  plan.getCell("A2").font = NOTE;
  const interventions = input.interventions ?? [];
  const ivRows: ExcelJS.CellValue[][] = [];
  interventions.forEach((iv, k) => {
    if (options.blankRows && k === 3) ivRows.push([null, null, null, null, null, null, null]);
    ivRows.push([
      iv.name,
      iv.lever,
      iv.impact,
      monthDate(iv.start),
      iv.rampMonths ?? 0,
      iv.status ?? "New",
      iv.confidence ?? 1,
    ]);
  });
  plan.addTable({
    name: "SEND_Interventions",
    ref: "A4",
    headerRow: true,
    style: { theme: "TableStyleMedium2", showRowStripes: true },
    columns: ["Name", "Lever", "Impact", "Start", "Ramp Months", "Status", "Confidence"].map(
      (name) => ({ name, filterButton: true })
    ),
    rows: ivRows,
  });
  ivRows.forEach((row, i) => {
    const r = plan.getRow(5 + i);
    const lever = row[1] as keyof typeof LEVER_INFO | null;
    r.getCell(3).numFmt = lever && LEVER_INFO[lever]?.unit === "fraction" ? RATE : "0";
    r.getCell(4).numFmt = MONTH;
    r.getCell(5).numFmt = "0";
    r.getCell(7).numFmt = "0%";
  });
  widths(plan, [44, 14, 10, 12, 14, 12, 12]);

  // ---- Revised Forecast: SEND_Expenditure, SEND_Funding, SEND_OpeningDeficit ----
  const years = input.years;
  const lastCol = 1 + years.length;
  forecast.getCell("A1").value = "Revised Forecast";
  forecast.getCell("A1").font = HEADING;
  forecast.getCell("A2").value = "£'000";
  forecast.getCell("A2").font = BOLD;
  forecast.getCell("A3").value =
    "DSG High Needs Block, revised forecast (Schools Forum, January 2025). Spending positive, income negative.";
  forecast.getCell("A3").font = NOTE;

  // Expenditure: nine lines, then Total Expenditure. The report rounded each line before adding,
  // so its published totals differ from the sums by up to 2. They are kept as typed figures, as
  // published (a SUM formula would silently correct them), so the forecast's reconciliation shows it.
  const expTop = 5;
  const expRows: ExcelJS.CellValue[][] = [];
  input.expenditure.forEach((line, k) => {
    if (options.blankRows && k === 4) expRows.push([null, ...years.map(() => null)]);
    expRows.push([line.label, ...line.values.map((v, j) => (j === 1 ? asText(v) : v))]);
  });
  const firstLine = expTop + 1;
  const lastLine = expTop + expRows.length;
  const totals = input.suppliedTotals?.expenditure;
  expRows.push([
    "Total Expenditure",
    ...years.map((_, j) => {
      const col = columnLetter(2 + j);
      const published = totals?.[j];
      if (published !== undefined && published !== null) return published;
      const sum = input.expenditure.reduce((s, l) => s + l.values[j], 0);
      return {
        formula: `SUM(${col}${firstLine}:${col}${lastLine})`,
        result: sum,
      } as ExcelJS.CellFormulaValue;
    }),
  ]);
  const expBottom = placeBlock(
    wb,
    forecast,
    "SEND_Expenditure",
    expTop,
    ["Provision", ...years],
    expRows,
    !!options.expenditureAsTables
  );
  forecast.getRow(expBottom).font = BOLD;

  const fundTop = expBottom + 2;
  const funding: [string, number[] | undefined][] = [
    ["High Needs Block", input.funding.highNeedsBlock],
    ["Block Transfer", input.funding.blockTransfer],
    ["Other DSG Blocks", input.funding.otherBlocks],
    ["Safety Valve Income", input.funding.safetyValve],
  ];
  const fundRows: ExcelJS.CellValue[][] = [];
  funding.forEach(([label, values], k) => {
    if (!values) return;
    if (options.blankRows && k === 2) fundRows.push([null, ...years.map(() => null)]);
    fundRows.push([label, ...values]);
  });
  const fundBottom = placeBlock(
    wb,
    forecast,
    "SEND_Funding",
    fundTop,
    ["Funding", ...years],
    fundRows,
    !!options.expenditureAsTables
  );

  const openRow = fundBottom + 2;
  forecast.getCell(openRow, 1).value = `Deficit brought forward into ${years[0]}`;
  forecast.getCell(openRow, 1).font = BOLD;
  forecast.getCell(openRow, 2).value = asText(input.openingDeficit);
  forecast.getCell(openRow, 2).numFmt = MONEY;
  wb.definedNames.add(`'Revised Forecast'!$B$${openRow}`, "SEND_OpeningDeficit");
  for (const [from, to] of [
    [expTop + 1, expBottom],
    [fundTop + 1, fundBottom],
  ])
    for (let r = from; r <= to; r++)
      for (let c = 2; c <= lastCol; c++) forecast.getCell(r, c).numFmt = MONEY;
  widths(forecast, [58, ...years.map(() => 11)]);
  forecast.views = [{ state: "frozen", xSplit: 1, ySplit: expTop, activeCell: "B6" }];

  // ---- Settings: SEND_Settings (key, value) ----
  settingsSheet.getCell("A1").value = "Settings";
  settingsSheet.getCell("A1").font = HEADING;
  settingsSheet.getCell("A2").value =
    "The Safety Valve agreement and the conditions the forecast is tested against.";
  settingsSheet.getCell("A2").font = NOTE;
  headerRow(settingsSheet, 4, ["Key", "Value", "Meaning"]);
  const s = input.settings ?? {};
  const settingRows: [string, string | number | undefined, string, string][] = [
    [
      "BalanceTargetYear",
      s.balanceTargetYear,
      "@",
      "In-year balance (spending within income) from this year on",
    ],
    ["DeficitCap", s.deficitCap, MONEY, "Cumulative deficit cap, £'000"],
    ["DeficitCapYear", s.deficitCapYear, "@", "Year the cap applies to"],
    [
      "SafetyValve",
      s.safetyValve === undefined ? undefined : s.safetyValve ? "Yes" : "No",
      "@",
      "Yes: the council has a Safety Valve agreement and its conditions are checked; No: none apply",
    ],
  ];
  const settingsPresent = settingRows.filter((r) => r[1] !== undefined);
  settingsPresent.forEach(([key, value, format, meaning], i) => {
    const row = settingsSheet.getRow(5 + i);
    row.getCell(1).value = key;
    row.getCell(2).value = value ?? null;
    row.getCell(2).numFmt = format;
    row.getCell(3).value = meaning;
  });
  widths(settingsSheet, [22, 12, 60]);
  if (settingsPresent.length > 0)
    wb.definedNames.add(`Settings!$A$5:$B$${4 + settingsPresent.length}`, "SEND_Settings");

  // ---- Costs: SEND_Costs (an Excel table) ----
  if (costsSheet) {
    costsSheet.getCell("A1").value = "Costs";
    costsSheet.getCell("A1").font = HEADING;
    costsSheet.getCell("A2").value =
      "How the levers are priced: each line is the plan, moved by a scenario's average EHCPs (or INMSS placements) above the plan's × Share × UnitCost, rising by Inflation a year from BaseYear.";
    costsSheet.getCell("A2").font = NOTE;
    costsSheet.getCell("A3").value =
      "Place-led provision: £10,150 a year per EHCP (2024/25 spend on the three place-led lines, £64,492k, over the 6,354 EHCPs in December 2024), shared by that spend; INMSS: £35,560 a year more than a maintained special school place. An assumption: replace with your own.";
    costsSheet.getCell("A3").font = NOTE;
    const costs = input.costs ?? [];
    costsSheet.addTable({
      name: "SEND_Costs",
      ref: "A5",
      headerRow: true,
      style: { theme: "TableStyleMedium2", showRowStripes: true },
      columns: ["Line", "Driver", "Share", "UnitCost", "Inflation", "BaseYear", "Method"].map(
        (name) => ({ name, filterButton: false })
      ),
      rows: costs.map((c) => [
        c.line,
        c.driver,
        c.share,
        c.unitCost,
        c.inflation,
        c.baseYear,
        c.method ?? "Total",
      ]),
    });
    costs.forEach((_, i) => {
      const r = costsSheet.getRow(6 + i);
      r.getCell(3).numFmt = "0.00%";
      r.getCell(4).numFmt = MONEY;
      r.getCell(5).numFmt = RATE;
      r.getCell(6).numFmt = "@";
    });
    widths(costsSheet, [58, 10, 10, 12, 11, 11, 10]);
  }

  // ---- Plan Activity: SEND_PlanActivity (label, then the years of SEND_Expenditure) ----
  if (planSheet && input.planActivity) {
    planSheet.getCell("A1").value = "Plan activity";
    planSheet.getCell("A1").font = HEADING;
    planSheet.getCell("A2").value =
      "The activity the plan's expenditure was built on: yearly average EHCPs and INMSS placements (the mitigated forecast with every intervention as listed). Change cost lines are priced against it.";
    planSheet.getCell("A2").font = NOTE;
    const rows: [string, (number | null)[] | undefined][] = [
      ["EHCPs", input.planActivity.ehcps],
      ["INMSS", input.planActivity.inmss],
    ];
    const planRows = rows
      .filter((r): r is [string, (number | null)[]] => r[1] !== undefined)
      .map(([label, values]) => [label, ...values] as ExcelJS.CellValue[]);
    placeBlock(wb, planSheet, "SEND_PlanActivity", 4, ["Activity", ...years], planRows, false);
    for (let r = 5; r < 5 + planRows.length; r++)
      for (let c = 2; c <= lastCol; c++)
        if (planSheet.getCell(r, c).value !== null) planSheet.getCell(r, c).numFmt = "#,##0.0";
    widths(planSheet, [14, ...years.map(() => 11)]);
  }

  addOriginalPlan(wb, input);
  writeReadMe(readMe, !!options.expenditureAsTables, input.originalPlan !== undefined);
  return wb;
}

/**
 * SEND_OriginalPlan on its own sheet: the original plan's published figures
 * by year, blank where the report gives none. The last year with a total
 * deficit balance is the original plan's balance year, its figure the residual.
 */
function addOriginalPlan(wb: ExcelJS.Workbook, input: ForecastInput): void {
  const plan = input.originalPlan;
  if (!plan) return;
  const ws = wb.addWorksheet("Original Plan");
  ws.getCell("A1").value = "Original Plan";
  ws.getCell("A1").font = HEADING;
  ws.getCell("A2").value = "£'000";
  ws.getCell("A2").font = BOLD;
  ws.getCell("A3").value =
    "The original Safety Valve plan's published figures (Schools Forum, January 2025, paras 12, 20 and 22); blank where the report gives none. Its residual is the total deficit balance in its balance year, 2028/29.";
  ws.getCell("A3").font = NOTE;
  const rows: ExcelJS.CellValue[][] = [];
  if (plan.inYear) rows.push(["In-year deficit", ...plan.inYear]);
  if (plan.closing) rows.push(["Total deficit balance", ...plan.closing]);
  const top = 5;
  const bottom = placeBlock(
    wb,
    ws,
    "SEND_OriginalPlan",
    top,
    ["Original plan", ...input.years],
    rows,
    false
  );
  for (let r = top + 1; r <= bottom; r++)
    for (let c = 2; c <= 1 + input.years.length; c++)
      if (ws.getCell(r, c).value !== null) ws.getCell(r, c).numFmt = MONEY;
  widths(ws, [30, ...input.years.map(() => 11)]);
}

/** A header row plus rows, named as a range or made an Excel table; returns the last row used. */
function placeBlock(
  wb: ExcelJS.Workbook,
  ws: ExcelJS.Worksheet,
  name: string,
  top: number,
  headers: string[],
  rows: ExcelJS.CellValue[][],
  asTable: boolean
): number {
  const bottom = top + rows.length;
  if (asTable) {
    ws.addTable({
      name,
      ref: `A${top}`,
      headerRow: true,
      style: { theme: "TableStyleLight9", showRowStripes: true },
      columns: headers.map((h) => ({ name: h, filterButton: false })),
      rows,
    });
  } else {
    headerRow(ws, top, headers);
    rows.forEach((values, i) => {
      const row = ws.getRow(top + 1 + i);
      values.forEach((v, j) => (row.getCell(1 + j).value = v));
    });
    wb.definedNames.add(
      `'${ws.name.replace(/'/g, "''")}'!$A$${top}:$${columnLetter(headers.length)}$${bottom}`,
      name
    );
  }
  return bottom;
}

function headerRow(ws: ExcelJS.Worksheet, r: number, labels: string[]): void {
  const row = ws.getRow(r);
  labels.forEach((label, j) => {
    const cell = row.getCell(1 + j);
    cell.value = label;
    cell.font = BOLD;
    cell.fill = HEADER_FILL;
    if (j > 0) cell.alignment = { horizontal: "right" };
  });
}

function widths(ws: ExcelJS.Worksheet, w: number[]): void {
  w.forEach((width, j) => (ws.getColumn(1 + j).width = width));
}

function columnLetter(c: number): string {
  let s = "";
  for (let n = c; n > 0; n = Math.floor((n - 1) / 26))
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function writeReadMe(ws: ExcelJS.Worksheet, tables: boolean, originalPlan = false): void {
  const lines: [string, Partial<ExcelJS.Font>?][] = [
    ["SEND Forecaster: Wiltshire example", HEADING],
    [
      "Wiltshire Council's figures from the January 2025 Schools Forum report (SEND Transformation Update) and its Appendix 2 (Sustainability Plan Evolution).",
      NOTE,
    ],
    [""],
    ["How the add-in finds its inputs", BOLD],
    [
      "Each input is a defined name or an Excel table of that name (Formulas > Name Manager). Keep the names and you can move, extend or restyle the ranges freely;",
    ],
    ["a workbook that uses other names binds each input to its own names in the task pane."],
    [""],
  ];
  lines.forEach(([text, font], i) => {
    const cell = ws.getCell(1 + i, 1);
    cell.value = text;
    if (font) cell.font = font;
  });
  const top = lines.length + 1;
  headerRow(ws, top, ["Name", "Where", "What it holds"]);
  const names: [string, string, string][] = [
    [
      "SEND_Baseline",
      "Demand Baseline",
      "Key and value: requests, no-to-assess and no-to-issue rates, ceased plans, opening EHCPs, forecast start, INMSS placements and growth",
    ],
    [
      "SEND_Interventions",
      "Interventions (table)",
      "One row per intervention and lever: Name, Lever, Impact, Start, Ramp Months, Status, Confidence",
    ],
    [
      "SEND_Expenditure",
      `Revised Forecast${tables ? " (table)" : ""}`,
      "Provision, then one column a year; one row per expenditure line, then Total Expenditure (£'000)",
    ],
    [
      "SEND_Funding",
      `Revised Forecast${tables ? " (table)" : ""}`,
      "High Needs Block, Block Transfer, Other DSG Blocks, Safety Valve Income, income negative (£'000)",
    ],
    [
      "SEND_OpeningDeficit",
      "Revised Forecast",
      "The deficit brought forward into the first year (£'000)",
    ],
    [
      "SEND_Costs",
      "Costs (table)",
      "How the levers are priced: Line, Driver (EHCPs or INMSS), Share, UnitCost (£), Inflation, BaseYear, Method (Change: the line is the plan, moved by activity above the plan's)",
    ],
    [
      "SEND_PlanActivity",
      "Plan Activity",
      "The activity the plan was built on: rows EHCPs and INMSS, yearly averages, the years of SEND_Expenditure",
    ],
    [
      "SEND_Settings",
      "Settings",
      "BalanceTargetYear, DeficitCap, DeficitCapYear, SafetyValve (Yes: in a Safety Valve agreement): the agreement and its conditions; a setting left out is assumed and said so",
    ],
  ];
  if (originalPlan)
    names.push([
      "SEND_OriginalPlan",
      "Original Plan",
      "The original plan's In-year deficit and Total deficit balance by year (£'000), blank where not given: compared with the forecast in £",
    ]);
  names.forEach((r, i) => r.forEach((v, j) => (ws.getCell(top + 1 + i, 1 + j).value = v)));
  const after = top + names.length + 2;
  const notes = [
    "Rates are fractions shown as percentages (12.0%); a rate typed as 12 is reported as an error, not guessed at.",
    "Dates are date cells; the forecast reads a date's month.",
    "The forecast writes its results to the sheet 'SEND Forecast', which it marks as its own and rewrites on every refresh. It never changes these input sheets.",
    "The report rounded each expenditure line before adding them up, so its Total Expenditure differs from the sum of the lines by up to £2k; the forecast says so.",
  ];
  notes.forEach((text, i) => (ws.getCell(after + i, 1).value = text));
  widths(ws, [24, 26, 110]);
}

async function main(): Promise<void> {
  const out = process.argv[2] ?? EXAMPLE_WORKBOOK;
  const wb = buildExampleWorkbook();
  await writeFileAtomic(out, Buffer.from(await wb.xlsx.writeBuffer()));
  process.stdout.write(`Wrote ${path.relative(process.cwd(), out) || out}\n`);
}

if (require.main === module)
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
