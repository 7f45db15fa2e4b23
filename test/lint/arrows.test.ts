/**
 * The lint rule that keeps the layers' arrows pointing one way
 * (eslint.config.mjs, import/no-restricted-paths): real ESLint, the project's
 * own configuration, on source given as if it sat at a path in src/.
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

const repo = resolve(__dirname, "..", "..");
const eslintBin = resolve(repo, "node_modules", "eslint", "bin", "eslint.js");

/** The messages of the arrows rule for `source` linted as the file `path` (relative to the repository). */
function arrowViolations(path: string, source: string): string[] {
  const run = spawnSync(
    process.execPath,
    [eslintBin, "--format", "json", "--stdin", "--stdin-filename", path],
    {
      cwd: repo,
      input: source,
      encoding: "utf8",
    }
  );
  const [result] = JSON.parse(run.stdout) as {
    messages: { ruleId: string | null; message: string }[];
  }[];
  return result.messages
    .filter((m) => m.ruleId === "import/no-restricted-paths")
    .map((m) => m.message);
}

const use = (what: string, from: string): string =>
  `import { ${what} } from "${from}";\nexport const x = ${what};\n`;

const cases: [string, string, string, RegExp][] = [
  [
    "the model importing the contract",
    "src/model/bad.ts",
    use("refresh", "../workbook/refresh"),
    /model is pure/,
  ],
  [
    "the contract importing the Office adapter",
    "src/workbook/bad.ts",
    use("createOfficeWorkbook", "./office/workbook"),
    /contract imports no adapter/,
  ],
  [
    "a contract parser importing the .xlsx adapter",
    "src/workbook/inputs/bad.ts",
    use("XlsxWorkbook", "../xlsx/workbook"),
    /contract imports no adapter/,
  ],
  [
    "the contract importing the pane",
    "src/workbook/bad.ts",
    use("usePane", "../taskpane/usePane"),
    /nothing above it/,
  ],
  [
    "the Office adapter importing the .xlsx adapter",
    "src/workbook/office/bad.ts",
    use("XlsxWorkbook", "../xlsx/workbook"),
    /Office adapter imports neither/,
  ],
  [
    "the pane importing an Office adapter internal",
    "src/taskpane/bad.ts",
    use("queueRange", "../workbook/office/read"),
    /public modules/,
  ],
  [
    "the functions importing the .xlsx adapter",
    "src/functions/bad.ts",
    use("XlsxWorkbook", "../workbook/xlsx/workbook"),
    /runs in Node/,
  ],
  [
    "the command line importing the Office adapter",
    "src/cli/bad.ts",
    use("createOfficeWorkbook", "../workbook/office/workbook"),
    /outside Excel/,
  ],
  [
    "the pane importing the functions",
    "src/taskpane/bad.ts",
    use("forecastFigure", "../functions/forecastFigure"),
    /through src\/common/,
  ],
  [
    "the shared figures importing the contract",
    "src/common/bad.ts",
    use("refresh", "../workbook/refresh"),
    /model alone/,
  ],
];

describe("the arrows between layers", () => {
  test.each(cases)("%s is refused", (_what, path, source, message) => {
    const found = arrowViolations(path, source);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  test("imports along the arrows pass", () => {
    expect(
      arrowViolations(
        "src/model/fine.ts",
        'import { monthIndex } from "./calendar";\nexport const x = monthIndex;\n'
      )
    ).toEqual([]);
    expect(arrowViolations("src/workbook/fine.ts", use("runForecast", "../model"))).toEqual([]);
    expect(
      arrowViolations(
        "src/taskpane/fine.ts",
        use("createOfficeWorkbook", "../workbook/office/workbook")
      )
    ).toEqual([]);
    expect(
      arrowViolations("src/cli/fine.ts", use("XlsxWorkbook", "../workbook/xlsx/workbook"))
    ).toEqual([]);
    expect(arrowViolations("src/workbook/office/fine.ts", use("refresh", "../refresh"))).toEqual(
      []
    );
    expect(
      arrowViolations("src/functions/fine.ts", use("publishForecast", "../common/forecastChannel"))
    ).toEqual([]);
  });
});
