import {
  resolveBaseline,
  runForecast,
  simulate,
  type ForecastInput,
  type ForecastResult,
} from "../src/model";
import { compileKernel, kernelRun, runScenario, SCENARIO_CODE } from "../src/model/kernel";
import { WILTSHIRE } from "../src/example/wiltshire";
import { compareWithSheet, TOLERANCE } from "./agreement";
import { compareBare, prepareBare, runBare } from "./bareLoop";
import { buildFormulaWorkbook, evaluateWorkbook, readFigures } from "./formulaSheet";
import { medianMs } from "./timing";
import { benchmarkInput, WORKLOAD_FORECAST_YEARS, WORKLOAD_INTERVENTIONS } from "./workload";

/*
 * npm run bench: the same forecast as a spreadsheet of formulas (HyperFormula),
 * as a bare loop hand-written for the workload (bareLoop.ts), and as our
 * model, in one process. First they must agree, figure by figure; then each
 * is timed. Exits non-zero when they disagree.
 *
 * Goals: the model's kernel (compiled once, run again) within 2× of the bare
 * loop; the full run (runForecast) at least 100× faster than the formula
 * workbook's recalculation after one input changes, and under 1 ms; 10,000
 * Monte Carlo draws of the example under 0.5 s.
 */

const GOAL_RATIO = 100;
const GOAL_KERNEL = 2;
/** Relative agreement demanded between the bare loop and the model (the same arithmetic, summed in another order). */
const BARE_TOLERANCE = 1e-9;
const GOAL_RUN_MS = 1;
const GOAL_DRAWS = 10000;
const GOAL_DRAWS_MS = 500;

function forecast(input: ForecastInput): ForecastResult {
  const r = runForecast(input);
  if (!r.ok)
    throw new Error(
      `the benchmark input was refused: ${r.problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`
    );
  return r.value;
}

function withRequests(input: ForecastInput, requests: number): ForecastInput {
  return { ...input, baseline: { ...input.baseline, requests } };
}

const fmt = (ms: number): string =>
  ms >= 10 ? ms.toFixed(1) : ms >= 0.1 ? ms.toFixed(3) : ms.toFixed(4);

