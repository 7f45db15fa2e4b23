/**
 * The office-js-helpers wrapper: where the pane is running (so it can say
 * "not inside Excel"), and creating the output sheet only on an Excel new
 * enough for the one-round-trip write.
 */
import { hostInfo, createSheet, supportsExcelApi } from "../../../src/workbook/office/helpers";
import { installFakeOffice } from "../../fakes/excel";

const g = globalThis as Record<string, unknown>;

afterEach(() => {
  delete g.window;
  delete g.Office;
  delete g.Excel;
});

describe("host checks", () => {
  it("reports a plain web page, not Excel, when there is no Office", () => {
    expect(hostInfo()).toEqual({ host: "WEB", platform: null, isExcel: false, isOnline: false });
    expect(supportsExcelApi()).toBe(false);
  });

  it("recognises Excel on Windows and Excel on the web", () => {
    g.window = globalThis;
    const fake = installFakeOffice(globalThis, { sheets: [{ name: "Sheet1" }] });
    expect(hostInfo()).toEqual({ host: "EXCEL", platform: "PC", isExcel: true, isOnline: false });
    (fake.Office.context as { platform: string }).platform = "OfficeOnline";
    expect(hostInfo()).toMatchObject({ isExcel: true, isOnline: true, platform: "OFFICE_ONLINE" });
  });
});

describe("creating the output sheet", () => {
  it("adds the sheet in the one round trip the helper ends with, carrying what was queued after it", async () => {
    const fake = installFakeOffice(globalThis, { sheets: [{ name: "Inputs", cells: { A1: 1 } }] });
    await fake.run(async (context) => {
      const created = createSheet(context.workbook as unknown as Excel.Workbook, "Out");
      context.workbook.worksheets.getItem("Out").getRange("B2").values = [["new"]];
      await created;
    });
    expect(fake.host.syncs).toHaveLength(1);
    expect(fake.droppedActions()).toBe(0);
    expect(fake.host.sheets.map((s) => s.name)).toEqual(["Inputs", "Out"]);
    expect(fake.host.valuesAt("Out!B2")).toEqual([["new"]]);
    expect(fake.host.changes.map((c) => `${c.sheet}!${c.address}`)).toEqual(["Out!B2"]);
  });

  it("would delete a sheet already of that name, breaking formulas that point into it, so it is kept for absent sheets", async () => {
    const fake = installFakeOffice(globalThis, {
      sheets: [
        { name: "Summary", cells: { A1: { formula: "=Out!B2", value: "old" } } },
        { name: "Out", cells: { B2: "old" } },
      ],
    });
    await fake.run(async (context) => {
      await createSheet(context.workbook as unknown as Excel.Workbook, "Out");
    });
    expect(fake.host.sheet("Summary")!.get(0, 0)).toMatchObject({
      formula: "=#REF!B2",
      value: { error: "#REF!" },
    });
  });

  it("declines on an Excel older than API 1.4, before anything is queued", async () => {
    const fake = installFakeOffice(globalThis, { sheets: [{ name: "Out" }] }, { excelApi: "1.3" });
    await expect(
      fake.run(async (context) => createSheet(context.workbook as unknown as Excel.Workbook, "Out"))
    ).rejects.toThrow(/Excel API 1\.4/);
    expect(fake.host.syncs).toHaveLength(0);
  });
});
