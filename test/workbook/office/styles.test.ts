/**
 * Inside Excel (the fake), a refresh marks every figure for what it is, as
 * the .xlsx copy does — actual grey, supplied pale yellow, driven pale blue
 * and italic, forecast italic without fill — writes the key above the
 * tables, takes the last refresh's styles off cells whose kind changed, and
 * ends on its sheet.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { createOfficeWorkbook, type ExcelRun } from "../../../src/workbook/office/workbook";
import { OUTPUT_SHEET, type OutputSheet } from "../../../src/workbook/port";
import { DEFICIT_ROWS } from "../../../src/workbook/output";
import { cellName } from "../../../src/workbook/address";
import { refresh } from "../../../src/workbook/refresh";
import { installFakeOffice, type FakeHostOptions, type FakeWorkbookModel } from "../../fakes/excel";
import { fakeModelFromXlsx } from "../../fakes/excel/fromXlsx";

const EXAMPLE = path.join(__dirname, "../../../assets/SEND-Forecaster-Example.xlsx");
// The key's colours as the README documents them.
const GREY = "#D9D9D9";
const YELLOW = "#FFF2CC";
const BLUE = "#DDEBF7";

let example: FakeWorkbookModel;
beforeAll(async () => {
  example = await fakeModelFromXlsx(readFileSync(EXAMPLE));
});

async function refreshed() {
  const fake = installFakeOffice(globalThis, JSON.parse(JSON.stringify(example)));
  const port = createOfficeWorkbook(fake.run as unknown as ExcelRun);
  const before = fake.host.activeSheet?.name;
  const outcome = await refresh(port);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  return { fake, before };
}

type Fake = Awaited<ReturnType<typeof refreshed>>["fake"];

/** 0-based row and column of the deficit table's cell for a row label and year. */
function deficitAt(fake: Fake, label: string, year: string): [number, number] {
  const box = fake.host.table("SEND_OutDeficit")!.box;
  const sheet = fake.host.sheet(OUTPUT_SHEET)!;
  let column = -1;
  for (let c = box.c0; c <= box.c1; c++) if (sheet.get(box.r0, c)?.value === year) column = c;
  let row = -1;
  for (let r = box.r0 + 1; r <= box.r1; r++) if (sheet.get(r, box.c0)?.value === label) row = r;
  if (row < 0 || column < 0) throw new Error(`no cell ${label} ${year}`);
  return [row, column];
}

function styleOf(fake: Fake, label: string, year: string): [string | null, boolean] {
  const [r, c] = deficitAt(fake, label, year);
  const cell = fake.host.sheet(OUTPUT_SHEET)!.get(r, c);
  return [cell?.fill ?? null, cell?.italic === true];
}

describe("cell styles written through Office.js", () => {
  test("actual, supplied, driven and forecast cells of the deficit table", async () => {
    const { fake } = await refreshed();
    expect(styleOf(fake, "Post 16 Provision", "2023/24")).toEqual([GREY, false]);
    expect(styleOf(fake, "Post 16 Provision", "2025/26")).toEqual([YELLOW, false]);
    expect(styleOf(fake, "High Needs Block", "2026/27")).toEqual([YELLOW, false]);
    expect(styleOf(fake, "Special Schools", "2025/26")).toEqual([BLUE, true]);
    expect(styleOf(fake, "Total Deficit Balance", "2026/27")).toEqual([null, true]);
    expect(styleOf(fake, "Total Deficit Balance", "2023/24")).toEqual([GREY, false]);
    // Labels keep the table's own look.
    const [r, c] = deficitAt(fake, "Special Schools", "2025/26");
    const label = fake.host.sheet(OUTPUT_SHEET)!.get(r, 0);
    expect([label?.fill, label?.italic]).toEqual([undefined, undefined]);
    expect(c).toBeGreaterThan(0);
  });

  test("the key above the tables and the rounding note under the deficit table", async () => {
    const { fake } = await refreshed();
    const sheet = fake.host.sheet(OUTPUT_SHEET)!;
    const cells = [0, 1, 2, 3, 4].map((r) => sheet.get(r, 0));
    expect(cells.map((x) => x?.value)).toEqual([
      "Key to the figures",
      "Actual",
      "Supplied",
      "Driven",
      "Forecast",
    ]);
    expect(cells.slice(1).map((x) => [x?.fill ?? null, x?.italic === true])).toEqual([
      [GREY, false],
      [YELLOW, false],
      [BLUE, true],
      [null, true],
    ]);
    const box = fake.host.table("SEND_OutDeficit")!.box;
    expect(box.r0).toBeGreaterThan(4);
    expect(String(sheet.get(box.r1 + 1, 0)?.value)).toMatch(/^Rounding: Exact\./);
  });

  test("ends on the output sheet", async () => {
    const { fake, before } = await refreshed();
    expect(before).not.toBe(OUTPUT_SHEET);
    expect(fake.host.activeSheet?.name).toBe(OUTPUT_SHEET);
  });

  test("a second refresh takes off styles the cells no longer have, in the tables it keeps", async () => {
    const { fake } = await refreshed();
    const [r, c] = deficitAt(fake, "Total Deficit Balance", "2026/27");
    // As if an earlier refresh had drawn the cell as supplied.
    await fake.run(async (context) => {
      const range = context.workbook.worksheets.getItem(OUTPUT_SHEET).getRangeByIndexes(r, c, 1, 1);
      range.format.fill.color = YELLOW;
      range.format.font.italic = false;
      await context.sync();
    });
    expect(styleOf(fake, "Total Deficit Balance", "2026/27")).toEqual([YELLOW, false]);
    const tablesBefore = fake.host.tables.map((t) => t.name).sort();
    const again = await refresh(createOfficeWorkbook(fake.run as unknown as ExcelRun));
    expect(again.ok).toBe(true);
    expect(fake.host.tables.map((t) => t.name).sort()).toEqual(tablesBefore);
    expect(styleOf(fake, "Total Deficit Balance", "2026/27")).toEqual([null, true]);
    expect(styleOf(fake, "Post 16 Provision", "2025/26")).toEqual([YELLOW, false]);
    expect(fake.host.changes.filter((x) => x.sheet !== OUTPUT_SHEET)).toEqual([]);
  });
});

