/**
 * A workbook laid out as a council keeps it: SEND_Monthly with six months of
 * actual EHCP counts (April to September 2025), so the forecast starts in
 * October, and a Total cost line in SEND_Costs. The line's 2025/26 figure is
 * priced on the six actual counts and the six forecast stocks, by hand, and
 * the copy marks it as driven and the outturn year as actual.
 */
import ExcelJS from "exceljs";
import { OUTPUT_SHEET } from "../../../src/workbook/port";
import { refresh } from "../../../src/workbook/refresh";
import { formatProblem } from "../../../src/workbook/problems";
import { XlsxWorkbook } from "../../../src/workbook/xlsx/workbook";
import { xlsxWithNames } from "../../fixtures/xlsx-files";

const ACTUAL = [1000, 1010, 1025, 1030, 1050, 1060];

async function councilWorkbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const monthly = book.addWorksheet("Monthly");
  monthly.addRow([
    "Month",
    "Requests",
    "NoToAssess",
    "NoToIssue",
    "PlansIssued",
    "Ceased",
    "EHCPs",
  ]);
  ACTUAL.forEach((ehcps, k) => monthly.addRow([`2025-0${4 + k}`, 20, 0, 0, 20, 10, ehcps]));
  const finance = book.addWorksheet("Finance");
  finance.addRow(["Provision", "2024/25", "2025/26", "2026/27"]);
  finance.addRow(["Special Schools", 5000, 9999, 9999]);
  finance.addRow(["Other provision", 100, 100, 100]);
  finance.addRow([]);
  finance.addRow(["Funding", "2024/25", "2025/26", "2026/27"]);
  finance.addRow(["High Needs Block", -6000, -12000, -13000]);
  finance.addRow([]);
  finance.addRow(["Deficit brought forward", 0]);
  const costs = book.addWorksheet("Costs");
  costs.addRow(["Line", "Driver", "Share", "UnitCost", "Inflation", "BaseYear", "Method"]);
  costs.addRow(["Special Schools", "EHCPs", 0.5, 20000, 0.03, "2024/25", "Total"]);
  const settings = book.addWorksheet("Settings");
  settings.addRow(["BalanceTargetYear", "2026/27"]);
  settings.addRow(["DeficitCap", 100000]);
  settings.addRow(["DeficitCapYear", "2025/26"]);
  return xlsxWithNames(book, [
    { name: "SEND_Monthly", refersTo: "Monthly!$A$1:$G$7", attributes: {} },
    { name: "SEND_Expenditure", refersTo: "Finance!$A$1:$D$3", attributes: {} },
    { name: "SEND_Funding", refersTo: "Finance!$A$5:$D$6", attributes: {} },
    { name: "SEND_OpeningDeficit", refersTo: "Finance!$B$8", attributes: {} },
    { name: "SEND_Costs", refersTo: "Costs!$A$1:$G$2", attributes: {} },
    { name: "SEND_Settings", refersTo: "Settings!$A$1:$B$3", attributes: {} },
  ]);
}

test("the current year's driven line: six actual months and six forecast months, by hand", async () => {
  const wb = await XlsxWorkbook.fromBuffer(await councilWorkbook());
  const outcome = await refresh(wb);
  if (!outcome.ok) throw new Error(outcome.problems.map(formatProblem).join("\n"));
  // From September's 1,060 the forecast adds 20 − 10 = 10 plans a month: October to March 1,070 … 1,120.
  const months = [...ACTUAL, 1070, 1080, 1090, 1100, 1110, 1120];
  const average = months.reduce((s, x) => s + x, 0) / 12; // 12,745 / 12
  const expected2526 = (average * 0.5 * 20000 * 1.03) / 1000; // 10,939.458
  // 2026/27: 1,130 … 1,240, average 1,185, two years of 3% on 2024/25 prices.
  const expected2627 = (1185 * 0.5 * 20000 * 1.03 ** 2) / 1000; // 12,571.665
  const line = outcome.result.ledger.lines.find((l) => l.label === "Special Schools")!;
  expect(line.values[0]).toBe(5000);
  expect(line.values[1]).toBeCloseTo(expected2526, 6);
  expect(line.values[2]).toBeCloseTo(expected2627, 6);

  // The copy: the same figure under 2025/26, drawn as driven (pale blue, italic); 2024/25 as actual (grey).
  const back = new ExcelJS.Workbook();
  await back.xlsx.load((await wb.toBuffer()) as unknown as ExcelJS.Buffer);
  const ws = back.getWorksheet(OUTPUT_SHEET)!;
  let row = 0;
  ws.eachRow((r, n) => {
    if (row === 0 && r.getCell(1).value === "Special Schools") row = n;
  });
  const header = row - 2; // the header, then the plan-year row
  expect(ws.getCell(header, 3).value).toBe("2025/26");
  const argb = (c: ExcelJS.Cell) => (c.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
  const shown = (c: ExcelJS.Cell) => [c.value, argb(c), c.font?.italic === true];
  const [value, fill, italic] = shown(ws.getCell(row, 3));
  expect(value as number).toBeCloseTo(expected2526, 6);
  expect([fill, italic]).toEqual(["FFDDEBF7", true]);
  expect(shown(ws.getCell(row, 2))).toEqual([5000, "FFD9D9D9", false]);
  expect(shown(ws.getCell(row + 1, 3))).toEqual([100, "FFFFF2CC", false]);
});
