import { WILTSHIRE } from "../../src/example/wiltshire";
import { serialOfMonth } from "../../src/workbook/cells";
import type { CellValue, RangeData } from "../../src/workbook/port";

/**
 * Wiltshire's figures laid out as a finance analyst would key them, under
 * the contract's names: rates as percent-formatted cells, months as dates,
 * the report's deficit table with its Total Expenditure row. Built from the
 * example data so the tests compare the read input against it.
 */
export function wiltshireRanges(): RangeData[] {
  const w = WILTSHIRE;
  const b = w.baseline!;
  const range = (
    name: string,
    kind: "name" | "table",
    sheet: string,
    row: number,
    column: number,
    values: CellValue[][],
    formats?: string[][]
  ): RangeData => ({
    name,
    kind,
    sheet,
    row,
    column,
    values,
    numberFormats: formats ?? values.map((r) => r.map(() => "General")),
  });
  const yearHeaders = w.years.map((y) => `${y} £'000`);
  const money = (n: number): string[] => ["General", ...new Array<string>(n).fill("#,##0;(#,##0)")];
  const expenditure: CellValue[][] = [
    ["Provision", ...yearHeaders],
    ...w.expenditure.map((l) => [l.label, ...l.values]),
    ["Total Expenditure", ...w.suppliedTotals!.expenditure!],
  ];
  const f = w.funding;
  const funding: CellValue[][] = [
    ["Funding", ...yearHeaders],
    ["High Needs Block", ...f.highNeedsBlock!],
    ["Block Transfer", ...f.blockTransfer!],
    ["Surplus/Deficit from other DSG Blocks", ...f.otherBlocks!],
    ["Safety Valve Income", ...f.safetyValve!],
  ];
  const baseline: [string, CellValue, string][] = [
    ["RequestsPerMonth", b.requests!, "0"],
    ["NoToAssessRate", b.noToAssessRate!, "0.0%"],
    ["NoToIssueRate", b.noToIssueRate!, "0.0%"],
    ["CeasedPerMonth", b.ceased!, "0"],
    ["TransfersInPerMonth", b.transfersIn!, "0"],
    ["OpeningEHCPs", b.openingEhcps!, "#,##0"],
    ["ForecastStart", serialOfMonth(b.forecastStart!), "mmm yyyy"],
    ["INMSSPlacements", b.inmssPlacements!, "0"],
    ["INMSSAnnualGrowth", b.inmssAnnualGrowth!, "0"],
    ["LagMonths", b.lagMonths!, "0"],
  ];
  const interventions: CellValue[][] = [
    ["Name", "Lever", "Impact", "Start", "RampMonths", "Status", "Confidence"],
    ...w.interventions!.map((iv) => [
      iv.name,
      iv.lever,
      iv.impact,
      serialOfMonth(iv.start),
      iv.rampMonths ?? 0,
      iv.status ?? "New",
      iv.confidence ?? 1,
    ]),
  ];
  const interventionFormats = interventions.map((r, k) =>
    k === 0
      ? r.map(() => "General")
      : [
          "General",
          "General",
          ["NoToAssess", "NoToIssue", "INMSSGrowth"].includes(String(r[1])) ? "0.0%" : "0",
          "mmm yyyy",
          "0",
          "General",
          "0%",
        ]
  );
  const s = w.settings!;
  return [
    range(
      "SEND_Baseline",
      "name",
      "Demand",
      3,
      1,
      baseline.map(([k, v]) => [k, v]),
      baseline.map(([, , fmt]) => ["General", fmt])
    ),
    range("SEND_Interventions", "table", "Interventions", 2, 0, interventions, interventionFormats),
    range(
      "SEND_Expenditure",
      "name",
      "Deficit Table",
      3,
      0,
      expenditure,
      expenditure.map((r) => money(r.length - 1))
    ),
    range(
      "SEND_Funding",
      "name",
      "Deficit Table",
      16,
      0,
      funding,
      funding.map((r) => money(r.length - 1))
    ),
    range("SEND_OpeningDeficit", "name", "Deficit Table", 22, 1, [[w.openingDeficit]], [["#,##0"]]),
    range("SEND_Settings", "name", "Settings", 2, 1, [
      ["BalanceTargetYear", s.balanceTargetYear!],
      ["DeficitCap", s.deficitCap!],
      ["DeficitCapYear", s.deficitCapYear!],
      ["SafetyValve", s.safetyValve ? "Yes" : "No"],
    ]),
  ];
}

/** A copy of the ranges with one range's cell (row i, column j within the range) replaced. */
export function withCell(
  ranges: RangeData[],
  name: string,
  i: number,
  j: number,
  value: CellValue,
  format?: string
): RangeData[] {
  return ranges.map((r) => {
    if (r.name !== name) return r;
    const values = r.values.map((row) => [...row]);
    const numberFormats = r.numberFormats.map((row) => [...row]);
    values[i][j] = value;
    if (format !== undefined) numberFormats[i][j] = format;
    return { ...r, values, numberFormats };
  });
}
