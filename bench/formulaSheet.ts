import { HyperFormula, type RawCellContent, type Sheets } from "hyperformula";
import {
  financialYearOf,
  labelKey,
  LEVERS,
  monthIndex,
  SCENARIOS,
  type ForecastInput,
  type Lever,
  type ScenarioId,
} from "../src/model";

/**
 * The forecast as a finance team would build it, as spreadsheet formulas
 * written for a modeller's clarity and speed, here evaluated by HyperFormula.
 *
 * - Inputs: the baseline figures, and one calculated input, the baseline's
 *   plans issued a month (requests × (1 − no-to-assess) × (1 − no-to-issue)),
 *   which the unmitigated scenario and the months before the first lagged
 *   issue use.
 * - Interventions: the table, grouped by lever, with each intervention's
 *   impact in the plan (impact × active, 0 when paused) and risk-adjusted
 *   (× confidence) worked out once in its own columns.
 * - Ramp: one row per month, one column per intervention (in the
 *   Interventions table's order, so each lever is a block of adjacent
 *   columns): the share of the impact acting that month. Computed once and
 *   shared by both mitigated scenarios; nothing in it depends on the
 *   baseline.
 * - Mitigated and RiskAdjusted: one row per month. Each lever's total is its
 *   own column, a SUMPRODUCT of the lever's block of ramp shares with the
 *   scenario's impacts; then the system (requests, the two rates, ceased,
 *   the INMSS growth cut, each clamped as the model clamps it), plans issued
 *   after the lag, and the EHCP and INMSS stocks.
 * - Unmitigated: no intervention effects at all: plans issued and ceased at
 *   the baseline, and the two stocks.
 * - Beside each scenario's months, its yearly summary: closing stock (the
 *   year's last month), AVERAGE and SUM over the year's 12 adjacent rows.
 * - A ledger per scenario: driven cost lines from the yearly averages,
 *   supplied lines and funding, in-year and closing balances, the balance
 *   year, the peak and the two Safety Valve conditions.
 *
 * The layout is fixed by the input's shape; the builder requires a forecast
 * that starts in April (whole financial years) so each forecast year is 12
 * adjacent rows.
 */

export const LICENSE_KEY = "gpl-v3";

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
export function column(index: number): string {
  let s = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A1 reference from zero-based row and column, optionally absolute. */
const a1 = (row: number, col: number, absolute = false): string =>
  absolute ? `$${column(col)}$${row + 1}` : `${column(col)}${row + 1}`;

/** A range on one sheet from zero-based corners, absolute. */
const range = (r0: number, c0: number, r1: number, c1: number): string =>
  `${a1(r0, c0, true)}:${a1(r1, c1, true)}`;

const SCENARIO_SHEET: Record<ScenarioId, string> = {
  unmitigated: "Unmitigated",
  mitigated: "Mitigated",
  riskAdjusted: "RiskAdjusted",
};
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
  // Calculated from the figures above.
  "baselineIssued",
] as const;
type InputName = (typeof INPUT_ROWS)[number];
const input = (name: InputName): string => `Inputs!${a1(INPUT_ROWS.indexOf(name), 1, true)}`;

/** Interventions sheet columns (header in row 1, one intervention a row from row 2). */
const IV = {
  name: 0,
  lever: 1,
  impact: 2,
  start: 3,
  ramp: 4,
  active: 5,
  confidence: 6,
  planImpact: 7,
  riskImpact: 8,
} as const;

/** Ramp sheet rows above the months (one column per intervention from C), and the first month's row. */
const RAMP = {
  lever: 0,
  start: 1,
  ramp: 2,
  planImpact: 3,
  riskImpact: 4,
  header: 5,
  firstMonth: 6,
  firstIntervention: 2,
} as const;

/** Columns of a scenario's monthly sheet (months from row 2) and of its yearly summary beside them (years from row 2). */
interface MonthlyColumns {
  month: number;
  /** Each lever's total, mitigated scenarios only. */
  levers: Record<Lever, number> | null;
  requests: number | null;
  noToAssess: number | null;
  noToIssue: number | null;
  inmssReduction: number | null;
  requested: number | null;
  issued: number;
  ceased: number;
  ehcps: number;
  inmss: number;
  sumYear: number;
  sumClosing: number;
  sumAverage: number;
  sumNew: number;
  sumCeased: number;
  sumAverageInmss: number;
}

