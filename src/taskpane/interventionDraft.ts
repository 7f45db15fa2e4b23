import {
  LEVER_INFO,
  LEVERS,
  STATUSES,
  isLever,
  isMonthKey,
  isPercentLever,
  monthOfName,
  type InterventionStatus,
  type Lever,
} from "../model";
import { formatMonth } from "./format";
import type { InterventionRow } from "./services";

/**
 * A start month as a finance officer types it — `Apr 2025`, `April 2025`,
 * `Sept 2025` or `2025-04` — as the model's key (`2025-04`); null when it
 * is none of these.
 */
export function parseMonth(text: string): string | null {
  const t = text.trim();
  if (isMonthKey(t)) return t;
  const m = /^([a-z]+)\.?[\s-]+(\d{4})$/i.exec(t);
  if (!m) return null;
  const month = monthOfName(m[1]!);
  if (month === undefined) return null;
  const key = `${m[2]}-${String(month).padStart(2, "0")}`;
  return isMonthKey(key) ? key : null;
}

/**
 * An intervention as the user edits it: text fields, with percentage levers
 * and confidence in percent (13 for +13 points), since that is how the report
 * and the finance team write them. The model's fractions are converted at the
 * edge, in one place.
 */
export interface InterventionDraft {
  name: string;
  lever: Lever;
  impact: string;
  start: string;
  rampMonths: string;
  status: InterventionStatus;
  confidence: string;
}

export type DraftErrors = Partial<Record<keyof InterventionDraft, string>>;

/** Strips binary noise such as 0.13 × 100 = 13.000000000000002. */
const tidy = (x: number): number => Number(x.toPrecision(12));

/** The impact's unit in words, from the model's lever table. */
export const impactUnit = (lever: Lever): string => LEVER_INFO[lever].label;

export function toDraft(row: InterventionRow): InterventionDraft {
  return {
    name: row.name,
    lever: row.lever,
    impact: String(isPercentLever(row.lever) ? tidy(row.impact * 100) : row.impact),
    // Shown as the list shows it (Apr 2025); any of the forms parseMonth reads is taken back.
    start: formatMonth(row.start),
    rampMonths: String(row.rampMonths),
    status: row.status,
    confidence: String(tidy(row.confidence * 100)),
  };
}

export function newDraft(start: string): InterventionDraft {
  return {
    name: "",
    lever: "Requests",
    impact: "",
    start: formatMonth(start),
    rampMonths: "0",
    status: "New",
    confidence: "100",
  };
}

function parseNumber(text: string): number | null {
  const t = text.trim().replace(/,/g, "");
  if (t === "" || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return null;
  return Number(t);
}

/** Every problem with the draft, by field, in words; a row is written only when there are none. */
export function checkDraft(
  d: InterventionDraft
): { ok: true; row: InterventionRow } | { ok: false; errors: DraftErrors } {
  const errors: DraftErrors = {};
  if (d.name.trim() === "") errors.name = "Give the intervention a name.";
  if (!isLever(d.lever)) errors.lever = `Choose one of ${LEVERS.join(", ")}.`;
  if (!(STATUSES as readonly string[]).includes(d.status))
    errors.status = `Choose one of ${STATUSES.join(", ")}.`;
  const impact = parseNumber(d.impact);
  if (impact === null)
    errors.impact = `Expected a number (${impactUnit(d.lever)}), found '${d.impact}'.`;
  const start = parseMonth(d.start);
  if (start === null)
    errors.start = `Expected a month such as Apr 2025, April 2025 or 2025-04, found '${d.start}'.`;
  const ramp = parseNumber(d.rampMonths);
  if (ramp === null || !Number.isInteger(ramp) || ramp < 0)
    errors.rampMonths = `Expected a whole number of months, 0 or more, found '${d.rampMonths}'.`;
  const confidence = parseNumber(d.confidence);
  if (confidence === null || confidence < 0 || confidence > 100)
    errors.confidence = `Expected a percentage from 0 to 100, found '${d.confidence}'.`;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    row: {
      name: d.name.trim(),
      lever: d.lever,
      impact: isPercentLever(d.lever) ? tidy(impact! / 100) : impact!,
      start: start!,
      rampMonths: ramp!,
      status: d.status,
      confidence: tidy(confidence! / 100),
    },
  };
}

/** The confidence as the user typed it, in percent: 0.925 → "92.5%", 0.9 → "90%". */
export function describeConfidence(row: InterventionRow): string {
  return `${tidy(row.confidence * 100)}%`;
}

/** "−8 requests a month from Apr 2025" style summary for the list. */
export function describeImpact(row: InterventionRow): string {
  const value = isPercentLever(row.lever) ? tidy(row.impact * 100) : row.impact;
  const unit = impactUnit(row.lever);
  return unit.startsWith("%") ? `${value}${unit}` : `${value} ${unit}`;
}