test("a sheet written before the key: its tables move down by whole rows, and a user's formula into them follows", async () => {
  const model: FakeWorkbookModel = JSON.parse(JSON.stringify(example));
  model.sheets.push({ name: "My Summary", cells: {} });
  const evaluate: FakeHostOptions["evaluate"] = (formula, host) => {
    const m = /^=('(?:[^']|'')+'|[A-Za-z_][\w.]*)!\$?([A-Z]+)\$?([0-9]+)$/.exec(formula);
    return m ? host.valuesAt(`${m[1]}!${m[2]}${m[3]}`)[0][0] : { error: "#NAME?" };
  };
  const fake = installFakeOffice(globalThis, model, { evaluate });
  const run = fake.run as unknown as ExcelRun;
  // The layout of before: no key, the first title in row 1.
  const current = await refresh(createOfficeWorkbook(run));
  if (!current.ok) throw new Error(JSON.stringify(current.problems));
  const up = current.sheet.tables[0].row - 1;
  const old: OutputSheet = {
    ...current.sheet,
    legend: undefined,
    tables: current.sheet.tables.map((t) => ({ ...t, row: t.row - up, notes: undefined })),
  };
  const freshFake = installFakeOffice(globalThis, JSON.parse(JSON.stringify(model)), { evaluate });
  const freshRun = freshFake.run as unknown as ExcelRun;
  const oldPort = createOfficeWorkbook(freshRun);
  await oldPort.write(old, await oldPort.read([]));
  const deficit = old.tables.find((t) => t.name === "SEND_OutDeficit")!;
  const closing = deficit.rows.findIndex((r) => r[0] === DEFICIT_ROWS.closing);
  const target = cellName(deficit.row + 1 + closing, deficit.column + 8);
  await freshFake.run(async (context) => {
    context.workbook.worksheets.getItem("My Summary").getRange("B1").formulas = [
      [`='${OUTPUT_SHEET}'!${target}`],
    ];
    await context.sync();
  });
  const before = freshFake.host.valuesAt("'My Summary'!B1")[0][0];
  expect(typeof before).toBe("number");

  const outcome = await refresh(createOfficeWorkbook(freshRun));
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  const moved = cellName(deficit.row + up + 1 + closing, deficit.column + 8);
  const cell = freshFake.host.sheet("My Summary")!.get(0, 1);
  expect(cell?.formula).toBe(`='${OUTPUT_SHEET}'!${moved}`);
  expect(freshFake.host.valuesAt(`'${OUTPUT_SHEET}'!${moved}`)[0][0]).toBe(before);
  // And the key is where it belongs, above the tables.
  expect(freshFake.host.sheet(OUTPUT_SHEET)!.get(1, 0)?.value).toBe("Actual");
});