function monthlyColumns(id: ScenarioId): MonthlyColumns {
  let c = 0;
  const next = (): number => c++;
  const month = next();
  const summary = (): Pick<
    MonthlyColumns,
    "sumYear" | "sumClosing" | "sumAverage" | "sumNew" | "sumCeased" | "sumAverageInmss"
  > => {
    c++; // a blank column between the months and the years
    return {
      sumYear: next(),
      sumClosing: next(),
      sumAverage: next(),
      sumNew: next(),
      sumCeased: next(),
      sumAverageInmss: next(),
    };
  };
  if (id === "unmitigated") {
    const cols = {
      month,
      levers: null,
      requests: null,
      noToAssess: null,
      noToIssue: null,
      inmssReduction: null,
      requested: null,
      issued: next(),
      ceased: next(),
      ehcps: next(),
      inmss: next(),
    };
    return { ...cols, ...summary() };
  }
  const levers = Object.fromEntries(LEVERS.map((lever) => [lever, next()])) as Record<
    Lever,
    number
  >;
  const cols = {
    month,
    levers,
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
  return { ...cols, ...summary() };
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
  // Grouped by lever, as a modeller keeps the table, so each lever's ramp columns are adjacent.
  const interventions = LEVERS.flatMap((lever) =>
    (forecast.interventions ?? []).filter((iv) => iv.lever === lever)
  );
  const settings = {
    balanceTargetYear: "2028/29",
    deficitCap: 84500,
    deficitCapYear: "2024/25",
    ...forecast.settings,
  };

  const inputs: Record<Exclude<InputName, "baselineIssued">, number> = {
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
  sheets.Inputs = INPUT_ROWS.map((name): RawCellContent[] =>
    name === "baselineIssued"
      ? [name, `=${input("requests")}*(1-${input("noToAssessRate")})*(1-${input("noToIssueRate")})`]
      : [name, inputs[name]]
  );

  // Interventions: Name, Lever, Impact, Start (month number), Ramp, Active (0 when paused), Confidence, PlanImpact, RiskImpact.
  const ivRow = (k: number): number => k + 1;
  const ivCell = (k: number, col: number): string => `Interventions!${a1(ivRow(k), col, true)}`;
  sheets.Interventions = [
    [
      "Name",
      "Lever",
      "Impact",
      "Start",
      "Ramp",
      "Active",
      "Confidence",
      "PlanImpact",
      "RiskImpact",
    ],
    ...interventions.map((iv, k): RawCellContent[] => [
      iv.name,
      iv.lever,
      iv.impact,
      monthIndex(iv.start),
      iv.rampMonths ?? 0,
      iv.status === "Pause" ? 0 : 1,
      iv.confidence ?? 1,
      `=${a1(ivRow(k), IV.impact)}*${a1(ivRow(k), IV.active)}`,
      `=${a1(ivRow(k), IV.planImpact)}*${a1(ivRow(k), IV.confidence)}`,
    ]),
  ];

  // Supplied lines and funding: one row per line, one column per year (from B).
  sheets.Lines = [
    ["Line", ...years],
    ...forecast.expenditure.map((l): RawCellContent[] => [l.label, ...l.values]),
  ];
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
  sheets.Costs = [
    ["Line", "Driver", "Share", "UnitCost", "Inflation", "BaseYear"],
    ...costs.map((c): RawCellContent[] => [
      c.line,
      c.driver,
      c.share,
      c.unitCost,
      c.inflation,
      firstYear(c.baseYear),
    ]),
  ];

  const forecastYears = years.filter((y) => firstYear(y) >= firstYear(financialYearOf(start)));
  sheets.Ramp = rampSheet();
  for (const id of SCENARIOS) sheets[SCENARIO_SHEET[id]] = monthlySheet(id);
  for (const id of SCENARIOS) sheets[ledgerSheet(id)] = ledger(id);
  // Rows are built sparsely; a spreadsheet's gaps are empty cells.
  for (const name of Object.keys(sheets))
    sheets[name] = Array.from(sheets[name], (row) => Array.from(row ?? [], (v) => v ?? null));

  return {
    sheets,
    requestsCell: { sheetName: "Inputs", row: INPUT_ROWS.indexOf("requests"), col: 1 },
  };

  /** Each intervention's ramp share, month by month: the one grid of intervention effects, shared by the mitigated scenarios. */
  function rampSheet(): RawCellContent[][] {
    const rows: RawCellContent[][] = [
      ["Lever", ""],
      ["Start", ""],
      ["Ramp", ""],
      ["PlanImpact", ""],
      ["RiskImpact", ""],
      ["Month", ""],
    ];
    const col = (k: number): number => RAMP.firstIntervention + k;
    interventions.forEach((_, k) => {
      rows[RAMP.lever][col(k)] = `=${ivCell(k, IV.lever)}`;
      rows[RAMP.start][col(k)] = `=${ivCell(k, IV.start)}`;
      rows[RAMP.ramp][col(k)] = `=${ivCell(k, IV.ramp)}`;
      rows[RAMP.planImpact][col(k)] = `=${ivCell(k, IV.planImpact)}`;
      rows[RAMP.riskImpact][col(k)] = `=${ivCell(k, IV.riskImpact)}`;
      rows[RAMP.header][col(k)] = `=${ivCell(k, IV.name)}`;
    });
    for (let m = 0; m < months; m++) {
      const r = RAMP.firstMonth + m;
      const row: RawCellContent[] = [
        m === 0 ? `=${input("forecastStart")}` : `=${a1(r - 1, 0)}+1`,
        "",
      ];
      // Share of the impact acting this month: 0 before the start, rising by 1/ramp a month to 1.
      interventions.forEach((_, k) => {
        const c = col(k);
        row[c] =
          `=MAX(0,MIN(1,($A${r + 1}-${column(c)}$${RAMP.start + 1}+1)/MAX(1,${column(c)}$${RAMP.ramp + 1})))`;
      });
      rows.push(row);
    }
    return rows;
  }

  function monthlySheet(id: ScenarioId): RawCellContent[][] {
    const mc = monthlyColumns(id);
    const rows: RawCellContent[][] = [];
    const header: RawCellContent[] = [];
    header[mc.month] = "Month";
    if (mc.levers) for (const lever of LEVERS) header[mc.levers[lever]] = `Total ${lever}`;
    const names: [keyof MonthlyColumns, string][] = [
      ["requests", "Requests"],
      ["noToAssess", "NoToAssess"],
      ["noToIssue", "NoToIssue"],
      ["ceased", "Ceased"],
      ["inmssReduction", "INMSSReduction"],
      ["requested", "NewPlansRequested"],
      ["issued", "PlansIssued"],
      ["ehcps", "EHCPs"],
      ["inmss", "INMSS"],
      ["sumYear", "Year"],
      ["sumClosing", "ClosingEHCPs"],
      ["sumAverage", "AverageEHCPs"],
      ["sumNew", "NewPlans"],
      ["sumCeased", "Ceased"],
      ["sumAverageInmss", "AverageINMSS"],
    ];
    for (const [key, name] of names) {
      const c = mc[key];
      if (typeof c === "number") header[c] = name;
    }
    rows.push(header);
    // Each lever's interventions are adjacent columns of the Ramp sheet.
    const block = (lever: Lever): [number, number] | null => {
      const first = interventions.findIndex((iv) => iv.lever === lever);
      if (first < 0) return null;
      const count = interventions.filter((iv) => iv.lever === lever).length;
      return [RAMP.firstIntervention + first, RAMP.firstIntervention + first + count - 1];
    };
    const impactRow = id === "riskAdjusted" ? RAMP.riskImpact : RAMP.planImpact;
    for (let k = 0; k < months; k++) {
      const r = k + 1;
      const row: RawCellContent[] = [];
      const me = (col: number): string => a1(r, col);
      row[mc.month] = `=Ramp!$A$${RAMP.firstMonth + k + 1}`;
      const before = (col: number, opening: InputName): string =>
        k === 0 ? input(opening) : a1(r - 1, col);
      if (!mc.levers) {
        row[mc.issued] = `=${input("baselineIssued")}`;
        row[mc.ceased] = `=${input("ceased")}`;
        row[mc.ehcps] =
          `=${before(mc.ehcps, "openingEhcps")}+${me(mc.issued)}+${input("transfersIn")}-${me(mc.ceased)}`;
        row[mc.inmss] = `=${before(mc.inmss, "inmssPlacements")}+${input("inmssAnnualGrowth")}/12`;
        rows.push(row);
        continue;
      }
      const lever = (name: Lever): string => me(mc.levers![name]);
      for (const name of LEVERS) {
        const b = block(name);
        const rampRow = RAMP.firstMonth + k;
        row[mc.levers[name]] = b
          ? `=SUMPRODUCT(Ramp!${range(impactRow, b[0], impactRow, b[1])},Ramp!${a1(rampRow, b[0])}:${a1(rampRow, b[1])})`
          : 0;
      }
      row[mc.requests!] =
        `=MAX(0,${input("requests")}-${lever("Requests")}-MIN(1,${lever("RequestsPct")})*${input("requests")})`;
      row[mc.noToAssess!] = `=MIN(1,MAX(0,${input("noToAssessRate")}+${lever("NoToAssess")}))`;
      row[mc.noToIssue!] = `=MIN(1,MAX(0,${input("noToIssueRate")}+${lever("NoToIssue")}))`;
      row[mc.ceased] = `=MAX(0,${input("ceased")}+${lever("Ceased")})`;
      row[mc.inmssReduction!] = `=MIN(1,MAX(0,${lever("INMSSGrowth")}))`;
      row[mc.requested!] =
        `=${me(mc.requests!)}*(1-${me(mc.noToAssess!)})*(1-${me(mc.noToIssue!)})`;
      // Plans issued L months after the request; before the forecast start the baseline applies.
      row[mc.issued] = k >= lag ? `=${a1(r - lag, mc.requested!)}` : `=${input("baselineIssued")}`;
      row[mc.ehcps] =
        `=${before(mc.ehcps, "openingEhcps")}+${me(mc.issued)}+${input("transfersIn")}-${me(mc.ceased)}`;
      row[mc.inmss] =
        `=${before(mc.inmss, "inmssPlacements")}+${input("inmssAnnualGrowth")}/12*(1-${me(mc.inmssReduction!)})`;
      rows.push(row);
    }
    // Yearly summaries beside the months: each year is 12 adjacent rows.
    forecastYears.forEach((label, k) => {
      const r = k + 1;
      const first = 1 + 12 * k;
      const last = Math.min(months, first + 11);
      const over = (c: number): string => `${a1(first, c)}:${a1(last, c)}`;
      const row = rows[r];
      row[mc.sumYear] = firstYear(label);
      row[mc.sumClosing] = `=${a1(last, mc.ehcps)}`;
      row[mc.sumAverage] = `=AVERAGE(${over(mc.ehcps)})`;
      row[mc.sumNew] = `=SUM(${over(mc.issued)})`;
      row[mc.sumCeased] = `=SUM(${over(mc.ceased)})`;
      row[mc.sumAverageInmss] = `=AVERAGE(${over(mc.inmss)})`;
    });
    return rows;
  }

  function ledger(id: ScenarioId): RawCellContent[][] {
    const lr = ledgerRows(forecast.expenditure.length);
    const mc = monthlyColumns(id);
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
        row.push(
          `=${average}*${c("C")}*${c("D")}*(1+${c("E")})^(${a1(lr.year, k + 1)}-${c("F")})/1000`
        );
      });
      rows[lr.firstLine + j] = row;
    });
    const each = (label: string, cell: (k: number, col: string) => string): RawCellContent[] => [
      label,
      ...years.map((_, k) => `=${cell(k, column(k + 1))}`),
    ];
    rows[lr.expenditure] = each(
      "Expenditure",
      (_, c) => `SUM(${c}${lr.firstLine + 1}:${c}${lr.expenditure})`
    );
    rows[lr.highNeedsBlock] = each("High Needs Block", (_, c) => `Funding!${c}2`);
    rows[lr.blockTransfer] = each("Block Transfer", (_, c) => `Funding!${c}3`);
    rows[lr.inYear] = each(
      "In year",
      (_, c) => `${c}${lr.expenditure + 1}+${c}${lr.highNeedsBlock + 1}+${c}${lr.blockTransfer + 1}`
    );
    rows[lr.otherBlocks] = each("Other DSG blocks", (_, c) => `Funding!${c}4`);
    rows[lr.safetyValve] = each("Safety Valve", (_, c) => `Funding!${c}5`);
    rows[lr.opening] = each("Opening", (k) =>
      k === 0 ? input("openingDeficit") : a1(lr.closing, k)
    );
    rows[lr.closing] = each(
      "Closing",
      (_, c) =>
        `${c}${lr.opening + 1}+${c}${lr.inYear + 1}+${c}${lr.otherBlocks + 1}+${c}${lr.safetyValve + 1}`
    );
    // 1 when in balance from this year on (no later year in deficit), else 0.
    rows[lr.balancedFromHere] = each(
      "Balanced from here",
      (_, c) => `IF(COUNTIF(${c}${lr.inYear + 1}:${a1(lr.inYear, n, true)},">0")=0,1,0)`
    );
    const inYear = yearCells(lr.inYear);
    const closing = yearCells(lr.closing);
    // INDEX on a one-row range takes (1, column): HyperFormula reads a lone index as a row.
    const balanced = `MATCH(1,${yearCells(lr.balancedFromHere)},0)`;
    rows[lr.balanceYear] = [
      "Balance year",
      `=IFERROR(INDEX(${yearCells(lr.year)},1,${balanced}),"none")`,
    ];
    rows[lr.residualDeficit] = [
      "Residual deficit",
      `=IFERROR(INDEX(${closing},1,${balanced}),"none")`,
    ];
    rows[lr.peakDeficit] = ["Peak deficit", `=MAX(${closing})`];
    rows[lr.peakYear] = [
      "Peak year",
      `=INDEX(${yearCells(lr.year)},1,MATCH(MAX(${closing}),${closing},0))`,
    ];
    rows[lr.inYearBalancePasses] = [
      "In-year balance from the target year",
      `=COUNTIFS(${yearCells(lr.year)},">="&${input("balanceTargetYear")},${inYear},">0")=0`,
    ];
    rows[lr.deficitCapPasses] = [
      "Deficit within the cap",
      `=INDEX(${closing},1,MATCH(${input("deficitCapYear")},${yearCells(lr.year)},0))<=${input("deficitCap")}`,
    ];
    return rows;
  }
}

