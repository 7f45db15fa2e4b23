/**
 * One parser per contract input (spec: WORKBOOK.md, "Inputs"). Each reads a
 * range into its part of the model's input, collects every problem with its
 * cell, and records which cell each value came from so the model's own
 * checks can be reported against the cell too. The custom functions call
 * these on their arguments, wrapped by `rangeFromValues`.
 */
export * from "./keyValue";
export * from "./tables";
export * from "./ledger";
