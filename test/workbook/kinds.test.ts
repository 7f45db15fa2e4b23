/**
 * What the output says each figure is, in the shape both adapters style
 * from: the model's input decides it (which years are outturn, which lines
 * SEND_Costs prices, which baseline figures were given and which came from
 * the monthly actuals), checked here against that input by hand.
 */
import { WILTSHIRE } from "../../src/example/wiltshire";
import { runForecast, type ForecastInput } from "../../src/model";
import { shapeOutput } from "../../src/workbook/output";
import { kindBlocks } from "../../src/workbook/office/layout";
import type { CellKind, OutputSheet } from "../../src/workbook/port";

function shaped(input: ForecastInput): OutputSheet {
  const out = runForecast(input);
  if (!out.ok) throw new Error(JSON.stringify(out.problems));
  return shapeOutput(out.value, { input });
}

const tableOf = (s: OutputSheet, name: string) => s.tables.find((t) => t.name === name)!;

describe("the kind of each cell", () => {
  const costed: ForecastInput = {
    ...WILTSHIRE,
    costs: [
      {
        line: "special schools", // matched as the contract matches labels
        driver: "EHCPs",
        share: 0.3,
        unitCost: 25000,
        inflation: 0.03,
        baseYear: "2024/25",
        method: "Total",
      },
    ],
  };
  const sheet = shaped(costed);

  test("every table's kinds have its rows' shape; labels and blanks have none", () => {
    for (const t of sheet.tables) {
      if (!t.kinds) continue;
      expect([t.name, t.kinds.length]).toEqual([t.name, t.rows.length]);
      t.kinds.forEach((k, r) => {
        expect(k).toHaveLength(t.headers.length);
        k.forEach((kind, c) => {
          if (t.rows[r][c] === null || typeof t.rows[r][c] === "string") expect(kind).toBeNull();
        });
      });
    }
  });

  test("deficit table: 2023/24 actual; from 2024/25 (the forecast starts January 2025) the priced line driven, the others supplied, the totals forecast", () => {
    const deficit = tableOf(sheet, "SEND_OutDeficit");
    const kindsOf = (label: string) =>
      deficit.kinds![deficit.rows.findIndex((r) => r[0] === label)];
    const years = WILTSHIRE.years.length;
    const expect8 = (first: CellKind, rest: CellKind) => [
      null,
      first,
      ...new Array<CellKind>(years - 1).fill(rest),
    ];
    expect(kindsOf("Special Schools")).toEqual(expect8("actual", "driven"));
    expect(kindsOf("Post 16 Provision")).toEqual(expect8("actual", "supplied"));
    expect(kindsOf("High Needs Block")).toEqual(expect8("actual", "supplied"));
    expect(kindsOf("Total Expenditure")).toEqual(expect8("actual", "forecast"));
    expect(kindsOf("Total Deficit Balance")).toEqual(expect8("actual", "forecast"));
    expect(kindsOf("Plan Year").every((k) => k === null)).toBe(true);
  });

  test("system table: the baseline given in SEND_Baseline is supplied; worked out from monthly actuals, actual", () => {
    const system = tableOf(sheet, "SEND_OutSystem");
    expect(system.kinds![0].slice(1, 5)).toEqual(["supplied", "supplied", "supplied", "supplied"]);
    const fromActuals: ForecastInput = {
      ...WILTSHIRE,
      baseline: { ...WILTSHIRE.baseline, requests: undefined, ceased: undefined },
      monthly: Array.from({ length: 12 }, (_, k) => ({
        month: `${k < 9 ? 2024 : 2025}-${String(((k + 3) % 12) + 1).padStart(2, "0")}`,
        requests: 97,
        noToAssess: 12,
        noToIssue: 3,
        plansIssued: 82,
        ceased: 29,
      })),
    };
    const derived = tableOf(shaped(fromActuals), "SEND_OutSystem");
    expect(derived.kinds![0].slice(1, 5)).toEqual(["actual", "supplied", "supplied", "actual"]);
    // Each intervention's row is the council's own; the target system is worked out.
    expect(derived.kinds![1].filter((k) => k !== null)).toEqual(["supplied"]);
    expect(derived.kinds![derived.kinds!.length - 1].slice(1)).toEqual(
      new Array(6).fill("forecast")
    );
  });

  test("trajectory: the comparison column is the workbook's own series, the scenarios forecast", () => {
    const withComparison: ForecastInput = {
      ...WILTSHIRE,
      comparison: { label: "original plan", months: ["2025-01", "2025-02"], ehcps: [6000, 6050] },
    };
    const t = tableOf(shaped(withComparison), "SEND_OutTrajectory");
    const column = t.headers.indexOf("EHCPs original plan");
    expect(t.kinds![0][column]).toBe("supplied");
    expect(t.kinds![0][1]).toBe("forecast");
    expect(t.kinds![0][0]).toBeNull();
    // A month the comparison does not give is blank, with no kind.
    expect(t.rows[5][column]).toBeNull();
    expect(t.kinds![5][column]).toBeNull();
  });
});

describe("kindBlocks: a table's kinds as rectangles", () => {
  test("covers each styled cell exactly once and no other", () => {
    const kinds: (CellKind | null)[][] = [
      [null, "actual", "driven", "driven"],
      [null, "actual", "driven", "driven"],
      [null, "actual", "supplied", "supplied"],
      [null, null, null, null],
      [null, "forecast", "forecast", "supplied"],
    ];
    const blocks = kindBlocks(kinds);
    const seen = kinds.map((r) => r.map(() => 0));
    for (const b of blocks)
      for (let r = b.r0; r <= b.r1; r++)
        for (let c = b.c0; c <= b.c1; c++) {
          expect(kinds[r][c]).toBe(b.kind);
          seen[r][c]++;
        }
    kinds.forEach((row, r) => row.forEach((k, c) => expect(seen[r][c]).toBe(k ? 1 : 0)));
    // Column B's three actual cells are one block, the driven 2×2 another.
    expect(blocks).toContainEqual({ r0: 0, c0: 1, r1: 2, c1: 1, kind: "actual" });
    expect(blocks).toContainEqual({ r0: 0, c0: 2, r1: 1, c1: 3, kind: "driven" });
    expect(blocks).toHaveLength(5);
  });
});
