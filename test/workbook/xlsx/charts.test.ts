/**
 * The command line's copy carries the output sheet's charts as native Excel
 * charts. The copy is opened here as a package (JSZip, parts parsed with
 * saxes) and each chart's series are checked against the output tables as
 * their own table parts place them; then two other readers open it: ExcelJS
 * (the copy still loads, tables intact, and a refresh of the copy draws the
 * charts again rather than twice) and LibreOffice, whose re-saved file keeps
 * only charts it understood.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { SaxesParser } from "saxes";
import { runInProcess } from "../../cli/inProcess";
import { chartXml, insertDrawingElement, planCharts } from "../../../src/workbook/xlsx/charts";
import type { OutputSheet } from "../../../src/workbook/port";
import { convertWithLibreOffice, libreOfficeFor } from "../../fixtures/make-libreoffice-fixture";
import { EXAMPLE, loadExcelJs, sha256, tempDir } from "../../fixtures/xlsx-files";

const SHEET = "SEND Forecast";

// ---------------------------------------------------------------- a small XML tree

interface Node {
  name: string;
  attributes: Record<string, string>;
  children: Node[];
  text: string;
}

function parseXml(xml: string): Node {
  const parser = new SaxesParser({ xmlns: false });
  const root: Node = { name: "#root", attributes: {}, children: [], text: "" };
  const stack: Node[] = [root];
  parser.on("opentag", (tag) => {
    const node: Node = {
      name: tag.name.slice(tag.name.indexOf(":") + 1),
      attributes: tag.attributes as Record<string, string>,
      children: [],
      text: "",
    };
    stack[stack.length - 1].children.push(node);
    if (!tag.isSelfClosing) stack.push(node);
  });
  parser.on("text", (t) => (stack[stack.length - 1].text += t));
  parser.on("closetag", (tag) => {
    if (!tag.isSelfClosing) stack.pop();
  });
  parser.write(xml).close();
  return root.children[0];
}

const kids = (n: Node, name: string): Node[] => n.children.filter((c) => c.name === name);
const kid = (n: Node, name: string): Node | undefined => kids(n, name)[0];
const path_ = (n: Node, ...names: string[]): Node | undefined =>
  names.reduce<Node | undefined>((at, name) => (at ? kid(at, name) : undefined), n);
const all = (n: Node, name: string): Node[] => [
  ...(n.name === name ? [n] : []),
  ...n.children.flatMap((c) => all(c, name)),
];

async function partXml(zip: JSZip, part: string): Promise<Node> {
  const file = zip.file(part);
  if (!file) throw new Error(`no part ${part}`);
  return parseXml(await file.async("string"));
}

/** A relationship target as a package path, from the folder of the part that has it. */
function resolve(fromPart: string, target: string): string {
  const parts = target.startsWith("/") ? [] : fromPart.split("/").slice(0, -1);
  for (const p of target.replace(/^\//, "").split("/"))
    if (p === "..") parts.pop();
    else if (p !== ".") parts.push(p);
  return parts.join("/");
}

const relsPartOf = (part: string): string => {
  const k = part.lastIndexOf("/");
  return `${part.slice(0, k)}/_rels/${part.slice(k + 1)}.rels`;
};

async function relationships(
  zip: JSZip,
  part: string
): Promise<Map<string, { type: string; part: string }>> {
  const out = new Map<string, { type: string; part: string }>();
  if (!zip.file(relsPartOf(part))) return out;
  for (const r of kids(await partXml(zip, relsPartOf(part)), "Relationship"))
    out.set(r.attributes.Id, {
      type: r.attributes.Type.slice(r.attributes.Type.lastIndexOf("/") + 1),
      part: resolve(part, r.attributes.Target),
    });
  return out;
}

async function sheetPart(zip: JSZip, name: string): Promise<string> {
  const workbook = await partXml(zip, "xl/workbook.xml");
  const rels = await relationships(zip, "xl/workbook.xml");
  const sheet = all(workbook, "sheet").find((s) => s.attributes.name === name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  return rels.get(sheet.attributes["r:id"])!.part;
}

// ---------------------------------------------------------------- the copy's charts, as read from the package

interface SeriesRead {
  name: string | undefined;
  nameCache: string[];
  categories: string | undefined;
  values: string | undefined;
  valueCache: (number | null)[];
  spPr: Node | undefined;
}

interface GroupRead {
  type: string;
  grouping: string | undefined;
  barDir: string | undefined;
  series: SeriesRead[];
}

interface ChartRead {
  part: string;
  title: string;
  groups: GroupRead[];
  anchor: { fromCol: number; fromRow: number; toCol: number; toColOff: number; toRow: number };
}

const cacheOf = (ref: Node | undefined): { count: number; points: Map<number, string> } => {
  const cache = ref && (kid(ref, "numCache") ?? kid(ref, "strCache"));
  const points = new Map<number, string>();
  for (const pt of cache ? kids(cache, "pt") : [])
    points.set(Number(pt.attributes.idx), kid(pt, "v")?.text ?? "");
  return { count: Number(cache && kid(cache, "ptCount")?.attributes.val), points };
};

function readSeries(ser: Node): SeriesRead {
  const nameRef = path_(ser, "tx", "strRef");
  const catRef = path_(ser, "cat", "numRef") ?? path_(ser, "cat", "strRef");
  const valRef = path_(ser, "val", "numRef");
  const names = cacheOf(nameRef);
  const values = cacheOf(valRef);
  return {
    name: nameRef && kid(nameRef, "f")?.text,
    nameCache: [...names.points.values()],
    categories: catRef && kid(catRef, "f")?.text,
    values: valRef && kid(valRef, "f")?.text,
    valueCache: Array.from({ length: values.count }, (_, i) =>
      values.points.has(i) ? Number(values.points.get(i)) : null
    ),
    spPr: kid(ser, "spPr"),
  };
}

/** Every chart on a sheet: from the sheet's <drawing>, its relationships, its anchors and their chart parts. */
async function chartsOn(zip: JSZip, sheet: string): Promise<ChartRead[]> {
  const part = await sheetPart(zip, sheet);
  const ws = await partXml(zip, part);
  const drawings = kids(ws, "drawing");
  if (drawings.length === 0) return [];
  expect(drawings).toHaveLength(1);
  const sheetRels = await relationships(zip, part);
  const drawingRel = sheetRels.get(drawings[0].attributes["r:id"]);
  expect(drawingRel?.type).toBe("drawing");
  const drawing = await partXml(zip, drawingRel!.part);
  const drawingRels = await relationships(zip, drawingRel!.part);
  const out: ChartRead[] = [];
  for (const anchor of kids(drawing, "twoCellAnchor")) {
    const chartRef = all(anchor, "chart")[0];
    if (!chartRef) continue;
    const rel = drawingRels.get(chartRef.attributes["r:id"]);
    expect(rel?.type).toBe("chart");
    const chart = await partXml(zip, rel!.part);
    const plotArea = path_(chart, "chart", "plotArea")!;
    const groups = plotArea.children
      .filter((c) => /Chart$/.test(c.name))
      .map((g) => ({
        type: g.name,
        grouping: kid(g, "grouping")?.attributes.val,
        barDir: kid(g, "barDir")?.attributes.val,
        series: kids(g, "ser").map(readSeries),
      }));
    const at = (corner: string, field: string) => Number(path_(anchor, corner, field)?.text ?? NaN);
    out.push({
      part: rel!.part,
      title: all(path_(chart, "chart", "title") ?? chart, "t")
        .map((t) => t.text)
        .join(""),
      groups,
      anchor: {
        fromCol: at("from", "col"),
        fromRow: at("from", "row"),
        toCol: at("to", "col"),
        toColOff: at("to", "colOff"),
        toRow: at("to", "row"),
      },
    });
  }
  return out;
}

// ---------------------------------------------------------------- the output tables, as their table parts place them

interface TableRead {
  top: number;
  bottom: number;
  left: number;
  right: number;
  columns: string[];
}

const columnNumber = (letters: string): number =>
  [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
const letters = (n: number): string =>
  n <= 0 ? "" : letters(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26));

async function tablesOn(zip: JSZip, sheet: string): Promise<Map<string, TableRead>> {
  const part = await sheetPart(zip, sheet);
  const out = new Map<string, TableRead>();
  for (const rel of (await relationships(zip, part)).values()) {
    if (rel.type !== "table") continue;
    const table = await partXml(zip, rel.part);
    const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(table.attributes.ref)!;
    out.set(table.attributes.name, {
      left: columnNumber(m[1]),
      top: Number(m[2]),
      right: columnNumber(m[3]),
      bottom: Number(m[4]),
      columns: all(table, "tableColumn").map((c) => c.attributes.name),
    });
  }
  return out;
}

/** A table column's header cell and data cells, as an absolute sheet-qualified reference. */
function refsOf(t: TableRead, header: string): { header: string; data: string } {
  const k = t.columns.indexOf(header);
  if (k < 0) throw new Error(`no column ${header}`);
  const col = letters(t.left + k);
  return {
    header: `'${SHEET}'!$${col}$${t.top}`,
    data: `'${SHEET}'!$${col}$${t.top + 1}:$${col}$${t.bottom}`,
  };
}

/** What a series must refer to: the named column's header and data, the category column's data. */
function expectedSeries(t: TableRead, category: string, header: string) {
  const r = refsOf(t, header);
  return {
    name: r.header,
    nameCache: [header],
    categories: refsOf(t, category).data,
    values: r.data,
  };
}

const refsOnly = (s: SeriesRead) => ({
  name: s.name,
  nameCache: s.nameCache,
  categories: s.categories,
  values: s.values,
});

/** Which chart plots which table, by the table its values refer to. */
function chartOf(charts: ChartRead[], t: TableRead): ChartRead {
  const found = charts.filter((c) =>
    c.groups.some((g) =>
      g.series.some((s) => {
        const m = /\$([A-Z]+)\$(\d+):/.exec(s.values ?? "");
        return (
          !!m &&
          Number(m[2]) === t.top + 1 &&
          columnNumber(m[1]) >= t.left &&
          columnNumber(m[1]) <= t.right
        );
      })
    )
  );
  expect(found).toHaveLength(1);
  return found[0];
}

// ---------------------------------------------------------------- running the command line

let dir: string;
let remove: () => void;
beforeEach(() => ({ dir, remove } = tempDir()));
afterEach(() => remove());

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const r = await runInProcess(args, dir);
  return { code: r.code, out: r.stdout + r.stderr };
}

/** The example copied in, then the command line run on it; the copy's package. */
async function copyOf(extra: string[]): Promise<{ zip: JSZip; file: string; input: string }> {
  const input = path.join(dir, "input.xlsx");
  copyFileSync(EXAMPLE, input);
  const file = path.join(dir, "copy.xlsx");
  const r = await run([input, "--out", file, ...extra]);
  expect(r.code).toBe(0);
  return { zip: await JSZip.loadAsync(readFileSync(file)), file, input };
}

/** CT_Worksheet's children in the order the schema gives them (ECMA-376 Part 1, 18.3.1.99). */
const WORKSHEET_ORDER = [
  "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
  "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate",
  "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting", "dataValidations",
  "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks",
  "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing",
  "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts",
  "extLst",
]; // prettier-ignore

const CONTENT_TYPES = {
  drawing: "application/vnd.openxmlformats-officedocument.drawing+xml",
  chart: "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
};

/** The sheet's children in schema order; every drawing and chart part has its content type, and every override names a part there. */
async function checkPackage(zip: JSZip): Promise<void> {
  const ws = await partXml(zip, await sheetPart(zip, SHEET));
  const order = ws.children.map((c) => WORKSHEET_ORDER.indexOf(c.name));
  expect(order.every((k) => k >= 0)).toBe(true);
  expect(order).toEqual([...order].sort((a, b) => a - b));

  const types = await partXml(zip, "[Content_Types].xml");
  const overrides = new Map(
    kids(types, "Override").map((o) => [
      o.attributes.PartName.replace(/^\//, ""),
      o.attributes.ContentType,
    ])
  );
  for (const part of overrides.keys()) expect(zip.file(part)).not.toBeNull();
  for (const name of Object.keys(zip.files)) {
    if (/^xl\/drawings\/[^/]+\.xml$/.test(name))
      expect(overrides.get(name)).toBe(CONTENT_TYPES.drawing);
    if (/^xl\/charts\/[^/]+\.xml$/.test(name))
      expect(overrides.get(name)).toBe(CONTENT_TYPES.chart);
  }
  // Every relationship of a drawing or of the output sheet names a part that is there.
  for (const name of Object.keys(zip.files).filter((n) =>
    /^xl\/(drawings|worksheets)\/[^/]+\.xml$/.test(n)
  ))
    for (const rel of (await relationships(zip, name)).values())
      expect(zip.file(rel.part)).not.toBeNull();
}

/** The values ExcelJS reads from a reference's cells ('SEND Forecast'!$C$55:$C$62), blanks as null. */
function cellsOf(wb: ExcelJS.Workbook, ref: string): (number | string | null)[] {
  const m = /^'(.+)'!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)$/.exec(ref)!;
  const ws = wb.getWorksheet(m[1].replace(/''/g, "'"))!;
  const out: (number | string | null)[] = [];
  for (let r = Number(m[3]); r <= Number(m[5]); r++) {
    const v = ws.getCell(`${m[2]}${r}`).value;
    const value = v !== null && typeof v === "object" && "result" in v ? v.result : v;
    out.push(typeof value === "number" || typeof value === "string" ? value : null);
  }
  return out;
}

// ---------------------------------------------------------------- the tests

describe("the copy's charts, read from its package", () => {
  test("without --simulate: the deficit balance as clustered columns and the EHCP trajectories as lines, each series on its table's cells", async () => {
    const { zip, file } = await copyOf([]);
    await checkPackage(zip);
    const charts = await chartsOn(zip, SHEET);
    expect(charts).toHaveLength(2);
    const tables = await tablesOn(zip, SHEET);
    const balance = tables.get("SEND_OutBalance")!;
    const trajectory = tables.get("SEND_OutTrajectory")!;

    const columns = chartOf(charts, balance);
    expect(columns.title).toBe("DSG deficit balance by year (£'000)");
    expect(columns.groups.map((g) => [g.type, g.barDir, g.grouping])).toEqual([
      ["barChart", "col", "clustered"],
    ]);
    expect(columns.groups[0].series.map(refsOnly)).toEqual([
      expectedSeries(balance, "Year", "Total Deficit Balance"),
    ]);

    const lines = chartOf(charts, trajectory);
    expect(lines.title).toBe("EHCPs by scenario");
    expect(lines.groups.map((g) => g.type)).toEqual(["lineChart"]);
    const ehcpColumns = trajectory.columns.filter((c) => c.startsWith("EHCPs"));
    expect(ehcpColumns.length).toBeGreaterThanOrEqual(3);
    expect(lines.groups[0].series.map(refsOnly)).toEqual(
      ehcpColumns.map((c) => expectedSeries(trajectory, "Month", c))
    );

    // The cached values are the cells' values, as ExcelJS reads them from the sheet.
    const wb = await loadExcelJs(file);
    for (const c of charts)
      for (const s of c.groups.flatMap((g) => g.series))
        expect(s.valueCache).toEqual(cellsOf(wb, s.values!));

    // Beside the tables (right of the widest), one above the other, the first level with the first table.
    const right = Math.max(...[...tables.values()].map((t) => t.right)); // 1-based
    const firstTop = Math.min(...[...tables.values()].map((t) => t.top));
    for (const c of charts) {
      expect(c.anchor.fromCol).toBeGreaterThanOrEqual(right); // 0-based: a column right of it
      expect(c.anchor.toRow - c.anchor.fromRow).toBe(18);
      expect(c.anchor.toCol).toBeGreaterThan(c.anchor.fromCol);
    }
    // 640 pixels wide: the columns there have no width of their own, so Excel's default of 64 pixels, ten columns.
    const ws = await partXml(zip, await sheetPart(zip, SHEET));
    const cols = all(ws, "col").map((c) => [Number(c.attributes.min), Number(c.attributes.max)]);
    for (const c of charts) {
      expect(
        cols.some(([min, max]) => max > c.anchor.fromCol && min <= c.anchor.fromCol + 10)
      ).toBe(false);
      expect([c.anchor.toCol, c.anchor.toColOff]).toEqual([c.anchor.fromCol + 10, 0]);
    }
    const [upper, lower] = [...charts].sort((a, b) => a.anchor.fromRow - b.anchor.fromRow);
    expect(upper.anchor.fromRow).toBe(firstTop - 1);
    expect(lower.anchor.fromRow).toBeGreaterThanOrEqual(upper.anchor.toRow);
  });

  test("with --simulate 2000 --seed 1: a third chart, the fan: P10 unfilled and the spread pale, stacked, with P50 a line on the same axes", async () => {
    const { zip, file } = await copyOf(["--simulate", "2000", "--seed", "1"]);
    await checkPackage(zip);
    const charts = await chartsOn(zip, SHEET);
    expect(charts).toHaveLength(3);
    const tables = await tablesOn(zip, SHEET);
    const sim = tables.get("SEND_OutSimulation")!;
    const fan = chartOf(charts, sim);
    expect(fan.title).toBe("Total deficit balance (£'000): P10 to P90 and P50 of 2,000 draws");
    expect(fan.groups.map((g) => [g.type, g.grouping])).toEqual([
      ["areaChart", "stacked"],
      ["lineChart", "standard"],
    ]);
    const [area, line] = fan.groups;
    expect(area.series.map(refsOnly)).toEqual([
      expectedSeries(sim, "Year", "Total deficit balance P10"),
      expectedSeries(sim, "Year", "Total deficit balance P90 − P10"),
    ]);
    expect(line.series.map(refsOnly)).toEqual([
      expectedSeries(sim, "Year", "Total deficit balance P50"),
    ]);
    // Both groups on the same two axes.
    const chart = await partXml(zip, fan.part);
    const groupAxes = path_(chart, "chart", "plotArea")!
      .children.filter((c) => /Chart$/.test(c.name))
      .map((g) => kids(g, "axId").map((a) => a.attributes.val));
    expect(groupAxes[0]).toHaveLength(2);
    expect(groupAxes[1]).toEqual(groupAxes[0]);
    // The base is not drawn; the band is the pale blue, without an outline; the middle line is the dark blue.
    const [base, band] = area.series;
    expect(base.spPr!.children.map((c) => c.name)).toEqual(["noFill", "ln"]);
    expect(kid(kid(base.spPr!, "ln")!, "noFill")).toBeDefined();
    expect(path_(band.spPr!, "solidFill", "srgbClr")?.attributes.val).toBe("BDD7EE");
    expect(kid(kid(band.spPr!, "ln")!, "noFill")).toBeDefined();
    expect(path_(line.series[0].spPr!, "ln", "solidFill", "srgbClr")?.attributes.val).toBe(
      "1F4E79"
    );

    // The band runs from P10 to P90: base + spread is the P90 column, cell by cell.
    const wb = await loadExcelJs(file);
    const p90 = cellsOf(wb, refsOf(sim, "Total deficit balance P90").data) as number[];
    base.valueCache.forEach((low, i) => expect(low! + band.valueCache[i]!).toBeCloseTo(p90[i], 6));
    expect(line.series[0].valueCache).toEqual(cellsOf(wb, line.series[0].values!));
  });
});

describe("other readers of the copy", () => {
  test("ExcelJS still loads it with every table, and a refresh of the copy draws its charts again, once", async () => {
    const { zip, file } = await copyOf(["--simulate", "2000", "--seed", "1"]);
    const tables = await tablesOn(zip, SHEET);
    const wb = await loadExcelJs(file);
    const loaded = wb
      .getWorksheet(SHEET)!
      .getTables()
      .map((t) => (t as unknown as { table: { name: string } }).table.name);
    expect(loaded.sort()).toEqual([...tables.keys()].sort());
    const balance = tables.get("SEND_OutBalance")!;
    expect(
      cellsOf(wb, refsOf(balance, "Total Deficit Balance").data).every((v) => typeof v === "number")
    ).toBe(true);

    // The copy as the input of another run, without the Monte Carlo this time.
    const again = path.join(dir, "again.xlsx");
    const r = await run([file, "--out", again]);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/leaves out/);
    const zip2 = await JSZip.loadAsync(readFileSync(again));
    await checkPackage(zip2);
    expect(await chartsOn(zip2, SHEET)).toHaveLength(2);
    expect(Object.keys(zip2.files).filter((n) => /^xl\/charts\/[^/]+\.xml$/.test(n))).toHaveLength(
      2
    );
  });

  test("a picture on another sheet keeps its drawing; the charts take parts of their own", async () => {
    const input = path.join(dir, "with-picture.xlsx");
    const wb = await loadExcelJs(EXAMPLE);
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
      "base64"
    );
    const image = wb.addImage({ buffer: png as unknown as ExcelJS.Buffer, extension: "png" });
    wb.getWorksheet("Read me")!.addImage(image, "D2:F6");
    writeFileSync(input, Buffer.from(await wb.xlsx.writeBuffer()));
    const copy = path.join(dir, "copy.xlsx");
    expect((await run([input, "--out", copy])).code).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(copy));
    await checkPackage(zip);
    const readMe = await sheetPart(zip, "Read me");
    const pictureDrawing = [...(await relationships(zip, readMe)).values()].find(
      (r) => r.type === "drawing"
    );
    expect(pictureDrawing).toBeDefined();
    const picture = await partXml(zip, pictureDrawing!.part);
    expect(all(picture, "pic")).toHaveLength(1);
    expect(all(picture, "graphicFrame")).toHaveLength(0);
    const outputDrawing = [
      ...(await relationships(zip, await sheetPart(zip, SHEET))).values(),
    ].find((r) => r.type === "drawing");
    expect(outputDrawing!.part).not.toBe(pictureDrawing!.part);
    expect(await chartsOn(zip, SHEET)).toHaveLength(2);
  });

  const soffice = libreOfficeFor("has LibreOffice re-save the copy's charts");

  (soffice ? test : test.skip)(
    "LibreOffice re-saves the copy with every chart: the same kinds, the same number of series on the same cells",
    async () => {
      const { zip } = await copyOf(["--simulate", "2000", "--seed", "1"]);
      const ours = await chartsOn(zip, SHEET);
      const outDir = path.join(dir, "libreoffice");
      mkdirSync(outDir);
      const resaved = convertWithLibreOffice(path.join(dir, "copy.xlsx"), outDir);
      const theirs = await chartsOn(await JSZip.loadAsync(readFileSync(resaved)), SHEET);
      // LibreOffice writes each group's series; its line group in the fan says "stacked" (the
      // diagram's setting) though it draws the line unstacked, so groupings are not compared.
      const summary = (charts: ChartRead[]) =>
        charts
          .map((c) =>
            c.groups.map((g) => ({
              type: g.type,
              barDir: g.barDir,
              series: g.series.map((s) => [s.name, s.categories, s.values]),
            }))
          )
          .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      expect(theirs).toHaveLength(3);
      expect(summary(theirs)).toEqual(summary(ours));
      expect(theirs.map((c) => c.title).sort()).toEqual(ours.map((c) => c.title).sort());
    },
    180_000
  );
});

