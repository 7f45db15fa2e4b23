import { writeFileSync } from "fs";
import * as path from "path";
import JSZip from "jszip";
import { readFileSync } from "fs";
import { readInputs, requestedNames } from "../../../src/workbook/contract";
import { refresh } from "../../../src/workbook/refresh";
import { openXlsx } from "../../../src/workbook/xlsx/workbook";
import { parseDefinedNames } from "../../../src/workbook/xlsx/names";
import {
  LIBREOFFICE_FIXTURE,
  convertWithLibreOffice,
  libreOfficeFor,
  variantWorkbook,
} from "../../fixtures/make-libreoffice-fixture";
import { EXAMPLE, tempDir } from "../../fixtures/xlsx-files";
import type { ForecastInput } from "../../../src/model";

async function forecastInputOf(file: string) {
  const outcome = readInputs(await (await openXlsx(file)).read(requestedNames({})));
  if (!outcome.ok) throw new Error(`${file}: ${JSON.stringify(outcome.problems)}`);
  return outcome.input;
}

/**
 * Calc saves a number to 15 significant digits: the example's plan activity,
 * the model's averages to the bit, comes back that way; every other figure
 * is stored as typed.
 */
function atCalcPrecision(input: ForecastInput): ForecastInput {
  const round = (v: number | null): number | null =>
    v === null ? null : Number(v.toPrecision(15));
  const plan = input.planActivity;
  return plan
    ? {
        ...input,
        planActivity: {
          ...(plan.ehcps ? { ehcps: plan.ehcps.map(round) } : {}),
          ...(plan.inmss ? { inmss: plan.inmss.map(round) } : {}),
        },
      }
    : input;
}

describe("a workbook saved by LibreOffice Calc", () => {
  test("really is stored differently: sheet-scoped names, tables for ranges, blank rows, numbers as text", async () => {
    const zip = await JSZip.loadAsync(readFileSync(LIBREOFFICE_FIXTURE));
    const workbookXml = await zip.file("xl/workbook.xml")!.async("string");
    expect(workbookXml).toContain('<fileVersion appName="Calc"/>');
    const names = parseDefinedNames(workbookXml);
    expect(names.map((n) => [n.name, n.scope])).toEqual([
      ["SEND_OriginalPlan", undefined],
      ["SEND_PlanActivity", undefined],
      ["SEND_Baseline", "Demand Baseline"],
      ["SEND_OpeningDeficit", "Revised Forecast"],
      ["SEND_Settings", "Settings"],
    ]);
    const wb = await openXlsx(LIBREOFFICE_FIXTURE);
    const read = await wb.read([
      "SEND_Expenditure",
      "SEND_Funding",
      "SEND_Baseline",
      "SEND_OpeningDeficit",
    ]);
    expect(read.ranges.SEND_Expenditure!.kind).toBe("table");
    expect(read.ranges.SEND_Funding!.kind).toBe("table");
    expect(read.ranges.SEND_Expenditure!.values.some((row) => row.every((v) => v === null))).toBe(
      true
    );
    expect(read.ranges.SEND_Expenditure!.values[1][2]).toBe("25055");
    expect(read.ranges.SEND_Baseline!.values[0]).toEqual(["RequestsPerMonth", "97"]);
    expect(read.ranges.SEND_OpeningDeficit!.values).toEqual([["35214"]]);
  });

  test("reads the same as the example: the same model input, the same ledger", async () => {
    const [fromExample, fromLibreOffice] = await Promise.all([
      forecastInputOf(EXAMPLE),
      forecastInputOf(LIBREOFFICE_FIXTURE),
    ]);
    expect(fromLibreOffice).toEqual(atCalcPrecision(fromExample));
    const a = await refresh(await openXlsx(EXAMPLE));
    const b = await refresh(await openXlsx(LIBREOFFICE_FIXTURE));
    if (!a.ok || !b.ok) throw new Error("refresh failed");
    // The plan's activity differs in the 16th digit, and so the priced lines by far less than £1.
    expect(b.result.ledger.years).toEqual(a.result.ledger.years);
    for (const key of ["expenditure", "inYear", "closing"] as const)
      b.result.ledger[key].forEach((v, k) => expect(v).toBeCloseTo(a.result.ledger[key][k], 6));
    expect(b.result.balanceYear).toBe("2030/31");
  });

  const soffice = libreOfficeFor("regenerates the LibreOffice fixture");

  (soffice ? test : test.skip)(
    "the fixture script, run again through LibreOffice, makes a workbook that reads the same",
    async () => {
      const { dir, remove } = tempDir();
      try {
        const source = path.join(dir, "variant.xlsx");
        writeFileSync(source, await variantWorkbook());
        const converted = convertWithLibreOffice(source, path.join(dir, "out"));
        expect(await forecastInputOf(converted)).toEqual(
          atCalcPrecision(await forecastInputOf(EXAMPLE))
        );
      } finally {
        remove();
      }
    },
    120_000
  );
});
