import { SCENARIOS, type ForecastResult } from "../src/model";
import type { SheetFigures } from "./formulaSheet";

/** Relative agreement demanded between the model and the formula workbook. */
export const TOLERANCE = 1e-6;

const agrees = (a: number, b: number): boolean =>
  Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * Every yearly stock and ledger figure of every scenario, and the deficit
 * outcomes, compared; returns the disagreements (empty when they agree) and
 * how many figures were compared.
 */
export function compareWithSheet(
  model: ForecastResult,
  sheet: SheetFigures
): { compared: number; disagreements: string[] } {
  const disagreements: string[] = [];
  let compared = 0;
  const series = (
    what: string,
    ours: readonly number[],
    theirs: readonly number[],
    labels: readonly string[]
  ): void => {
    if (ours.length !== theirs.length) {
      disagreements.push(
        `${what}: ${ours.length} figures in the model, ${theirs.length} in the workbook`
      );
      return;
    }
    ours.forEach((v, k) => {
      compared++;
      if (!agrees(v, theirs[k]))
        disagreements.push(`${what} ${labels[k]}: model ${v}, workbook ${theirs[k]}`);
    });
  };
  for (const id of SCENARIOS) {
    const t = model.scenarios[id].years;
    const labels = t.map((y) => y.year);
    const s = sheet.scenarios[id];
    series(
      `${id} closing EHCPs`,
      t.map((y) => y.closingEhcps),
      s.closingEhcps,
      labels
    );
    series(
      `${id} average EHCPs`,
      t.map((y) => y.averageEhcps),
      s.averageEhcps,
      labels
    );
    series(
      `${id} new plans`,
      t.map((y) => y.newPlans),
      s.newPlans,
      labels
    );
    series(
      `${id} ceased`,
      t.map((y) => y.ceased),
      s.ceased,
      labels
    );
    series(
      `${id} average INMSS`,
      t.map((y) => y.averageInmss),
      s.averageInmss,
      labels
    );
    const l = model.ledgers[id];
    const w = sheet.ledgers[id];
    series(`${id} expenditure`, l.expenditure, w.expenditure, sheet.years);
    series(`${id} in-year`, l.inYear, w.inYear, sheet.years);
    series(`${id} opening`, l.opening, w.opening, sheet.years);
    series(`${id} closing`, l.closing, w.closing, sheet.years);
    l.lines.forEach((line, j) =>
      series(`${id} ${line.label}`, line.values, w.lines[j], sheet.years)
    );
  }
  const same = (what: string, ours: unknown, theirs: unknown): void => {
    compared++;
    const ok =
      typeof ours === "number" && typeof theirs === "number"
        ? agrees(ours, theirs)
        : ours === theirs;
    if (!ok) disagreements.push(`${what}: model ${String(ours)}, workbook ${String(theirs)}`);
  };
  same("balance year", model.balanceYear, sheet.balanceYear);
  same("residual deficit", model.residualDeficit, sheet.residualDeficit);
  same("peak deficit", model.peakDeficit, sheet.peakDeficit);
  same("peak year", model.peakYear, sheet.peakYear);
  same("in-year balance condition", model.conditions[0].pass, sheet.inYearBalancePasses);
  same("deficit cap condition", model.conditions[1].pass, sheet.deficitCapPasses);
  return { compared, disagreements };
}
