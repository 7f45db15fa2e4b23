/**
 * The workbook's document settings, on their own so that the custom
 * functions' bundle can read them without taking in the Office.js workbook
 * adapter.
 */

/** The workbook's document settings, where the add-in keeps what travels with the file; undefined outside Office. */
export function documentSettings(): Office.Settings | undefined {
  return typeof Office !== "undefined" ? Office.context?.document?.settings : undefined;
}
