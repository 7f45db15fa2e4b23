import type { Lever } from "../model";

/**
 * The words a finance officer reads for each input and lever; the contract's
 * name stays beside them as secondary text, since it is what the workbook
 * and the README call it.
 */
export const INPUT_LABELS: Record<string, string> = {
  SEND_Baseline: "Baseline demand and rates",
  SEND_Monthly: "Monthly actuals",
  SEND_Interventions: "Interventions",
  SEND_Expenditure: "High Needs spending by provision",
  SEND_Funding: "High Needs funding",
  SEND_OpeningDeficit: "Deficit brought forward",
  SEND_Costs: "Unit costs",
  SEND_PlanActivity: "Plan activity",
  SEND_Settings: "Safety Valve settings",
  SEND_OriginalPlan: "The original plan",
  SEND_Comparison: "A trajectory to compare with",
};

/** An input's label in words, or its name when it has none. */
export const inputLabel = (name: string): string => INPUT_LABELS[name] ?? name;

export const LEVER_LABELS: Record<Lever, string> = {
  Requests: "Fewer requests for assessment",
  RequestsPct: "Fewer requests, as a share",
  NoToAssess: "More requests not assessed",
  NoToIssue: "More assessments without a plan",
  Ceased: "More plans ended",
  INMSSGrowth: "Slower independent placement growth",
};
