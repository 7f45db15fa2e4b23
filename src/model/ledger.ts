import type {
  Condition,
  DeficitOutcome,
  ExpenditureLine,
  Funding,
  Ledger,
  Settings,
  YearLabel,
} from "./types";

const zeros = (n: number): number[] => new Array<number>(n).fill(0);

/**
 * The DSG ledger (MODEL.md §5). Spending positive, income negative, deficit positive:
 * InYear = Expenditure + HNB + BlockTransfer; Closing = Opening + InYear + OtherBlocks + SafetyValve.
 */
export function computeLedger(
  years: readonly YearLabel[],
  lines: readonly ExpenditureLine[],
  funding: Funding,
  openingDeficit: number
): Ledger {
  const n = years.length;
  const expenditure = zeros(n);
  for (const line of lines) for (let k = 0; k < n; k++) expenditure[k] += line.values[k];
  const highNeedsBlock = funding.highNeedsBlock ? [...funding.highNeedsBlock] : zeros(n);
  const blockTransfer = funding.blockTransfer ? [...funding.blockTransfer] : zeros(n);
  const otherBlocks = funding.otherBlocks ? [...funding.otherBlocks] : zeros(n);
  const safetyValve = funding.safetyValve ? [...funding.safetyValve] : zeros(n);
  const inYear = zeros(n);
  const opening = zeros(n);
  const closing = zeros(n);
  let balance = openingDeficit;
  for (let k = 0; k < n; k++) {
    inYear[k] = expenditure[k] + highNeedsBlock[k] + blockTransfer[k];
    opening[k] = balance;
    balance = balance + inYear[k] + otherBlocks[k] + safetyValve[k];
    closing[k] = balance;
  }
  return {
    years: [...years],
    lines: lines.map((l) => ({ label: l.label, values: [...l.values] })),
    expenditure,
    highNeedsBlock,
    blockTransfer,
    inYear,
    otherBlocks,
    safetyValve,
    opening,
    closing,
  };
}

/** The first year from which the in-year figure is ≤ 0 in that and every later year; null if never. */
export function balanceYear(
  years: readonly YearLabel[],
  inYear: readonly number[]
): YearLabel | null {
  let found: YearLabel | null = null;
  for (let k = years.length - 1; k >= 0; k--) {
    if (inYear[k] > 0) break;
    found = years[k];
  }
  return found;
}

/** Balance year, residual and peak deficit, and both Safety Valve conditions (none without an agreement). */
export function assessDeficit(ledger: Ledger, settings: Settings): DeficitOutcome {
  const { years, inYear, closing } = ledger;
  const balance = balanceYear(years, inYear);
  let peak = 0;
  for (let k = 1; k < years.length; k++) if (closing[k] > closing[peak]) peak = k;

  const outcome = {
    balanceYear: balance,
    residualDeficit: balance === null ? null : closing[years.indexOf(balance)],
    peakYear: years[peak],
    peakDeficit: closing[peak],
  };
  if (!settings.safetyValve) return { ...outcome, conditions: [] };

  const target = years.indexOf(settings.balanceTargetYear);
  let failing = -1;
  for (let k = target; k < years.length; k++) {
    if (inYear[k] > 0) {
      failing = k;
      break;
    }
  }
  const decidingYear = failing >= 0 ? failing : target;
  const inYearBalance: Condition = {
    id: "inYearBalance",
    pass: failing < 0,
    year: years[decidingYear],
    value: inYear[decidingYear],
    limit: 0,
  };
  const cap = years.indexOf(settings.deficitCapYear);
  const deficitCap: Condition = {
    id: "deficitCap",
    pass: closing[cap] <= settings.deficitCap,
    year: years[cap],
    value: closing[cap],
    limit: settings.deficitCap,
  };
  return { ...outcome, conditions: [inYearBalance, deficitCap] };
}
