/**
 * The hardening suite (a few hundred cases; `npm run bench:fuzz` runs
 * 10,000): generated hostile workbooks through the command line's code
 * path, and the checks themselves shown to fail on a command line that
 * misbehaves each way.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import fc from "fast-check";
import JSZip from "jszip";
import { main } from "../../src/cli/forecast";
import { buildExampleWorkbook } from "../../scripts/build-example-workbook";
import { WILTSHIRE_PUBLISHED } from "../../src/example/wiltshire";
import { ALL_FAMILIES, benignCaseArb, buildCase, caseArb, describeCase } from "./cases";
import { checkFile, normalise, type Cli, type Failure } from "./check";
import { DEFAULT_SEED } from "./runner";

/** Cases in `npm test`; FUZZ_CASES overrides. */
const CASES = Number(process.env.FUZZ_CASES ?? 300);

let example: Buffer;
beforeAll(async () => {
  example = Buffer.from(await buildExampleWorkbook().xlsx.writeBuffer());
});

test(`${CASES} generated workbooks: no crash, nothing non-finite, input unchanged, nothing left behind, every problem at a cell`, async () => {
  await fc.assert(
    fc.asyncProperty(caseArb(ALL_FAMILIES), async (c) => {
      let data: Buffer;
      try {
        data = await buildCase(c);
      } catch {
        return; // ExcelJS refused to make the case: nothing to test.
      }
      const result = await checkFile(data);
      const failures = result.failures;
      if (failures.length > 0)
        throw new Error(
          `${failures.map((f) => `${f.kind}: ${f.detail}`).join("\n")}\ncase: ${describeCase(c)}`
        );
    }),
    { seed: DEFAULT_SEED, numRuns: CASES, interruptAfterTimeLimit: 200_000 }
  );
}, 240_000);

