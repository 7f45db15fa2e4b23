import {
  resolveBaseline,
  validateInput,
  type Baseline,
  type ExpenditureLine,
  type ForecastInput,
  type Funding,
  type InputProblem,
  type Intervention,
  type YearLabel,
} from "../model";
import {
  locateProblems,
  parseBaseline,
  parseExpenditure,
  parseFunding,
  parseInterventions,
  rangeFromValues,
  type CellRef,
  type Parsed,
} from "../workbook/contract";
import type { CellValue } from "../workbook/port";
import { formatProblem } from "../workbook/problems";

/**
 * Range arguments read with the workbook contract's own parsers: a
 * function's baselineRange is read exactly as the SEND_Baseline input is,
 * and its problems are addressed to the argument and the cell within it
 * ("baselineRange!B3: expected a rate between 0 and 1 …", B3 counted from
 * the range's top-left cell).
 */
export interface FromRange<T> {
  value: T;
  /** Every problem, formatted as the task pane and the command line show them. */
  problems: string[];
}

const EMPTY_INPUT: ForecastInput = { years: [], expenditure: [], funding: {}, openingDeficit: 0 };

/**
 * The cell-level problems of a parse, or else the model's own checks of the
 * section (rates within 0–1, months that exist …) mapped back to their cells.
 */
function problemsOf<T>(
  parsed: Parsed<T>,
  name: string,
  modelInput: Partial<ForecastInput>,
  section: "baseline" | "interventions"
): string[] {
  if (parsed.problems.length > 0) return parsed.problems.map(formatProblem);
  const model = validateInput({ ...EMPTY_INPUT, ...modelInput }).filter(
    (p) => p.field.startsWith(`${section}.`) || p.field.startsWith(`${section}[`)
  );
  const contractName = section === "baseline" ? "SEND_Baseline" : "SEND_Interventions";
  return locateProblems(model, { [contractName]: whole(name), ...parsed.where }).map(formatProblem);
}

/** A problem with no one cell is addressed to the whole argument. */
const whole = (name: string): CellRef => ({ input: name, sheet: "", cell: "" });

/** A SEND_Baseline-shaped range, resolved with the model's defaults (transfers, INMSS and lag 0). */
export function readBaseline(name: string, values: CellValue[][]): FromRange<Baseline | undefined> {
  const parsed = parseBaseline(rangeFromValues(name, values), name);
  const problems = problemsOf(parsed, name, { baseline: parsed.value }, "baseline");
  if (problems.length > 0) return { value: undefined, problems };
  const resolved = resolveBaseline(parsed.value, []);
  if (!resolved.ok)
    return { value: undefined, problems: resolved.problems.map((p) => wholeRange(name, p)) };
  return { value: resolved.value.baseline, problems: [] };
}

/** A SEND_Interventions-shaped range: header row, then one row an intervention. */
export function readInterventions(name: string, values: CellValue[][]): FromRange<Intervention[]> {
  const parsed = parseInterventions(rangeFromValues(name, values), name);
  return {
    value: parsed.value,
    problems: problemsOf(parsed, name, { interventions: parsed.value }, "interventions"),
  };
}

export interface DemandInputs {
  baseline: Baseline;
  interventions: Intervention[];
}

/**
 * The arguments baselineRange and interventionsRange, read together: each
 * range's problems addressed to its argument; no value when either has one.
 */
export function readDemandInputs(args: {
  baselineRange: CellValue[][];
  interventionsRange: CellValue[][];
}): FromRange<DemandInputs | undefined> {
  const baseline = readBaseline("baselineRange", args.baselineRange);
  const interventions = readInterventions("interventionsRange", args.interventionsRange);
  const problems = [...baseline.problems, ...interventions.problems];
  if (!baseline.value || problems.length > 0) return { value: undefined, problems };
  return { value: { baseline: baseline.value, interventions: interventions.value }, problems };
}

export interface LedgerInputs {
  years: YearLabel[];
  lines: ExpenditureLine[];
  funding: Funding;
}

/** SEND_Expenditure- and SEND_Funding-shaped ranges; the funding's year columns are checked against the expenditure's. */
export function readLedgerInputs(
  expenditureName: string,
  expenditure: CellValue[][],
  fundingName: string,
  funding: CellValue[][]
): FromRange<LedgerInputs> {
  const exp = parseExpenditure(rangeFromValues(expenditureName, expenditure), expenditureName);
  const { years, lines } = exp.value;
  const fund = parseFunding(
    rangeFromValues(fundingName, funding),
    years,
    fundingName,
    expenditureName
  );
  const problems = [
    ...exp.problems.map(formatProblem),
    // Without the expenditure's years the funding's columns cannot be checked against them.
    ...(years.length > 0 ? fund.problems.map(formatProblem) : []),
  ];
  if (problems.length === 0) {
    const model = validateInput({
      ...EMPTY_INPUT,
      years,
      expenditure: lines,
      funding: fund.value,
    }).filter((p) => /^(years|expenditure|funding)\b/.test(p.field));
    problems.push(
      ...locateProblems(model, {
        SEND_Expenditure: whole(expenditureName),
        SEND_Funding: whole(fundingName),
        ...exp.where,
        ...fund.where,
      }).map(formatProblem)
    );
  }
  return { value: { years, lines, funding: fund.value }, problems };
}

function wholeRange(name: string, p: InputProblem): string {
  return `${name}: ${p.message}`;
}
