/**
 * The output sheet's charts in the .xlsx copy, as native Excel charts.
 *
 * ExcelJS writes cells and tables but no charts, so once it has written the
 * package the charts are added to it as DrawingML parts: a drawing for the
 * output sheet with a two-cell anchor per chart (at the ChartSpec's cell, 18
 * rows high as in Excel, about 640 pixels wide whatever the columns' widths),
 * a chart part per chart, the relationships from the sheet to the drawing
 * and from the drawing to each chart, the sheet's <drawing> element and the
 * parts' content types.
 *
 * Each series refers to the output table's cells ('SEND Forecast'!$B$5:$B$16
 * for its values, the header cell for its name) and carries their values as
 * a cache, so a reader that does not recalculate still draws it. The charts
 * are those the Office.js adapter draws: trajectories as lines, the deficit
 * balance as clustered columns, the Monte Carlo's fan as a stacked area of
 * P10 (no fill, no outline) and the spread (pale) with P50 as a line on the
 * same axes; the chart title as it sets it, and no axis titles.
 */
import type JSZip from "jszip";
import { columnLetters, quoteSheet } from "../address";
import { isCellError, type CellValue, type ChartSpec, type OutputSheet } from "../port";
import { uniqueHeaders } from "./cells";
import { readRelationships, resolveTarget, walk } from "./package";

const NS = {
  main: "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
  r: "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
  a: "http://schemas.openxmlformats.org/drawingml/2006/main",
  c: "http://schemas.openxmlformats.org/drawingml/2006/chart",
  xdr: "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
  rels: "http://schemas.openxmlformats.org/package/2006/relationships",
};

export const RELATIONSHIP_TYPE = {
  drawing: `${NS.r}/drawing`,
  chart: `${NS.r}/chart`,
};

export const CONTENT_TYPE = {
  drawing: "application/vnd.openxmlformats-officedocument.drawing+xml",
  chart: "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
};

/** The fan's band and middle line, the colours the Office.js adapter gives them. */
export const FAN_BAND_FILL = "BDD7EE";
export const FAN_LINE_COLOUR = "1F4E79";

/** A chart's size: as many rows as the Office.js adapter spans, and a width in pixels. */
const CHART_HEIGHT_ROWS = 18;
const CHART_WIDTH_PX = 640;
const EMU_PER_PX = 9525;

// ---------------------------------------------------------------- XML text

const escapeXml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[ch]!
  );

type Attributes = Record<string, string | number>;

/** An element: its attributes escaped, its children already XML (an array is joined, a string is text to escape). */
function el(name: string, attributes: Attributes = {}, children?: string[] | string): string {
  const attrs = Object.entries(attributes)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join("");
  if (children === undefined || (Array.isArray(children) && children.length === 0))
    return `<${name}${attrs}/>`;
  const body = Array.isArray(children) ? children.join("") : escapeXml(children);
  return `<${name}${attrs}>${body}</${name}>`;
}

/** An element whose only attribute is val (most of the chart schema's settings). */
const val = (name: string, v: string | number): string => el(name, { val: v });

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

// ---------------------------------------------------------------- what each chart plots

/** Each chart's name, as Excel's charts are named: its table's name and "Chart" (SEND_OutTrajectoryChart), numbered if taken. */
export function chartNames(charts: readonly ChartSpec[]): string[] {
  const names: string[] = [];
  for (const c of charts) {
    let name = `${c.table}Chart`;
    for (let n = 2; names.some((x) => x.toLowerCase() === name.toLowerCase()); n++)
      name = `${c.table}Chart${n}`;
    names.push(name);
  }
  return names;
}

/** A range of the output sheet: its reference and the values the table wrote there. */
interface CellsRef {
  ref: string;
  values: CellValue[];
}

interface SeriesPlan {
  /** The header cell: the series' name. */
  name: { ref: string; text: string };
  values: CellsRef;
  /** The column's number format, for the cached values and the value axis. */
  format: string;
}

