/**
 * The hardening run: generated hostile workbooks through the command line's
 * code path, 10,000 by default.
 *
 *     npm run bench:fuzz [-- COUNT] [--seed N] [--json FILE]
 *     npm run bench:fuzz -- --only SEED [--shrink]
 *     FUZZ_CASES=500 FUZZ_SEED=7 npm run bench:fuzz
 *
 * Prints progress, then the counts (cases, crashes, non-finite leaks, inputs
 * changed, files left behind, problems without a cell, time) and one line per
 * failure class with the seed of its first case; `--only SEED` replays one
 * case and prints it with everything it failed; with --shrink, fast-check
 * then shrinks it to a smallest case failing with the same signature.
 * Exits 1 when anything failed.
 */
import { writeFileSync } from "fs";
import fc from "fast-check";
import { ALL_FAMILIES, buildCase, caseArb, describeCase } from "../test/fuzz/cases";
import { checkFile } from "../test/fuzz/check";
import { DEFAULT_SEED, caseAt, runCases, summaryTable } from "../test/fuzz/runner";

function option(name: string): string | undefined {
  const k = process.argv.indexOf(name);
  return k === -1 ? undefined : process.argv[k + 1];
}

async function main(): Promise<number> {
  const positional = process.argv
    .slice(2)
    .find((a, k, all) => /^\d+$/.test(a) && !all[k - 1]?.startsWith("--"));
  const count = Number(positional ?? process.env.FUZZ_CASES ?? 10_000);
  const seed = Number(option("--seed") ?? process.env.FUZZ_SEED ?? DEFAULT_SEED);
  const only = option("--only");

  if (only !== undefined) {
    const c = caseAt(Number(only));
    process.stdout.write(`Case (seed ${only}):\n${describeCase(c)}\n`);
    const result = await checkFile(await buildCase(c));
    process.stdout.write(`exit ${result.code}, ${result.problems} problem(s)\n`);
    for (const f of result.failures) process.stdout.write(`- ${f.kind}: ${f.detail}\n`);
    if (result.failures.length > 0 && process.argv.includes("--shrink")) {
      const signature = result.failures[0].signature;
      process.stdout.write(`\nShrinking to a smallest case with: ${signature}\n`);
      const shrunk = await fc.check(
        fc.asyncProperty(caseArb(ALL_FAMILIES), async (x) => {
          const data = await buildCase(x).catch(() => undefined);
          if (!data) return true;
          return !(await checkFile(data)).failures.some((f) => f.signature === signature);
        }),
        { seed: Number(only), numRuns: 1 }
      );
      if (shrunk.counterexample)
        process.stdout.write(`Shrunk case:\n${describeCase(shrunk.counterexample[0])}\n`);
    }
    return result.failures.length > 0 ? 1 : 0;
  }

  process.stdout.write(`Fuzzing ${count} generated workbooks from seed ${seed}\n`);
  const step = Math.max(1, Math.round(count / 20));
  const summary = await runCases({
    count,
    seed,
    onCase: (i, s) => {
      if ((i + 1) % step === 0 || i + 1 === count) {
        const failed = s.failedCases;
        process.stdout.write(
          `  ${String(i + 1).padStart(String(count).length)}/${count}  ${(s.millis / 1000).toFixed(0)} s  ${failed} failing\n`
        );
      }
    },
  });
  process.stdout.write(`\n${summaryTable(summary)}\n`);
  const out = option("--json");
  if (out) writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
  if (summary.classes.length > 0)
    process.stdout.write("\nReplay one: npm run bench:fuzz -- --only SEED\n");
  return summary.failedCases > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  }
);
