import { goalFromText, LEVERS, type GoalCondition, type GoalLever } from "../model";

/** The headless refresh's command line (spec: WORKBOOK.md, "Headless refresh"). */
export interface ForecastArgs {
  input?: string;
  output?: string;
  json: boolean;
  /** false with --no-write: compute and report, write no copy. */
  write: boolean;
  debug: boolean;
  help: boolean;
  /** --simulate [N]: run the Monte Carlo (not without it), with N draws, else SEND_Uncertainty's Draws or the default. */
  simulate?: number | "input";
  /** --goal-seek CONDITION,CHANGE: what to seek (none without it). */
  goalSeek?: { condition: GoalCondition; lever: GoalLever };
  /** --sensitivity: each input ±10%, the change in the target year's balance. */
  sensitivity?: boolean;
  /** --seed S: its seed, else SEND_Uncertainty's Seed or the default. */
  seed?: number;
}

export const USAGE = `Usage: npm run forecast -- [INPUT.xlsx] [--out OUTPUT.xlsx | --no-write] [--json] [--simulate [N] [--seed S]] [--goal-seek CONDITION,CHANGE] [--sensitivity]
   or: npx send-forecast [INPUT.xlsx] [--out OUTPUT.xlsx | --no-write] [--json] [--simulate [N] [--seed S]] [--goal-seek CONDITION,CHANGE] [--sensitivity]

Reads the SEND Forecaster inputs from INPUT (default: the bundled Wiltshire
example), forecasts, and writes the 'SEND Forecast' sheet into a copy of the
workbook at OUTPUT (default: INPUT's name with -forecast, in this folder).
INPUT itself is never written.

  --out FILE   where to write the copy (never the input itself)
  --no-write   compute and report only; write no copy
  --json       print one JSON object on stdout instead of the table, whatever
               the outcome: {"ok":true,...} with the results,
               {"ok":false,"problems":[...]} for invalid input, or
               {"ok":false,"error":"..."} for anything else
  --simulate [N]
               also run N seeded Monte Carlo draws (README, "Uncertainty";
               without N, Draws in SEND_Uncertainty, else 1,000) and report
               P10/P50/P90 of EHCPs and the deficit balance, the chance of
               in-year balance by the target year and of staying within the
               cap, and the balance year's distribution
  --seed S     the draws' seed, a whole number (default: Seed in
               SEND_Uncertainty, else 1); the same seed, the same figures
  --goal-seek CONDITION,CHANGE
               also find the smallest change that meets a condition (README,
               "Goal seek"). CONDITION: balance (in-year balance by the
               target year), cap (within the cap in the cap year), or
               YEAR<=LIMIT (total deficit balance at most LIMIT £'000 at the
               end of YEAR, e.g. 2028/29<=100000). CHANGE: scale (all
               interventions' impacts) or LEVER@MONTH (one lever from a
               month, e.g. Requests@2026-04; levers: ${LEVERS.join(", ")}).
               e.g. --goal-seek balance,Requests@2026-04
  --sensitivity
               also move each input by ±10% and report the change in the
               total deficit balance in the target year, largest first
  --debug      show the stack trace of an unexpected error
  --help       this text

Exit status: 0 done; 2 invalid input (each problem on stderr as
NAME!CELL: message, nothing written); 1 anything else.`;

export type ParsedArgs = { ok: true; args: ForecastArgs } | { ok: false; message: string };

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const args: ForecastArgs = { json: false, write: true, debug: false, help: false };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === "--json") args.json = true;
    else if (a === "--no-write") args.write = false;
    else if (a === "--debug") args.debug = true;
    else if (a === "--help" || a === "-h") args.help = true;
    else if (a === "--sensitivity") args.sensitivity = true;
    else if (
      a === "--simulate" ||
      a === "--seed" ||
      a.startsWith("--simulate=") ||
      a.startsWith("--seed=")
    ) {
      const [flag, inline] = a.includes("=")
        ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)]
        : [a, undefined];
      // --simulate alone: the number of draws from SEND_Uncertainty (a number after it is its count).
      if (flag === "--simulate" && inline === undefined && !/^[-+]?[\d.]/.test(argv[k + 1] ?? "")) {
        args.simulate = "input";
        continue;
      }
      const text = inline ?? argv[++k];
      const n = Number(text);
      const min = flag === "--simulate" ? 1 : 0;
      if (
        text === undefined ||
        text.trim() === "" ||
        !Number.isInteger(n) ||
        n < min ||
        n > 2 ** 31 - 1
      )
        return {
          ok: false,
          message: `${flag} needs a whole number${flag === "--simulate" ? " of draws, 1 or more" : ", 0 or more"}; found ${text === undefined ? "nothing" : `'${text}'`}`,
        };
      if (flag === "--simulate") args.simulate = n;
      else args.seed = n;
    } else if (a === "--goal-seek" || a.startsWith("--goal-seek=")) {
      const text = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++k];
      const goal = parseGoal(text);
      if (typeof goal === "string") return { ok: false, message: goal };
      args.goalSeek = goal;
    } else if (a === "--out" || a === "-o") {
      const next = argv[++k];
      if (next === undefined || next === "")
        return { ok: false, message: `${a} needs a file name` };
      if (args.output !== undefined) return { ok: false, message: "--out given twice" };
      args.output = next;
    } else if (a.startsWith("--out=")) {
      if (args.output !== undefined) return { ok: false, message: "--out given twice" };
      args.output = a.slice("--out=".length);
      if (args.output === "") return { ok: false, message: "--out needs a file name" };
    } else if (a.startsWith("-") && a !== "-") return { ok: false, message: `unknown option ${a}` };
    else if (args.input === undefined) args.input = a;
    else
      return { ok: false, message: `one input workbook at a time; found ${args.input} and ${a}` };
  }
  if (!args.write && args.output !== undefined)
    return { ok: false, message: "--out and --no-write together: --no-write writes no copy" };
  if (args.seed !== undefined && args.simulate === undefined)
    return {
      ok: false,
      message: "--seed without --simulate: give the number of draws with --simulate N",
    };
  return { ok: true, args };
}

/** CONDITION,CHANGE as --goal-seek takes it; a message saying what was expected otherwise. */
export function parseGoal(
  text: string | undefined
): { condition: GoalCondition; lever: GoalLever } | string {
  const usage =
    "--goal-seek needs CONDITION,CHANGE: balance, cap or YEAR<=LIMIT, then scale or LEVER@MONTH (e.g. balance,Requests@2026-04)";
  if (text === undefined || text.trim() === "") return `${usage}; found nothing`;
  const parts = text.split(",").map((p) => p.trim());
  if (parts.length !== 2) return `${usage}; found '${text}'`;
  const goal = goalFromText(parts[0], parts[1]);
  return typeof goal === "string" ? `--goal-seek: ${goal}` : goal;
}
