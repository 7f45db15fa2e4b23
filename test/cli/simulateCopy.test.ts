/**
 * --simulate N --seed S writes the Monte Carlo into the copy: SEND_OutSimulation
 * and SEND_OutSimulationOutcomes on the output sheet, read back here with
 * ExcelJS straight from the .xlsx, their figures those of the model's
 * simulate run separately on the same input; without --simulate neither is
 * there, and a plain refresh of a copy that had them takes them away.
 */
import * as path from "path";
import type ExcelJS from "exceljs";
import { runInProcess } from "./inProcess";
import { simulate, type ForecastInput, type SimulationResult } from "../../src/model";
import { parseAddress } from "../../src/workbook/address";
import { OUTPUT_SHEET, type WorkbookPort } from "../../src/workbook/port";
import { refresh } from "../../src/workbook/refresh";
import { XlsxWorkbook } from "../../src/workbook/xlsx/workbook";
import { EXAMPLE, loadExcelJs, tempDir } from "../fixtures/xlsx-files";

let dir: string;
let remove: () => void;
beforeEach(() => ({ dir, remove } = tempDir()));
afterEach(() => remove());

const run = (args: string[]) => runInProcess(args, dir);

/** The model's input as a refresh reads it from a workbook, nothing written. */
async function inputOf(file: string): Promise<ForecastInput> {
  const wb = await XlsxWorkbook.open(file);
  const port: WorkbookPort = { read: (names) => wb.read(names), write: async () => undefined };
  const out = await refresh(port);
  if (!out.ok) throw new Error(JSON.stringify(out.problems));
  return out.input;
}

function simulated(input: ForecastInput, draws: number, seed: number): SimulationResult {
  const out = simulate(input, { draws, seed });
  if (!out.ok) throw new Error(JSON.stringify(out.problems));
  return out.value;
}

/** An Excel table of the output sheet, read straight from the file: its title above, header row and data rows. */
function tableIn(
  wb: ExcelJS.Workbook,
  name: string
): { title: unknown; headers: unknown[]; rows: unknown[][] } | null {
  const ws = wb.getWorksheet(OUTPUT_SHEET)!;
  const found = ws
    .getTables()
    .map((t) => (t as unknown as { table: { name: string; tableRef: string } }).table)
    .find((t) => t.name === name);
  if (!found) return null;
  const at = parseAddress(`'${OUTPUT_SHEET}'!${found.tableRef}`)!;
  const cell = (r: number, c: number): unknown => {
    const v = ws.getCell(r + 1, c + 1).value;
    return v === undefined ? null : v;
  };
  const row = (r: number) => Array.from({ length: at.columns }, (_, c) => cell(r, at.column + c));
  return {
    title: cell(at.row - 1, at.column),
    headers: row(at.row),
    rows: Array.from({ length: at.rows - 1 }, (_, k) => row(at.row + 1 + k)),
  };
}

describe("--simulate N --seed S on the copy's output sheet", () => {
  test("the copy holds SEND_OutSimulation and SEND_OutSimulationOutcomes, with the figures of simulate run on the same input", async () => {
    const r = await run([EXAMPLE, "--out", "copy.xlsx", "--simulate", "300", "--seed", "7"]);
    expect(r.code).toBe(0);
    // The text report is as before: the table of percentiles and the chances in words.
    expect(r.stdout).toContain("Monte Carlo: 300 draws, seed 7");
    const expected = simulated(await inputOf(EXAMPLE), 300, 7);

    const wb = await loadExcelJs(path.join(dir, "copy.xlsx"));
    const t = tableIn(wb, "SEND_OutSimulation")!;
    expect(t).not.toBeNull();
    expect(t.title).toMatch(/^Monte Carlo: 300 draws, seed 7: /);
    expect(t.headers).toEqual([
      "Year",
      "EHCPs P10",
      "EHCPs P50",
      "EHCPs P90",
      "Total deficit balance P10",
      "Total deficit balance P50",
      "Total deficit balance P90",
      "Total deficit balance P90 − P10",
    ]);
    expect(t.rows.map((row) => row[0])).toEqual(expected.years.map((y) => y.year));
    t.rows.forEach((row, k) => {
      const y = expected.years[k];
      expect(row.slice(1, 4)).toEqual(
        y.ehcps ? [y.ehcps.p10, y.ehcps.p50, y.ehcps.p90] : [null, null, null]
      );
      expect(row.slice(4, 7)).toEqual([y.closing.p10, y.closing.p50, y.closing.p90]);
      const [p10, p50, p90] = row.slice(4, 7) as number[];
      expect(p10).toBeLessThanOrEqual(p50);
      expect(p50).toBeLessThanOrEqual(p90);
      if (y.ehcps) {
        const [e10, e50, e90] = row.slice(1, 4) as number[];
        expect(e10).toBeLessThanOrEqual(e50);
        expect(e50).toBeLessThanOrEqual(e90);
      }
    });

    const odds = tableIn(wb, "SEND_OutSimulationOutcomes")!;
    expect(odds.headers).toEqual(["Outcome", "Share of draws"]);
    expect(odds.rows[0]).toEqual([
      `In-year balance by ${expected.targetYear} (the balance target year)`,
      expected.inYearBalance,
    ]);
    expect(odds.rows[1][1]).toBe(expected.withinCap);
    expect(odds.rows.slice(2).map((row) => row[1])).toEqual(
      expected.balanceYears.map((b) => b.share)
    );
  });

  test("without --simulate the copy has neither table, and a plain refresh of a simulated copy takes them away", async () => {
    const plain = await run([EXAMPLE, "--out", "plain.xlsx"]);
    expect(plain.code).toBe(0);
    const wb = await loadExcelJs(path.join(dir, "plain.xlsx"));
    expect(tableIn(wb, "SEND_OutSimulation")).toBeNull();
    expect(tableIn(wb, "SEND_OutSimulationOutcomes")).toBeNull();
    expect(tableIn(wb, "SEND_OutSensitivity")).not.toBeNull();

    expect((await run([EXAMPLE, "--out", "sim.xlsx", "--simulate", "20"])).code).toBe(0);
    expect(
      tableIn(await loadExcelJs(path.join(dir, "sim.xlsx")), "SEND_OutSimulation")
    ).not.toBeNull();
    expect((await run(["sim.xlsx", "--out", "again.xlsx"])).code).toBe(0);
    const again = await loadExcelJs(path.join(dir, "again.xlsx"));
    expect(tableIn(again, "SEND_OutSimulation")).toBeNull();
    expect(tableIn(again, "SEND_OutSimulationOutcomes")).toBeNull();
  });

  test("--no-write still simulates and reports, and --json gives the same figures as the copy's", async () => {
    const r = await run([EXAMPLE, "--no-write", "--json", "--simulate", "40", "--seed", "3"]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout).simulation;
    const expected = simulated(await inputOf(EXAMPLE), 40, 3);
    expect(json.years).toEqual(expected.years);
    expect(json.inYearBalance).toBe(expected.inYearBalance);
  });
});
