#!/usr/bin/env node
/**
 * Headless refresh (README, "Headless refresh"):
 *
 *     npm run forecast -- [INPUT.xlsx] [--out OUTPUT.xlsx | --no-write] [--json]
 *     npx send-forecast [INPUT.xlsx] [--out OUTPUT.xlsx | --no-write] [--json]
 *
 * Thin on purpose: parse the arguments, run the same refresh the add-in
 * runs over the .xlsx adapter, print. Exit 0 done, 2 invalid input, 1 else.
 * Run compiled (build/cli/forecast.js, by npm run build:cli), so this file
 * keeps src's layout there and finds the example at ../../assets.
 */
import { promises as fs, type Stats } from "fs";
import * as path from "path";
import { refresh } from "../workbook/refresh";
import type { WorkbookPort } from "../workbook/port";
import { formatProblemOnSheet } from "../workbook/problems";
import {
  XlsxWorkbook,
  UnreadableWorkbookError,
  removePendingTempFiles,
  type DroppedItem,
} from "../workbook/xlsx/workbook";
import { parseArgs, USAGE } from "./args";
import { Progress } from "./progress";
import { BUILT_STAMP, staleNote, staleSources } from "./stale";
import {
  errorJson,
  forecastJson,
  invalidInputJson,
  sensitivityText,
  simulationJson,
  simulationText,
  textReport,
} from "./report";
import {
  goalSeek,
  sensitivity,
  simulate,
  type GoalSeekResult,
  type ForecastInput,
  type SensitivityResult,
} from "../model";

export const DEFAULT_INPUT = path.join(
  __dirname,
  "..",
  "..",
  "assets",
  "SEND-Forecaster-Example.xlsx"
);

export const EXIT_DONE = 0;
export const EXIT_FAILED = 1;
export const EXIT_INVALID_INPUT = 2;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** Show every progress step at once (an interactive terminal), not only the slow ones. */
  interactive: boolean;
}

/** An expected failure: its message is shown as it is, without a stack trace. */
class CliError extends Error {}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    io.stderr(`${parsed.message}\n\n${USAGE}\n`);
    // Asked for JSON, stdout has it even when the rest of the line is wrong.
    if (argv.includes("--json")) io.stdout(json(errorJson(parsed.message)));
    return EXIT_FAILED;
  }
  const { args } = parsed;
  if (args.help) {
    io.stdout(`${USAGE}\n`);
    return EXIT_DONE;
  }
  const progress = new Progress(io.stderr, io.interactive);
  try {
    const input = path.resolve(io.cwd, args.input ?? DEFAULT_INPUT);
    const output = args.write
      ? path.resolve(io.cwd, args.output ?? defaultOutputName(input))
      : null;
    if (output === null) await realInput(input);
    else await refuseToOverwriteInput(input, output);

    progress.step(`Reading ${path.basename(input)}`);
    const workbook = await XlsxWorkbook.open(input).catch((e: unknown) => {
      throw new CliError(`Cannot read ${input}: ${describeReadError(e)}`);
    });
    // With --no-write the output sheet is not even laid out in memory: there is no copy to save it in.
    const port: WorkbookPort =
      output === null
        ? { read: (names) => workbook.read(names), write: async () => undefined }
        : workbook;
    // --simulate runs inside the refresh, so the copy's output sheet lays the draws out.
    let simulationFailed: string | undefined;
    const draws = args.simulate === "input" ? undefined : args.simulate;
    const outcome = await refresh(port, {
      onProgress: (step) => progress.step(step),
      ...(args.simulate !== undefined
        ? {
            simulate: async (read: ForecastInput) => {
              const sim = simulate(read, { draws, seed: args.seed });
              // The summary only: the raw draws are not kept.
              if (sim.ok) return simulationJson(sim.value);
              simulationFailed = `The Monte Carlo could not run: ${sim.problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`;
              return undefined;
            },
          }
        : {}),
    });
    progress.done();
    if (!outcome.ok) {
      for (const p of outcome.problems) io.stderr(`${formatProblemOnSheet(p)}\n`);
      if (outcome.warnings.length > 0)
        io.stderr(`Warnings:\n${outcome.warnings.map((w) => `  ${w}\n`).join("")}`);
      if (args.json) io.stdout(json(invalidInputJson(outcome.problems, outcome.warningDetails)));
      return EXIT_INVALID_INPUT;
    }

    // Nothing saved: a copy without the draws asked for would not be the copy asked for.
    if (simulationFailed !== undefined) throw new CliError(simulationFailed);

    if (output !== null) {
      progress.step(`Writing ${path.basename(output)}`);
      await workbook.save(output).catch((e: unknown) => {
        throw new CliError(`Cannot write ${output}: ${e instanceof Error ? e.message : String(e)}`);
      });
      progress.done();
    }

    const simulation = outcome.simulation;

    let sought: GoalSeekResult | undefined;
    if (args.goalSeek !== undefined) {
      progress.step("Seeking the goal");
      const found = goalSeek(outcome.input, args.goalSeek.condition, args.goalSeek.lever);
      progress.done();
      if (!found.ok)
        throw new CliError(
          `Goal seek: ${found.problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`
        );
      sought = found.value;
    }

    // The refresh has worked it out for the output sheet already: --json always gives it.
    let moved: SensitivityResult | undefined = outcome.result.sensitivity;
    if (args.sensitivity && !moved) {
      const found = sensitivity(outcome.input);
      if (!found.ok)
        throw new CliError(
          `Sensitivity: ${found.problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`
        );
      moved = found.value;
    }

    // What the copy leaves out (charts, pivot tables …): the input keeps them, the copy does not.
    const dropped = output === null ? [] : workbook.dropped;
    if (args.json)
      io.stdout(
        json({
          ...forecastJson(outcome.result, outcome.warningDetails, output),
          dropped,
          ...(simulation ? { simulation: simulationJson(simulation) } : {}),
          sensitivity: moved ?? null,
          ...(sought && args.goalSeek
            ? {
                goalSeek: {
                  condition: args.goalSeek.condition,
                  change: args.goalSeek.lever,
                  value: sought.value,
                  alreadyMet: sought.alreadyMet,
                  bounds: sought.bounds,
                  sentence: sought.sentence,
                },
              }
            : {}),
        })
      );
    else
      io.stdout(
        textReport(
          outcome.result,
          outcome.warnings,
          output === null ? null : path.relative(io.cwd, output) || output
        ) +
          droppedText(dropped) +
          (simulation ? simulationText(simulation, outcome.result.settings.safetyValve) : "") +
          (sought ? `\nGoal seek: ${sought.sentence}\n` : "") +
          (args.sensitivity && moved ? sensitivityText(moved) : "")
      );
    return EXIT_DONE;
  } catch (e) {
    progress.done();
    const message =
      e instanceof CliError
        ? e.message
        : `Unexpected error: ${e instanceof Error ? e.message : String(e)}${args.debug ? "" : " (run with --debug for details)"}`;
    io.stderr(`${message}\n`);
    if (args.debug && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
    if (args.json) io.stdout(json(errorJson(message)));
    return EXIT_FAILED;
  }
}

