import { readFileSync } from "fs";
import JSZip from "jszip";
import { readInputs, requestedNames } from "../../../src/workbook/contract";
import type { CellProblem } from "../../../src/workbook/problems";
import { formatProblemOnSheet } from "../../../src/workbook/problems";
import { XlsxWorkbook } from "../../../src/workbook/xlsx/workbook";
import { labelKey } from "../../../src/model/text";
import { EXAMPLE } from "../../fixtures/xlsx-files";

const BASELINE = "xl/worksheets/sheet2.xml"; // 'Demand Baseline'
const INTERVENTIONS = "xl/worksheets/sheet3.xml";
const FORECAST = "xl/worksheets/sheet4.xml"; // 'Revised Forecast'

/** The example with one sheet part's XML edited as text, as another writer might store it. */
async function withSheetXml(part: string, edit: (xml: string) => string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(readFileSync(EXAMPLE));
  const xml = await zip.file(part)!.async("string");
  const edited = edit(xml);
  expect(edited).not.toBe(xml);
  zip.file(part, edited);
  return zip.generateAsync({ type: "nodebuffer" });
}

async function inputsOf(data: Buffer) {
  return readInputs(await (await XlsxWorkbook.fromBuffer(data)).read(requestedNames({})));
}

async function problemsOf(data: Buffer): Promise<CellProblem[]> {
  const outcome = await inputsOf(data);
  expect(outcome.ok).toBe(false);
  return outcome.ok ? [] : outcome.problems;
}

const requestsCell = (v: string) => (xml: string) =>
  xml.replace('<c r="B5" s="6"><v>97</v></c>', `<c r="B5" s="6"><v>${v}</v></c>`);

describe("a number cell holds a number, or it is reported as the text it is", () => {
  test.each(["97abc", "0x1F"])("<v>%s</v> is text, not a number", async (text) => {
    const [p] = await problemsOf(await withSheetXml(BASELINE, requestsCell(text)));
    expect(p).toEqual({
      input: "SEND_Baseline",
      sheet: "Demand Baseline",
      cell: "B5",
      message: `expected a number, found text '${text}'`,
    });
    // The line the command line prints names the sheet.
    expect(formatProblemOnSheet(p)).toBe(
      `SEND_Baseline!B5: expected a number, found text '${text}' (sheet 'Demand Baseline')`
    );
  });

  test.each(["-Infinity", "Infinity", "INF", "NaN"])(
    "<v>%s</v>, a number that is not finite, is the error #NUM!, never a figure or a label",
    async (text) => {
      const [p] = await problemsOf(await withSheetXml(BASELINE, requestsCell(text)));
      expect(p.cell).toBe("B5");
      expect(p.message).toBe("expected a number, found the error #NUM!");
      // In a label's place too: a provision line is not labelled "-Infinity".
      const label = await problemsOf(
        await withSheetXml(FORECAST, (xml) =>
          xml.replace(/<c r="A6"([^>]*?) t="s"><v>\d+<\/v><\/c>/, `<c r="A6"$1><v>${text}</v></c>`)
        )
      );
      expect(
        label.filter((q) => q.input === "SEND_Expenditure").map((q) => `${q.cell}: ${q.message}`)
      ).toEqual([expect.stringMatching(/^A6: .*#NUM!/)]);
    }
  );

  test("1e308 is quoted as itself, not as Infinity", async () => {
    const [p] = await problemsOf(await withSheetXml(BASELINE, requestsCell("1e308")));
    expect(p.cell).toBe("B5");
    expect(p.message).toContain("found 1e+308");
    expect(p.message).not.toMatch(/Infinity/);
  });
});

test('a date stored as ISO text (t="d") reads as that date, not its year', async () => {
  const example = await inputsOf(readFileSync(EXAMPLE));
  const isoDate = await inputsOf(
    await withSheetXml(BASELINE, (xml) =>
      xml.replace(
        '<c r="B11" s="8"><v>45658</v></c>',
        '<c r="B11" s="8" t="d"><v>2025-01-01T00:00:00</v></c>'
      )
    )
  );
  if (!example.ok || !isoDate.ok) throw new Error("expected both to read");
  // 45658 is 1 January 2025 in Excel's serials, the example's first forecast month.
  expect(isoDate.input).toEqual(example.input);
  const bad = await problemsOf(
    await withSheetXml(BASELINE, (xml) =>
      xml.replace('<c r="B11" s="8"><v>45658</v></c>', '<c r="B11" s="8" t="d"><v>soon</v></c>')
    )
  );
  expect(bad.map((p) => [p.cell, p.message])).toEqual([
    ["B11", expect.stringContaining("found text 'soon'")],
  ]);
});

test("rows and cells without their optional r attribute are numbered in order", async () => {
  const example = await inputsOf(readFileSync(EXAMPLE));
  const unnumbered = await inputsOf(
    await withSheetXml(BASELINE, (xml) =>
      // Rows 4 to 14 are consecutive and full (A, B, C): drop their row and cell numbers.
      xml.replace(/<row r="(\d+)"([^>]*)>([\s\S]*?)<\/row>/g, (row, r: string, attrs, cells) =>
        Number(r) >= 5
          ? `<row${attrs}>${(cells as string).replace(/<c r="[A-Z]+\d+"/g, "<c")}</row>`
          : row
      )
    )
  );
  if (!example.ok || !unnumbered.ok) throw new Error("expected both to read");
  expect(unnumbered.input).toEqual(example.input);
});

test("31/02/2025 is no date: an intervention starting then is a problem at its cell", async () => {
  const problems = await problemsOf(
    await withSheetXml(INTERVENTIONS, (xml) =>
      xml.replace(
        '<c r="D5" s="8"><v>45748</v></c>',
        '<c r="D5" s="8" t="inlineStr"><is><t>31/02/2025</t></is></c>'
      )
    )
  );
  expect(problems.map((p) => [p.input, p.sheet, p.cell])).toEqual([
    ["SEND_Interventions", "Interventions", "D5"],
  ]);
  expect(problems[0].message).toContain("31/02/2025");
});

describe("labels keep their letters, whatever the script", () => {
  test("Café and Caf, and two Chinese labels, are different labels", () => {
    expect(labelKey("Café")).not.toBe(labelKey("Caf"));
    expect(labelKey("治疗")).not.toBe(labelKey("其他"));
    expect(labelKey("Post 16 Provision")).toBe(labelKey("post-16 provision"));
  });

  test("two expenditure lines labelled in Chinese are two lines, not a duplicate", async () => {
    const sharedStrings = async (zip: JSZip) => zip.file("xl/sharedStrings.xml")!.async("string");
    const zip = await JSZip.loadAsync(readFileSync(EXAMPLE));
    const xml = await zip.file(FORECAST)!.async("string");
    zip.file(
      FORECAST,
      xml
        .replace(
          '<c r="A12" t="s"><v>105</v></c>',
          '<c r="A12" t="inlineStr"><is><t>治疗</t></is></c>'
        )
        .replace(
          /<c r="A13" t="s"><v>\d+<\/v><\/c>/,
          '<c r="A13" t="inlineStr"><is><t>其他</t></is></c>'
        )
    );
    expect(await sharedStrings(zip)).toContain("Therapies");
    const outcome = await inputsOf(await zip.generateAsync({ type: "nodebuffer" }));
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const labels = outcome.input.expenditure.map((l) => l.label);
    expect(labels).toContain("治疗");
    expect(labels).toContain("其他");
    expect(labels).toHaveLength(9);
  });
});
