/**
 * Installs the fake as the globals an add-in sees: `Excel` (run, the enums
 * the add-in uses, ErrorCodes) and `Office` (onReady, context.document
 * settings, requirement sets). Works in Node and in a browser page.
 */
import { FakeRequestContext, apiAtLeast } from "./api";
import { FakeExcelHost, FakeHostOptions, FakeOfficeError } from "./host";
import { FakeWorkbookModel } from "./model";

export interface FakeOffice {
  host: FakeExcelHost;
  /** Excel.run against the fake, for passing to code that takes `run` as a parameter. */
  run: <T>(batch: (context: FakeRequestContext) => Promise<T>) => Promise<T>;
  /** Actions queued but never synced when a batch ended (Excel would drop them too). */
  droppedActions: () => number;
  Excel: Record<string, unknown>;
  Office: Record<string, unknown>;
}

interface AsyncResult {
  status: string;
  value: unknown;
  error?: { code: number; name: string; message: string };
}

export function createFakeOffice(
  model: FakeWorkbookModel,
  options: FakeHostOptions = {}
): FakeOffice {
  const host = new FakeExcelHost(model, options);
  let dropped = 0;

  const run = async <T>(batch: (context: FakeRequestContext) => Promise<T>): Promise<T> => {
    const context = new FakeRequestContext(host);
    try {
      return await batch(context);
    } finally {
      dropped += context.pendingActions;
    }
  };

  let working: Record<string, unknown> = JSON.parse(JSON.stringify(host.savedSettings));
  const settings = {
    get: (name: string): unknown =>
      name in working ? JSON.parse(JSON.stringify(working[name])) : null,
    set: (name: string, value: unknown): void => {
      working[name] = JSON.parse(JSON.stringify(value));
    },
    remove: (name: string): void => {
      delete working[name];
    },
    saveAsync: (...args: unknown[]): void => {
      const callback = args.find((a): a is (r: AsyncResult) => void => typeof a === "function");
      host.savedSettings = JSON.parse(JSON.stringify(working));
      setTimeout(() => callback?.({ status: "succeeded", value: undefined }), 0);
    },
    refreshAsync: (callback?: (r: AsyncResult) => void): void => {
      working = JSON.parse(JSON.stringify(host.savedSettings));
      setTimeout(() => callback?.({ status: "succeeded", value: settings }), 0);
    },
  };

  const Excel = {
    run,
    ChartType: {
      line: "Line",
      columnClustered: "ColumnClustered",
      lineMarkers: "LineMarkers",
      barClustered: "BarClustered",
      areaStacked: "AreaStacked",
    },
    ChartLineStyle: { none: "None", continuous: "Continuous", automatic: "Automatic" },
    ChartSeriesBy: { auto: "Auto", columns: "Columns", rows: "Rows" },
    InsertShiftDirection: { down: "Down", right: "Right" },
    DeleteShiftDirection: { up: "Up", left: "Left" },
    CalculationMode: {
      automatic: "Automatic",
      automaticExceptTables: "AutomaticExceptTables",
      manual: "Manual",
    },
    RangeValueType: {
      unknown: "Unknown",
      empty: "Empty",
      string: "String",
      integer: "Integer",
      double: "Double",
      boolean: "Boolean",
      error: "Error",
    },
    NamedItemType: {
      string: "String",
      integer: "Integer",
      double: "Double",
      boolean: "Boolean",
      range: "Range",
      error: "Error",
      array: "Array",
    },
    ErrorCodes: {
      itemNotFound: "ItemNotFound",
      itemAlreadyExists: "ItemAlreadyExists",
      invalidArgument: "InvalidArgument",
      invalidOperation: "InvalidOperation",
      propertyNotLoaded: "PropertyNotLoaded",
      requestPayloadSizeLimitExceeded: "RequestPayloadSizeLimitExceeded",
    },
    RequestContext: FakeRequestContext,
  };

  const requirementSets: Record<string, string> = {
    ExcelApi: host.options.excelApi,
    SharedRuntime: "1.1",
    CustomFunctionsRuntime: "1.3",
  };
  const context = {
    host: "Excel",
    platform: "PC",
    document: { settings },
    requirements: {
      isSetSupported: (name: string, version?: string | number): boolean =>
        name in requirementSets && apiAtLeast(requirementSets[name], String(version ?? "1.1")),
    },
  };
  const Office = {
    context,
    HostType: {
      Excel: "Excel",
      Word: "Word",
      PowerPoint: "PowerPoint",
      Outlook: "Outlook",
      OneNote: "OneNote",
      Project: "Project",
      Access: "Access",
    },
    PlatformType: {
      PC: "PC",
      OfficeOnline: "OfficeOnline",
      Mac: "Mac",
      iOS: "iOS",
      Android: "Android",
      Universal: "Universal",
    },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    onReady: (callback?: (info: { host: string; platform: string }) => void) => {
      const info = { host: "Excel", platform: "PC" };
      callback?.(info);
      return Promise.resolve(info);
    },
  };

  return { host, run, droppedActions: () => dropped, Excel, Office };
}

/**
 * Sets globalThis.Excel, globalThis.Office and OfficeExtension on `globalObject`
 * (window in a page, globalThis in Jest). Returns the fake for assertions.
 */
export function installFakeOffice(
  globalObject: object,
  model: FakeWorkbookModel,
  options: FakeHostOptions = {}
): FakeOffice {
  const fake = createFakeOffice(model, options);
  Object.assign(globalObject, {
    Excel: fake.Excel,
    Office: fake.Office,
    OfficeExtension: { Error: FakeOfficeError },
  });
  return fake;
}
