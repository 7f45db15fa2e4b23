/**
 * The task pane's workbook actions against the fake Excel holding the
 * example workbook: go to a cell, freeze the output as values, bindings in
 * the document, the binding picker's list, and the interventions written
 * back — a table grows and shrinks, a named range too small is refused.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { WILTSHIRE } from "../../../src/example/wiltshire";
import { createOfficeWorkbook, type ExcelRun } from "../../../src/workbook/office/workbook";
import {
  freezeOutputAsValues,
  interventionRow,
  listNames,
  loadBindings,
  orThrow,
  readInterventionRows,
  saveBindings,
  selectAddress,
  writeInterventionRows,
  type InterventionRow,
} from "../../../src/workbook/office/actions";
import { OUTPUT_SHEET } from "../../../src/workbook/port";
import { refresh } from "../../../src/workbook/refresh";
import {
  installFakeOffice,
  type FakeCellValue,
  type FakeHostOptions,
  type FakeWorkbookModel,
} from "../../fakes/excel";
import { fakeModelFromXlsx } from "../../fakes/excel/fromXlsx";

const EXAMPLE = path.join(__dirname, "../../../assets/SEND-Forecaster-Example.xlsx");
let example: FakeWorkbookModel;

beforeAll(async () => {
  example = await fakeModelFromXlsx(readFileSync(EXAMPLE));
});

const copy = (m: FakeWorkbookModel): FakeWorkbookModel => JSON.parse(JSON.stringify(m));

/** The example without its cost lines: a ledger of supplied lines, which live formulas reproduce. */
const withoutCosts = (m: FakeWorkbookModel): FakeWorkbookModel => {
  const c = copy(m);
  delete c.tables?.SEND_Costs;
  return c;
};

function excelWith(model: FakeWorkbookModel, options: FakeHostOptions = {}) {
  const fake = installFakeOffice(globalThis, model, options);
  return { fake, run: fake.run as unknown as ExcelRun };
}

const wiltshireRows = (): InterventionRow[] => WILTSHIRE.interventions!.map(interventionRow);

describe("go to cell", () => {
  it("activates the sheet and selects a quoted sheet address", async () => {
    const { fake, run } = excelWith(copy(example));
    expect(await selectAddress(run, "'Revised Forecast'!C4")).toEqual({ ok: true });
    expect(fake.host.activeSheet?.name).toBe("Revised Forecast");
    expect(
      fake.host.selection && fake.host.address(fake.host.selection.sheet, fake.host.selection.box)
    ).toBe("'Revised Forecast'!C4");
  });

  it("selects a whole input by its name or table name", async () => {
    const { fake, run } = excelWith(copy(example));
    expect(await selectAddress(run, "SEND_Interventions")).toEqual({ ok: true });
    expect(
      fake.host.selection && fake.host.address(fake.host.selection.sheet, fake.host.selection.box)
    ).toBe(example.tables!.SEND_Interventions);
  });

  it("answers with a problem, not an exception, for a sheet or name that is not there", async () => {
    const { fake, run } = excelWith(copy(example));
    const missingSheet = await selectAddress(run, "'No Such Sheet'!A1");
    expect(missingSheet.ok).toBe(false);
    const missingName = await selectAddress(run, "SEND_Nothing");
    expect(missingName).toMatchObject({ ok: false, problems: [{ input: "SEND_Nothing" }] });
    expect(() => orThrow(missingName)).toThrow(/SEND_Nothing/);
    expect(fake.host.changes).toEqual([]);
  });
});