export interface ChartPlan {
  spec: ChartSpec;
  /** The chart's name (SEND_OutBalanceChart), as the Office.js adapter names it. */
  name: string;
  /** "fan" only where the fan's three series were found; otherwise its fallback columns are lines. */
  kind: "line" | "column" | "fan";
  categories: CellsRef & { format: string; numeric: boolean };
  series: SeriesPlan[];
}

/** An absolute reference to cells of one column of the sheet (0-based row and column). */
function columnRef(sheet: string, column: number, top: number, rows: number): string {
  const letters = columnLetters(column);
  const first = `$${letters}$${top + 1}`;
  return `${quoteSheet(sheet)}!${rows > 1 ? `${first}:$${letters}$${top + rows}` : first}`;
}

/**
 * What each chart plots, as the Office.js adapter reads a ChartSpec: its
 * table, the category column and the series columns (for a fan, its low edge,
 * spread and middle; where those are not all there, its fallback columns as
 * lines). A chart whose table or columns are missing, or whose table has no
 * rows, is left out, as there.
 */
export function planCharts(sheet: OutputSheet): ChartPlan[] {
  const names = chartNames(sheet.charts);
  const plans: ChartPlan[] = [];
  sheet.charts.forEach((spec, k) => {
    const t = sheet.tables.find((x) => x.name === spec.table);
    if (!t || t.rows.length === 0) return;
    const category = t.headers.indexOf(spec.categoryColumn);
    const columnsOf = (hs: readonly string[]) =>
      hs.map((h) => t.headers.indexOf(h)).filter((c) => c >= 0);
    let kind: ChartPlan["kind"] = spec.type;
    let series = columnsOf(spec.seriesColumns);
    if (spec.type === "fan" && (spec.seriesColumns.length !== 3 || series.length !== 3)) {
      kind = "line";
      series = columnsOf(spec.fallbackColumns ?? spec.seriesColumns);
    }
    if (category < 0 || series.length === 0) return;
    const written = uniqueHeaders(t.headers);
    const cells = (c: number): CellsRef => ({
      ref: columnRef(sheet.name, t.column + c, t.row + 1, t.rows.length),
      values: t.rows.map((row) => row[c] ?? null),
    });
    const categoryCells = cells(category);
    const present = categoryCells.values.filter((v) => v !== null && !isCellError(v));
    plans.push({
      spec,
      name: names[k],
      kind,
      categories: {
        ...categoryCells,
        format: t.numberFormats[category] ?? "General",
        numeric: present.length > 0 && present.every((v) => typeof v === "number"),
      },
      series: series.map((c) => ({
        name: { ref: columnRef(sheet.name, t.column + c, t.row, 1), text: written[c] },
        values: cells(c),
        format: t.numberFormats[c] ?? "General",
      })),
    });
  });
  return plans;
}

// ---------------------------------------------------------------- chart part

const finite = (v: CellValue): v is number => typeof v === "number" && Number.isFinite(v);

function numberCache(values: CellValue[], format: string): string {
  return el("c:numCache", {}, [
    el("c:formatCode", {}, format),
    val("c:ptCount", values.length),
    ...values.flatMap((v, i) =>
      finite(v) ? [el("c:pt", { idx: i }, [el("c:v", {}, String(v))])] : []
    ),
  ]);
}

function stringCache(values: CellValue[]): string {
  return el("c:strCache", {}, [
    val("c:ptCount", values.length),
    ...values.flatMap((v, i) =>
      v === null || isCellError(v) ? [] : [el("c:pt", { idx: i }, [el("c:v", {}, String(v))])]
    ),
  ]);
}

function categoryXml(plan: ChartPlan): string {
  const c = plan.categories;
  return el("c:cat", {}, [
    c.numeric
      ? el("c:numRef", {}, [el("c:f", {}, c.ref), numberCache(c.values, c.format)])
      : el("c:strRef", {}, [el("c:f", {}, c.ref), stringCache(c.values)]),
  ]);
}

