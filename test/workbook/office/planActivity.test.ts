/**
 * Record plan activity against the fake Excel holding the example workbook:
 * a new sheet by default, a chosen cell, refusals with nothing written (cells
 * that are not empty, a name in the way, a SEND_PlanActivity of the user's),
 * replacement of the add-in's own only when confirmed, and the round trip:
 * recorded, read back by the contract, and the forecast prices the Change
 * lines against it, giving back the supplied table.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { WILTSHIRE, WILTSHIRE_YEARS } from "../../../src/example/wiltshire";
import { runForecast, type ForecastResult } from "../../../src/model";
import { createOfficeWorkbook, type ExcelRun } from "../../../src/workbook/office/workbook";
import {
  PLAN_ACTIVITY_SETTING,
  PLAN_ACTIVITY_SHEET,
  previewPlanActivity,
  recordPlanActivity,
} from "../../../src/workbook/office/planActivity";
import { OUTPUT_SHEET } from "../../../src/workbook/port";
import { refresh } from "../../../src/workbook/refresh";
import { installFakeOffice, type FakeCellValue, type FakeWorkbookModel } from "../../fakes/excel";
import { fakeModelFromXlsx } from "../../fakes/excel/fromXlsx";

const EXAMPLE = path.join(__dirname, "../../../assets/SEND-Forecaster-Example.xlsx");
let example: FakeWorkbookModel;

beforeAll(async () => {
  example = await fakeModelFromXlsx(readFileSync(EXAMPLE));
});

const copy = (m: FakeWorkbookModel): FakeWorkbookModel => JSON.parse(JSON.stringify(m));

/** The example as a workbook that has not recorded its plan's activity: SEND_PlanActivity's name removed (its old cells stay, unnamed). */
function unrecorded(extra?: (m: FakeWorkbookModel) => void): FakeWorkbookModel {
  const m = copy(example);
  delete m.names!.SEND_PlanActivity;
  extra?.(m);
  return m;
}

function excelWith(model: FakeWorkbookModel) {
  const fake = installFakeOffice(globalThis, model);
  return { fake, run: fake.run as unknown as ExcelRun };
}

async function refreshed(run: ExcelRun) {
  const out = await refresh(createOfficeWorkbook(run));
  if (!out.ok) throw new Error(JSON.stringify(out.problems));
  return out;
}

/** The example's own SEND_PlanActivity cells (kept in the file to full precision): an oracle for the recorded figures. */
const examplePlan = (row: "EHCPs" | "INMSS"): FakeCellValue[] => {
  const r = row === "EHCPs" ? 5 : 6;
  const cells = example.sheets.find((s) => s.name === "Plan Activity")!.cells!;
  return ["B", "C", "D", "E", "F", "G", "H", "I"].map((c) => {
    const cell = cells[`${c}${r}`];
    return cell === undefined ? null : (cell as { value: FakeCellValue }).value;
  });
};

const YEARS = WILTSHIRE_YEARS;