/** The figures the benchmark compares, read back from an evaluated workbook in the model's terms. */
export interface SheetFigures {
  years: string[];
  scenarios: Record<
    ScenarioId,
    {
      closingEhcps: number[];
      averageEhcps: number[];
      newPlans: number[];
      ceased: number[];
      averageInmss: number[];
    }
  >;
  ledgers: Record<
    ScenarioId,
    {
      expenditure: number[];
      inYear: number[];
      opening: number[];
      closing: number[];
      lines: number[][];
    }
  >;
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
  const forecastYears = years.filter(
    (y) => Number(y.slice(0, 4)) >= Number(financialYearOf(start).slice(0, 4))
  );
  const lr = ledgerRows(forecast.expenditure.length);
  const value = (sheetName: string, row: number, col: number): unknown => {
    const sheet = hf.getSheetId(sheetName);
    if (sheet === undefined) throw new Error(`no sheet ${sheetName}`);
    return hf.getCellValue({ sheet, row, col });
  };
  const numberAt = (sheetName: string, row: number, col: number): number => {
    const v = value(sheetName, row, col);
    if (typeof v !== "number")
      throw new Error(
        `${sheetName}!${a1(row, col)}: expected a number, found ${JSON.stringify(v)}`
      );
    return v;
  };
  const label = (first: number): string => `${first}/${String((first + 1) % 100).padStart(2, "0")}`;
  const scenarios = {} as SheetFigures["scenarios"];
  const ledgers = {} as SheetFigures["ledgers"];
  for (const id of SCENARIOS) {
    const s = SCENARIO_SHEET[id];
    const mc = monthlyColumns(id);
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
    if (typeof v !== "boolean")
      throw new Error(`${plan}!${a1(r, 1)}: expected TRUE or FALSE, found ${JSON.stringify(v)}`);
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
