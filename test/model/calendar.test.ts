import { financialYearOf, isMonthKey, isYearLabel, monthIndex, monthKey } from "../../src/model";

describe("calendar", () => {
  test("financial years run April to March", () => {
    expect(financialYearOf(monthIndex("2025-03"))).toBe("2024/25");
    expect(financialYearOf(monthIndex("2025-04"))).toBe("2025/26");
    expect(financialYearOf(monthIndex("1999-12"))).toBe("1999/00");
  });
  test("month keys round-trip", () => {
    for (const k of ["2025-01", "2026-12", "1999-07"]) expect(monthKey(monthIndex(k))).toBe(k);
    expect(isMonthKey("2025-13")).toBe(false);
    expect(isMonthKey("2025-1")).toBe(false);
  });
  test("year labels are YYYY/YY with the next year", () => {
    expect(isYearLabel("2024/25")).toBe(true);
    expect(isYearLabel("1999/00")).toBe(true);
    expect(isYearLabel("2024/26")).toBe(false);
    expect(isYearLabel("2024-25")).toBe(false);
    expect(isYearLabel(2024)).toBe(false);
  });
});