function seriesName(s: SeriesPlan): string {
  return el("c:tx", {}, [
    el("c:strRef", {}, [el("c:f", {}, s.name.ref), stringCache([s.name.text])]),
  ]);
}

function valuesXml(s: SeriesPlan): string {
  return el("c:val", {}, [
    el("c:numRef", {}, [el("c:f", {}, s.values.ref), numberCache(s.values.values, s.format)]),
  ]);
}

const NO_LINE = el("a:ln", {}, [el("a:noFill")]);
const solid = (rgb: string): string => el("a:solidFill", {}, [val("a:srgbClr", rgb)]);
const NO_MARKER = el("c:marker", {}, [val("c:symbol", "none")]);

/** Series k of a chart: its place, its name, and (spPr) how it is drawn, if not the default. */
function seriesHead(k: number, s: SeriesPlan, spPr?: string): string[] {
  return [val("c:idx", k), val("c:order", k), seriesName(s), ...(spPr ? [spPr] : [])];
}

function lineSeries(plan: ChartPlan, s: SeriesPlan, k: number, spPr?: string): string {
  return el("c:ser", {}, [
    ...seriesHead(k, s, spPr),
    NO_MARKER,
    categoryXml(plan),
    valuesXml(s),
    val("c:smooth", 0),
  ]);
}

const AXIS = { category: 500100, value: 500200 };
const axisIds = [val("c:axId", AXIS.category), val("c:axId", AXIS.value)];

function chartGroups(plan: ChartPlan): string[] {
  const s = plan.series;
  if (plan.kind === "column")
    return [
      el("c:barChart", {}, [
        val("c:barDir", "col"),
        val("c:grouping", "clustered"),
        val("c:varyColors", 0),
        ...s.map((x, k) =>
          el("c:ser", {}, [
            ...seriesHead(k, x),
            val("c:invertIfNegative", 0),
            categoryXml(plan),
            valuesXml(x),
          ])
        ),
        val("c:gapWidth", 150),
        ...axisIds,
      ]),
    ];
  if (plan.kind === "fan") {
    const areaSeries = (k: number, spPr: string) =>
      el("c:ser", {}, [...seriesHead(k, s[k], spPr), categoryXml(plan), valuesXml(s[k])]);
    return [
      el("c:areaChart", {}, [
        val("c:grouping", "stacked"),
        val("c:varyColors", 0),
        // The low edge: the base the band stands on, not drawn.
        areaSeries(0, el("c:spPr", {}, [el("a:noFill"), NO_LINE])),
        // The spread, stacked on it: the band from the low edge to the high one.
        areaSeries(1, el("c:spPr", {}, [solid(FAN_BAND_FILL), NO_LINE])),
        ...axisIds,
      ]),
      el("c:lineChart", {}, [
        val("c:grouping", "standard"),
        val("c:varyColors", 0),
        lineSeries(
          plan,
          s[2],
          2,
          el("c:spPr", {}, [el("a:ln", { w: 28575, cap: "rnd" }, [solid(FAN_LINE_COLOUR)])])
        ),
        val("c:marker", 1),
        ...axisIds,
      ]),
    ];
  }
  return [
    el("c:lineChart", {}, [
      val("c:grouping", "standard"),
      val("c:varyColors", 0),
      ...s.map((x, k) => lineSeries(plan, x, k)),
      val("c:marker", 1),
      ...axisIds,
    ]),
  ];
}

function titleXml(text: string): string {
  return el("c:title", {}, [
    el("c:tx", {}, [
      el("c:rich", {}, [
        el("a:bodyPr"),
        el("a:lstStyle"),
        el("a:p", {}, [
          el("a:pPr", {}, [el("a:defRPr", { sz: 1400, b: 1 })]),
          el("a:r", {}, [el("a:rPr", { lang: "en-GB", sz: 1400, b: 1 }), el("a:t", {}, text)]),
        ]),
      ]),
    ]),
    val("c:overlay", 0),
  ]);
}

