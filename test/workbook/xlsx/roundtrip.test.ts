import { readFileSync } from "fs";
import * as path from "path";
import JSZip from "jszip";
import { OUTPUT_SHEET } from "../../../src/workbook/port";
import { refresh } from "../../../src/workbook/refresh";
import { openXlsx } from "../../../src/workbook/xlsx/workbook";
import { parseDefinedNames } from "../../../src/workbook/xlsx/names";
import { LIBREOFFICE_FIXTURE } from "../../fixtures/make-libreoffice-fixture";
import { EXAMPLE, loadExcelJs, sheetSnapshot, tempDir } from "../../fixtures/xlsx-files";

async function refreshFile(input: string, output: string): Promise<void> {
  const wb = await openXlsx(input);
  const outcome = await refresh(wb);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  await wb.save(output);
}

async function definedNames(file: string) {
  const zip = await JSZip.loadAsync(readFileSync(file));
  return parseDefinedNames(await zip.file("xl/workbook.xml")!.async("string"));
}

async function tablesBySheet(file: string): Promise<Record<string, string[]>> {
  const wb = await loadExcelJs(file);
  return Object.fromEntries(
    wb.worksheets.map((ws) => [
      ws.name,
      ws
        .getTables()
        .map((t) => (t as unknown as { table: { name: string; tableRef: string } }).table)
        .map((t) => `${t.name} ${t.tableRef}`),
    ])
  );
}

describe.each([
  ["the example workbook", EXAMPLE],
  ["the LibreOffice workbook", LIBREOFFICE_FIXTURE],
])("refreshing %s", (_, input) => {
  let dir: string;
  let remove: () => void;
  beforeAll(() => ({ dir, remove } = tempDir()));
  afterAll(() => remove());

  test("leaves every other sheet's values, formulas and formats, its names and its tables as they were", async () => {
    const once = path.join(dir, "once.xlsx");
    await refreshFile(input, once);
    const [before, after] = await Promise.all([loadExcelJs(input), loadExcelJs(once)]);
    expect(after.worksheets.map((w) => w.name)).toEqual([
      ...before.worksheets.map((w) => w.name),
      OUTPUT_SHEET,
    ]);
    const snapshot = sheetSnapshot(before, OUTPUT_SHEET);
    expect(Object.keys(snapshot["Revised Forecast"]).length).toBeGreaterThan(100);
    expect(sheetSnapshot(after, OUTPUT_SHEET)).toEqual(snapshot);
    const { [OUTPUT_SHEET]: outputTables, ...userTables } = await tablesBySheet(once);
    expect(userTables).toEqual(await tablesBySheet(input));
    expect(outputTables.length).toBeGreaterThanOrEqual(4);
    const names = (await definedNames(once)).filter((n) => n.name !== "SEND_ForecastOwner");
    expect(names).toEqual(await definedNames(input));
  });

  test("a second refresh of the output gives the same output", async () => {
    const once = path.join(dir, "once.xlsx");
    const twice = path.join(dir, "twice.xlsx");
    await refreshFile(input, once);
    await refreshFile(once, twice);
    const [a, b] = await Promise.all([loadExcelJs(once), loadExcelJs(twice)]);
    expect(b.worksheets.map((w) => w.name)).toEqual(a.worksheets.map((w) => w.name));
    expect(sheetSnapshot(b, "")).toEqual(sheetSnapshot(a, ""));
    expect(await tablesBySheet(twice)).toEqual(await tablesBySheet(once));
    expect(await definedNames(twice)).toEqual(await definedNames(once));
  });
});