describe("freeze as values", () => {
  it("turns the output's live formulas into the values they show, and touches nothing else", async () => {
    // Values first, to know what each deficit formula must show.
    const plain = excelWith(withoutCosts(example));
    const byValues = await refresh(createOfficeWorkbook(plain.run));
    if (!byValues.ok) throw new Error("the example should refresh");
    const deficit = byValues.sheet.tables.find((t) => t.name === "SEND_OutDeficit")!;
    // Excel with the add-in loaded: =INDEX(SEND.DEFICIT(…),row,column) shows that cell of the ledger.
    const evaluate = (formula: string): FakeCellValue => {
      const m = /^=INDEX\(SEND\.DEFICIT\(.*\),(\d+),(\d+)\)$/.exec(formula);
      if (!m) return { error: "#NAME?" };
      const row = Number(m[1]) - 2;
      const column = Number(m[2]) - 1;
      return deficit.rows[row][column] as FakeCellValue;
    };

    const { fake, run } = excelWith(withoutCosts(example), { evaluate });
    const live = await refresh(createOfficeWorkbook(run), { mode: "formulas" });
    if (!live.ok) throw new Error(JSON.stringify(live.problems));
    const sheet = fake.host.sheet(OUTPUT_SHEET)!;
    const formulaCells = () =>
      [...sheet.cells.values()].filter((c) => c.formula !== undefined).length;
    expect(formulaCells()).toBeGreaterThan(0);
    const valuesBefore = fake.host.valuesAt(`'${OUTPUT_SHEET}'!A1:J200`);
    const changesBefore = fake.host.changes.length;

    const frozen = await freezeOutputAsValues(run);
    expect(frozen).toEqual({ ok: true, frozen: expect.any(Number) });
    expect(frozen.frozen).toBeGreaterThan(0);
    expect(formulaCells()).toBe(0);
    expect(fake.host.valuesAt(`'${OUTPUT_SHEET}'!A1:J200`)).toEqual(valuesBefore);
    const changes = fake.host.changes.slice(changesBefore);
    expect(changes).toHaveLength(frozen.frozen!);
    expect(
      changes.every(
        (c) =>
          c.sheet === OUTPUT_SHEET &&
          c.before?.formula !== undefined &&
          c.after?.formula === undefined
      )
    ).toBe(true);
  });

  it("refuses to freeze a sheet that is not the add-in's", async () => {
    const model = copy(example);
    model.sheets.push({ name: OUTPUT_SHEET, cells: { A1: { value: 2, formula: "=1+1" } } });
    const { fake, run } = excelWith(model);
    expect((await freezeOutputAsValues(run)).ok).toBe(false);
    expect(fake.host.changes).toEqual([]);
  });
});

describe("bindings", () => {
  it("saves the bindings into the document and reads them back", async () => {
    const { fake } = excelWith(copy(example));
    expect(await loadBindings()).toEqual({});
    expect(await saveBindings({ SEND_Costs: "Costs2025", SEND_Monthly: "  " })).toEqual({
      ok: true,
    });
    expect(fake.host.savedSettings["SEND.bindings"]).toEqual({ SEND_Costs: "Costs2025" });
    expect(await loadBindings()).toEqual({ SEND_Costs: "Costs2025" });
    const read = await createOfficeWorkbook(fake.run as unknown as ExcelRun).read([]);
    expect(read.bindings).toEqual({ SEND_Costs: "Costs2025" });
  });
});

describe("names for the binding picker", () => {
  it("lists workbook names, sheet-scoped names and tables with their addresses, but not the add-in's output", async () => {
    const model = copy(example);
    model.sheets.find((s) => s.name === "Settings")!.names = { LocalCap: "B6" };
    const { run } = excelWith(model);
    expect((await refresh(createOfficeWorkbook(run))).ok).toBe(true);
    const names = await listNames(run);
    expect(names).toEqual(
      expect.arrayContaining([
        {
          name: "SEND_Funding",
          kind: "name",
          address: example.names!.SEND_Funding.replace(/([A-Z]+)(\d+)/g, "$$$1$$$2"),
        },
        { name: "LocalCap", kind: "name", address: "Settings!$B$6", scope: "Settings" },
        { name: "SEND_Interventions", kind: "table", address: example.tables!.SEND_Interventions },
      ])
    );
    expect(
      names.filter((n) => n.address?.includes(OUTPUT_SHEET) || n.name.startsWith("SEND_Out"))
    ).toEqual([]);
  });
});