/** The chart part (c:chartSpace) for a plan. */
export function chartXml(plan: ChartPlan): string {
  const valueFormat = plan.series[0]?.format ?? "General";
  const categoryAxis = el("c:catAx", {}, [
    val("c:axId", AXIS.category),
    el("c:scaling", {}, [val("c:orientation", "minMax")]),
    val("c:delete", 0),
    val("c:axPos", "b"),
    el("c:numFmt", { formatCode: plan.categories.format, sourceLinked: 1 }),
    val("c:majorTickMark", "out"),
    val("c:minorTickMark", "none"),
    // Labels below the plot, even where values are negative.
    val("c:tickLblPos", "low"),
    val("c:crossAx", AXIS.value),
    val("c:crosses", "autoZero"),
    val("c:auto", 1),
    val("c:lblAlgn", "ctr"),
    val("c:lblOffset", 100),
    val("c:noMultiLvlLbl", 0),
  ]);
  const valueAxis = el("c:valAx", {}, [
    val("c:axId", AXIS.value),
    el("c:scaling", {}, [val("c:orientation", "minMax")]),
    val("c:delete", 0),
    val("c:axPos", "l"),
    el("c:majorGridlines"),
    el("c:numFmt", { formatCode: valueFormat, sourceLinked: 1 }),
    val("c:majorTickMark", "out"),
    val("c:minorTickMark", "none"),
    val("c:tickLblPos", "nextTo"),
    val("c:crossAx", AXIS.category),
    val("c:crosses", "autoZero"),
    val("c:crossBetween", plan.kind === "fan" ? "midCat" : "between"),
  ]);
  // A legend where there is more than one series; the fan's invisible base has no entry.
  const legend =
    plan.series.length > 1
      ? [
          el("c:legend", {}, [
            val("c:legendPos", "b"),
            ...(plan.kind === "fan"
              ? [el("c:legendEntry", {}, [val("c:idx", 0), val("c:delete", 1)])]
              : []),
            val("c:overlay", 0),
          ]),
        ]
      : [];
  return (
    XML_DECLARATION +
    el("c:chartSpace", { "xmlns:c": NS.c, "xmlns:a": NS.a, "xmlns:r": NS.r }, [
      val("c:lang", "en-GB"),
      val("c:roundedCorners", 0),
      el("c:chart", {}, [
        titleXml(plan.spec.title),
        val("c:autoTitleDeleted", 0),
        el("c:plotArea", {}, [el("c:layout"), ...chartGroups(plan), categoryAxis, valueAxis]),
        ...legend,
        val("c:plotVisOnly", 1),
        val("c:dispBlanksAs", "gap"),
      ]),
    ])
  );
}

// ---------------------------------------------------------------- drawing part

interface Anchor {
  from: { col: number; colOff: number; row: number; rowOff: number };
  to: { col: number; colOff: number; row: number; rowOff: number };
  /** Size in EMU. */
  cx: number;
  cy: number;
}

/** Column widths and row heights in pixels, as Excel lays out the sheet's XML at its default font (Calibri 11). */
interface SheetGrid {
  columnPixels: (column: number) => number;
  rowPixels: (row: number) => number;
}

/** A stored column width (characters of 7 pixels, padding included) in pixels. */
const widthPixels = (width: number): number =>
  Math.trunc(((256 * width + Math.trunc(128 / 7)) / 256) * 7);
const pointPixels = (points: number): number => Math.round((points * 96) / 72);

