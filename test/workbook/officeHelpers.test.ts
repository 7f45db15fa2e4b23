/**
 * The office-js-helpers wrapper: where the pane is running (so it can say
 * "not inside Excel"), and re-making the output sheet only on an Excel new
 * enough for the one-round-trip write.
 */
import { hostInfo, remakeSheet, supportsExcelApi } from "../../src/office/helpers";
import { installFakeOffice } from "../fakes/excel";

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

describe("re-making the output sheet", () => {
  it("replaces the sheet with an empty one of the same name in a single round trip", async () => {
    const fake = installFakeOffice(globalThis, { sheets: [{ name: "Inputs", cells: { A1: 1 } }, { name: "Out", cells: { B2: "old" } }] });
    await fake.run(async (context) => {
      await remakeSheet(context.workbook as unknown as Excel.Workbook, "Out");
    });
    expect(fake.host.syncs).toHaveLength(1);
    expect(fake.host.sheets.map((s) => s.name)).toEqual(["Inputs", "Out"]);
    expect(fake.host.valuesAt("Out!B2")).toEqual([[null]]);
    expect(fake.host.changes.map((c) => `${c.sheet}!${c.address}`)).toEqual(["Out!B2"]);
  });

  it("declines on an Excel older than API 1.4, before anything is queued", async () => {
    const fake = installFakeOffice(globalThis, { sheets: [{ name: "Out" }] }, { excelApi: "1.3" });
    await expect(fake.run(async (context) => remakeSheet(context.workbook as unknown as Excel.Workbook, "Out"))).rejects.toThrow(/Excel API 1\.4/);
    expect(fake.host.syncs).toHaveLength(0);
  });
});
