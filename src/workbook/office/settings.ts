/**
 * The workbook's document settings, on their own so that the custom
 * functions' bundle can read them without taking in the Office.js workbook
 * adapter.
 */

/** The workbook's document settings, where the add-in keeps what travels with the file; undefined outside Office. */
export function documentSettings(): Office.Settings | undefined {
  return typeof Office !== "undefined" ? Office.context?.document?.settings : undefined;
}

/** The document settings key under which input bindings travel with the workbook. */
export const BINDINGS_SETTING = "SEND.bindings";

/** The saved bindings (input name → the user's name or table); malformed entries are ignored. */
export function bindingsFrom(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return out;
  for (const [input, name] of Object.entries(raw))
    if (typeof name === "string" && name.trim()) out[input] = name.trim();
  return out;
}
