import { Progress, SLOW_STEP_MS } from "../../src/cli/progress";
import { parseArgs } from "../../src/cli/args";

/** A clock the test moves by hand: the progress lines depend on durations, never on the real time a test takes. */
function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("progress lines on stderr", () => {
  test("a quick step says nothing; a step that took over a second says so when it ends", () => {
    const c = clock();
    const lines: string[] = [];
    const p = new Progress((t) => lines.push(t), false, c.now);
    p.step("Reading council.xlsx");
    c.advance(200);
    p.step("Forecasting");
    c.advance(SLOW_STEP_MS + 400);
    p.step("Writing council-forecast.xlsx");
    c.advance(10);
    p.done();
    expect(lines).toEqual(["Forecasting… (1.4 s)\n"]);
  });

  test("on an interactive terminal every step is announced as it starts, once", () => {
    const c = clock();
    const lines: string[] = [];
    const p = new Progress((t) => lines.push(t), true, c.now);
    p.step("Reading council.xlsx");
    p.step("Reading council.xlsx");
    c.advance(5000);
    p.step("Forecasting");
    p.done();
    expect(lines).toEqual(["Reading council.xlsx…\n", "Forecasting…\n"]);
  });
});

describe("the command line", () => {
  test("input, --out in both spellings, --json", () => {
    expect(parseArgs(["in.xlsx", "--out", "o.xlsx", "--json"])).toEqual({
      ok: true,
      args: {
        input: "in.xlsx",
        output: "o.xlsx",
        json: true,
        write: true,
        debug: false,
        help: false,
      },
    });
    expect(parseArgs(["--out=o.xlsx"])).toEqual({
      ok: true,
      args: { output: "o.xlsx", json: false, write: true, debug: false, help: false },
    });
  });

  test("--no-write", () => {
    expect(parseArgs(["in.xlsx", "--no-write", "--json"])).toEqual({
      ok: true,
      args: { input: "in.xlsx", json: true, write: false, debug: false, help: false },
    });
  });

  test("mistakes are named", () => {
    expect(parseArgs(["--out"])).toEqual({ ok: false, message: "--out needs a file name" });
    expect(parseArgs(["a.xlsx", "b.xlsx"])).toEqual({
      ok: false,
      message: "one input workbook at a time; found a.xlsx and b.xlsx",
    });
    expect(parseArgs(["--out", "a", "--out", "b"])).toEqual({
      ok: false,
      message: "--out given twice",
    });
    expect(parseArgs(["--no-write", "--out=a.xlsx"])).toEqual({
      ok: false,
      message: "--out and --no-write together: --no-write writes no copy",
    });
  });
});
