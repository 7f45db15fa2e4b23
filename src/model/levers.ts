import { matchChoice } from "./text";

/**
 * The levers an intervention can pull (MODEL.md §2), in one table: its unit,
 * the measure of the month's system it moves and in which direction, and the
 * words people see. Validation, the month loop, the task pane's editor and
 * the output sheet all draw from it, so adding a lever is one entry here
 * (plus its arithmetic, when it moves a measure no lever moved before).
 */

/** A measure of the demand system in a month that levers move (the fields of `MonthSystem`). */
export type SystemMeasure =
  "requests" | "noToAssessRate" | "noToIssueRate" | "ceased" | "inmssReduction";

export interface LeverInfo {
  /** How the impact is given: a number a month, or a fraction (0.13, shown to people as 13). */
  unit: "perMonth" | "fraction";
  /** The measure it moves; also the output sheet's column for its change. */
  measure: SystemMeasure;
  /** +1 when a positive impact raises the measure, −1 when it lowers it. */
  sign: 1 | -1;
  /**
   * True when the impact is a share of the baseline's measure rather than an
   * amount of it; such shares together move at most the whole baseline.
   */
  shareOfBaseline: boolean;
  /** The impact's unit in words, after its number ("8 requests a month fewer", "13% fewer …"). */
  label: string;
  /** What the lever does (help text). */
  description: string;
  /**
   * Other ways a workbook may name it, matched by `choiceKey` (case, spaces
   * and separators aside; a `%` counts). Text that is none of these, nor the
   * lever's own name, is refused with the list of choices.
   */
  aliases: readonly string[];
}

const TABLE = {
  Requests: {
    unit: "perMonth",
    measure: "requests",
    sign: -1,
    shareOfBaseline: false,
    label: "requests a month fewer",
    description: "EHCNA requests a month fewer",
    aliases: ["Requests per month", "Requests a month", "Fewer requests", "EHCNA requests"],
  },
  RequestsPct: {
    unit: "fraction",
    measure: "requests",
    sign: -1,
    shareOfBaseline: true,
    label: "% fewer requests than the baseline",
    description: "requests lower by this share of the baseline",
    aliases: [
      "Requests %",
      "Requests percent",
      "Requests pct",
      "Requests percentage",
      "% requests",
      "% of requests",
    ],
  },
  NoToAssess: {
    unit: "fraction",
    measure: "noToAssessRate",
    sign: 1,
    shareOfBaseline: false,
    label: "percentage points on the no-to-assess rate",
    description: "no-to-assess rate higher by these percentage points",
    aliases: ["No to assess", "No to assess rate", "No to assess %", "NoToAssessRate"],
  },
  NoToIssue: {
    unit: "fraction",
    measure: "noToIssueRate",
    sign: 1,
    shareOfBaseline: false,
    label: "percentage points on the no-to-issue rate",
    description: "no-to-issue rate higher by these percentage points",
    aliases: ["No to issue", "No to issue rate", "No to issue %", "NoToIssueRate"],
  },
  Ceased: {
    unit: "perMonth",
    measure: "ceased",
    sign: 1,
    shareOfBaseline: false,
    label: "more plans ceased a month",
    description: "plans ceased a month more",
    aliases: ["Ceased plans", "Plans ceased", "Ceased per month", "Ceasing"],
  },
  INMSSGrowth: {
    unit: "fraction",
    measure: "inmssReduction",
    sign: 1,
    shareOfBaseline: false,
    label: "% lower INMSS placement growth",
    description: "INMSS placement growth lower by this share",
    aliases: ["INMSS growth", "INMSS growth %", "INMSS growth reduction"],
  },
} satisfies Record<string, LeverInfo>;

export type Lever = keyof typeof TABLE;

/** Every lever's entry. */
export const LEVER_INFO: Readonly<Record<Lever, LeverInfo>> = TABLE;

/** The levers' names, in the table's order. */
export const LEVERS = Object.keys(TABLE) as readonly Lever[];

export const isLever = (value: unknown): value is Lever =>
  typeof value === "string" && (LEVERS as readonly string[]).includes(value);

/** The lever a workbook's text names: its own name or one of its aliases (`choiceKey`); undefined for anything else. */
export function leverFromText(text: string): Lever | undefined {
  return matchChoice(
    text,
    LEVERS.map((l) => [l, [l, ...LEVER_INFO[l].aliases]])
  );
}

/** Impacts of these levers are fractions, which people read and write as percentages. */
export const isPercentLever = (lever: Lever): boolean => LEVER_INFO[lever].unit === "fraction";

/**
 * The change an impact makes to its lever's measure at full effect, before
 * clamping: signed, and a share of the baseline turned into an amount of it.
 * (A measure absent from `baseline`, the INMSS growth reduction, starts at 0.)
 */
export function leverChange(
  lever: Lever,
  impact: number,
  baseline: Partial<Record<SystemMeasure, number>>
): number {
  const info = LEVER_INFO[lever];
  return info.sign * impact * (info.shareOfBaseline ? (baseline[info.measure] ?? 0) : 1);
}