describe("record plan activity on a new sheet", () => {
  it("writes the mitigated yearly averages under the expenditure's year headers, names them, and notes when", async () => {
    const { fake, run } = excelWith(unrecorded());
    const first = await refreshed(run);
    const changesBefore = fake.host.changes.length;
    const out = await recordPlanActivity(run, first.result, { recordedOn: "30 November 2026" });
    expect(out).toEqual({ ok: true, address: `'${PLAN_ACTIVITY_SHEET}'!A1:I3`, replaced: false });

    // Only the new sheet changed.
    const changes = fake.host.changes.slice(changesBefore);
    expect(new Set(changes.map((c) => c.sheet))).toEqual(new Set([PLAN_ACTIVITY_SHEET]));
    const values = fake.host.valuesAt(`'${PLAN_ACTIVITY_SHEET}'!A1:I4`);
    expect(values[0]).toEqual(["Activity", ...YEARS]);
    // 2023/24 is before the forecast (January 2025): left empty, as the reader takes "not given".
    expect(values[1][1]).toBeNull();
    expect(values[2][1]).toBeNull();
    values[1]
      .slice(2)
      .forEach((v, k) => expect(v).toBeCloseTo(examplePlan("EHCPs")[k + 1] as number, 6));
    values[2]
      .slice(2)
      .forEach((v, k) => expect(v).toBeCloseTo(examplePlan("INMSS")[k + 1] as number, 6));
    expect(values[1][0]).toBe("EHCPs");
    expect(values[2][0]).toBe("INMSS");
    expect(String(values[3][0])).toMatch(/mitigated scenario.*30 November 2026/);
    const sheet = fake.host.sheet(PLAN_ACTIVITY_SHEET)!;
    expect(fake.host.cellState(sheet, 1, 3).numberFormat).toBe("#,##0.0");

    // Workbook-scoped, on the table (not the note).
    const name = fake.host.name("SEND_PlanActivity", null)!;
    expect(name.scope).toBeNull();
    expect(fake.host.nameFormula(name)).toBe(`='${PLAN_ACTIVITY_SHEET}'!$A$1:$I$3`);
    expect(fake.host.savedSettings[PLAN_ACTIVITY_SETTING]).toEqual({
      address: `'${PLAN_ACTIVITY_SHEET}'!A1:I3`,
      note: `'${PLAN_ACTIVITY_SHEET}'!A4`,
    });
  });

  it("takes the next free sheet name when the user has a sheet called SEND Plan Activity, and leaves it alone", async () => {
    const { fake, run } = excelWith(
      unrecorded((m) => m.sheets.push({ name: PLAN_ACTIVITY_SHEET, cells: { A1: "mine" } }))
    );
    const first = await refreshed(run);
    const out = await recordPlanActivity(run, first.result);
    expect(out).toMatchObject({ ok: true, address: `'${PLAN_ACTIVITY_SHEET} (2)'!A1:I3` });
    expect(fake.host.valuesAt(`'${PLAN_ACTIVITY_SHEET}'!A1:B4`)).toEqual([
      ["mine", null],
      [null, null],
      [null, null],
      [null, null],
    ]);
    expect(fake.host.changes.every((c) => c.sheet !== PLAN_ACTIVITY_SHEET)).toBe(true);
  });
});

describe("the year headers", () => {
  it("are spelled as SEND_Expenditure spells them, and read back as its years", async () => {
    const spelled = YEARS.map((y) => `FY ${y.replace("/", "-")}`); // "FY 2023-24"
    const { fake, run } = excelWith(
      unrecorded((m) => {
        const sheet = m.sheets.find((s) => s.name === "Revised Forecast")!;
        ["B", "C", "D", "E", "F", "G", "H", "I"].forEach((c, k) => {
          sheet.cells![`${c}5`] = { value: spelled[k], numberFormat: "General" };
        });
      })
    );
    const first = await refreshed(run);
    expect((await recordPlanActivity(run, first.result)).ok).toBe(true);
    expect(fake.host.valuesAt(`'${PLAN_ACTIVITY_SHEET}'!B1:I1`)[0]).toEqual(spelled);
    const after = await refreshed(run);
    expect(after.warningDetails.filter((w) => w.input === "SEND_PlanActivity")).toEqual([]);
    expect(after.result.warnings.map((w) => w.code)).not.toContain("planActivityMissing");
  });
});

