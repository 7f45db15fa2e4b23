/**
 * Many generated cases in a row, each from its own seed (base seed + index),
 * so any one replays alone: `caseAt(seed + i)`. Counts what the hardening
 * suite promises (cases, crashes, non-finite leaks, inputs changed, files
 * left behind, problems without a cell) and groups failures by signature.
 */
import fc from "fast-check";
import {
  ALL_FAMILIES,
  buildCase,
  caseArb,
  describeCase,
  type FuzzCase,
  type FuzzFamilies,
} from "./cases";
import { checkFile, type Failure, type FailureKind } from "./check";

export const DEFAULT_SEED = 20_251_130;

export interface FailureClass {
  kind: FailureKind;
  signature: string;
  count: number;
  /** The first case that failed this way: its seed and the case itself. */
  seed: number;
  example: string;
  detail: string;
}

export interface FuzzSummary {
  cases: number;
  /** Cases the generator could not build (ExcelJS refusing an edit): not run. */
  notBuilt: number;
  exits: Record<number, number>;
  counts: Record<FailureKind, number>;
  /** Cases with at least one failure. */
  failedCases: number;
  problems: number;
  wholeInputProblems: number;
  classes: FailureClass[];
  millis: number;
}

export function caseAt(seed: number, families: FuzzFamilies = ALL_FAMILIES): FuzzCase {
  return fc.sample(caseArb(families), { seed, numRuns: 1 })[0];
}

/** A failure the caller knows of and chooses not to count (see the jest suite's list). */
export type KnownFailure = (f: Failure) => boolean;

export async function runCases(options: {
  count: number;
  seed?: number;
  families?: FuzzFamilies;
  known?: KnownFailure;
  onCase?: (i: number, summary: FuzzSummary) => void;
}): Promise<FuzzSummary> {
  const seed = options.seed ?? DEFAULT_SEED;
  const families = options.families ?? ALL_FAMILIES;
  const started = Date.now();
  const summary: FuzzSummary = {
    cases: 0,
    notBuilt: 0,
    exits: {},
    counts: {
      crash: 0,
      "internal-text": 0,
      "non-finite": 0,
      "input-changed": 0,
      "left-behind": 0,
      "no-cell": 0,
      inconsistent: 0,
      "formula-injection": 0,
    },
    failedCases: 0,
    problems: 0,
    wholeInputProblems: 0,
    classes: [],
    millis: 0,
  };
  const bySignature = new Map<string, FailureClass>();
  for (let i = 0; i < options.count; i++) {
    const caseSeed = seed + i;
    const c = caseAt(caseSeed, families);
    let data: Buffer;
    try {
      data = await buildCase(c);
    } catch {
      summary.notBuilt++;
      continue;
    }
    const result = await checkFile(data);
    summary.cases++;
    summary.exits[result.code] = (summary.exits[result.code] ?? 0) + 1;
    summary.problems += result.problems;
    summary.wholeInputProblems += result.wholeInputProblems;
    const failures = result.failures.filter((f) => !options.known?.(f));
    if (failures.length > 0) summary.failedCases++;
    for (const f of failures) {
      summary.counts[f.kind]++;
      const known = bySignature.get(f.signature);
      if (known) known.count++;
      else {
        const cls: FailureClass = {
          kind: f.kind,
          signature: f.signature,
          count: 1,
          seed: caseSeed,
          example: describeCase(c),
          detail: f.detail,
        };
        bySignature.set(f.signature, cls);
        summary.classes.push(cls);
      }
    }
    summary.millis = Date.now() - started;
    options.onCase?.(i, summary);
  }
  summary.millis = Date.now() - started;
  summary.classes.sort((a, b) => b.count - a.count);
  return summary;
}

/** The summary as a table of counts, then one line per failure class with its first seed. */
export function summaryTable(s: FuzzSummary): string {
  const rows: [string, string | number][] = [
    ["cases", s.cases],
    ["not built (generator)", s.notBuilt],
    ["exit 0 / 2 / 1", `${s.exits[0] ?? 0} / ${s.exits[2] ?? 0} / ${s.exits[1] ?? 0}`],
    ["crashes", s.counts.crash],
    ["internal text in messages", s.counts["internal-text"]],
    ["NaN/non-finite leaks", s.counts["non-finite"]],
    ["inputs changed", s.counts["input-changed"]],
    ["files left behind", s.counts["left-behind"]],
    ["problems without a cell", s.counts["no-cell"]],
    ["  (problems in all / whole missing inputs)", `${s.problems} / ${s.wholeInputProblems}`],
    ["user text as formulas", s.counts["formula-injection"]],
    ["runs disagreeing", s.counts.inconsistent],
    ["cases with a failure", s.failedCases],
    [
      "time",
      `${(s.millis / 1000).toFixed(1)} s (${(s.millis / Math.max(1, s.cases)).toFixed(0)} ms a case)`,
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`);
  if (s.classes.length > 0) {
    lines.push("", "Failure classes (count, first seed, signature):");
    for (const c of s.classes)
      lines.push(`${String(c.count).padStart(6)}  seed ${c.seed}  ${c.signature}`);
  }
  return lines.join("\n");
}
