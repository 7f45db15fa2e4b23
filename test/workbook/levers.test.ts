import { WILTSHIRE } from "../../src/example/wiltshire";
import {
  LEVERS,
  isPercentLever,
  runForecast,
  validateInput,
  type ForecastInput,
  type Intervention,
  type Lever,
} from "../../src/model";
import { shapeOutput } from "../../src/workbook/output";
import {
  checkDraft,
  describeImpact,
  impactUnit,
  toDraft,
} from "../../src/taskpane/interventionDraft";

/**
 * The lever table feeds the month loop, the output sheet, validation and the
 * pane's editor. Each place is checked here against another's behaviour, not
 * against the table, so a wrong entry shows up as two places disagreeing.
 */

const SYSTEM_COLUMNS = [1, 2, 3, 4, 6]; // every column of the system table but the label and the net growth

function oneIntervention(lever: Lever, impact: number): ForecastInput {
  const iv: Intervention = {
    name: `Only ${lever}`,
    lever,
    impact,
    start: "2025-06",
    rampMonths: 3,
    status: "New",
    confidence: 1,
  };
  return { ...WILTSHIRE, interventions: [iv] };
}

function systemTable(input: ForecastInput) {
  const out = runForecast(input);
  if (!out.ok) throw new Error(JSON.stringify(out.problems));
  const table = shapeOutput(out.value, { input }).tables.find((t) => t.name === "SEND_OutSystem")!;
  const row = (label: string) => table.rows.find((r) => r[0] === label)!;
  return { intervention: row(`Only ${input.interventions![0].lever}`), total: row("Total change") };
}

describe("one table of levers drives every place that knows them", () => {
  describe.each(LEVERS.map((lever) => [lever]))("%s", (lever) => {
    const impact = isPercentLever(lever) ? 0.05 : 5;

    test("the output sheet puts an intervention's change in the column, with the sign, that the month loop moves", () => {
      const { intervention, total } = systemTable(oneIntervention(lever, impact));
      const moved = SYSTEM_COLUMNS.filter((c) => Math.abs(total[c] as number) > 1e-12);
      expect(moved).toHaveLength(1);
      for (const c of SYSTEM_COLUMNS) {
        if (c === moved[0]) expect(intervention[c] as number).toBeCloseTo(total[c] as number, 9);
        else expect(intervention[c]).toBeNull();
      }
    });

    test("validation takes percentage levers as fractions, and the pane's editor writes them in percent", () => {
      const tooLarge = validateInput(oneIntervention(lever, 1.5)).filter(
        (p) => p.field === "interventions[0].impact"
      );
      expect(tooLarge.length > 0).toBe(isPercentLever(lever));
      const row = {
        name: "x",
        lever,
        impact,
        start: "2025-06",
        rampMonths: 0,
        status: "New" as const,
        confidence: 1,
      };
      const draft = toDraft(row);
      expect(draft.impact).toBe("5"); // 0.05 of a percentage lever is written 5 (%), as is 5 a month

      expect(checkDraft(draft)).toEqual({ ok: true, row });
      expect(describeImpact(row)).toContain(impactUnit(lever));
    });
  });

  test("the pane's words for each lever are the ones users have seen", () => {
    expect(LEVERS.map(impactUnit)).toEqual([
      "requests a month fewer",
      "% fewer requests than the baseline",
      "percentage points on the no-to-assess rate",
      "percentage points on the no-to-issue rate",
      "more plans ceased a month",
      "% lower INMSS placement growth",
    ]);
    expect(LEVERS).toEqual([
      "Requests",
      "RequestsPct",
      "NoToAssess",
      "NoToIssue",
      "Ceased",
      "INMSSGrowth",
    ]);
  });
});
