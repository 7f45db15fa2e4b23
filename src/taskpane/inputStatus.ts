import { labelKey } from "../model";
import { parseAddress } from "../workbook/address";
import { looseMatches } from "../workbook/contract";
import { OWNERSHIP_NAME, type NameInfo } from "../workbook/port";
import type { Bindings, ContractInputInfo } from "./services";

/**
 * Each contract input's status for the Inputs list: found under its own
 * name, bound to one of the user's names, or missing. Names match the way
 * the contract matches them (spec: WORKBOOK.md): case-insensitively,
 * ignoring spaces, underscores and punctuation.
 */
export type InputState = "found" | "bound" | "missing" | "brokenBinding";

export interface InputStatus {
  input: ContractInputInfo;
  state: InputState;
  /** The workbook name it resolves to (its own, or the bound one). */
  resolvedName: string | null;
  /** "Inputs!B2:C11", when the name refers to a range. */
  address: string | null;
  kind: NameInfo["kind"] | null;
}

// The refresh's own matching: a workbook-scoped name or a table wins over a sheet-scoped name of the same spelling.
const findName = (names: readonly NameInfo[], wanted: string): NameInfo | undefined =>
  looseMatches(names, wanted)[0];

export function inputStatuses(
  inputs: readonly ContractInputInfo[],
  names: readonly NameInfo[],
  bindings: Bindings
): InputStatus[] {
  return inputs.map((input) => {
    const bound = bindings[input.name];
    if (bound) {
      const hit = findName(names, bound);
      return hit
        ? { input, state: "bound", resolvedName: hit.name, address: hit.address, kind: hit.kind }
        : { input, state: "brokenBinding", resolvedName: bound, address: null, kind: null };
    }
    const own = findName(names, input.name);
    return own
      ? { input, state: "found", resolvedName: own.name, address: own.address, kind: own.kind }
      : { input, state: "missing", resolvedName: null, address: null, kind: null };
  });
}

/** The words a screen reader and a sighted user both get; status is never colour alone. */
export function describeStatus(s: InputStatus): string {
  switch (s.state) {
    case "found":
      return `Found${s.address ? ` at ${s.address}` : ""}`;
    case "bound":
      return `Bound to ${s.resolvedName}${s.address ? ` (${s.address})` : ""}`;
    case "brokenBinding":
      return `Bound to ${s.resolvedName}, which is no longer in the workbook`;
    case "missing":
      return s.input.required ? "Missing (required)" : "Missing (optional)";
  }
}

/** The inputs that are one cell; every other input is a table of at least two rows and two columns. */
const SINGLE_CELL_INPUTS = new Set(["SEND_OpeningDeficit"]);

/**
 * Whether a name's range has the shape an input needs: one cell for a single
 * figure, at least 2 × 2 cells for a table (a header and a row, a key and its
 * value). A table, or an address this cannot read, is let through: the
 * refresh checks it cell by cell.
 */
export function fitsInput(input: string, n: NameInfo): boolean {
  const range = n.kind === "table" || n.address === null ? null : parseAddress(n.address);
  if (range === null) return n.kind === "table" ? !SINGLE_CELL_INPUTS.has(input) : true;
  const oneCell = range.rows === 1 && range.columns === 1;
  return SINGLE_CELL_INPUTS.has(input) ? oneCell : range.rows >= 2 && range.columns >= 2;
}

/** Names the user can bind an input to: those that refer to a range, and, given the input, whose shape fits it. */
export function bindableNames(names: readonly NameInfo[], input?: string): NameInfo[] {
  return names
    .filter(
      (n) =>
        n.address !== null &&
        (input === undefined || fitsInput(input, n)) &&
        !/^SEND_Out/i.test(n.name) &&
        labelKey(n.name) !== labelKey(OWNERSHIP_NAME)
    )
    .sort((a, b) => a.name.localeCompare(b.name));
}
