import ExcelJS from "exceljs";
import { buildExampleWorkbook } from "../../../scripts/build-example-workbook";
import { WILTSHIRE } from "../../../src/example/wiltshire";
import { formatProblem } from "../../../src/workbook/problems";
import { refresh } from "../../../src/workbook/refresh";
import { XlsxWorkbook } from "../../../src/workbook/xlsx/workbook";

/** The example built with SEND_OriginalPlan on its own sheet ('Original Plan'!A5:I7), changed by `edit` first. */
async function built(edit: (ws: ExcelJS.Worksheet) => void = () => {}): Promise<XlsxWorkbook> {
  const wb = buildExampleWorkbook(WILTSHIRE);
  edit(wb.getWorksheet("Original Plan")!);
  return XlsxWorkbook.fromBuffer(Buffer.from(await wb.xlsx.writeBuffer()));
}

async function problemsOf(edit: (ws: ExcelJS.Worksheet) => void): Promise<string[]> {
  const outcome = await refresh(await built(edit));
  if (outcome.ok) throw new Error("expected problems");
  return outcome.problems.map(formatProblem);
}

describe("SEND_OriginalPlan through the .xlsx adapter", () => {
  test("the example's two published figures give the report's sentences, on the sheet as SEND_OutOriginalPlan", async () => {
    const wb = await built();
    const outcome = await refresh(wb);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    expect(outcome.result.originalPlan?.sentences).toContain(
      "In-year deficit 2024/25: £45.7m, £17.5m more than the £28.3m in the original plan"
    );
    expect(outcome.result.originalPlan?.sentences).toContain(
      "Residual deficit £123.4m, up from £70.3m in the original plan"
    );
    const back = await XlsxWorkbook.fromBuffer(await wb.toBuffer());
    const read = await back.read(["SEND_OutOriginalPlan"]);
    const table = read.ranges.SEND_OutOriginalPlan!;
    expect(table.values[0]).toEqual([
      "Measure",
      "Year",
      "Original plan",
      "Forecast",
      "Difference",
      "In words",
    ]);
    const inYear = table.values.find((r) => r[0] === "In-year deficit")!;
    expect(inYear.slice(0, 3)).toEqual(["In-year deficit", "2024/25", 28250]);
    expect(Number(inYear[4])).toBeCloseTo(Number(inYear[3]) - 28250, 6);
    expect(inYear[5]).toBe(
      "In-year deficit 2024/25: £45.7m, £17.5m more than the £28.3m in the original plan"
    );
    const residual = table.values.find((r) => r[0] === "Residual deficit")!;
    expect(residual.slice(1, 3)).toEqual(["2028/29 (plan), 2030/31 (forecast)", 70300]);
    expect(residual[5]).toBe("Residual deficit £123.4m, up from £70.3m in the original plan");
  });

  test("an alias of a row label and figures in any subset of years are read", async () => {
    const outcome = await refresh(
      await built((ws) => {
        ws.getCell("A6").value = "In Year Surplus(-)/Deficit(+)";
        ws.getCell("D6").value = 30000;
      })
    );
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    expect(outcome.result.originalPlan!.rows.map((r) => [r.measure, r.year, r.plan])).toEqual([
      ["inYear", "2024/25", 28250],
      ["inYear", "2025/26", 30000],
      ["closing", "2028/29", 70300],
      ["residual", "2028/29", 70300],
    ]);
  });

  test("a figure that is not a number is a problem at its cell", async () => {
    const problems = await problemsOf((ws) => (ws.getCell("C6").value = "tbc"));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^SEND_OriginalPlan!C6: expected a number/);
  });

  test("a figure for a year the expenditure does not have is a problem at its cell", async () => {
    const problems = await problemsOf((ws) => {
      ws.getCell("I5").value = "2031/32";
      ws.getCell("I7").value = 65000;
    });
    expect(problems).toEqual([
      "SEND_OriginalPlan!I7: expected figures only for the years of SEND_Expenditure (2023/24 to 2030/31); found one for 2031/32",
    ]);
  });

  test("a row that is neither measure is a problem at its label", async () => {
    const problems = await problemsOf((ws) => (ws.getCell("A7").value = "Spending"));
    expect(problems).toEqual([
      "SEND_OriginalPlan!A7: expected one of In-year deficit, Total deficit balance, found text 'Spending'",
    ]);
  });
});
