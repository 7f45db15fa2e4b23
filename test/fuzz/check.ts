/**
 * One generated workbook through the command line's own code path (`main`,
 * in process), twice: the text report with --no-write, then --json with
 * --out. What must hold whatever the file holds:
 *
 * - no crash: no exception escapes, no message carries internal text
 *   (a JavaScript error's words, a stack frame, "Unexpected error");
 * - nothing non-finite: no NaN, Infinity, "undefined" or "[object Object]"
 *   in what is printed, nor an error or non-finite value in the output sheet;
 * - the input's bytes unchanged;
 * - on failure, nothing left behind (no copy, no temporary file); on
 *   success, the copy and nothing else;
 * - every problem names a cell, unless the input itself is missing (no
 *   sheet to point at) or the problem is with the output sheet's name;
 * - both runs agree on the outcome, and no user text becomes a formula.
 */
import { createHash } from "crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import JSZip from "jszip";
import { main } from "../../src/cli/forecast";

export type FailureKind =
  | "crash"
  | "internal-text"
  | "non-finite"
  | "input-changed"
  | "left-behind"
  | "no-cell"
  | "inconsistent"
  | "formula-injection";

export interface Failure {
  kind: FailureKind;
  /** What was seen, normalised so that failures of one cause share it (figures and quoted text replaced). */
  signature: string;
  detail: string;
}

export interface CaseResult {
  /** The --json run's exit status (0 done, 2 invalid input, 1 unreadable). */
  code: number;
  problems: number;
  /** Problems with the whole of an input that was not found, or with the output sheet: no cell to name. */
  wholeInputProblems: number;
  failures: Failure[];
}

/** Words that only a program's internals write. */
const INTERNAL =
  /Cannot read propert|Cannot set propert|is not a function|is not iterable|of undefined|of null|\bundefined\b|\[object \w+\]|TypeError|RangeError|ReferenceError|SyntaxError|Maximum call stack|Unexpected error|Bug ?:|\n\s+at .+:\d+:\d+|Invalid array length|out of memory/;
/**
 * Figures that are no figures. (#NUM! in a message is the user's own error
 * cell, named as found; on the output sheet any error cell is a leak.)
 */
const NON_FINITE = /\bNaN\b|Infinity|∞/;

/** The message with its particulars (figures, quoted text, paths, cells) replaced, so one cause gives one signature. */
export function normalise(message: string): string {
  return message
    .replace(/(^|\s)\/[^\s:'"]+/g, "$1<path>")
    .replace(/'[^']*'/g, "'…'")
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\b[A-Z]{1,3}\d+\b/g, "<cell>")
    .replace(/-?\d(?:[\d,.]*\d)?(?:e[+-]?\d+)?/gi, "<n>")
    .slice(0, 160);
}

function sha256(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The command line's entry, in process (`main` unless a test hands in a faulty one to see the checks fail). */
export type Cli = typeof main;

async function run(
  cli: Cli,
  args: string[],
  cwd: string
): Promise<{ code: number; stdout: string; stderr: string; thrown?: unknown }> {
  let stdout = "";
  let stderr = "";
  try {
    const code = await cli(args, {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      cwd,
      interactive: false,
    });
    return { code, stdout, stderr };
  } catch (thrown) {
    return { code: -1, stdout, stderr, thrown };
  }
}

interface JsonProblem {
  field: string;
  sheet: string;
  cell: string;
  message: string;
}

/** The output sheet of a written copy: its XML and the shared strings it uses. */
async function outputSheet(file: string): Promise<{ xml: string; strings: string[] } | undefined> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const workbook = await zip.file("xl/workbook.xml")?.async("string");
  const rels = await zip.file("xl/_rels/workbook.xml.rels")?.async("string");
  if (!workbook || !rels) return undefined;
  const id = /<sheet\b[^>]*name="SEND Forecast"[^>]*r:id="([^"]+)"/.exec(workbook)?.[1];
  const target = id && new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1];
  if (!target) return undefined;
  const xml = await zip.file(`xl/${target.replace(/^\/?xl\//, "")}`)?.async("string");
  if (xml === undefined) return undefined;
  const shared = (await zip.file("xl/sharedStrings.xml")?.async("string")) ?? "";
  const all = [...shared.matchAll(/<si>(.*?)<\/si>/gs)].map((m) =>
    [...m[1].matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((t) => t[1]).join("")
  );
  const used = [...xml.matchAll(/<c [^>]*t="s"[^>]*><v>(\d+)<\/v>/g)].map(
    (m) => all[Number(m[1])] ?? ""
  );
  const inline = [...xml.matchAll(/<is>.*?<\/is>/gs)].map((m) => m[0]);
  return { xml, strings: [...used, ...inline] };
}

/** Texts a case may have typed that must never come back as formulas. */
const PAYLOADS = /HYPERLINK|cmd\||notepad|@SUM|\+cmd|-2\+3/;

