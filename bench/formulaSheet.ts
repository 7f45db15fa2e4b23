import { HyperFormula, type RawCellContent, type Sheets } from "hyperformula";
import { financialYearOf, labelKey, monthIndex, SCENARIOS, type ForecastInput, type ScenarioId } from "../src/model";

/**
 * The forecast as a finance team builds it today: a workbook of spreadsheet
 * formulas, here evaluated by HyperFormula. One Inputs sheet, an
 * Interventions table, a Costs table and supplied Lines and Funding; then, per
 * scenario, a monthly sheet (each intervention's ramped effect as its own
 * column, the levers summed with SUMIF and clamped with MIN/MAX, the stock
 * and INMSS recursions, yearly AVERAGEIF/SUMIFS summaries) and a ledger
 * sheet (driven cost lines, in-year and closing balances, balance year, peak,
 * the two Safety Valve conditions).
 *
 * The layout is fixed by the input's shape; the builder requires a forecast
 * that starts in April (whole financial years) so the sheet needs no
 * "months before the start count at the opening value" columns.
 */

export const LICENSE_KEY = "gpl-v3";

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
export function column(index: number): string {
  let s = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A1 reference from zero-based row and column, optionally absolute. */
const a1 = (row: number, col: number, absolute = false): string =>
  absolute ? `$${column(col)}$${row + 1}` : `${column(col)}${row + 1}`;

const SCENARIO_SHEET: Record<ScenarioId, string> = { unmitigated: "Unmitigated", mitigated: "Mitigated", riskAdjusted: "RiskAdjusted" };
const ledgerSheet = (id: ScenarioId): string => `${SCENARIO_SHEET[id]}Ledger`;

/** Where the Inputs sheet keeps each figure (column B). */
const INPUT_ROWS = [
  "requests",
  "noToAssessRate",
  "noToIssueRate",
  "ceased",
  "transfersIn",
  "openingEhcps",
  "inmssPlacements",
  "inmssAnnualGrowth",
  "forecastStart",
  "openingDeficit",
  "deficitCap",
  "balanceTargetYear",
  "deficitCapYear",
] as const;
type InputName = (typeof INPUT_ROWS)[number];
const input = (name: InputName): string => `Inputs!${a1(INPUT_ROWS.indexOf(name), 1, true)}`;

/** Columns of a scenario's monthly sheet, after the per-intervention effect columns. */
interface MonthlyColumns {
  month: number;
  year: number;
  firstEffect: number;
  lastEffect: number;
  requests: number;
  noToAssess: number;
  noToIssue: number;
  ceased: number;
  inmssReduction: number;
  requested: number;
  issued: number;
  ehcps: number;
  inmss: number;
  // Yearly summary block, one row per forecast year.
  sumYear: number;
  sumClosing: number;
  sumAverage: number;
  sumNew: number;
  sumCeased: number;
  sumAverageInmss: number;
}

function monthlyColumns(interventions: number): MonthlyColumns {
  const firstEffect = 2;
  const lastEffect = firstEffect + Math.max(1, interventions) - 1;
  let c = lastEffect + 1;
  const next = (): number => c++;
  const cols = {
    month: 0,
    year: 1,
    firstEffect,
    lastEffect,
    requests: next(),
    noToAssess: next(),
    noToIssue: next(),
    ceased: next(),
    inmssReduction: next(),
    requested: next(),
    issued: next(),
    ehcps: next(),
    inmss: next(),
  };
  c++; // a blank column between the months and the years
  return { ...cols, sumYear: next(), sumClosing: next(), sumAverage: next(), sumNew: next(), sumCeased: next(), sumAverageInmss: next() };
}

/** Rows of a scenario's ledger sheet (columns: A label, then one per year). */
function ledgerRows(lines: number) {
  const firstLine = 1;
  const expenditure = firstLine + lines;
  return {
    year: 0,
    firstLine,
    expenditure,
    highNeedsBlock: expenditure + 1,
    blockTransfer: expenditure + 2,
    inYear: expenditure + 3,
    otherBlocks: expenditure + 4,
    safetyValve: expenditure + 5,
    opening: expenditure + 6,
    closing: expenditure + 7,
    balancedFromHere: expenditure + 8,
    // Single results in column B below the table.
    balanceYear: expenditure + 10,
    residualDeficit: expenditure + 11,
    peakDeficit: expenditure + 12,
    peakYear: expenditure + 13,
    inYearBalancePasses: expenditure + 14,
    deficitCapPasses: expenditure + 15,
  };
}

export interface FormulaWorkbook {
  sheets: Sheets;
  /** Where to set the baseline requests (the one input the recalculation benchmark changes). */
  requestsCell: { sheetName: "Inputs"; row: number; col: number };
}

/** The whole workbook, as raw cell contents (numbers, text and formulas). */
export function buildFormulaWorkbook(forecast: ForecastInput): FormulaWorkbook {
  const baseline = forecast.baseline;
  if (!baseline) throw new Error("the formula workbook needs an explicit baseline");
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`the formula workbook needs ${what}`);
    return v;
  };
  const start = monthIndex(need(baseline.forecastStart, "a forecast start"));
  if (start % 12 !== 3) throw new Error("the formula workbook models forecasts starting in April");
  const years = forecast.years;
  const firstYear = (label: string): number => Number(label.slice(0, 4));
  const lastMonth = firstYear(years[years.length - 1]) * 12 + 3 + 11;
  const months = lastMonth - start + 1;
  const lag = baseline.lagMonths ?? 0;
  const interventions = forecast.interventions ?? [];
  const settings = { balanceTargetYear: "2028/29", deficitCap: 84500, deficitCapYear: "2024/25", ...forecast.settings };

  const inputs: Record<InputName, number> = {
    requests: need(baseline.requests, "requests"),
    noToAssessRate: need(baseline.noToAssessRate, "the no-to-assess rate"),
    noToIssueRate: need(baseline.noToIssueRate, "the no-to-issue rate"),
    ceased: need(baseline.ceased, "ceased plans"),
    transfersIn: baseline.transfersIn ?? 0,
    openingEhcps: need(baseline.openingEhcps, "the opening EHCPs"),
    inmssPlacements: baseline.inmssPlacements ?? 0,
    inmssAnnualGrowth: baseline.inmssAnnualGrowth ?? 0,
    forecastStart: start,
    openingDeficit: forecast.openingDeficit,
    deficitCap: settings.deficitCap,
    balanceTargetYear: firstYear(settings.balanceTargetYear),
    deficitCapYear: firstYear(settings.deficitCapYear),
  };
  const sheets: Sheets = {};
  sheets.Inputs = INPUT_ROWS.map((name) => [name, inputs[name]]);

  // Interventions: Name, Lever, Impact, Start (month number), Ramp, Active (0 when paused), Confidence.
  sheets.Interventions = [
    ["Name", "Lever", "Impact", "Start", "Ramp", "Active", "Confidence"],
    ...interventions.map((iv): RawCellContent[] => [
      iv.name,
      iv.lever,
      iv.impact,
      monthIndex(iv.start),
      iv.rampMonths ?? 0,
      iv.status === "Pause" ? 0 : 1,
      iv.confidence ?? 1,
    ]),
  ];
  if (interventions.length === 0) sheets.Interventions.push(["(none)", "None", 0, 0, 0, 0, 1]);

  // Supplied lines and funding: one row per line, one column per year (from B).
  sheets.Lines = [["Line", ...years], ...forecast.expenditure.map((l): RawCellContent[] => [l.label, ...l.values])];
  const funding = forecast.funding;
  const zeros = years.map(() => 0);
  sheets.Funding = [
    ["Funding", ...years],
    ["High Needs Block", ...(funding.highNeedsBlock ?? zeros)],
    ["Block Transfer", ...(funding.blockTransfer ?? zeros)],
    ["Other DSG blocks", ...(funding.otherBlocks ?? zeros)],
    ["Safety Valve", ...(funding.safetyValve ?? zeros)],
  ];
  // Costs: Line, Driver, Share, UnitCost, Inflation, BaseYear (first calendar year).
  const costs = forecast.costs ?? [];
  sheets.Costs = [["Line", "Driver", "Share", "UnitCost", "Inflation", "BaseYear"], ...costs.map((c): RawCellContent[] => [c.line, c.driver, c.share, c.unitCost, c.inflation, firstYear(c.baseYear)])];

  const mc = monthlyColumns(interventions.length);
  const forecastYears = years.filter((y) => firstYear(y) >= firstYear(financialYearOf(start)));
  for (const id of SCENARIOS) sheets[SCENARIO_SHEET[id]] = monthlySheet(id);
  for (const id of SCENARIOS) sheets[ledgerSheet(id)] = ledger(id);
  // Rows are built sparsely; a spreadsheet's gaps are empty cells.
  for (const name of Object.keys(sheets)) sheets[name] = Array.from(sheets[name], (row) => Array.from(row ?? [], (v) => v ?? null));

  return { sheets, requestsCell: { sheetName: "Inputs", row: INPUT_ROWS.indexOf("requests"), col: 1 } };

  function monthlySheet(id: ScenarioId): RawCellContent[][] {
    const rows: RawCellContent[][] = [];
    const header: RawCellContent[] = ["Month", "Year"];
    // The header of each effect column is its lever, so SUMIF can add a lever's effects.
    for (let j = 0; j <= mc.lastEffect - mc.firstEffect; j++) header.push(`=Interventions!$B$${j + 2}`);
    header.push("Requests", "NoToAssess", "NoToIssue", "Ceased", "INMSSReduction", "NewPlansRequested", "PlansIssued", "EHCPs", "INMSS", "");
    header.push("Year", "ClosingEHCPs", "AverageEHCPs", "NewPlans", "Ceased", "AverageINMSS");
    rows.push(header);
    const levers = `${a1(0, mc.firstEffect, true)}:${a1(0, mc.lastEffect, true)}`;
    for (let k = 0; k < months; k++) {
      const r = k + 1;
      const row: RawCellContent[] = [];
      const me = (col: number): string => a1(r, col);
      const effects = `${me(mc.firstEffect)}:${me(mc.lastEffect)}`;
      const sumLever = (lever: string): string => `SUMIF(${levers},"${lever}",${effects})`;
      row[mc.month] = k === 0 ? `=${input("forecastStart")}` : `=${a1(r - 1, mc.month)}+1`;
      row[mc.year] = `=IF(MOD(${me(mc.month)},12)>=3,INT(${me(mc.month)}/12),INT(${me(mc.month)}/12)-1)`;
      for (let j = 0; j <= mc.lastEffect - mc.firstEffect; j++) {
        const iv = (col: string): string => `Interventions!$${col}$${j + 2}`;
        const share = `IF(${me(mc.month)}<${iv("D")},0,IF(${iv("E")}<=0,1,MIN(1,(${me(mc.month)}-${iv("D")}+1)/${iv("E")})))`;
        const weight = id === "unmitigated" ? "0" : id === "riskAdjusted" ? iv("G") : "1";
        row[mc.firstEffect + j] = `=${share}*${iv("C")}*${iv("F")}*${weight}`;
      }
      row[mc.requests] = `=MAX(0,${input("requests")}-${sumLever("Requests")}-MIN(1,${sumLever("RequestsPct")})*${input("requests")})`;
      row[mc.noToAssess] = `=MIN(1,MAX(0,${input("noToAssessRate")}+${sumLever("NoToAssess")}))`;
      row[mc.noToIssue] = `=MIN(1,MAX(0,${input("noToIssueRate")}+${sumLever("NoToIssue")}))`;
      row[mc.ceased] = `=MAX(0,${input("ceased")}+${sumLever("Ceased")})`;
      row[mc.inmssReduction] = `=MIN(1,MAX(0,${sumLever("INMSSGrowth")}))`;
      row[mc.requested] = `=${me(mc.requests)}*(1-${me(mc.noToAssess)})*(1-${me(mc.noToIssue)})`;
      // Plans issued L months after the request; before the forecast start the baseline applies.
      row[mc.issued] =
        k >= lag ? `=${a1(r - lag, mc.requested)}` : `=${input("requests")}*(1-${input("noToAssessRate")})*(1-${input("noToIssueRate")})`;
      const before = (col: number, opening: InputName): string => (k === 0 ? input(opening) : a1(r - 1, col));
      row[mc.ehcps] = `=${before(mc.ehcps, "openingEhcps")}+${me(mc.issued)}+${input("transfersIn")}-${me(mc.ceased)}`;
      row[mc.inmss] = `=${before(mc.inmss, "inmssPlacements")}+${input("inmssAnnualGrowth")}/12*(1-${me(mc.inmssReduction)})`;
      rows.push(row);
    }
    // Yearly summaries beside the months.
    const col = (c: number): string => `${a1(1, c, true)}:${a1(months, c, true)}`;
    forecastYears.forEach((label, k) => {
      const r = k + 1;
      const y = a1(r, mc.sumYear);
      const row = rows[r];
      row[mc.sumYear] = firstYear(label);
      row[mc.sumClosing] = `=INDEX(${col(mc.ehcps)},MATCH(${y},${col(mc.year)},1))`;
      row[mc.sumAverage] = `=AVERAGEIF(${col(mc.year)},${y},${col(mc.ehcps)})`;
      row[mc.sumNew] = `=SUMIFS(${col(mc.issued)},${col(mc.year)},${y})`;
      row[mc.sumCeased] = `=SUMIFS(${col(mc.ceased)},${col(mc.year)},${y})`;
      row[mc.sumAverageInmss] = `=AVERAGEIF(${col(mc.year)},${y},${col(mc.inmss)})`;
    });
    return rows;
  }

  function ledger(id: ScenarioId): RawCellContent[][] {
    const lr = ledgerRows(forecast.expenditure.length);
    const monthly = SCENARIO_SHEET[id];
    const n = years.length;
    const rows: RawCellContent[][] = [];
    const yearCells = (row: number): string => `${a1(row, 1, true)}:${a1(row, n, true)}`;
    rows[lr.year] = ["Year", ...years.map(firstYear)];
    forecast.expenditure.forEach((line, j) => {
      const cost = costs.findIndex((c) => labelKey(c.line) === labelKey(line.label));
      const row: RawCellContent[] = [line.label];
      years.forEach((label, k) => {
        const supplied = `=Lines!${a1(j + 1, k + 1)}`;
        const summary = forecastYears.indexOf(label);
        if (cost < 0 || summary < 0) {
          row.push(supplied);
          return;
        }
        const c = (col: string): string => `Costs!$${col}$${cost + 2}`;
        const average = `IF(${c("B")}="EHCPs",${monthly}!${a1(summary + 1, mc.sumAverage, true)},${monthly}!${a1(summary + 1, mc.sumAverageInmss, true)})`;
        row.push(`=${average}*${c("C")}*${c("D")}*(1+${c("E")})^(${a1(lr.year, k + 1)}-${c("F")})/1000`);
      });
      rows[lr.firstLine + j] = row;
    });
    const each = (label: string, cell: (k: number, col: string) => string): RawCellContent[] => [label, ...years.map((_, k) => `=${cell(k, column(k + 1))}`)];
    rows[lr.expenditure] = each("Expenditure", (_, c) => `SUM(${c}${lr.firstLine + 1}:${c}${lr.expenditure})`);
    rows[lr.highNeedsBlock] = each("High Needs Block", (_, c) => `Funding!${c}2`);
    rows[lr.blockTransfer] = each("Block Transfer", (_, c) => `Funding!${c}3`);
    rows[lr.inYear] = each("In year", (_, c) => `${c}${lr.expenditure + 1}+${c}${lr.highNeedsBlock + 1}+${c}${lr.blockTransfer + 1}`);
    rows[lr.otherBlocks] = each("Other DSG blocks", (_, c) => `Funding!${c}4`);
    rows[lr.safetyValve] = each("Safety Valve", (_, c) => `Funding!${c}5`);
    rows[lr.opening] = each("Opening", (k) => (k === 0 ? input("openingDeficit") : a1(lr.closing, k)));
    rows[lr.closing] = each("Closing", (_, c) => `${c}${lr.opening + 1}+${c}${lr.inYear + 1}+${c}${lr.otherBlocks + 1}+${c}${lr.safetyValve + 1}`);
    // 1 when in balance from this year on (no later year in deficit), else 0.
    rows[lr.balancedFromHere] = each("Balanced from here", (_, c) => `IF(COUNTIF(${c}${lr.inYear + 1}:${a1(lr.inYear, n, true)},">0")=0,1,0)`);
    const inYear = yearCells(lr.inYear);
    const closing = yearCells(lr.closing);
    // INDEX on a one-row range takes (1, column): HyperFormula reads a lone index as a row.
    const balanced = `MATCH(1,${yearCells(lr.balancedFromHere)},0)`;
    rows[lr.balanceYear] = ["Balance year", `=IFERROR(INDEX(${yearCells(lr.year)},1,${balanced}),"none")`];
    rows[lr.residualDeficit] = ["Residual deficit", `=IFERROR(INDEX(${closing},1,${balanced}),"none")`];
    rows[lr.peakDeficit] = ["Peak deficit", `=MAX(${closing})`];
    rows[lr.peakYear] = ["Peak year", `=INDEX(${yearCells(lr.year)},1,MATCH(MAX(${closing}),${closing},0))`];
    rows[lr.inYearBalancePasses] = ["In-year balance from the target year", `=COUNTIFS(${yearCells(lr.year)},">="&${input("balanceTargetYear")},${inYear},">0")=0`];
    rows[lr.deficitCapPasses] = ["Deficit within the cap", `=INDEX(${closing},1,MATCH(${input("deficitCapYear")},${yearCells(lr.year)},0))<=${input("deficitCap")}`];
    return rows;
  }
}

