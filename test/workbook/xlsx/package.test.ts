import { readFileSync } from "fs";
import JSZip from "jszip";
import { readInputs, requestedNames } from "../../../src/workbook/contract";
import { refresh } from "../../../src/workbook/refresh";
import { XlsxWorkbook, UnreadableWorkbookError } from "../../../src/workbook/xlsx/workbook";
import { parseDefinedNames } from "../../../src/workbook/xlsx/names";
import { EXAMPLE } from "../../fixtures/xlsx-files";

const SHEET4_RELS = "xl/worksheets/_rels/sheet4.xml.rels"; // 'Revised Forecast'
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** The example's package with `edit` applied to it. */
async function editedExample(edit: (zip: JSZip) => Promise<void> | void): Promise<Buffer> {
  const zip = await JSZip.loadAsync(readFileSync(EXAMPLE));
  await edit(zip);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

async function editWorkbookXml(zip: JSZip, edit: (xml: string) => string): Promise<void> {
  zip.file("xl/workbook.xml", edit(await zip.file("xl/workbook.xml")!.async("string")));
}

async function openingDeficitOf(data: Buffer): Promise<number> {
  const outcome = readInputs(await (await XlsxWorkbook.fromBuffer(data)).read(requestedNames({})));
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  return outcome.input.openingDeficit;
}

async function readError(data: Buffer): Promise<string> {
  const error = await XlsxWorkbook.fromBuffer(data).then(
    () => undefined,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(UnreadableWorkbookError);
  return (error as Error).message;
}

describe("defined names are read from workbook.xml with an XML parser", () => {
  test("a name inside an XML comment is not a name: the opening deficit stays 35,214", async () => {
    const commented = await editedExample((zip) =>
      editWorkbookXml(zip, (xml) =>
        xml.replace(
          "<definedNames>",
          // Settings!$B$6 holds the cap, 84,500: the figure a comment must not supply.
          '<definedNames><!-- <definedName name="SEND_OpeningDeficit">Settings!$B$6</definedName> -->'
        )
      )
    );
    expect(await openingDeficitOf(Buffer.from(readFileSync(EXAMPLE)))).toBe(35214);
    expect(await openingDeficitOf(commented)).toBe(35214);
  });

  test("a '>' in a name's comment attribute leaves every name of the copy as it was", async () => {
    const input = await editedExample((zip) =>
      editWorkbookXml(zip, (xml) =>
        xml
          .replace(
            '<definedName name="SEND_Settings"',
            '<definedName comment="cap > 0" name="SEND_Settings"'
          )
          .replace(
            "</definedNames>",
            "<definedName name=\"MyTotal\">'Revised Forecast'!$I$15</definedName></definedNames>"
          )
      )
    );
    const before = parseDefinedNames(
      await (await JSZip.loadAsync(input)).file("xl/workbook.xml")!.async("string")
    );
    expect(before.find((n) => n.name === "SEND_Settings")!.attributes).toEqual({
      comment: "cap > 0",
    });
    const wb = await XlsxWorkbook.fromBuffer(input);
    expect((await refresh(wb)).ok).toBe(true);
    const after = parseDefinedNames(
      await (await JSZip.loadAsync(await wb.toBuffer())).file("xl/workbook.xml")!.async("string")
    );
    for (const name of before) expect(after).toContainEqual(name);
    expect(after.find((n) => n.name === "MyTotal")!.refersTo).toBe("'Revised Forecast'!$I$15");
  });

  test("an optional input whose name points at a sheet that is not there is a problem naming it", async () => {
    // SEND_Interventions as a name (not a table) over a sheet since deleted.
    const input = await editedExample(async (zip) => {
      zip.remove("xl/tables/table1.xml");
      zip.remove("xl/worksheets/_rels/sheet3.xml.rels");
      const sheet = await zip.file("xl/worksheets/sheet3.xml")!.async("string");
      zip.file("xl/worksheets/sheet3.xml", sheet.replace(/<tableParts[\s\S]*?<\/tableParts>/, ""));
      await editWorkbookXml(zip, (xml) =>
        xml.replace(
          "</definedNames>",
          "<definedName name=\"SEND_Interventions\">'Old Plan'!$A$4:$G$13</definedName></definedNames>"
        )
      );
    });
    const outcome = await refresh(await XlsxWorkbook.fromBuffer(input));
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    const problem = outcome.problems.find((p) => p.input === "SEND_Interventions");
    expect(problem?.message).toMatch(/SEND_Interventions/);
    expect(problem?.message).toMatch(/sheet/);
  });
});

describe("what a copy leaves out", () => {
  test("pivot tables, slicers and sparklines are listed by sheet; the workbook still reads", async () => {
    const input = await editedExample(async (zip) => {
      zip.file(
        SHEET4_RELS,
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
          `<Relationship Id="rId1" Type="${REL}/pivotTable" Target="../pivotTables/pivotTable1.xml"/>` +
          `<Relationship Id="rId2" Type="${REL}/pivotTable" Target="../pivotTables/pivotTable2.xml"/>` +
          `<Relationship Id="rId3" Type="http://schemas.microsoft.com/office/2007/relationships/slicer" Target="../slicers/slicer1.xml"/>` +
          `</Relationships>`
      );
      zip.file(
        "xl/slicers/slicer1.xml",
        `<slicers xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><slicer name="Year" cache="Slicer_Year" caption="Year" rowHeight="241300"/><slicer name="Line" cache="Slicer_Line" caption="Line" rowHeight="241300"/></slicers>`
      );
      const sheet = await zip.file("xl/worksheets/sheet4.xml")!.async("string");
      zip.file(
        "xl/worksheets/sheet4.xml",
        sheet.replace(
          "</worksheet>",
          `<extLst><ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:sparklineGroups xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:sparklineGroup><x14:sparklines><x14:sparkline><xm:f>'Revised Forecast'!B6:I6</xm:f><xm:sqref>J6</xm:sqref></x14:sparkline></x14:sparklines></x14:sparklineGroup></x14:sparklineGroups></ext></extLst></worksheet>`
        )
      );
    });
    const wb = await XlsxWorkbook.fromBuffer(input);
    expect(wb.dropped).toEqual([
      { sheet: "Revised Forecast", kind: "sparkline group", count: 1 },
      { sheet: "Revised Forecast", kind: "pivot table", count: 2 },
      { sheet: "Revised Forecast", kind: "slicer", count: 2 },
    ]);
    expect((await refresh(wb)).ok).toBe(true);
  });

  test("a workbook with nothing ExcelJS drops lists nothing", async () => {
    expect((await XlsxWorkbook.fromBuffer(readFileSync(EXAMPLE))).dropped).toEqual([]);
  });
});

describe("a workbook that cannot be read says which part and why", () => {
  test("a damaged part is named with its sheet, not an internal message", async () => {
    const good = await editedExample(() => undefined);
    const name = Buffer.from("xl/worksheets/sheet4.xml");
    const at = good.indexOf(name);
    expect(at).toBeGreaterThan(0);
    const damaged = Buffer.from(good);
    const extra = damaged.readUInt16LE(at - 2);
    const start = at + name.length + extra;
    damaged.fill(0xff, start + 40, start + 120);
    const message = await readError(damaged);
    expect(message).toContain("xl/worksheets/sheet4.xml");
    expect(message).toContain("'Revised Forecast'");
    expect(message).toMatch(/damaged/);
    expect(message).toMatch(/open the file in Excel and save it again/);
    // The unpacking library's own words ("Bug : uncompressed data size mismatch", "invalid …") stay out.
    expect(message).not.toMatch(/Bug|uncompressed|invalid|corrupt/i);
  });

  test("a sheet's XML that is not well-formed, which the reader would fail on with its own words, is named with its sheet", async () => {
    for (const [part, sheet] of [
      ["xl/worksheets/sheet2.xml", "Demand Baseline"],
      ["xl/sharedStrings.xml", undefined],
    ] as const) {
      const message = await readError(
        await editedExample((zip) => void zip.file(part, '<worksheet xmlns="x"><sheetData>'))
      );
      expect(message).toBe(
        `the part ${part}${sheet ? ` (sheet '${sheet}')` : ""} is not well-formed XML (line 1, column 32); open the file in Excel and save it again, or restore it from a backup`
      );
    }
  });

  test("a part the sheet's relationships name but the package lacks is named", async () => {
    const message = await readError(
      await editedExample((zip) => void zip.remove("xl/tables/table1.xml"))
    );
    expect(message).toContain("xl/tables/table1.xml");
    expect(message).toContain("'Interventions'");
    expect(message).toMatch(/missing/);
  });

  test("a password-protected workbook is called encrypted", async () => {
    // What Excel writes for "Encrypt with Password": an OLE compound file whose directory
    // names the EncryptionInfo and EncryptedPackage streams (header and directory only here).
    const file = Buffer.alloc(4096);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(file, 0);
    Buffer.from("EncryptionInfo", "utf16le").copy(file, 1024);
    Buffer.from("EncryptedPackage", "utf16le").copy(file, 1152);
    expect(await readError(file)).toMatch(/encrypted/);
    // The same container without encryption streams is an older Office file, not "encrypted".
    const xls = Buffer.alloc(4096);
    file.copy(xls, 0, 0, 8);
    expect(await readError(xls)).toMatch(/older Office file/);
    expect(await readError(Buffer.from("Name,Value\nA,1\n"))).toMatch(/not an \.xlsx workbook/);
  });
});
