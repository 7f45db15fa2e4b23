/**
 * A small in-memory Excel for tests: named ranges, tables, sheets, values,
 * formulas and number formats behind Office.js-shaped proxies, with load and
 * sync semantics that throw as Office.js does, a count of round trips,
 * shape and payload checks on writes, and a record of every cell changed.
 * No Node APIs: the browser tests bundle it too.
 */
export * from "./model";
export * from "./address";
export { FakeExcelHost, FakeOfficeError } from "./host";
export type {
  CellChange,
  CellSnapshot,
  FakeHostOptions,
  SyncRecord,
  HostChart,
  HostTable,
  HostName,
} from "./host";
export { FakeRequestContext, FakeRange, FakeWorksheet } from "./api";
export { createFakeOffice, installFakeOffice } from "./office";
export type { FakeOffice } from "./office";
