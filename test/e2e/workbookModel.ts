/**
 * An .xlsx file as the fake Excel host's JSON model, so the browser tests
 * run the pane against the very workbook the headless refresh reads.
 * Values go through the .xlsx adapter's own cell reading (dates as serials,
 * formulas by their cached result), names through its defined-name parser,
 * so both sides see the same cells.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { numberFormatOf, readCell } from "../../src/workbook/xlsx/cells";
import { parseDefinedNames, quoteSheetName } from "../../src/workbook/xlsx/names";
import type { FakeCellModel, FakeWorkbookModel } from "../fakes/excel";

export async function xlsxToFakeModel(data: Buffer): Promise<FakeWorkbookModel> {
  const zip = await JSZip.loadAsync(data);
  const workbookXml = await zip.file("xl/workbook.xml")!.async("string");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ExcelJS.Buffer);
  const model: FakeWorkbookModel = { sheets: [], names: {}, tables: {}, settings: {} };
  for (const ws of wb.worksheets) {
    const cells: Record<string, FakeCellModel> = {};
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        const value = readCell(cell);
        const formula =
          typeof cell.formula === "string" && cell.formula !== "" ? `=${cell.formula}` : undefined;
        const numberFormat = numberFormatOf(cell);
        if (value === null && formula === undefined && numberFormat === "General") return;
        cells[cell.address] = {
          value,
          ...(formula ? { formula } : {}),
          numberFormat,
          ...(cell.font?.bold ? { bold: true } : {}),
        };
      })
    );
    model.sheets.push({ name: ws.name, cells, names: {} });
    for (const t of ws.getTables() as unknown as {
      table?: { name: string; tableRef?: string; ref?: string };
    }[]) {
      const ref = t.table?.tableRef ?? t.table?.ref;
      if (t.table && ref) model.tables![t.table.name] = `${quoteSheetName(ws.name)}!${ref}`;
    }
  }
  for (const n of parseDefinedNames(workbookXml)) {
    if (/^_xlnm\./i.test(n.name)) continue;
    const refersTo = n.refersTo.replace(/\$/g, "");
    // A reference keeps its sheet; anything else (a constant, #REF!) is a formula.
    const ref = /^('.*'|[^!'"=]+)![A-Z]+[0-9]+(:[A-Z]+[0-9]+)?$/i.test(refersTo)
      ? refersTo
      : `=${refersTo}`;
    if (n.scope === undefined) model.names![n.name] = ref;
    else model.sheets.find((s) => s.name === n.scope)!.names![n.name] = ref;
  }
  return model;
}