function readGrid(sheetXml: string): SheetGrid {
  const widths: { min: number; max: number; px: number }[] = [];
  const heights = new Map<number, number>();
  // Excel's default column: 8.43 characters, 64 pixels; its default row: 15 points.
  let defaultColumn = 64;
  let defaultRow = pointPixels(15);
  walk(sheetXml, (name, a, parents) => {
    if (name === "col" && parents[parents.length - 1] === "cols" && (a.width || a.hidden))
      widths.push({
        min: Number(a.min),
        max: Number(a.max),
        px: a.hidden === "1" || a.hidden === "true" ? 0 : widthPixels(Number(a.width)),
      });
    else if (name === "row" && a.r && (a.ht || a.hidden))
      heights.set(
        Number(a.r) - 1,
        a.hidden === "1" || a.hidden === "true" ? 0 : pointPixels(Number(a.ht))
      );
    else if (name === "sheetFormatPr") {
      if (a.defaultColWidth) defaultColumn = widthPixels(Number(a.defaultColWidth));
      if (a.defaultRowHeight) defaultRow = pointPixels(Number(a.defaultRowHeight));
    }
  });
  return {
    columnPixels: (column) =>
      widths.find((w) => column + 1 >= w.min && column + 1 <= w.max)?.px ?? defaultColumn,
    rowPixels: (row) => heights.get(row) ?? defaultRow,
  };
}

/** The last column of a sheet (0-based, XFD). */
const LAST_COLUMN = 16383;

/** From the ChartSpec's cell, CHART_HEIGHT_ROWS rows down and CHART_WIDTH_PX across, whatever the columns' widths. */
function anchorAt(spec: ChartSpec, grid: SheetGrid): Anchor {
  let col = spec.column;
  let left = CHART_WIDTH_PX;
  while (col < LAST_COLUMN && left >= grid.columnPixels(col)) left -= grid.columnPixels(col++);
  let height = 0;
  for (let r = spec.row; r < spec.row + CHART_HEIGHT_ROWS; r++) height += grid.rowPixels(r);
  return {
    from: { col: spec.column, colOff: 0, row: spec.row, rowOff: 0 },
    to: {
      col,
      colOff: Math.min(left, grid.columnPixels(col)) * EMU_PER_PX,
      row: spec.row + CHART_HEIGHT_ROWS,
      rowOff: 0,
    },
    cx: CHART_WIDTH_PX * EMU_PER_PX,
    cy: height * EMU_PER_PX,
  };
}

function anchorXml(plan: ChartPlan, anchor: Anchor, shapeId: number, rId: string): string {
  const corner = (name: string, p: Anchor["from"]) =>
    el(name, {}, [
      el("xdr:col", {}, String(p.col)),
      el("xdr:colOff", {}, String(p.colOff)),
      el("xdr:row", {}, String(p.row)),
      el("xdr:rowOff", {}, String(p.rowOff)),
    ]);
  return el("xdr:twoCellAnchor", {}, [
    corner("xdr:from", anchor.from),
    corner("xdr:to", anchor.to),
    el("xdr:graphicFrame", { macro: "" }, [
      el("xdr:nvGraphicFramePr", {}, [
        el("xdr:cNvPr", { id: shapeId, name: plan.name, descr: plan.spec.title }),
        el("xdr:cNvGraphicFramePr"),
      ]),
      el("xdr:xfrm", {}, [
        el("a:off", { x: 0, y: 0 }),
        el("a:ext", { cx: anchor.cx, cy: anchor.cy }),
      ]),
      el("a:graphic", {}, [
        el("a:graphicData", { uri: NS.c }, [el("c:chart", { "xmlns:c": NS.c, "r:id": rId })]),
      ]),
    ]),
    el("xdr:clientData"),
  ]);
}

const emptyDrawing = (): string =>
  XML_DECLARATION +
  `<xdr:wsDr xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}" xmlns:r="${NS.r}"></xdr:wsDr>`;

const emptyRelationships = (): string =>
  XML_DECLARATION + `<Relationships xmlns="${NS.rels}"></Relationships>`;

// ---------------------------------------------------------------- the package

const folderOf = (part: string): string => part.slice(0, part.lastIndexOf("/"));
const relsOf = (part: string): string =>
  `${folderOf(part)}/_rels/${part.slice(part.lastIndexOf("/") + 1)}.rels`;