describe("record plan activity at a chosen cell", () => {
  const withScratch = (
    cells: Record<string, FakeCellValue> = {},
    names: Record<string, string> = {}
  ) =>
    unrecorded((m) => {
      m.sheets.push({ name: "Plan Inputs", cells: { A1: "Our notes", ...cells } });
      Object.assign(m.names!, names);
    });

  it("writes the table with its top-left at the cell and the note below it", async () => {
    const { fake, run } = excelWith(withScratch());
    const first = await refreshed(run);
    const out = await recordPlanActivity(run, first.result, { target: "'Plan Inputs'!B3" });
    expect(out).toEqual({ ok: true, address: "'Plan Inputs'!B3:J5", replaced: false });
    expect(fake.host.valuesAt("'Plan Inputs'!A1")).toEqual([["Our notes"]]);
    expect(fake.host.valuesAt("'Plan Inputs'!B3:C5")).toEqual([
      ["Activity", "2023/24"],
      ["EHCPs", null],
      ["INMSS", null],
    ]);
    expect(String(fake.host.valuesAt("'Plan Inputs'!B6")[0][0])).toMatch(/^SEND_PlanActivity: /);
    expect(fake.host.nameFormula(fake.host.name("SEND_PlanActivity", null)!)).toBe(
      "='Plan Inputs'!$B$3:$J$5"
    );
    expect(fake.host.sheet(PLAN_ACTIVITY_SHEET)).toBeUndefined();
  });

  it("takes a cell without a sheet on the active sheet, and refuses a sheet that is not there", async () => {
    const { fake, run } = excelWith(withScratch());
    const first = await refreshed(run);
    const missing = await recordPlanActivity(run, first.result, { target: "'No Such Sheet'!B3" });
    expect(missing).toMatchObject({
      ok: false,
      problems: [{ message: "there is no sheet called 'No Such Sheet' for 'No Such Sheet'!B3" }],
    });
    fake.host.activeSheet = fake.host.sheet("Plan Inputs")!;
    const out = await recordPlanActivity(run, first.result, { target: "D10" });
    expect(out).toEqual({ ok: true, address: "'Plan Inputs'!D10:L12", replaced: false });
  });

  it("refuses when a cell it needs is not empty, naming it, and writes nothing", async () => {
    const { fake, run } = excelWith(withScratch({ E4: 12, J6: "x" }));
    const first = await refreshed(run);
    const changesBefore = fake.host.changes.length;
    const namesBefore = fake.host.names.filter((n) => !n.deleted).length;
    const out = await recordPlanActivity(run, first.result, { target: "'Plan Inputs'!B3" });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.problems).toHaveLength(1);
    expect(out.problems[0]).toMatchObject({
      input: "SEND_PlanActivity",
      sheet: "Plan Inputs",
      cell: "E4",
    });
    expect(out.problems[0].message).toMatch(/B3:J6 .*E4 and J6 are not; nothing was written/);
    expect(fake.host.changes.length).toBe(changesBefore);
    expect(fake.host.names.filter((n) => !n.deleted).length).toBe(namesBefore);
    expect(fake.host.savedSettings[PLAN_ACTIVITY_SETTING]).toBeUndefined();
  });

  it("refuses empty cells that lie in one of the user's names, and the output sheet", async () => {
    const { fake, run } = excelWith(withScratch({}, { OurTotals: "'Plan Inputs'!D5:D9" }));
    const first = await refreshed(run);
    const changesBefore = fake.host.changes.length;
    const out = await recordPlanActivity(run, first.result, { target: "'Plan Inputs'!B3" });
    expect(out).toMatchObject({
      ok: false,
      problems: [{ message: expect.stringMatching(/the name OurTotals/) }],
    });
    const onOutput = await recordPlanActivity(run, first.result, {
      target: `'${OUTPUT_SHEET}'!Z100`,
    });
    expect(onOutput).toMatchObject({
      ok: false,
      problems: [{ message: expect.stringMatching(/rewritten at each refresh/) }],
    });
    const notACell = await recordPlanActivity(run, first.result, { target: "'Plan Inputs'!B3:C4" });
    expect(notACell).toMatchObject({
      ok: false,
      problems: [{ message: expect.stringMatching(/expected one cell/) }],
    });
    expect(fake.host.changes.length).toBe(changesBefore);
  });
});

