/**
 * A start month held as a date cell, through the intervention form and
 * back: the example workbook's Start column holds real dates; the form shows
 * the month as the list does (Apr 2025) and saving writes a date again, in
 * the column's date format. A date whose month is not edited keeps its day.
 */
import { readFileSync } from "fs";
import * as path from "path";
import type { ExcelRun } from "../../src/workbook/office/workbook";
import { readInterventionRows, writeInterventionRows } from "../../src/workbook/office/actions";
import { checkDraft, toDraft } from "../../src/taskpane/interventionDraft";
import { installFakeOffice, type FakeWorkbookModel } from "../fakes/excel";
import { fakeModelFromXlsx } from "../fakes/excel/fromXlsx";

const EXAMPLE = path.join(__dirname, "../../assets/SEND-Forecaster-Example.xlsx");

// Excel date serials, counted by hand from 1 April 2025 = 45748 (the example's first Start cell).
const APR_1 = 45748;
const APR_15 = APR_1 + 14;
const MAY_1 = APR_1 + 30; // April has 30 days
const SEP_1 = APR_1 + 30 + 31 + 30 + 31 + 31; // May, June, July, August

let example: FakeWorkbookModel;
beforeAll(async () => {
  example = await fakeModelFromXlsx(readFileSync(EXAMPLE));
});

/** The example with its first Start cell (D5) set as given. */
function withFirstStart(value: string | number, numberFormat: string) {
  const model = JSON.parse(JSON.stringify(example)) as FakeWorkbookModel;
  model.sheets.find((s) => s.name === "Interventions")!.cells!.D5 = { value, numberFormat };
  const fake = installFakeOffice(globalThis, model);
  const run = fake.run as unknown as ExcelRun;
  const cell = (ref: string) => {
    const { sheet, box } = fake.host.resolveReference(`Interventions!${ref}`, null);
    const c = fake.host.cellState(sheet, box.r0, box.c0);
    return { value: c.value, numberFormat: c.numberFormat };
  };
  return { run, cell };
}

/** Reads the list, edits the first row in the form (its start typed as given, or left), and saves the list. */
async function editFirst(run: ExcelRun, start?: string) {
  const read = await readInterventionRows(run, {});
  if (!read.ok) throw new Error(JSON.stringify(read.problems));
  const draft = toDraft(read.rows[0]);
  const shown = draft.start;
  const checked = checkDraft(start === undefined ? draft : { ...draft, start });
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  const rows = [checked.row, ...read.rows.slice(1)];
  expect(await writeInterventionRows(run, rows, {})).toEqual({ ok: true });
  return shown;
}

describe("a start month from a date cell", () => {
  test("the form shows a date's month as Apr 2025, and an unedited date keeps its day and format", async () => {
    const { run, cell } = withFirstStart(APR_15, "dd/mm/yyyy");
    expect(await editFirst(run)).toBe("Apr 2025");
    expect(cell("D5")).toEqual({ value: APR_15, numberFormat: "dd/mm/yyyy" });
  });

  test("a new month typed in the form is saved as that month's first day, a date in the column's format", async () => {
    const { run, cell } = withFirstStart(APR_15, "dd/mm/yyyy");
    expect(await editFirst(run, "May 2025")).toBe("Apr 2025");
    expect(cell("D5")).toEqual({ value: MAY_1, numberFormat: "dd/mm/yyyy" });
    const again = await readInterventionRows(run, {});
    expect(again.ok && again.rows[0].start).toBe("2025-05");
  });

  test("each of the forms a person types is saved as a date", async () => {
    for (const typed of ["Sep 2025", "September 2025", "Sept 2025", "2025-09"]) {
      const { run, cell } = withFirstStart(APR_1, "mmm yyyy");
      await editFirst(run, typed);
      expect([typed, cell("D5")]).toEqual([typed, { value: SEP_1, numberFormat: "mmm yyyy" }]);
    }
  });

  test("a start typed as text in the cell is shown as Apr 2025 and saved back as a date", async () => {
    const { run, cell } = withFirstStart("April 2025", "General");
    expect(await editFirst(run)).toBe("Apr 2025");
    // The column's other cells are dates formatted mmm yyyy: the saved start takes that format.
    expect(cell("D5")).toEqual({ value: APR_1, numberFormat: "mmm yyyy" });
  });
});