/** "The copy leaves out …", one line a sheet; "" when it leaves out nothing. */
export function droppedText(dropped: readonly DroppedItem[]): string {
  if (dropped.length === 0) return "";
  const bySheet = new Map<string, string[]>();
  for (const d of dropped)
    bySheet.set(d.sheet, [
      ...(bySheet.get(d.sheet) ?? []),
      `${d.count} ${d.kind}${d.count === 1 ? "" : plural(d.kind)}`,
    ]);
  const lines = [...bySheet].map(([sheet, items]) => `  '${sheet}': ${items.join(", ")}`);
  return `\nThe copy leaves out what it cannot write (the input keeps them):\n${lines.join("\n")}\n`;
}

const plural = (kind: string): string => (kind.endsWith("h") ? "es" : "s");

/** One JSON object, one line. */
function json(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

/** "budget.xlsx" → "budget-forecast.xlsx", in the current folder. */
export function defaultOutputName(input: string): string {
  const ext = path.extname(input);
  const base = path.basename(input, ext);
  return `${base}-forecast${ext.toLowerCase() === ".xlsx" ? ext : ".xlsx"}`;
}

/** The input's real path; a plain message when there is no such file. */
async function realInput(input: string): Promise<string> {
  return fs.realpath(input).catch(() => {
    throw new CliError(`Cannot read ${input}: no such file`);
  });
}

/** The same file however it is spelt: through symbolic links, relative paths, or a hard link. */
async function refuseToOverwriteInput(input: string, output: string): Promise<void> {
  const realIn = await realInput(input);
  const realOutput = await fs
    .realpath(output)
    .catch(async () =>
      path.join(
        await fs.realpath(path.dirname(output)).catch(() => path.dirname(output)),
        path.basename(output)
      )
    );
  const [a, b] = await Promise.all([fs.stat(realIn), fs.stat(realOutput).catch(() => undefined)]);
  if (realIn === realOutput || (b !== undefined && a.ino === b.ino && a.dev === b.dev))
    throw new CliError(
      `Refusing to write the output over the input ${input}; give another file with --out.`
    );
  // The copy replaces a regular file, or is new: never a folder, a link, a device, a pipe or a socket.
  const there = await fs.lstat(output).catch(() => undefined);
  if (there !== undefined && !there.isFile())
    throw new CliError(
      `Refusing to write the output to ${output}: it is ${kindOf(there)}, not a regular file; give a file name with --out.`
    );
}

/** What a path that is not a regular file is, in words. */
function kindOf(s: Stats): string {
  if (s.isDirectory()) return "a folder";
  if (s.isSymbolicLink()) return "a symbolic link";
  if (s.isFIFO()) return "a named pipe";
  if (s.isSocket()) return "a socket";
  if (s.isBlockDevice() || s.isCharacterDevice()) return "a device";
  return "not a file";
}

function describeReadError(e: unknown): string {
  if (e instanceof UnreadableWorkbookError) return e.message;
  const m = e instanceof Error ? e.message : String(e);
  if (/end of central directory|zip|Can't find end|not an \.xlsx/i.test(m))
    return "not an .xlsx workbook";
  if (/EISDIR/.test(m)) return "it is a folder, not a file";
  if (/EACCES/.test(m)) return "permission denied";
  return m;
}

if (require.main === module) {
  const stale = staleSources(
    Object.keys(require.cache),
    path.join(__dirname, ".."),
    path.join(__dirname, "..", "..", "src"),
    path.join(__dirname, BUILT_STAMP)
  );
  if (stale.length > 0) process.stderr.write(staleNote(stale));
  // Interrupted while writing the copy: the half-written temporary file goes too, then the
  // usual exit codes for the signal (128 + its number).
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)
    process.on(signal, () => {
      removePendingTempFiles();
      process.stderr.write(`Stopped (${signal}); nothing written.\n`);
      process.exit(code);
    });
  main(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    // npm runs scripts from the package folder; INIT_CWD is where the user typed the command.
    cwd: process.env.INIT_CWD ?? process.cwd(),
    interactive: Boolean(process.stderr.isTTY),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`Unexpected error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = EXIT_FAILED;
    }
  );
}
