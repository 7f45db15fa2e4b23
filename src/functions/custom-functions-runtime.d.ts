/**
 * The part of Excel's custom-functions runtime the functions' signatures name.
 * Types only: the `CustomFunctions` global exists only inside Excel, so code
 * reaches it through `excelError.ts` (errors) and the build's generated
 * `CustomFunctions.associate` calls (registration), never directly.
 */
declare namespace CustomFunctions {
  /** The handle Excel passes as the last argument of a streaming function. */
  interface StreamingInvocation<T> {
    /** Sends a new value (or an error) to the calling cell; may be called any number of times. */
    setResult(value: T | { code: string; message?: string }): void;
    /** Set by the function; Excel calls it when the formula is deleted or recalculated away. */
    onCanceled?: () => void;
    address?: string;
  }
}
