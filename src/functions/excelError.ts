/**
 * Excel error values for the custom functions. Inside Excel a function
 * signals "#VALUE!" with a message by returning `new CustomFunctions.Error(code,
 * message)`; that global exists only in Excel's runtime, so this is the one
 * place that touches it, and outside Excel (tests, the command line) an
 * equivalent plain value is returned instead.
 */

/** The Excel error codes the functions return. */
export const ERROR_CODES = {
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  invalidNumber: "#NUM!",
} as const;

export type ErrorCodeName = keyof typeof ERROR_CODES;
export type ErrorCodeText = (typeof ERROR_CODES)[ErrorCodeName];

/** What a function returns for a bad argument: Excel's own error object, or its plain stand-in. */
export interface ExcelErrorValue {
  code: ErrorCodeText;
  message?: string;
}

interface RuntimeErrorClass {
  new (code: string, message?: string): ExcelErrorValue;
}

interface CustomFunctionsRuntime {
  Error: RuntimeErrorClass;
  ErrorCode: Record<string, string>;
}

function runtime(): CustomFunctionsRuntime | undefined {
  const candidate = (globalThis as { CustomFunctions?: Partial<CustomFunctionsRuntime> })
    .CustomFunctions;
  return candidate && typeof candidate.Error === "function" && candidate.ErrorCode
    ? (candidate as CustomFunctionsRuntime)
    : undefined;
}

/** An Excel error value carrying `message` (shown when the user hovers the cell). */
export function excelError(code: ErrorCodeName, message: string): ExcelErrorValue {
  const cf = runtime();
  if (cf) return new cf.Error(cf.ErrorCode[code] ?? ERROR_CODES[code], message);
  return { code: ERROR_CODES[code], message };
}

const CODE_TEXTS = new Set<string>(Object.values(ERROR_CODES));

export function isExcelError(value: unknown): value is ExcelErrorValue {
  if (typeof value !== "object" || value === null) return false;
  const cf = runtime();
  if (cf && value instanceof cf.Error) return true;
  return CODE_TEXTS.has((value as { code?: unknown }).code as string);
}

/**
 * A value for a streaming function's `invocation.setResult`. Inside Excel an
 * error value here is the runtime's own CustomFunctions.Error (excelError made
 * it); outside Excel it is the plain stand-in, whose code is the same text as
 * the runtime's ErrorCode member, so only the static type differs.
 */
export function asStreamingResult<T>(value: T | ExcelErrorValue): T | CustomFunctions.Error {
  return value as T | CustomFunctions.Error;
}