/** `to` relative to the folder of the part `from` ("xl/worksheets/sheet9.xml", "xl/drawings/drawing1.xml" → "../drawings/drawing1.xml"). */
function relativeTo(from: string, to: string): string {
  const a = folderOf(from).split("/");
  const b = to.split("/");
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => ".."), ...b.slice(i)].join("/");
}

/** The next free number for parts named like `xl/charts/chartN.xml`. */
function nextPartNumber(zip: JSZip, pattern: RegExp): number {
  let max = 0;
  for (const name of Object.keys(zip.files)) {
    const m = pattern.exec(name);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}

/** Adds relationships to a .rels part's XML, each with an Id not yet used there; returns the XML and the Ids. */
function addRelationships(
  xml: string,
  targets: { type: string; target: string }[]
): { xml: string; ids: string[] } {
  const used = new Set(readRelationships(xml).map((r) => r.id));
  let n = 1;
  const ids = targets.map(() => {
    while (used.has(`rId${n}`)) n++;
    used.add(`rId${n}`);
    return `rId${n}`;
  });
  const added = targets
    .map((t, k) => el("Relationship", { Id: ids[k], Type: t.type, Target: t.target }))
    .join("");
  return { xml: xml.replace(/<\/Relationships>\s*$/, `${added}</Relationships>`), ids };
}

/** The worksheet elements that come after <drawing> (ECMA-376 Part 1, CT_Worksheet), before the closing extLst. */
const AFTER_DRAWING = [
  "legacyDrawing",
  "legacyDrawingHF",
  "drawingHF",
  "picture",
  "oleObjects",
  "controls",
  "webPublishItems",
  "tableParts",
];

/** The sheet's XML with <drawing r:id> where the schema puts it: before the first element that follows it, else before the sheet's own extLst, else at the end. */
export function insertDrawingElement(sheetXml: string, rId: string): string {
  const element = el("drawing", { "xmlns:r": NS.r, "r:id": rId });
  let at = -1;
  for (const name of AFTER_DRAWING) {
    const m = new RegExp(`<(?:\\w+:)?${name}[\\s/>]`).exec(sheetXml);
    if (m && (at < 0 || m.index < at)) at = m.index;
  }
  if (at < 0) {
    // The worksheet's own extLst is its last child; one inside another element comes earlier.
    const close = sheetXml.lastIndexOf("</worksheet>");
    const ext = /<(?:\w+:)?extLst[\s>][\s\S]*<\/(?:\w+:)?extLst>\s*$/.exec(
      sheetXml.slice(0, close)
    );
    at = ext ? ext.index : close;
  }
  return sheetXml.slice(0, at) + element + sheetXml.slice(at);
}

/** The package path of each worksheet, by sheet name, from the workbook part and its relationships. */
async function sheetParts(zip: JSZip): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const workbook = await zip.file("xl/workbook.xml")?.async("string");
  const rels = await zip.file("xl/_rels/workbook.xml.rels")?.async("string");
  if (!workbook || !rels) return out;
  const targets = new Map(readRelationships(rels).map((r) => [r.id, r.target]));
  walk(workbook, (name, a) => {
    if (name !== "sheet") return;
    const id = a["r:id"] ?? Object.entries(a).find(([k]) => k.endsWith(":id"))?.[1];
    const target = id ? targets.get(id) : undefined;
    if (a.name && target) out.set(a.name.toLowerCase(), resolveTarget("xl", target));
  });
  return out;
}

/**
 * Adds the output sheet's charts to a package ExcelJS has written. Part
 * numbers follow those already in the package (a picture's drawing on
 * another sheet keeps its own); a drawing the output sheet already has
 * gets the charts added to it. Returns the charts' part names, in the
 * order of the sheet's ChartSpecs that could be drawn.
 */
