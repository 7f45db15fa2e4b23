import ExcelJS from "exceljs";
import { WILTSHIRE_PUBLISHED, WILTSHIRE_YEARS } from "../../../src/example/wiltshire";
import { OUTPUT_SHEET } from "../../../src/workbook/port";
import { refresh } from "../../../src/workbook/refresh";
import { XlsxWorkbook, openXlsx } from "../../../src/workbook/xlsx/workbook";
import { EXAMPLE } from "../../fixtures/xlsx-files";

/** An ExcelJS cell's value and whether it is italic. */
const cellOf = (cell: ExcelJS.Cell): [ExcelJS.CellValue, boolean] => [
  cell.value,
  cell.font?.italic === true,
];

const within3 = (actual: readonly number[], published: readonly number[]): void => {
  expect(actual).toHaveLength(published.length);
  actual.forEach((v, k) => expect(Math.abs(v - published[k])).toBeLessThanOrEqual(3));
};

describe("the bundled example workbook, refreshed through the .xlsx adapter", () => {
  let wb: XlsxWorkbook;
  beforeAll(async () => {
    wb = await openXlsx(EXAMPLE);
  });

  test("gives the report's revised deficit table within ±3, balance year 2030/31 and the report's conditions", async () => {
    const outcome = await refresh(wb);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const { result } = outcome;
    expect(result.ledger.years).toEqual(WILTSHIRE_YEARS);
    expect(result.ledger.lines).toHaveLength(9);
    within3(result.ledger.inYear, WILTSHIRE_PUBLISHED.inYear);
    within3(result.ledger.closing, WILTSHIRE_PUBLISHED.closing);
    expect(result.ledger.opening[0]).toBe(35214);
    expect(result.balanceYear).toBe("2030/31");
    expect(Math.abs(result.residualDeficit! - 123385)).toBeLessThanOrEqual(3);
    expect(result.peakYear).toBe("2027/28");
    expect(result.conditions.map((c) => [c.id, c.pass, c.year])).toEqual([
      ["inYearBalance", false, "2028/29"],
      ["deficitCap", true, "2024/25"],
    ]);
    // The report's own totals are off by up to 2 against its lines; the example keeps them, and the model says so.
    expect(outcome.warnings.filter((w) => w.startsWith("Total Expenditure"))).toHaveLength(4);
  });

  test("the SEND Forecast sheet it writes reads back: the deficit table's Total Deficit Balance row is the ledger's", async () => {
    const outcome = await refresh(wb);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const back = await XlsxWorkbook.fromBuffer(await wb.toBuffer());
    const read = await back.read(outcome.sheet.tables.map((t) => t.name));
    expect(read.outputSheet).toBe("ours");
    for (const t of outcome.sheet.tables) {
      const r = read.ranges[t.name]!;
      expect(r).toMatchObject({ kind: "table", sheet: OUTPUT_SHEET, row: t.row, column: t.column });
      expect(r.values).toHaveLength(t.rows.length + 1);
    }
    const deficit = read.ranges.SEND_OutDeficit!;
    const closing = deficit.values.find((row) => row[0] === "Total Deficit Balance")!;
    expect(closing.slice(1)).toEqual(outcome.result.ledger.closing);
  });
  test("the SEND_OutScenarios table it writes reads back: the mitigated scenario's total deficit balance is the deficit table's", async () => {
    const outcome = await refresh(wb);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const back = await XlsxWorkbook.fromBuffer(await wb.toBuffer());
    const read = await back.read(["SEND_OutScenarios", "SEND_OutDeficit"]);
    const scenarios = read.ranges.SEND_OutScenarios!;
    expect(scenarios).toMatchObject({ kind: "table", sheet: OUTPUT_SHEET });
    expect(scenarios.values[0].slice(0, 3)).toEqual(["Scenario", "Measure", "Result"]);
    const deficit = read.ranges.SEND_OutDeficit!;
    const closing = deficit.values.find((row) => row[0] === "Total Deficit Balance")!;
    const mitigated = scenarios.values.find(
      (row) => row[0] === "Mitigated" && row[1] === "Total deficit balance"
    )!;
    expect(mitigated.slice(3)).toEqual(closing.slice(1));
    expect(new Set(scenarios.values.slice(1).map((row) => row[0]))).toEqual(
      new Set(["Unmitigated", "Mitigated", "Risk-adjusted"])
    );
  });

  test("it writes SEND_OutInterventionValue: a row per intervention, the sum, all together, the interaction and the note, read back as written", async () => {
    const outcome = await refresh(wb);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const v = outcome.result.interventionValues!;
    expect(v.interventions.length).toBeGreaterThan(0);
    const back = await XlsxWorkbook.fromBuffer(await wb.toBuffer());
    const r = (await back.read(["SEND_OutInterventionValue"])).ranges.SEND_OutInterventionValue!;
    expect(r.values[0]).toEqual([
      "Intervention",
      "Plans avoided in 2028/29",
      "INMSS placements avoided in 2028/29",
      ...WILTSHIRE_YEARS.map((y) => `£'000 avoided ${y}`),
      "£'000 avoided to 2028/29",
    ]);
    expect(r.values.slice(1).map((row) => row[0])).toEqual([
      ...v.interventions.map((iv) => iv.name),
      "Sum of the interventions",
      "All together",
      "Interaction (difference)",
      expect.stringMatching(/^Effects interact/),
    ]);
    const plans = (label: string): number => r.values.find((row) => row[0] === label)![1] as number;
    expect(plans("Early Years ESA")).toBe(
      v.interventions.find((iv) => iv.name === "Early Years ESA")!.ehcpsAvoidedInTarget
    );
    expect(plans("Sum of the interventions") + plans("Interaction (difference)")).toBeCloseTo(
      plans("All together"),
      9
    );
  });

  test("it writes SEND_OutSensitivity, read back as written: each input at −10% and +10%, largest swing first, figures italic", async () => {
    const outcome = await refresh(wb);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const s = outcome.result.sensitivity!;
    expect(s.rows.length).toBeGreaterThan(5);
    const buffer = await wb.toBuffer();
    const back = await XlsxWorkbook.fromBuffer(buffer);
    const r = (await back.read(["SEND_OutSensitivity"])).ranges.SEND_OutSensitivity!;
    expect(r).toMatchObject({ kind: "table", sheet: OUTPUT_SHEET });
    expect(r.values[0]).toEqual([
      "Input",
      "Moved by",
      "Change in total deficit balance 2028/29 at −10%",
      "Change in total deficit balance 2028/29 at +10%",
      "Balance year at −10%",
      "Balance year at +10%",
    ]);
    expect(r.values.slice(1)).toEqual(
      s.rows.map((x) => [
        x.label,
        "±10%",
        x.low,
        x.high,
        x.balanceYearLow ?? "Not reached",
        x.balanceYearHigh ?? "Not reached",
      ])
    );
    // Straight from ExcelJS: the table is there by name, its figures italic (forecast).
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet(OUTPUT_SHEET)!;
    const table = sheet.getTable("SEND_OutSensitivity");
    expect(table).toBeDefined();
    const [value, italic] = cellOf(sheet.getCell(r.row + 2, r.column + 3));
    expect(value).toBe(s.rows[0].low);
    expect(italic).toBe(true);
  });
});
