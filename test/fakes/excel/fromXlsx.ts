/**
 * Builds the fake Excel's JSON model from .xlsx bytes (read with the
 * product's own .xlsx adapter), so the Office.js adapter is tested against
 * exactly the workbook the .xlsx adapter reads. Not part of index.ts: the
 * browser bundle gets the JSON, not this converter.
 */
import { XlsxWorkbook } from "../../../src/workbook/xlsx/workbook";
import { numberFormatOf, readCell } from "../../../src/workbook/xlsx/cells";
import type { FakeCellModel, FakeWorkbookModel } from "./model";

export async function fakeModelFromXlsx(data: Buffer | Uint8Array): Promise<FakeWorkbookModel> {
  const xlsx = await XlsxWorkbook.fromBuffer(data);
  const { names } = await xlsx.read([]);
  const model: FakeWorkbookModel = { sheets: [], names: {}, tables: {} };
  for (const ws of xlsx.workbook.worksheets) {
    const cells: Record<string, FakeCellModel> = {};
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        const formula = (cell as unknown as { formula?: string }).formula;
        cells[cell.address] = {
          value: readCell(cell),
          numberFormat: numberFormatOf(cell),
          ...(formula ? { formula: `=${formula}` } : {}),
        };
      })
    );
    const sheetNames: Record<string, string> = {};
    for (const n of names)
      if (n.kind === "name" && n.scope === ws.name && n.address) sheetNames[n.name] = n.address;
    model.sheets.push({ name: ws.name, cells, names: sheetNames });
  }
  for (const n of names) {
    if (n.kind === "table" && n.address) model.tables![n.name] = n.address;
    else if (n.kind === "name" && n.scope === undefined)
      model.names![n.name] = n.address ?? "=#REF!";
  }
  return model;
}