/** The figures the benchmark compares, read back from an evaluated workbook in the model's terms. */
export interface SheetFigures {
  years: string[];
  scenarios: Record<ScenarioId, { closingEhcps: number[]; averageEhcps: number[]; newPlans: number[]; ceased: number[]; averageInmss: number[] }>;
  ledgers: Record<ScenarioId, { expenditure: number[]; inYear: number[]; opening: number[]; closing: number[]; lines: number[][] }>;
  balanceYear: string | null;
  residualDeficit: number | null;
  peakDeficit: number;
  peakYear: string;
  inYearBalancePasses: boolean;
  deficitCapPasses: boolean;
}

export function readFigures(hf: HyperFormula, forecast: ForecastInput): SheetFigures {
  const years = forecast.years;
  const start = monthIndex(forecast.baseline!.forecastStart!);
  const forecastYears = years.filter((y) => Number(y.slice(0, 4)) >= Number(financialYearOf(start).slice(0, 4)));
  const mc = monthlyColumns((forecast.interventions ?? []).length);
  const lr = ledgerRows(forecast.expenditure.length);
  const value = (sheetName: string, row: number, col: number): unknown => {
    const sheet = hf.getSheetId(sheetName);
    if (sheet === undefined) throw new Error(`no sheet ${sheetName}`);
    return hf.getCellValue({ sheet, row, col });
  };
  const numberAt = (sheetName: string, row: number, col: number): number => {
    const v = value(sheetName, row, col);
    if (typeof v !== "number") throw new Error(`${sheetName}!${a1(row, col)}: expected a number, found ${JSON.stringify(v)}`);
    return v;
  };
  const label = (first: number): string => `${first}/${String((first + 1) % 100).padStart(2, "0")}`;
  const scenarios = {} as SheetFigures["scenarios"];
  const ledgers = {} as SheetFigures["ledgers"];
  for (const id of SCENARIOS) {
    const s = SCENARIO_SHEET[id];
    const yearly = (col: number): number[] => forecastYears.map((_, k) => numberAt(s, k + 1, col));
    scenarios[id] = {
      closingEhcps: yearly(mc.sumClosing),
      averageEhcps: yearly(mc.sumAverage),
      newPlans: yearly(mc.sumNew),
      ceased: yearly(mc.sumCeased),
      averageInmss: yearly(mc.sumAverageInmss),
    };
    const l = ledgerSheet(id);
    const row = (r: number): number[] => years.map((_, k) => numberAt(l, r, k + 1));
    ledgers[id] = {
      expenditure: row(lr.expenditure),
      inYear: row(lr.inYear),
      opening: row(lr.opening),
      closing: row(lr.closing),
      lines: forecast.expenditure.map((_, j) => row(lr.firstLine + j)),
    };
  }
  const plan = ledgerSheet("mitigated");
  const balance = value(plan, lr.balanceYear, 1);
  const residual = value(plan, lr.residualDeficit, 1);
  const flag = (r: number): boolean => {
    const v = value(plan, r, 1);
    if (typeof v !== "boolean") throw new Error(`${plan}!${a1(r, 1)}: expected TRUE or FALSE, found ${JSON.stringify(v)}`);
    return v;
  };
  return {
    years: [...years],
    scenarios,
    ledgers,
    balanceYear: typeof balance === "number" ? label(balance) : null,
    residualDeficit: typeof residual === "number" ? residual : null,
    peakDeficit: numberAt(plan, lr.peakDeficit, 1),
    peakYear: label(numberAt(plan, lr.peakYear, 1)),
    inYearBalancePasses: flag(lr.inYearBalancePasses),
    deficitCapPasses: flag(lr.deficitCapPasses),
  };
}

/** Build and evaluate the workbook: HyperFormula computes every formula while building. */
export function evaluateWorkbook(book: FormulaWorkbook): HyperFormula {
  return HyperFormula.buildFromSheets(book.sheets, { licenseKey: LICENSE_KEY });
}
