import { labelKey } from "../model";

/**
 * The nearest known label to a header or key the contract does not know,
 * so a misspelt one ("Stauts", "Ramp Mnths") is reported with the label
 * meant rather than ignored.
 */

/**
 * Edit distance: insertions, deletions, substitutions and swaps of two
 * neighbouring letters, one each ("Stauts" is one from "Status").
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0))
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(
        d[i - 1][j] + 1,
        d[i][j - 1] + 1,
        d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

/** Within this distance (on `labelKey` forms) an unknown label is taken for a misspelling of a known one. */
export const MISSPELT_WITHIN = 2;

/**
 * The known label nearest to `text` (compared as `labelKey` forms) and its
 * distance; the first in `known`'s order on a tie.
 */
export function nearestLabel(
  text: string,
  known: readonly string[]
): { label: string; distance: number } | undefined {
  const key = labelKey(text);
  let best: { label: string; distance: number } | undefined;
  for (const label of known) {
    const distance = editDistance(key, labelKey(label));
    if (best === undefined || distance < best.distance) best = { label, distance };
  }
  return best;
}

/**
 * Headers councils keep beside the contract's columns for their own use,
 * which a table input leaves alone; so is any header that starts with `#`.
 * None is within MISSPELT_WITHIN of a column the contract reads (a test
 * checks), so no misspelling can hide among them.
 */
export const OWN_COLUMN_HEADERS: readonly string[] = [
  "Notes",
  "Comments",
  "Description",
  "Details",
  "Owner",
  "Lead officer",
  "Evidence",
  "Source",
];

/** A header the user keeps for their own use: one of OWN_COLUMN_HEADERS, or marked with a leading #. */
export function isOwnColumn(header: string): boolean {
  const key = labelKey(header);
  return header.trimStart().startsWith("#") || OWN_COLUMN_HEADERS.some((h) => labelKey(h) === key);
}
