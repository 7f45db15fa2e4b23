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
  const run = spawnSync(process.execPath, [eslintBin, "--format", "json", "--stdin", "--stdin-filename", path], {
    cwd: repo,
    input: source,
    encoding: "utf8",
  });
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return result.messages.filter((m) => m.ruleId === "import/no-restricted-paths").map((m) => m.message);
}

const cases: [string, string, string, RegExp][] = [
  ["the model importing the contract", "src/model/bad.ts", 'import { refresh } from "../workbook/refresh";\nexport const x = refresh;\n', /model is pure/],
];

describe("the arrows between layers", () => {
  test.each(cases)("%s is refused", (_what, path, source, message) => {
    const found = arrowViolations(path, source);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  test("imports along the arrows pass", () => {
    expect(arrowViolations("src/model/fine.ts", 'import { monthIndex } from "./calendar";\nexport const x = monthIndex;\n')).toEqual([]);
    expect(arrowViolations("src/workbook/fine.ts", 'import { runForecast } from "../model";\nexport const x = runForecast;\n')).toEqual([]);
  });
});