/** Runs the case's file through the command line in a fresh folder and checks every invariant. */
export async function checkFile(data: Buffer, cli: Cli = main): Promise<CaseResult> {
  const dir = mkdtempSync(path.join(tmpdir(), "send-fuzz-"));
  const failures: Failure[] = [];
  const fail = (kind: FailureKind, what: string, detail = what): void => {
    failures.push({ kind, signature: `${kind}: ${normalise(what)}`, detail });
  };
  try {
    const input = path.join(dir, "input.xlsx");
    writeFileSync(input, data);
    const before = sha256(data);

    // 1. The text report, no copy.
    const text = await run(cli, [input, "--no-write"], dir);
    // 2. JSON, writing a copy.
    const json = await run(cli, [input, "--json", "--out", "copy.xlsx"], dir);

    for (const [label, r] of [
      ["text", text],
      ["json", json],
    ] as const) {
      if (r.thrown !== undefined) {
        const m = r.thrown instanceof Error ? r.thrown.message : String(r.thrown);
        fail("crash", m, `${label} run threw: ${r.thrown instanceof Error ? r.thrown.stack : m}`);
        continue;
      }
      const said = messages(r.stdout, r.stderr, label === "json");
      const internal = said.find((m) => INTERNAL.test(m));
      if (internal !== undefined)
        fail(
          r.code === 1 && /Unexpected error/.test(internal) ? "crash" : "internal-text",
          internal,
          `${label} run, exit ${r.code}: ${internal.slice(0, 600)}`
        );
      // Text the user typed ("found text '-Infinity'") is named as found, in quotes.
      const nonFinite = said.find((m) => NON_FINITE.test(m.replace(/'[^']*'/g, "'…'")));
      if (nonFinite !== undefined)
        fail("non-finite", nonFinite, `${label} run, exit ${r.code}: ${nonFinite.slice(0, 600)}`);
      if (![0, 1, 2].includes(r.code)) fail("crash", `exit status ${r.code}`);
    }
    if (text.thrown === undefined && json.thrown === undefined && text.code !== json.code)
      fail(
        "inconsistent",
        `--no-write exit ${text.code}, --out exit ${json.code}`,
        `text: ${text.stderr.slice(0, 300)} | json: ${json.stderr.slice(0, 300)}`
      );

    // The JSON run's problems: each names a cell, or the input is missing altogether.
    let problems = 0;
    let whole = 0;
    if (json.thrown === undefined) {
      let parsed: { ok?: boolean; problems?: JsonProblem[] } | undefined;
      try {
        parsed = JSON.parse(json.stdout) as { ok?: boolean; problems?: JsonProblem[] };
      } catch {
        fail("crash", "--json printed no JSON object", json.stdout.slice(0, 300));
      }
      if (parsed && (parsed.ok === true) !== (json.code === 0))
        fail("inconsistent", `--json ok ${String(parsed.ok)} with exit ${json.code}`);
      for (const p of parsed?.problems ?? []) {
        problems++;
        if (p.cell !== "") continue;
        if (p.sheet === "" || p.field === "SEND Forecast") {
          whole++;
          continue;
        }
        fail("no-cell", `${p.field}: ${p.message}`, `${p.field} on '${p.sheet}': ${p.message}`);
      }
    }

    if (sha256(readFileSync(input)) !== before) fail("input-changed", "the input's bytes changed");

    const copy = path.join(dir, "copy.xlsx");
    const expected = new Set(["input.xlsx", ...(json.code === 0 ? ["copy.xlsx"] : [])]);
    const left = readdirSync(dir).filter((f) => !expected.has(f));
    if (left.length > 0)
      fail(
        "left-behind",
        `exit ${json.code} left ${left.map((f) => (f.endsWith(".tmp") ? "a temporary file" : f)).join(", ")}`
      );
    if (json.code === 0 && !existsSync(copy)) fail("inconsistent", "exit 0 but no copy written");

    if (json.code === 0 && existsSync(copy)) {
      const sheet = await outputSheet(copy).catch(() => undefined);
      if (!sheet) fail("inconsistent", "the copy has no readable 'SEND Forecast' sheet");
      else {
        if (/<c [^>]*t="e"/.test(sheet.xml))
          fail("non-finite", "an error cell on the output sheet");
        if (/<v>[^<]*(NaN|Infinity)[^<]*<\/v>/.test(sheet.xml))
          fail("non-finite", "a non-finite value on the output sheet");
        const bad = sheet.strings.find(
          (s) => NON_FINITE.test(s) || /\bundefined\b|\[object \w+\]/.test(s)
        );
        if (bad !== undefined) fail("non-finite", `output sheet text: ${bad}`);
        const formula = [...sheet.xml.matchAll(/<f>([^<]*)<\/f>/g)].find((m) =>
          PAYLOADS.test(m[1])
        );
        if (formula) fail("formula-injection", `user text written as the formula ${formula[1]}`);
      }
    }
    return { code: json.code, problems, wholeInputProblems: whole, failures };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What a run said, one message each: stderr's lines, and stdout's lines or, for --json, every string in its object. */
function messages(stdout: string, stderr: string, json: boolean): string[] {
  const out = stderr.split("\n").filter((l) => l.trim() !== "");
  if (!json) return [...out, ...stdout.split("\n").filter((l) => l.trim() !== "")];
  const walk = (v: unknown): void => {
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === "object") Object.values(v).forEach(walk);
  };
  try {
    walk(JSON.parse(stdout));
  } catch {
    out.push(stdout);
  }
  return out;
}
