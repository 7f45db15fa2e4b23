import { readdirSync, readFileSync } from "fs";
import { join, relative } from "path";

/*
 * The model is plain arithmetic on plain data (the spec's "no Office, no DOM,
 * no I/O"): the custom functions, the task pane and the headless refresh all
 * call it, and none of them may find Office, React, ExcelJS or the file
 * system pulled in behind it, nor a result that depends on today's date.
 */

const MODEL = join(__dirname, "..", "..", "src", "model");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []
  );
}

/** Code without comments and string contents, so that a comment or message naming `Office.js` is not a use of it. */
function code(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/.*$/gm, "")
    .replace(/`(?:\\.|[^`\\])*`/g, "``")
    .replace(/"(?:\\.|[^"\\\n])*"/g, '""')
    .replace(/'(?:\\.|[^'\\\n])*'/g, "''");
}

/** Every module specifier: `import … from "x"`, `export … from "x"`, `import("x")`, `require("x")`, `import "x"`. */
function specifiers(text: string): string[] {
  const out: string[] = [];
  const patterns = [
    /\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\bimport\s+["']([^"']+)["']/g,
  ];
  for (const p of patterns) for (const m of text.matchAll(p)) out.push(m[1]);
  return out;
}

/** Globals a pure model must not touch: the host, the page, the clock, the process. */
const FORBIDDEN_USES: [RegExp, string][] = [
  [/\bOffice\s*\./, "Office."],
  [/\bExcel\s*\./, "Excel."],
  [/\bOfficeRuntime\s*\./, "OfficeRuntime."],
  [/\bCustomFunctions\s*\./, "CustomFunctions."],
  [/\bdocument\s*\./, "document."],
  [/\bwindow\s*\./, "window."],
  [/\bglobalThis\s*\./, "globalThis."],
  [/\blocalStorage\b/, "localStorage"],
  [/\bfetch\s*\(/, "fetch("],
  [/\bXMLHttpRequest\b/, "XMLHttpRequest"],
  [/\bprocess\s*\./, "process."],
  [/\bDate\s*\.\s*now\b/, "Date.now"],
  [/\bnew\s+Date\s*\(/, "new Date("],
  [/\bMath\s*\.\s*random\b/, "Math.random"],
  [/\bperformance\s*\.\s*now\b/, "performance.now"],
  [/\brequire\s*\(/, "require("],
];

/** A name the module declares itself (`const window = …`, a parameter) is its own, not the browser's. */
function declares(text: string, name: string): boolean {
  return new RegExp(
    `\\b(?:const|let|var|function|class)\\s+${name}\\b|[(,]\\s*${name}\\s*[:,)]`
  ).test(text);
}

function globalsUsed(source: string): string[] {
  const text = code(source);
  return FORBIDDEN_USES.filter(
    ([re, what]) =>
      re.test(text) && !declares(text, what.replace(/^new\s+/, "").replace(/\W.*$/, ""))
  ).map(([, what]) => what);
}

const files = sources(MODEL);

/** Packages the model may use: pure arithmetic with no host, I/O or clock (the seeded generator of the Monte Carlo). */
const PURE_PACKAGES = /^pure-rand\/(generator|distribution|types)\/[\w]+$/;

describe("the model is pure (no Office, no DOM, no I/O)", () => {
  test("there are model sources to check", () => {
    expect(files.map((f) => relative(MODEL, f))).toEqual(
      expect.arrayContaining(["index.ts", "forecast.ts", "ledger.ts"])
    );
  });

  test.each(files.map((f) => [relative(MODEL, f), f]))(
    "%s imports only other model modules",
    (_name, file) => {
      const text = readFileSync(file, "utf8");
      const outside = specifiers(text).filter(
        (s) => !/^\.\/[\w.-]+(\/[\w.-]+)*$/.test(s) && !PURE_PACKAGES.test(s)
      );
      expect(outside).toEqual([]);
    }
  );

  test.each(files.map((f) => [relative(MODEL, f), f]))(
    "%s uses no host, page, clock or process globals",
    (_name, file) => {
      expect(globalsUsed(readFileSync(file, "utf8"))).toEqual([]);
    }
  );
});

describe("the purity check itself", () => {
  // The checks above pass on a clean model; these show they would catch the real thing.
  test("finds imports of Office, React, ExcelJS and Node's file system", () => {
    const sample = [
      'import * as ExcelJS from "exceljs";',
      "import { useState } from 'react';",
      'export { readFileSync } from "fs";',
      'const p = require("node:path");',
      'const o = await import("@microsoft/office-js-helpers");',
      'import "../workbook/port";',
    ].join("\n");
    expect(specifiers(sample).sort()).toEqual([
      "../workbook/port",
      "@microsoft/office-js-helpers",
      "exceljs",
      "fs",
      "node:path",
      "react",
    ]);
  });

  test("finds uses of the host, the page and the clock, but not names in comments or messages", () => {
    const uses = globalsUsed;
    expect(uses("await Excel.run(async (ctx) => ctx.sync());")).toEqual(["Excel."]);
    expect(uses("const today = new Date();")).toEqual(["new Date("]);
    expect(uses("const t = Date.now();")).toEqual(["Date.now"]);
    expect(uses("document.title = 'x'; window.alert('y');")).toEqual(["document.", "window."]);
    expect(uses("Office.onReady(() => undefined);")).toEqual(["Office."]);
    expect(uses('// Office.js is not used here\nconst m = "see Excel.run";')).toEqual([]);
    expect(uses("const window = rows.filter(inYear);\nconst n = window.length;")).toEqual([]);
  });
});