describe("the user's file", () => {
  test("is never changed, and --no-write writes nothing", async () => {
    const input = path.join(dir, "input.xlsx");
    copyFileSync(EXAMPLE, input);
    const before = sha256(input);
    expect(
      (
        await run([
          input,
          "--out",
          path.join(dir, "copy.xlsx"),
          "--simulate",
          "2000",
          "--seed",
          "1",
        ])
      ).code
    ).toBe(0);
    expect(sha256(input)).toBe(before);
    const listing = readdirSync(dir).sort();
    expect((await run([input, "--no-write", "--simulate", "2000", "--seed", "1"])).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(listing);
    expect(sha256(input)).toBe(before);
  });
});

describe("the chart parts' XML", () => {
  const sheet: OutputSheet = {
    name: "Bob's & Co",
    tables: [
      {
        name: "T",
        title: "t",
        row: 1,
        column: 1,
        headers: ["Year", "Balance <£'000>"],
        rows: [
          ["2024/25", 10],
          ["2025/26", null],
          ["2026/27", 30],
        ],
        numberFormats: ["@", "#,##0"],
      },
    ],
    charts: [
      {
        type: "column",
        title: `Costs <&> "quoted" 'x'`,
        table: "T",
        categoryColumn: "Year",
        seriesColumns: ["Balance <£'000>", "Not a column"],
        row: 0,
        column: 4,
      },
      {
        type: "line",
        title: "gone",
        table: "Missing",
        categoryColumn: "Year",
        seriesColumns: ["Balance"],
        row: 0,
        column: 0,
      },
    ],
  };

  test("escapes titles and sheet names (apostrophes doubled in references), leaves out what it cannot find, and caches blanks as gaps", () => {
    const plans = planCharts(sheet);
    expect(plans).toHaveLength(1);
    const chart = parseXml(chartXml(plans[0]));
    expect(all(path_(chart, "chart", "title")!, "t")[0].text).toBe(`Costs <&> "quoted" 'x'`);
    const s = readSeries(all(chart, "ser")[0]);
    expect(all(chart, "ser")).toHaveLength(1);
    expect(s.name).toBe("'Bob''s & Co'!$C$2");
    expect(s.nameCache).toEqual(["Balance <£'000>"]);
    expect(s.values).toBe("'Bob''s & Co'!$C$3:$C$5");
    expect(s.categories).toBe("'Bob''s & Co'!$B$3:$B$5");
    expect(s.valueCache).toEqual([10, null, 30]);
  });

  test("puts <drawing> before the elements the schema puts after it, and before the sheet's own extLst", () => {
    const withTables = `<worksheet><sheetData/><pageMargins/><tableParts count="1"/><extLst/></worksheet>`;
    expect(parseXml(insertDrawingElement(withTables, "rId9")).children.map((c) => c.name)).toEqual([
      "sheetData", "pageMargins", "drawing", "tableParts", "extLst",
    ]); // prettier-ignore
    const nested = `<worksheet><sheetData/><conditionalFormatting><cfRule><extLst/></cfRule></conditionalFormatting><pageMargins/><extLst><ext/></extLst></worksheet>`;
    const placed = parseXml(insertDrawingElement(nested, "rId2"));
    expect(placed.children.map((c) => c.name)).toEqual([
      "sheetData", "conditionalFormatting", "pageMargins", "drawing", "extLst",
    ]); // prettier-ignore
    expect(kid(placed, "drawing")!.attributes["r:id"]).toBe("rId2");
  });
});
