/**
 * The one place the add-in uses @microsoft/office-js-helpers: creating the
 * output sheet, and telling whether we are running inside Excel (and where).
 * Its bundled typings agree with the current @types/office-js for the few
 * members used here, so they are imported as they are.
 */
import { ExcelUtilities, HostType, PlatformType, Utilities } from "@microsoft/office-js-helpers";

/** The oldest Excel API set the add-in's workbook code relies on (getItemOrNullObject, names.add). */
export const MINIMUM_EXCEL_API = "1.4";

export interface HostInfo {
  /** "EXCEL", "WORD" … or "WEB" when not inside Office. */
  host: string;
  /** "PC", "MAC", "OFFICE_ONLINE", "IOS", or null outside Office. */
  platform: string | null;
  isExcel: boolean;
  /** Excel on the web, where requests are limited to 5 MB. */
  isOnline: boolean;
}

/**
 * Where the task pane is running. Reads Office.context once Office is ready;
 * in a plain browser tab (or a test without Office) it reports "WEB".
 */
export function hostInfo(): HostInfo {
  // The helpers read window.Office; there is no window in a headless run.
  if (typeof window === "undefined")
    return { host: HostType.WEB, platform: null, isExcel: false, isOnline: false };
  const host = Utilities.host;
  const platform = Utilities.platform ?? null;
  return {
    host,
    platform,
    isExcel: host === HostType.EXCEL,
    isOnline: platform === PlatformType.OFFICE_ONLINE,
  };
}

/** Whether the running Excel supports the API set (false outside Office). */
export function supportsExcelApi(version: string = MINIMUM_EXCEL_API): boolean {
  return (
    typeof Office !== "undefined" &&
    Boolean(Office.context?.requirements?.isSetSupported("ExcelApi", version))
  );
}

/**
 * Adds a sheet of the given name, for a name the caller has just seen free.
 * The helper would delete a sheet already of that name (and deleting a
 * sheet turns every formula pointing into it into #REF!), so an existing
 * output sheet is cleared in place instead, never passed here.
 *
 * With ExcelApi 1.4 the helper queues the add and the rename without
 * waiting, and its only round trip is the context.sync() it ends with.
 * Commands the caller queues on `workbook.worksheets.getItem(name)` straight
 * after this call (before awaiting it) travel in that same sync, which is
 * how the whole write stays one round trip.
 */
export function createSheet(workbook: Excel.Workbook, name: string): Promise<Excel.Worksheet> {
  if (!supportsExcelApi(MINIMUM_EXCEL_API)) {
    return Promise.reject(
      new Error(
        `This version of Excel is too old for the add-in: it needs the Excel API ${MINIMUM_EXCEL_API} or later.`
      )
    );
  }
  return ExcelUtilities.forceCreateSheet(workbook, name, false);
}
