import { runInProcess } from "./inProcess";
import { parseArgs, parseGoal } from "../../src/cli/args";

import { EXAMPLE, tempDir } from "../fixtures/xlsx-files";
import { applyGoalLever, runForecast, simulate } from "../../src/model";
import type { RangeData } from "../../src/workbook/port";
import { WILTSHIRE } from "../../src/example/wiltshire";
import { parseUncertainty, rangeFromValues } from "../../src/workbook/contract";
import { formatProblem } from "../../src/workbook/problems";

/* --simulate N --seed S (README, "Uncertainty"): the Monte Carlo on the workbook's inputs. */

let dir: string;
let remove: () => void;
beforeEach(() => ({ dir, remove } = tempDir()));
afterEach(() => remove());

const run = (args: string[]) => runInProcess(args, dir);

describe("--simulate", () => {
  test("the same seed gives the same figures; the JSON has percentiles by year and the chances", async () => {
    const a = await run([EXAMPLE, "--no-write", "--json", "--simulate", "30", "--seed", "5"]);
    const b = await run([EXAMPLE, "--no-write", "--json", "--simulate=30", "--seed=5"]);
    expect(a.code).toBe(0);
    const sa = JSON.parse(a.stdout).simulation;
    expect(sa).toEqual(JSON.parse(b.stdout).simulation);
    expect(sa.draws).toBe(30);
    expect(sa.seed).toBe(5);
    // The deficit table's years, in order.
    // The opening year's balance is before any draw acts: every percentile is the forecast's own.
    expect(sa.years[0].closing.p10).toBeCloseTo(sa.years[0].closing.p90, 6);
    expect(sa.years.map((y: { year: string }) => y.year)).toEqual(JSON.parse(a.stdout).years);
    for (const y of sa.years) {
      expect(y.closing.p10).toBeLessThanOrEqual(y.closing.p50);
      expect(y.closing.p50).toBeLessThanOrEqual(y.closing.p90);
    }
    expect(sa.inYearBalance).toBeGreaterThanOrEqual(0);
    expect(sa.inYearBalance).toBeLessThanOrEqual(1);
  });

  test("the text report ends with the table and the chances in words", async () => {
    const r = await run([EXAMPLE, "--no-write", "--simulate", "20"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Monte Carlo: 20 draws, seed 1");
    expect(r.stdout).toMatch(/Chance of in-year balance by 2028\/29: \d+\.\d% \(\d+ of 20\)/);
    expect(r.stdout).toMatch(/Balance year: /);
  });

  test("the chances are given to a tenth of a percent with their counts, which add up to the draws", async () => {
    const args = [EXAMPLE, "--no-write", "--simulate", "2000", "--seed", "1"];
    const text = await run(args);
    const json = JSON.parse((await run([...args, "--json"])).stdout);
    const line = text.stdout
      .split("\n")
      .find((l) => l.startsWith("Balance year: ") && l.includes(" of 2,000)"))!;
    const parts = [
      ...line.matchAll(/(\d{4}\/\d{2}|not by 2030\/31) (<0\.1|\d+\.\d)% \(([\d,]+) of 2,000\)/g),
    ];
    const counts = parts.map((m) => Number(m[3].replace(/,/g, "")));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(2000);
    const shares = json.simulation.balanceYears.map((b: { share: number }) => b.share);
    expect(counts).toEqual(shares.map((x: number) => Math.round(x * 2000)));
    expect(parts[parts.length - 1][1]).toBe("not by 2030/31");
  });

  test("without --simulate there is no simulation in the JSON", async () => {
    const r = await run([EXAMPLE, "--no-write", "--json"]);
    expect(JSON.parse(r.stdout).simulation).toBeUndefined();
  });

  test.each([
    [["--simulate="], /--simulate needs a whole number of draws, 1 or more; found ''/],
    [["--simulate", "0"], /found '0'/],
    [["--simulate", "2.5"], /found '2.5'/],
    [["--simulate", "10", "--seed", "-1"], /--seed needs a whole number, 0 or more/],
    [["--seed", "3"], /--seed without --simulate/],
  ])("%j is refused with what to give", (args, message) => {
    const parsed = parseArgs(args);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});

describe("SEND_Uncertainty", () => {
  const cell = (values: unknown[][]): RangeData => rangeFromValues("SEND_Uncertainty", values);

  test("reads its keys, leaving out those not given", () => {
    const parsed = parseUncertainty(
      cell([
        ["Key", "Value"],
        ["Draws", 250],
        ["Seed", 9],
        ["Inflation range", 0.01],
        ["CeasedSD", 2],
      ])
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.value).toEqual({ draws: 250, seed: 9, inflationRange: 0.01, ceasedSd: 2 });
  });

  test.each([
    [
      ["Draws", 0],
      "SEND_Uncertainty!B1: expected the number of draws, a whole number of 1 or more, found 0",
    ],
    [
      ["Seed", 1.5],
      "SEND_Uncertainty!B1: expected the seed, a whole number of 0 or more, found 1.5",
    ],
    [["Concentration", -2], "SEND_Uncertainty!B1: expected a number above 0 (e.g. 10), found -2"],
  ])("%j is refused at its cell", (row, message) => {
    const parsed = parseUncertainty(cell([row]));
    expect(parsed.problems.map(formatProblem)).toEqual([message]);
  });

  test("its Draws and Seed are the CLI's defaults; --seed overrides the Seed", async () => {
    const input = { ...WILTSHIRE, uncertainty: { draws: 7, seed: 11 } };
    const fromInput = simulate(input);
    const explicit = simulate(WILTSHIRE, { draws: 7, seed: 11 });
    const overridden = simulate(input, { seed: 12 });
    if (!fromInput.ok || !explicit.ok || !overridden.ok) throw new Error("invalid");
    expect(fromInput.value.draws).toBe(7);
    expect(JSON.stringify(fromInput.value.raw)).toBe(JSON.stringify(explicit.value.raw));
    expect(overridden.value.seed).toBe(12);
    expect(parseArgs(["--simulate"])).toEqual({
      ok: true,
      args: expect.objectContaining({ simulate: "input" }),
    });
  });
});

describe("--goal-seek", () => {
  test("prints the answer in words and gives it in --json, met by a full run at that value", async () => {
    const text = await run([EXAMPLE, "--no-write", "--goal-seek", "balance,Requests@2026-04"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /Goal seek: In-year balance by 2028\/29 needs \d+\.\d requests a month fewer from 2026-04\./
    );
    const json = await run([EXAMPLE, "--no-write", "--json", "--goal-seek=2028/29<=100000,scale"]);
    const g = JSON.parse(json.stdout).goalSeek;
    expect(g.condition).toEqual({ kind: "ceiling", year: "2028/29", limit: 100000 });
    const at = runForecast(applyGoalLever(WILTSHIRE, { kind: "scale" }, g.value));
    if (!at.ok) throw new Error("invalid");
    const k = at.value.ledger.years.indexOf("2028/29");
    expect(at.value.ledger.closing[k]).toBeLessThanOrEqual(100000);
  });

  test.each([
    ["", /--goal-seek needs CONDITION,CHANGE.*found nothing/],
    ["balance", /found 'balance'/],
    ["soon,scale", /expected the condition balance, cap or YEAR<=LIMIT/],
    ["2028/29<=lots,scale", /found '2028\/29<=lots'/],
    ["balance,Wishes@2026-04", /expected the change scale or LEVER@MONTH/],
    ["balance,Requests@April", /found 'Requests@April'/],
  ])("%j is refused with what to give", (value, message) => {
    const parsed = parseArgs(["--goal-seek", value]);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });

  test("a lever's other spellings are taken", () => {
    expect(parseGoal("cap,Ceased plans@2025-04")).toEqual({
      condition: { kind: "deficitCap" },
      lever: { kind: "lever", lever: "Ceased", from: "2025-04" },
    });
  });
});

describe("--sensitivity", () => {
  test("the text lists each input's change, largest first; --json gives the rows", async () => {
    const text = await run([EXAMPLE, "--no-write", "--sensitivity"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Sensitivity: total deficit balance at the end of 2028\/29/);
    const json = JSON.parse((await run([EXAMPLE, "--no-write", "--json", "--sensitivity"])).stdout);
    const rows = json.sensitivity.rows as { label: string; swing: number; high: number }[];
    expect(rows.map((r) => r.swing)).toEqual(rows.map((r) => r.swing).sort((a, b) => b - a));
    // Its first row's label is the first listed in the text.
    const first = text.stdout.split("\n").findIndex((l) => l.startsWith("Sensitivity:"));
    expect(text.stdout.split("\n")[first + 1].trim().startsWith(rows[0].label)).toBe(true);
  });

  test("--json gives the sensitivity the refresh worked out without the flag; the text table needs it", async () => {
    const plain = await run([EXAMPLE, "--no-write", "--json"]);
    expect(plain.code).toBe(0);
    const s = JSON.parse(plain.stdout).sensitivity as {
      targetYear: string;
      closing: number;
      balanceYear: string | null;
      rows: { label: string; low: number; high: number; balanceYearLow: string | null }[];
    };
    expect(s.targetYear).toBe("2028/29");
    expect(Math.round(s.closing)).toBe(123_000);
    expect(s.balanceYear).toBe("2030/31");
    // The example's largest swings as the README's Sensitivity table gives them (£'000, −10% / +10%).
    const top = s.rows
      .slice(0, 3)
      .map((r) => [r.label, Math.round(r.low), Math.round(r.high), r.balanceYearLow]);
    expect(top).toEqual([
      ["Baseline: EHCPs at the start", -34_240, 34_240, "2028/29"],
      ["Baseline: requests a month", -9_126, 9_126, "2029/30"],
      ["Baseline: plans ceased a month", 3_559, -3_559, null],
    ]);
    // The same figures as with --sensitivity.
    const flagged = JSON.parse(
      (await run([EXAMPLE, "--no-write", "--json", "--sensitivity"])).stdout
    );
    expect(flagged.sensitivity).toEqual(s);
    const text = await run([EXAMPLE, "--no-write"]);
    expect(text.stdout).not.toMatch(/^Sensitivity:/m);
  });
});