test("the example stored any way the contract allows, with anything far from its inputs, gives Wiltshire's published deficits", async () => {
  await fc.assert(
    fc.asyncProperty(benignCaseArb(), async (c) => {
      const data = await buildCase(c);
      const result = await checkFile(data);
      expect(result.failures).toEqual([]);
      expect(result.code).toBe(0);
      // The figures the command line prints, against the report's (rounded line by line, so within 3).
      let stdout = "";
      const dir = mkdtempSync(path.join(tmpdir(), "send-fuzz-"));
      try {
        writeFileSync(path.join(dir, "input.xlsx"), data);
        const code = await main(["input.xlsx", "--json", "--no-write"], {
          stdout: (t) => (stdout += t),
          stderr: () => undefined,
          cwd: dir,
          interactive: false,
        });
        expect(code).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      const json = JSON.parse(stdout) as { ledger: { closing: number[]; inYear: number[] } };
      json.ledger.closing.forEach((v, k) =>
        expect(Math.abs(v - WILTSHIRE_PUBLISHED.closing[k])).toBeLessThanOrEqual(3)
      );
      json.ledger.inYear.forEach((v, k) =>
        expect(Math.abs(v - WILTSHIRE_PUBLISHED.inYear[k])).toBeLessThanOrEqual(3)
      );
    }),
    { seed: DEFAULT_SEED, numRuns: Math.max(10, Math.round(CASES / 8)) }
  );
}, 240_000);

describe("the checks fail on a command line that misbehaves", () => {
  const failuresOf = async (cli: Cli): Promise<Failure[]> =>
    (await checkFile(example, cli)).failures;
  const kinds = async (cli: Cli): Promise<string[]> => (await failuresOf(cli)).map((f) => f.kind);

  test("the example passes every check through the real command line, exit 0", async () => {
    const result = await checkFile(example);
    expect(result.failures).toEqual([]);
    expect(result.code).toBe(0);
  }, 30_000);

  test("an exception escaping is a crash", async () => {
    expect(await kinds(async () => Promise.reject(new TypeError("x is undefined")))).toContain(
      "crash"
    );
  });

  test("a JavaScript error's words in a message are internal text", async () => {
    const cli: Cli = async (_args, io) => {
      io.stderr("Cannot read input.xlsx: Cannot read properties of undefined (reading 'name')\n");
      io.stdout('{"ok":false,"error":"x"}\n');
      return 1;
    };
    expect(await kinds(cli)).toContain("internal-text");
  });

  test("NaN in the report is a non-finite leak", async () => {
    const cli: Cli = async (args, io) => {
      if (args.includes("--json")) return main(args, io);
      io.stdout("Balance year: 2024/25, in-year NaN\n");
      return 0;
    };
    expect(await kinds(cli)).toEqual(["non-finite"]);
  });

  test("text the user typed, quoted as found, is not a leak; the same word unquoted is", async () => {
    const saying =
      (line: string): Cli =>
      async (_args, io) => {
        io.stderr(`${line}\n`);
        io.stdout(
          `${JSON.stringify({ ok: false, problems: [{ field: "SEND_Funding", sheet: "S", cell: "C4", message: line }] })}\n`
        );
        return 2;
      };
    expect(
      await kinds(saying("SEND_Funding!C4: expected a number, found text '-Infinity'"))
    ).toEqual([]);
    expect(await kinds(saying("SEND_Funding!C4: expected a number, found -Infinity"))).toContain(
      "non-finite"
    );
  });

  /** The real command line, with the first figure on the copy's output sheet replaced by `cell`. */
  const spoilingCopy =
    (cell: string): Cli =>
    async (args, io) => {
      const code = await main(args, io);
      if (args.includes("--out")) {
        const copy = path.join(io.cwd, "copy.xlsx");
        const zip = await JSZip.loadAsync(readFileSync(copy));
        const workbook = await zip.file("xl/workbook.xml")!.async("string");
        const k = [...workbook.matchAll(/<sheet\b[^>]*name="([^"]*)"/g)].findIndex(
          (m) => m[1] === "SEND Forecast"
        );
        const name = `xl/worksheets/sheet${k + 1}.xml`;
        const xml = await zip.file(name)!.async("string");
        zip.file(name, xml.replace(/<c r="B(\d+)"([^>]*)><v>[^<]*<\/v><\/c>/, cell));
        writeFileSync(copy, await zip.generateAsync({ type: "nodebuffer" }));
      }
      return code;
    };

  test("an error cell on the output sheet of the copy is a non-finite leak", async () => {
    expect(await kinds(spoilingCopy('<c r="B9" t="e"><v>#NUM!</v></c>'))).toEqual(["non-finite"]);
  });

  test("user text written to the copy as a formula is caught", async () => {
    expect(
      await kinds(spoilingCopy('<c r="B9"><f>HYPERLINK("http://example.invalid","x")</f></c>'))
    ).toEqual(["formula-injection"]);
  });

  test("a changed input, a file left behind and a problem without a cell are each caught", async () => {
    const cli: Cli = async (args, io) => {
      writeFileSync(args[0], Buffer.concat([readFileSync(args[0]), Buffer.from([0])]));
      writeFileSync(path.join(io.cwd, ".copy.xlsx.123.tmp"), "");
      io.stdout(
        `${JSON.stringify({ ok: false, problems: [{ field: "SEND_Funding", sheet: "Revised Forecast", cell: "", message: "bad" }] })}\n`
      );
      return 2;
    };
    expect(new Set(await kinds(cli))).toEqual(new Set(["input-changed", "left-behind", "no-cell"]));
  });

  test("a missing input has no cell to name, and is counted apart", async () => {
    const cli: Cli = async (_args, io) => {
      io.stdout(
        `${JSON.stringify({ ok: false, problems: [{ field: "SEND_Funding", sheet: "", cell: "", message: "none found" }] })}\n`
      );
      return 2;
    };
    const result = await checkFile(example, cli);
    expect(result.failures).toEqual([]);
    expect(result.wholeInputProblems).toBe(1);
  });

  test("runs that disagree are caught", async () => {
    const cli: Cli = async (args, io) => (args.includes("--json") ? main(args, io) : 2);
    expect(await kinds(cli)).toEqual(["inconsistent"]);
  });
});

test("a failure's signature keeps its cause and drops its particulars", () => {
  expect(
    normalise(
      "SEND_Costs!E7: expected a number no larger than 1e+300, found '12%' in /tmp/a/b.xlsx"
    )
  ).toBe("SEND_Costs!<cell>: expected a number no larger than <n>, found '…' in <path>");
});
