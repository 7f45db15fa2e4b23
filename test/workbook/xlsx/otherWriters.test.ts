import { readFileSync } from "fs";
import * as path from "path";
import JSZip from "jszip";
import { readInputs, requestedNames } from "../../../src/workbook/contract";
import { refresh } from "../../../src/workbook/refresh";
import { XlsxWorkbook, openXlsx } from "../../../src/workbook/xlsx/workbook";
import type { ForecastInput } from "../../../src/model";
import { EXAMPLE } from "../../fixtures/xlsx-files";

/** The example's inputs written again by Python's tools (test/fixtures/python/make-fixtures.py). */
const PYTHON = path.join(__dirname, "..", "..", "fixtures", "python");
const FIXTURES = {
  openpyxl: {
    file: path.join(PYTHON, "openpyxl.xlsx"),
    tables: ["SEND_Interventions", "SEND_Costs"],
    dropped: [
      { sheet: "Chart", kind: "chart", count: 1 },
      { sheet: "Trend", kind: "chart sheet", count: 1 },
    ],
  },
  "pandas (openpyxl engine)": {
    file: path.join(PYTHON, "pandas-openpyxl.xlsx"),
    tables: [],
    dropped: [],
  },
  "pandas (xlsxwriter engine)": {
    file: path.join(PYTHON, "pandas-xlsxwriter.xlsx"),
    tables: ["SEND_Interventions"],
    dropped: [{ sheet: "Revised Forecast", kind: "chart", count: 1 }],
  },
};

async function forecastInputOf(wb: XlsxWorkbook): Promise<ForecastInput> {
  const outcome = readInputs(await wb.read(requestedNames({})));
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  return outcome.input;
}

/**
 * Python writes a float to 16 or 17 significant digits rather than the
 * shortest that reads back the same: the example's plan activity (the
 * model's averages to the bit) comes back within a unit of the 15th digit.
 */
function atPrecision(value: unknown): unknown {
  if (typeof value === "number") return Number(value.toPrecision(14));
  if (Array.isArray(value)) return value.map(atPrecision);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, atPrecision(v)]));
  return value;
}

describe.each(Object.entries(FIXTURES))("a workbook written by %s", (_, fixture) => {
  test("is stored as that writer stores it", async () => {
    const zip = await JSZip.loadAsync(readFileSync(fixture.file));
    const rels = await Promise.all(
      Object.keys(zip.files)
        .filter((f) => /^xl\/worksheets\/_rels\//.test(f))
        .map((f) => zip.file(f)!.async("string"))
    );
    const tableParts = Object.keys(zip.files).filter((f) => /^xl\/tables\//.test(f));
    expect(tableParts).toHaveLength(fixture.tables.length);
    if (fixture.file.endsWith("openpyxl.xlsx") && !fixture.file.includes("pandas"))
      // The case ExcelJS alone fails on: targets from the package root, a drawing without the xdr: prefix.
      expect(rels.join("")).toContain('Target="/xl/tables/table1.xml"');
    if (fixture.dropped.length > 0)
      expect(Object.keys(zip.files).some((f) => /^xl\/charts\/chart\d+\.xml$/.test(f))).toBe(true);
  });

  test("reads the same as the example: the same model input, the same ledger", async () => {
    const wb = await openXlsx(fixture.file);
    const read = await wb.read(requestedNames({}));
    for (const t of fixture.tables) expect(read.ranges[t]?.kind).toBe("table");
    const example = await openXlsx(EXAMPLE);
    expect(atPrecision(await forecastInputOf(wb))).toEqual(
      atPrecision(await forecastInputOf(example))
    );
    const [a, b] = await Promise.all([refresh(example), refresh(await openXlsx(fixture.file))]);
    if (!a.ok || !b.ok) throw new Error("refresh failed");
    // The oracle: the report's deficit table as the example gives it, to a thousandth of £1.
    const ledger = (o: typeof a) => o.result.ledger;
    expect(ledger(b).years).toEqual(ledger(a).years);
    expect(ledger(b).closing).toHaveLength(8);
    ledger(a).closing.forEach((v, i) => expect(ledger(b).closing[i]).toBeCloseTo(v, 6));
    ledger(a).inYear.forEach((v, i) => expect(ledger(b).inYear[i]).toBeCloseTo(v, 6));
    // By hand from the published table: 35,214 brought forward, 24,088 in year, −2,766 and −26,800 below the line.
    expect(ledger(b).opening[0]).toBe(35214);
    expect(ledger(b).closing[0]).toBeCloseTo(35214 + 24088 - 2766 - 26800, 6);
  });

  test("lists what a copy leaves out, by sheet, and the copy reads back the same", async () => {
    const wb = await openXlsx(fixture.file);
    expect(wb.dropped).toEqual(fixture.dropped);
    const outcome = await refresh(wb);
    expect(outcome.ok).toBe(true);
    const copy = await XlsxWorkbook.fromBuffer(await wb.toBuffer());
    expect(atPrecision(await forecastInputOf(copy))).toEqual(
      atPrecision(await forecastInputOf(await openXlsx(fixture.file)))
    );
  });
});
