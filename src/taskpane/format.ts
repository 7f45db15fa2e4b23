/**
 * How the pane shows figures: the way the report does. Money arrives in
 * £'000 (the model's unit) and is shown in £m to one decimal place, as the
 * report writes "£123.4m"; deficits are positive, surpluses negative.
 */

/** £'000 → "£123.4m" (or "−£0.9m"). */
export function formatMillions(thousands: number): string {
  const m = Math.round(thousands / 100) / 10;
  const sign = m < 0 ? "\u2212" : "";
  return `${sign}£${Math.abs(m).toFixed(1)}m`;
}

/** A count of plans, rounded to one decimal place where it is not whole ("636.4"). */
export function formatPlans(n: number, digits = 1): string {
  return n.toLocaleString("en-GB", { minimumFractionDigits: 0, maximumFractionDigits: digits });
}

/** 0.125 → "12.5%". */
export function formatRate(fraction: number): string {
  return `${(fraction * 100).toLocaleString("en-GB", { maximumFractionDigits: 1 })}%`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2026-04" → "Apr 2026". */
export function formatMonth(key: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  if (!m) return key;
  return `${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/**
 * Thousands separators and a true minus for the figures inside a message
 * written for a spreadsheet ("the lines add up to 118750, -1 against the
 * supplied 118751" → "118,750, −1 … 118,751"), as the report prints them.
 * Warnings arrive as sentences, so the figures are found by shape. Left
 * as written: four-digit numbers from 1900 to 2199 (years, "2025/26",
 * "2026-04"), anything joined to a letter, underscore, quote or decimal
 * point (cell addresses such as C1000, names such as Funding_2025, a cell's
 * text quoted back), and the decimals of a figure.
 */
export function formatFiguresInText(text: string): string {
  const separated = text.replace(/(?<![\w.,'’/]|\w[-−])(\d{4,})(?=(\.\d+)?(?![\w'’/-]|[.,]\d))/g, (digits) => {
    const n = Number(digits);
    if (digits.length === 4 && n >= 1900 && n < 2200) return digits;
    return n.toLocaleString("en-GB", { maximumFractionDigits: 0 });
  });
  // A hyphen standing before a figure (not between two, as in 2026-04) is a minus sign.
  return separated.replace(/(^|[\s(])-(?=\d)/g, "$1\u2212");
}