describe("interventions written back", () => {
  it("reads the example's nine interventions as the model has them", async () => {
    const { run } = excelWith(copy(example));
    const read = await readInterventionRows(run, {});
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    expect(read.rows).toEqual(wiltshireRows());
    expect(read.address).toBe(example.tables!.SEND_Interventions);
  });

  it("grows the table by a row for a new intervention and reads it back", async () => {
    const { fake, run } = excelWith(copy(example));
    const rows = [
      ...wiltshireRows(),
      {
        name: "Inclusion charter",
        lever: "RequestsPct",
        impact: 0.05,
        start: "2026-09",
        rampMonths: 6,
        status: "New",
        confidence: 0.5,
      } as InterventionRow,
    ];
    expect(await writeInterventionRows(run, rows, {})).toEqual({ ok: true });
    const read = await readInterventionRows(run, {});
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    expect(read.rows).toEqual(rows);
    expect(read.address).toBe("Interventions!A4:G14");
    expect(fake.host.changes.every((c) => c.sheet === "Interventions")).toBe(true);
  });

  it("shrinks the table when interventions are removed", async () => {
    const { fake, run } = excelWith(copy(example));
    const rows = wiltshireRows().slice(0, 3);
    expect(await writeInterventionRows(run, rows, {})).toEqual({ ok: true });
    const read = await readInterventionRows(run, {});
    expect(read).toEqual({ ok: true, rows, address: "Interventions!A4:G7" });
    expect(
      fake.host
        .valuesAt("Interventions!A8:G13")
        .flat()
        .every((v) => v === null)
    ).toBe(true);
  });

  it("refuses to overflow a plain named range and writes nothing", async () => {
    const model = copy(example);
    const address = model.tables!.SEND_Interventions;
    delete model.tables!.SEND_Interventions;
    model.names = { ...model.names, SEND_Interventions: address };
    const { fake, run } = excelWith(model);
    const rows = [...wiltshireRows(), { ...wiltshireRows()[0], name: "One too many" }];
    const result = await writeInterventionRows(run, rows, {});
    expect(result).toMatchObject({
      ok: false,
      problems: [{ input: "SEND_Interventions", sheet: "Interventions" }],
    });
    expect(fake.host.changes).toEqual([]);

    // Fewer rows fit: the spare rows are blanked inside the range only.
    expect(await writeInterventionRows(run, wiltshireRows().slice(0, 7), {})).toEqual({ ok: true });
    const read = await readInterventionRows(run, {});
    expect(read).toMatchObject({ ok: true, rows: wiltshireRows().slice(0, 7) });
    expect(
      fake.host.changes.every(
        (c) => c.sheet === "Interventions" && /^[A-G](5|6|7|8|9|10|11|12|13)$/.test(c.address)
      )
    ).toBe(true);
  });

  it("counts a named range's rows past the sheet's used range as room", async () => {
    const model = copy(example);
    delete model.tables!.SEND_Interventions;
    // The header and nine interventions fill A4:G13; the name reaches to row 30.
    model.names = { ...model.names, SEND_Interventions: "Interventions!A4:G30" };
    const { run } = excelWith(model);
    const rows = [...wiltshireRows(), { ...wiltshireRows()[0], name: "A tenth" }];
    expect(await writeInterventionRows(run, rows, {})).toEqual({ ok: true });
    expect(await readInterventionRows(run, {})).toMatchObject({ ok: true, rows });
  });

  it("writes back under any header the refresh reads, such as From for Start", async () => {
    const model = copy(example);
    const sheet = model.sheets.find((x) => x.name === "Interventions")!;
    const startHeader = Object.entries(sheet.cells!).find(
      ([, v]) =>
        v === "Start" ||
        (typeof v === "object" && v !== null && "value" in v && v.value === "Start")
    )![0];
    sheet.cells![startHeader] = "From";
    const { run } = excelWith(model);
    const rows = wiltshireRows().slice(0, 2);
    expect(await writeInterventionRows(run, rows, {})).toEqual({ ok: true });
    expect(await readInterventionRows(run, {})).toMatchObject({ ok: true, rows });
  });

  it("follows a binding to the user's own table", async () => {
    const model = copy(example);
    model.tables = { MyActions: model.tables!.SEND_Interventions };
    const { run } = excelWith(model);
    const read = await readInterventionRows(run, { SEND_Interventions: "MyActions" });
    expect(read).toMatchObject({ ok: true, rows: wiltshireRows() });
  });
});
