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

/**
 * A rate the forecast works out, always to one decimal place, as money is
 * always to one decimal of £m: 0.12 → "12.0%", 0.039 → "3.9%", so a column
 * of rates reads alike and lines up. (Figures the user typed, such as an
 * intervention's confidence, are echoed as typed.)
 */
export function formatRate(fraction: number): string {
  const pct = Math.round(fraction * 1000) / 10;
  return `${(pct === 0 ? 0 : pct).toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2026-04" → "Apr 2026". */
export function formatMonth(key: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  if (!m) return key;
  return `${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/** An ISO 8601 time → "1 April 2025 at 09:30", in the user's time zone. */
export function formatRefreshTime(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const day = t.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  const time = t.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
  return `${day} at ${time}`;
}