function main(): number {
  const input = benchmarkInput();
  const book = buildFormulaWorkbook(input);
  const cells = Object.values(book.sheets).reduce(
    (n, rows) => n + rows.reduce((m, row) => m + row.filter((v) => v !== null).length, 0),
    0
  );
  const formulas = Object.values(book.sheets).reduce(
    (n, rows) =>
      n +
      rows.reduce(
        (m, row) => m + row.filter((v) => typeof v === "string" && v.startsWith("=")).length,
        0
      ),
    0
  );
  const months = forecast(input).scenarios.mitigated.months.length;
  console.log(
    `Workload: ${WORKLOAD_FORECAST_YEARS} forecast years (${months} months), 3 scenarios, ${WORKLOAD_INTERVENTIONS} interventions, ` +
      `${input.expenditure.length} cost lines (${input.costs?.length ?? 0} driven), ledger of ${input.years.length} years.`
  );
  console.log(
    `Formula workbook: ${Object.keys(book.sheets).length} sheets, ${cells} cells, ${formulas} formulas.`
  );

  // 1. Agreement, before and after changing one input.
  const hf = evaluateWorkbook(book);
  const sheetId = hf.getSheetId(book.requestsCell.sheetName)!;
  const requestsAddress = {
    sheet: sheetId,
    row: book.requestsCell.row,
    col: book.requestsCell.col,
  };
  const baseRequests = input.baseline!.requests!;
  const checks: [string, ForecastInput][] = [
    ["as built", input],
    ["after requests change", withRequests(input, baseRequests + 11)],
  ];
  let failed = false;
  for (const [when, variant] of checks) {
    hf.setCellContents(requestsAddress, [[variant.baseline!.requests!]]);
    const { compared, disagreements } = compareWithSheet(
      forecast(variant),
      readFigures(hf, variant)
    );
    if (disagreements.length > 0) {
      failed = true;
      console.log(
        `DISAGREE (${when}): ${disagreements.length} of ${compared} figures differ by more than ${TOLERANCE} relative:`
      );
      for (const d of disagreements.slice(0, 20)) console.log(`  ${d}`);
    } else
      console.log(
        `Agree (${when}): all ${compared} figures within ${TOLERANCE} relative (yearly stock, flows, cost lines, ledger, balance year, peak, conditions).`
      );
  }
  hf.setCellContents(requestsAddress, [[baseRequests]]);
  const bare = prepareBare(input);
  runBare(bare);
  const against = compareBare(bare, forecast(input), BARE_TOLERANCE);
  if (against.disagreements.length > 0) {
    failed = true;
    console.log(
      `DISAGREE (bare loop): ${against.disagreements.length} of ${against.compared} figures differ by more than ${BARE_TOLERANCE} relative:`
    );
    for (const d of against.disagreements.slice(0, 20)) console.log(`  ${d}`);
  } else
    console.log(
      `Agree (bare loop): all ${against.compared} figures within ${BARE_TOLERANCE} relative (monthly stocks, yearly figures, cost lines, ledger; largest difference ${against.worst.toExponential(1)}).`
    );
  if (failed) return 1;

  // 2. Timing: medians after warm-up.
  const buildMs = medianMs(() => evaluateWorkbook(buildFormulaWorkbook(input)).destroy(), 7, 2);
  let flip = false;
  const recalcMs = medianMs(
    () => {
      flip = !flip;
      return hf.setCellContents(requestsAddress, [[flip ? baseRequests + 1 : baseRequests]]);
    },
    41,
    5
  );
  let toggle = false;
  const busier = withRequests(input, baseRequests + 1);
  const modelMs = medianMs(
    () => {
      toggle = !toggle;
      return runForecast(toggle ? busier : input);
    },
    3001,
    500
  );
  const wiltshireMs = medianMs(() => runForecast(WILTSHIRE), 3001, 500);
  // The bare loop and the kernel: the same three scenarios, their yearly figures, lines and ledgers.
  const bareMs = medianMs(() => runBare(bare), 3001, 500);
  const resolved = resolveBaseline(input.baseline ?? {}, []);
  if (!resolved.ok) throw new Error("the benchmark baseline did not resolve");
  const plan = compileKernel(input, resolved.value.baseline, bare.out[0].ehcps.length);
  const runs = [kernelRun(plan), kernelRun(plan), kernelRun(plan)];
  const kernelMs = medianMs(
    () => {
      runScenario(plan, plan.defaults, SCENARIO_CODE.mitigated, runs[1]);
      runScenario(plan, plan.defaults, SCENARIO_CODE.unmitigated, runs[0], runs[1]);
      runScenario(plan, plan.defaults, SCENARIO_CODE.riskAdjusted, runs[2], runs[1]);
      return runs;
    },
    3001,
    500
  );
  hf.destroy();
  // The Monte Carlo: 10,000 seeded draws of the example, each its mitigated scenario.
  const drawsMs = medianMs(() => simulate(WILTSHIRE, { draws: GOAL_DRAWS, seed: 1 }), 5, 1);

  const recalcRatio = recalcMs / modelMs;
  const buildRatio = buildMs / modelMs;
  console.log("");
  console.log("Median times (ms)");
  console.log(
    `  HyperFormula, build the workbook from data and compute (buildFromSheets): ${fmt(buildMs)}`
  );
  console.log(
    `  HyperFormula, recalculate after changing the requests (setCellContents): ${fmt(recalcMs)}`
  );
  console.log(
    `  Our model, full run (runForecast), same workload:                        ${fmt(modelMs)}`
  );
  console.log(
    `  Our model, full run on the Wiltshire example:                            ${fmt(wiltshireMs)}`
  );
  console.log(
    `  Bare loop, hand-written for the workload (three scenarios, lines, ledger): ${fmt(bareMs)}`
  );
  console.log(
    `  Our model's kernel, compiled once, the same three scenarios:             ${fmt(kernelMs)}`
  );
  console.log(
    `  Monte Carlo, ${GOAL_DRAWS.toLocaleString("en-GB")} draws of the example (simulate):      ${fmt(drawsMs)} (${((drawsMs / GOAL_DRAWS) * 1000).toFixed(0)} µs a draw)`
  );
  console.log("");
  const kernelRatio = kernelMs / bareMs;
  console.log(`kernel vs bare loop: ${kernelRatio.toFixed(1)}×`);
  console.log(`runForecast vs bare loop: ${(modelMs / bareMs).toFixed(1)}×`);
  console.log(
    `runForecast vs formula workbook: ${recalcRatio.toFixed(0)}× faster than its recalculation, ${buildRatio.toFixed(0)}× faster than building it`
  );
  console.log(`${GOAL_DRAWS.toLocaleString("en-GB")} draws of the example: ${fmt(drawsMs)} ms`);
  console.log("");
  console.log(
    `Goal kernel ≤ ${GOAL_KERNEL}× the bare loop: ${kernelRatio <= GOAL_KERNEL ? "met" : "NOT met"}.`
  );
  const ratioMet = recalcRatio >= GOAL_RATIO;
  const runMet = modelMs < GOAL_RUN_MS;
  console.log(`Goal ≥ ${GOAL_RATIO}× faster than recalculation: ${ratioMet ? "met" : "NOT met"}.`);
  console.log(`Goal full run < ${GOAL_RUN_MS} ms: ${runMet ? "met" : "NOT met"}.`);
  console.log(
    `Goal ${GOAL_DRAWS.toLocaleString("en-GB")} draws < ${GOAL_DRAWS_MS} ms: ${drawsMs < GOAL_DRAWS_MS ? "met" : "NOT met"}.`
  );
  return 0;
}

process.exitCode = main();
