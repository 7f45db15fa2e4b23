import { mkdirSync, utimesSync, writeFileSync } from "fs";
import * as path from "path";
import { staleNote, staleSources } from "../../src/cli/stale";
import { tempDir } from "../fixtures/xlsx-files";

let dir: string;
let remove: () => void;
beforeEach(() => ({ dir, remove } = tempDir()));
afterEach(() => remove());

/** A file at `rel` under the temporary folder, last modified `at` seconds after the epoch. */
function file(rel: string, at: number): string {
  const f = path.join(dir, rel);
  mkdirSync(path.dirname(f), { recursive: true });
  writeFileSync(f, "");
  utimesSync(f, at, at);
  return f;
}

describe("a build older than its sources is noticed", () => {
  test("only the loaded modules whose source changed after the build's stamp are named", () => {
    const stamp = file("build/cli/.built", 2000);
    const modules = [
      file("build/cli/forecast.js", 2000),
      file("build/model/ledger.js", 2000),
      file("build/workbook/grid.js", 2000),
      path.join(dir, "node_modules/x/index.js"),
    ];
    file("src/cli/forecast.ts", 1000);
    file("src/model/ledger.ts", 3000);
    file("src/workbook/grid.ts", 2000);
    expect(staleSources(modules, path.join(dir, "build"), path.join(dir, "src"), stamp)).toEqual([
      "src/model/ledger.ts",
    ]);
  });

  test("nothing is named without a stamp (not built by npm run build:cli) or when running the sources themselves", () => {
    const js = file("build/cli/forecast.js", 1000);
    const ts = file("src/cli/forecast.ts", 3000);
    expect(
      staleSources(
        [js],
        path.join(dir, "build"),
        path.join(dir, "src"),
        path.join(dir, "build/cli/.built")
      )
    ).toEqual([]);
    const stamp = file("build/cli/.built", 2000);
    expect(staleSources([ts], path.join(dir, "build"), path.join(dir, "src"), stamp)).toEqual([]);
  });

  test("the note names a few and counts the rest", () => {
    expect(staleNote(["src/a.ts"])).toBe(
      "Note: src/a.ts changed since the command line was built; run npm run build:cli to use it.\n"
    );
    expect(staleNote(["src/a.ts", "src/b.ts", "src/c.ts", "src/d.ts", "src/e.ts"])).toBe(
      "Note: src/a.ts, src/b.ts, src/c.ts and 2 more changed since the command line was built; run npm run build:cli to use them.\n"
    );
  });
});