export async function addCharts(zip: JSZip, sheet: OutputSheet): Promise<string[]> {
  const plans = planCharts(sheet);
  if (plans.length === 0) return [];
  const sheetPart = (await sheetParts(zip)).get(sheet.name.toLowerCase());
  const sheetFile = sheetPart ? zip.file(sheetPart) : null;
  if (!sheetPart || !sheetFile) return [];
  let sheetXml = await sheetFile.async("string");
  const grid = readGrid(sheetXml);

  const sheetRelsPart = relsOf(sheetPart);
  let sheetRels = (await zip.file(sheetRelsPart)?.async("string")) ?? emptyRelationships();

  // The sheet's drawing, if it has one already; otherwise a new one.
  let drawingPart: string | undefined;
  const drawingId = /<(?:\w+:)?drawing\s[^>]*?r:id="([^"]+)"/.exec(sheetXml)?.[1];
  if (drawingId) {
    const rel = readRelationships(sheetRels).find((r) => r.id === drawingId);
    if (rel) drawingPart = resolveTarget(folderOf(sheetPart), rel.target);
  }
  const newParts: { part: string; type: string }[] = [];
  if (!drawingPart || !zip.file(drawingPart)) {
    drawingPart = `xl/drawings/drawing${nextPartNumber(zip, /^xl\/drawings\/drawing(\d+)\.xml$/)}.xml`;
    zip.file(drawingPart, emptyDrawing());
    newParts.push({ part: drawingPart, type: CONTENT_TYPE.drawing });
    const added = addRelationships(sheetRels, [
      { type: RELATIONSHIP_TYPE.drawing, target: relativeTo(sheetPart, drawingPart) },
    ]);
    sheetRels = added.xml;
    sheetXml = insertDrawingElement(
      sheetXml.replace(/<(?:\w+:)?drawing\s[^>]*\/>/, ""),
      added.ids[0]
    );
  }

  let drawingXml = await zip.file(drawingPart)!.async("string");
  const drawingRelsPart = relsOf(drawingPart);
  let drawingRels = (await zip.file(drawingRelsPart)?.async("string")) ?? emptyRelationships();
  let shapeId = 1;
  walk(drawingXml, (name, a) => {
    if (name === "cNvPr" && a.id) shapeId = Math.max(shapeId, Number(a.id) || 0);
  });

  let chartNumber = nextPartNumber(zip, /^xl\/charts\/chart(\d+)\.xml$/);
  const chartParts = plans.map(() => `xl/charts/chart${chartNumber++}.xml`);
  const added = addRelationships(
    drawingRels,
    chartParts.map((p) => ({ type: RELATIONSHIP_TYPE.chart, target: relativeTo(drawingPart!, p) }))
  );
  drawingRels = added.xml;
  const anchors = plans.map((plan, k) => {
    zip.file(chartParts[k], chartXml(plan));
    newParts.push({ part: chartParts[k], type: CONTENT_TYPE.chart });
    return anchorXml(plan, anchorAt(plan.spec, grid), ++shapeId, added.ids[k]);
  });
  // The chart element names its namespace itself; the drawing declares r: for its r:id.
  if (!/xmlns:r=/.test(drawingXml.slice(0, drawingXml.indexOf(">", drawingXml.indexOf("wsDr")))))
    drawingXml = drawingXml.replace(/<((?:\w+:)?wsDr)\b/, `<$1 xmlns:r="${NS.r}"`);
  drawingXml = drawingXml.replace(/<\/((?:\w+:)?wsDr)>\s*$/, `${anchors.join("")}</$1>`);
  zip.file(drawingPart, drawingXml);
  zip.file(drawingRelsPart, drawingRels);
  zip.file(sheetRelsPart, sheetRels);
  zip.file(sheetPart, sheetXml);

  const typesFile = zip.file("[Content_Types].xml");
  if (typesFile) {
    let types = await typesFile.async("string");
    const overrides = newParts
      .filter((p) => !types.includes(`PartName="/${p.part}"`))
      .map((p) => el("Override", { PartName: `/${p.part}`, ContentType: p.type }))
      .join("");
    types = types.replace(/<\/Types>\s*$/, `${overrides}</Types>`);
    zip.file("[Content_Types].xml", types);
  }
  return chartParts;
}
