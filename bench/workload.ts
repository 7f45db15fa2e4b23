import {
  LEVERS,
  yearLabel,
  type CostDriverLine,
  type ExpenditureLine,
  type ForecastInput,
  type Intervention,
  type InterventionStatus,
  type Lever,
} from "../src/model";

/**
 * The benchmark's workload: ten forecast years monthly (120 months from April
 * 2025), three scenarios, 50 interventions across every lever, 12 cost lines
 * (five driven by EHCPs or INMSS placements) and the ledger, with one actual
 * year (2024/25) before the forecast. Deterministic, so that every run times
 * the same arithmetic.
 */

/** A small seeded generator (mulberry32): the same figures on every machine. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const WORKLOAD_INTERVENTIONS = 50;
export const WORKLOAD_FORECAST_YEARS = 10;

const FIRST_ACTUAL_YEAR = 2024;
const FORECAST_START = "2025-04";

/** Impacts of a plausible size for each lever (a month's requests or plans, or a fraction). */
const IMPACT_RANGE: Record<Lever, [number, number]> = {
  Requests: [0.5, 4],
  RequestsPct: [0.005, 0.03],
  NoToAssess: [0.002, 0.015],
  NoToIssue: [0.001, 0.006],
  Ceased: [0.2, 2],
  INMSSGrowth: [0.01, 0.06],
};

const STATUS_CYCLE: InterventionStatus[] = ["New", "Accelerate", "Optimise", "New", "Pause"];

function interventions(random: () => number): Intervention[] {
  const startIndex = 2025 * 12 + 3;
  return Array.from({ length: WORKLOAD_INTERVENTIONS }, (_, k) => {
    const lever = LEVERS[k % LEVERS.length];
    const [lo, hi] = IMPACT_RANGE[lever];
    const start = startIndex + Math.floor(random() * 36);
    const month = `${Math.floor(start / 12)}-${String((start % 12) + 1).padStart(2, "0")}`;
    // A couple of interventions that push the other way, as a reversal of an earlier gain would.
    const sign = k % 17 === 16 ? -1 : 1;
    return {
      name: `Intervention ${k + 1}`,
      lever,
      impact: sign * (lo + (hi - lo) * random()),
      start: month,
      rampMonths: [0, 0, 3, 6, 12][Math.floor(random() * 5)],
      status: STATUS_CYCLE[k % STATUS_CYCLE.length],
      confidence: Math.round((0.4 + 0.6 * random()) * 100) / 100,
    };
  });
}

const LINES: { label: string; base: number; growth: number }[] = [
  { label: "Mainstream Provision", base: 25055, growth: 0.02 },
  { label: "Resourced Provision", base: 4933, growth: 0.04 },
  { label: "Special Schools", base: 34504, growth: 0.05 },
  { label: "Independent and Non-maintained Special School Provision", base: 28373, growth: 0.06 },
  { label: "Post 16 Provision", base: 12193, growth: 0.03 },
  { label: "Alternative Provision", base: 9040, growth: 0.02 },
  { label: "Therapies", base: 669, growth: 0.01 },
  { label: "Other High Needs Block places and top ups", base: 1103, growth: 0 },
  { label: "High Needs Block staffing etc", base: 6303, growth: 0.01 },
  { label: "Home to school transport (SEN)", base: 8200, growth: 0.05 },
  { label: "Early Years Inclusion", base: 1450, growth: 0.02 },
  { label: "Outreach and Advisory", base: 2100, growth: 0.01 },
];

const COSTS: CostDriverLine[] = [
  {
    line: "Mainstream Provision",
    driver: "EHCPs",
    share: 0.42,
    unitCost: 9200,
    inflation: 0.025,
    baseYear: "2025/26",
  },
  {
    line: "Special Schools",
    driver: "EHCPs",
    share: 0.3,
    unitCost: 19500,
    inflation: 0.03,
    baseYear: "2025/26",
  },
  {
    line: "Independent and Non-maintained Special School Provision",
    driver: "INMSS",
    share: 1,
    unitCost: 72000,
    inflation: 0.04,
    baseYear: "2024/25",
  },
  {
    line: "Home to school transport (SEN)",
    driver: "EHCPs",
    share: 0.18,
    unitCost: 7400,
    inflation: 0.05,
    baseYear: "2025/26",
  },
  {
    line: "Alternative Provision",
    driver: "INMSS",
    share: 0.35,
    unitCost: 30000,
    inflation: 0.02,
    baseYear: "2025/26",
  },
];

/** The workload as the model's plain input. */
export function benchmarkInput(seed = 20250401): ForecastInput {
  const random = seeded(seed);
  const n = WORKLOAD_FORECAST_YEARS + 1;
  const years = Array.from({ length: n }, (_, k) => yearLabel(FIRST_ACTUAL_YEAR + k));
  const grow = (base: number, rate: number): number[] =>
    years.map((_, k) => Math.round(base * (1 + rate) ** k));
  const expenditure: ExpenditureLine[] = LINES.map((l) => ({
    label: l.label,
    values: grow(l.base, l.growth),
  }));
  return {
    baseline: {
      requests: 97,
      noToAssessRate: 0.12,
      noToIssueRate: 0.039,
      ceased: 29,
      transfersIn: 2.5,
      openingEhcps: 6820,
      forecastStart: FORECAST_START,
      inmssPlacements: 395,
      inmssAnnualGrowth: 41,
      lagMonths: 3,
    },
    interventions: interventions(random),
    years,
    expenditure,
    funding: {
      highNeedsBlock: grow(-128000, 0.08),
      blockTransfer: grow(-2000, 0.03),
      otherBlocks: years.map((_, k) => (k === 0 ? -2531 : 0)),
      safetyValve: [-6700, -6700, -6700, -6700, -13400, 0, 0, 0, 0, 0, 0],
    },
    openingDeficit: 66232,
    costs: COSTS,
    settings: { balanceTargetYear: "2028/29", deficitCap: 84500, deficitCapYear: "2024/25" },
  };
}