describe("a SEND_PlanActivity already in the workbook", () => {
  it("is the user's when the add-in did not record it: refused, pointing at it, nothing written", async () => {
    const { fake, run } = excelWith(copy(example));
    const first = await refreshed(run);
    const preview = await previewPlanActivity(run, first.result);
    expect(preview).toMatchObject({
      ok: true,
      existing: { address: "'Plan Activity'!A4:I6", ours: false },
    });
    const changesBefore = fake.host.changes.length;
    const out = await recordPlanActivity(run, first.result, { replace: true });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.problems[0]).toMatchObject({ sheet: "Plan Activity", cell: "A4:I6" });
    expect(out.problems[0].message).toMatch(
      /already records the plan's activity at 'Plan Activity'!A4:I6; edit or delete it there/
    );
    expect(fake.host.changes.length).toBe(changesBefore);
    expect(fake.host.sheet(PLAN_ACTIVITY_SHEET)).toBeUndefined();
  });

  it("is the user's when spelled otherwise, as the refresh would read it: refused, nothing written", async () => {
    const { fake, run } = excelWith(
      unrecorded((m) => {
        m.names!["SEND_Plan_Activity"] = "'Plan Activity'!A4:I6";
      })
    );
    const first = await refreshed(run);
    // The refresh reads it, so nothing is missing.
    expect(first.warningDetails.map((w) => w.code)).not.toContain("planActivityMissing");
    const changesBefore = fake.host.changes.length;
    const out = await recordPlanActivity(run, first.result);
    expect(out).toMatchObject({
      ok: false,
      problems: [
        {
          message: expect.stringMatching(
            /already records the plan's activity at 'Plan Activity'!\$A\$4:\$I\$6 \(SEND_Plan_Activity\); edit or delete it there/
          ),
        },
      ],
    });
    expect(fake.host.changes.length).toBe(changesBefore);
    expect(fake.host.sheet(PLAN_ACTIVITY_SHEET)).toBeUndefined();
  });

  it("is replaced where it is when the add-in recorded it and the user confirms; not before", async () => {
    const { fake, run } = excelWith(unrecorded());
    const first = await refreshed(run);
    expect((await recordPlanActivity(run, first.result)).ok).toBe(true);
    const recorded = fake.host.valuesAt(`'${PLAN_ACTIVITY_SHEET}'!A1:I3`);

    // A different plan: the forecast with no interventions.
    const none = runForecast({ ...WILTSHIRE, interventions: [] });
    if (!none.ok) throw new Error("the example runs");
    const other: ForecastResult = none.value;

    const preview = await previewPlanActivity(run, other);
    expect(preview).toMatchObject({
      ok: true,
      existing: { address: `'${PLAN_ACTIVITY_SHEET}'!A1:I3`, ours: true, rows: recorded },
    });
    if (!preview.ok) return;
    const newEhcps = preview.table.rows[1];
    const changesBefore = fake.host.changes.length;
    const unconfirmed = await recordPlanActivity(run, other);
    expect(unconfirmed).toMatchObject({
      ok: false,
      problems: [{ message: expect.stringMatching(/confirm to replace/) }],
    });
    expect(fake.host.changes.length).toBe(changesBefore);

    const replaced = await recordPlanActivity(run, other, {
      replace: true,
      recordedOn: "1 December 2026",
    });
    expect(replaced).toEqual({
      ok: true,
      address: `'${PLAN_ACTIVITY_SHEET}'!A1:I3`,
      replaced: true,
    });
    const after = fake.host.valuesAt(`'${PLAN_ACTIVITY_SHEET}'!A1:I4`);
    expect(after[1]).toEqual(newEhcps);
    // Without the interventions there are more plans in 2030/31 than with them.
    expect(after[1][8] as number).toBeGreaterThan(recorded[1][8] as number);
    expect(String(after[3][0])).toMatch(/1 December 2026/);
    expect(
      fake.host.names.filter((n) => !n.deleted && n.name === "SEND_PlanActivity")
    ).toHaveLength(1);
    expect(fake.host.sheets.filter((s) => s.name.startsWith(PLAN_ACTIVITY_SHEET))).toHaveLength(1);
  });

  it("is the user's once they have moved it away from where the add-in recorded it", async () => {
    const { fake, run } = excelWith(unrecorded());
    const first = await refreshed(run);
    expect((await recordPlanActivity(run, first.result)).ok).toBe(true);
    // The user points the name at their own figures.
    await run(async (context) => {
      context.workbook.names.getItem("SEND_PlanActivity").delete();
      context.workbook.names.add("SEND_PlanActivity", "='Plan Activity'!$A$4:$I$6");
      await context.sync();
    });
    const changesBefore = fake.host.changes.length;
    const out = await recordPlanActivity(run, first.result, { replace: true });
    expect(out).toMatchObject({
      ok: false,
      problems: [{ message: expect.stringMatching(/edit or delete it there/) }],
    });
    expect(fake.host.changes.length).toBe(changesBefore);
  });
});

describe("the round trip", () => {
  it("recorded on the example, read back by the contract: no planActivityMissing, and the mitigated ledger is the supplied table", async () => {
    const { fake, run } = excelWith(unrecorded());
    const before = await refreshed(run);
    expect(before.warningDetails.map((w) => w.code)).toContain("planActivityMissing");

    expect(
      (await recordPlanActivity(run, before.result, { recordedOn: "30 November 2026" })).ok
    ).toBe(true);
    const after = await refreshed(run);
    expect(after.warningDetails.map((w) => w.code)).not.toContain("planActivityMissing");
    // Read without a warning of its own.
    expect(after.warningDetails.filter((w) => w.input === "SEND_PlanActivity")).toEqual([]);
    expect(after.found.SEND_PlanActivity).toMatch(/SEND Plan Activity/);
    expect(after.result.warnings.map((w) => w.code)).not.toContain("planActivityMissing");

    // The oracle: the supplied expenditure table as the sheet holds it (its provision lines, not its total).
    const supplied = fake.host
      .valuesAt("'Revised Forecast'!A6:I15")
      .filter(
        (r) =>
          typeof r[0] === "string" &&
          r[0] !== "Total Expenditure" &&
          r.slice(1).some((v) => v !== null)
      );
    expect(supplied.length).toBe(after.result.ledger.lines.length);
    after.result.ledger.lines.forEach((line, k) => {
      expect(line.label).toBe(supplied[k][0]);
      expect(line.values).toEqual(supplied[k].slice(1));
    });
  });
});
