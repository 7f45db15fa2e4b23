/**
 * What the production build ships. The benchmark's timings of the pane
 * (window.sendPaneMetrics) exist only in its own build, `npm run
 * build:pane-metrics`, which writes to dist-pane-metrics; the production
 * build in dist must not carry them.
 */
import { readdirSync, readFileSync } from "fs";
import * as path from "path";
import { DIST, requireBuild } from "./harness";

test("the production build carries none of the benchmark's instrumentation", () => {
  requireBuild();
  const scripts = readdirSync(DIST).filter((f) => f.endsWith(".js"));
  expect(scripts).toEqual(expect.arrayContaining(["taskpane.js", "functions.js"]));
  for (const f of scripts) {
    const js = readFileSync(path.join(DIST, f), "utf8");
    expect({ file: f, instrumented: js.includes("sendPaneMetrics") }).toEqual({
      file: f,
      instrumented: false,
    });
  }
});
