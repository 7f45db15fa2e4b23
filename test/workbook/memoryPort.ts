import type {
  NameInfo,
  OutputSheet,
  RangeData,
  ReadResult,
  SheetOwnership,
  WorkbookPort,
} from "../../src/workbook/port";
import { rangeAddress } from "../../src/workbook/grid";

/**
 * A workbook held in memory behind the port: named ranges and tables as
 * RangeData, the output sheet's ownership and saved bindings. It records
 * every read and write so tests can check the round trips and that nothing
 * is written for bad input.
 */
export interface MemoryPort extends WorkbookPort {
  ranges: RangeData[];
  outputSheet: SheetOwnership;
  bindings: Record<string, string>;
  /** Names listed by the workbook that refer to no range (a #REF! name). */
  brokenNames: string[];
  reads: string[][];
  writes: OutputSheet[];
}

export function memoryPort(
  ranges: RangeData[],
  options: {
    outputSheet?: SheetOwnership;
    bindings?: Record<string, string>;
    brokenNames?: string[];
  } = {}
): MemoryPort {
  const port: MemoryPort = {
    ranges,
    outputSheet: options.outputSheet ?? "absent",
    bindings: { ...(options.bindings ?? {}) },
    brokenNames: [...(options.brokenNames ?? [])],
    reads: [],
    writes: [],
    async read(requested: readonly string[]): Promise<ReadResult> {
      port.reads.push([...requested]);
      const found: Record<string, RangeData | undefined> = {};
      // As the adapters do: matched case-insensitively, keyed by the requested spelling.
      for (const name of requested)
        found[name] = clone(port.ranges.find((r) => r.name.toLowerCase() === name.toLowerCase()));
      const names: NameInfo[] = [
        ...port.ranges.map((r) => ({ name: r.name, kind: r.kind, address: rangeAddress(r) })),
        ...port.brokenNames.map((name) => ({ name, kind: "name" as const, address: null })),
      ];
      return {
        ranges: found,
        names,
        outputSheet: port.outputSheet,
        bindings: { ...port.bindings },
      };
    },
    async write(sheet: OutputSheet): Promise<void> {
      port.writes.push(clone(sheet));
      port.outputSheet = "ours";
    },
  };
  return port;
}

function clone<T>(x: T): T {
  return x === undefined ? x : (JSON.parse(JSON.stringify(x)) as T);
}
