/** @jest-environment jsdom */
/**
 * An Excel too old for the add-in: the pane names the requirement set it
 * lacks and what to do, instead of failing part-way through a refresh.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { render, screen, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { UnsupportedExcel } from "../../src/taskpane/components/UnsupportedExcel";
import { REQUIRED_SETS, missingSets, type RequirementsLike } from "../../src/taskpane/host";
import { MINIMUM_EXCEL_API } from "../../src/workbook/office/helpers";
import { createFakeOffice } from "../fakes/excel";

/** An Office whose Excel supports exactly these sets, at these versions. */
function officeWith(sets: Record<string, string>): RequirementsLike {
  const atLeast = (have: string, want: string) => {
    const [a, b] = [have, want].map((v) => v.split(".").map(Number));
    return a[0] !== b[0] ? a[0] > b[0] : (a[1] ?? 0) >= (b[1] ?? 0);
  };
  return {
    context: {
      requirements: {
        isSetSupported: (name, version = "1.1") => name in sets && atLeast(sets[name], version),
      },
    },
  };
}

const CURRENT = { SharedRuntime: "1.2", CustomFunctionsRuntime: "1.5", ExcelApi: "1.17" };

test("the sets the pane checks are the manifest's, plus the workbook code's oldest Excel API", () => {
  const manifest = readFileSync(join(__dirname, "..", "..", "manifest.xml"), "utf8");
  const declared = [...manifest.matchAll(/<Set Name="([^"]+)" MinVersion="([^"]+)"\/>/g)].map(
    (m) => `${m[1]} ${m[2]}`
  );
  expect(REQUIRED_SETS.map((s) => `${s.name} ${s.version}`)).toEqual([
    ...declared,
    `ExcelApi ${MINIMUM_EXCEL_API}`,
  ]);
});

test("a current Excel lacks nothing; the fake Excel host the browser tests use lacks nothing", () => {
  expect(missingSets(officeWith(CURRENT))).toEqual([]);
  expect(
    missingSets(
      createFakeOffice({ sheets: [{ name: "Sheet1" }] }).Office as unknown as RequirementsLike
    )
  ).toEqual([]);
});

test("each missing set is named, at the version the add-in needs", () => {
  expect(
    missingSets(officeWith({ ...CURRENT, CustomFunctionsRuntime: "1.1" })).map(
      (s) => `${s.name} ${s.version}`
    )
  ).toEqual(["CustomFunctionsRuntime 1.2"]);
  const { SharedRuntime: _, ...noShared } = CURRENT;
  expect(missingSets(officeWith({ ...noShared, ExcelApi: "1.3" })).map((s) => s.name)).toEqual([
    "SharedRuntime",
    "ExcelApi",
  ]);
});

test("an Office that cannot answer is not turned away", () => {
  expect(missingSets(undefined)).toEqual([]);
  expect(missingSets({})).toEqual([]);
});

test("the message names the missing set, what it is for, and what to do", () => {
  const missing = missingSets(officeWith({ ...CURRENT, CustomFunctionsRuntime: "1.1" }));
  render(
    <FluentProvider theme={webLightTheme}>
      <UnsupportedExcel missing={missing} />
    </FluentProvider>
  );
  expect(screen.getByText("This version of Excel cannot run SEND Forecaster.")).toBeTruthy();
  const list = screen.getByRole("list", { name: "Missing requirement sets" });
  expect(
    within(list)
      .getAllByRole("listitem")
      .map((li) => li.textContent)
  ).toEqual(["CustomFunctionsRuntime 1.2 (the SEND functions and their error messages)"]);
  expect(
    screen.getByText(
      /Microsoft 365 Excel on Windows \(version 2002 or later\) and on a Mac \(16\.35 or later\), and in Excel on the web/
    )
  ).toBeTruthy();
  expect(
    screen.getByText(/does not\s+run in Excel 2016 or 2019 bought outright, or on an iPad/)
  ).toBeTruthy();
});

test("README's 'Deploying to your council' quotes the message as the pane shows it", () => {
  const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Deploying to your council"));
  const quoted = section
    .split("\n")
    .filter((l) => l.startsWith(">"))
    .map((l) => l.replace(/^>\s?/, ""))
    .join(" ")
    .replace(/[*]/g, "")
    .replace(/\s+/g, " ");
  render(
    <FluentProvider theme={webLightTheme}>
      <UnsupportedExcel
        missing={missingSets(officeWith({ ...CURRENT, CustomFunctionsRuntime: "1.1" }))}
      />
    </FluentProvider>
  );
  const shown = (document.querySelector("main")?.textContent ?? "").replace(/\s+/g, " ");
  expect(quoted).toContain(
    "This version of Excel cannot run SEND Forecaster. It lacks a feature the add-in needs:"
  );
  for (const item of screen
    .getAllByRole("listitem")
    .map((li) => (li.textContent ?? "").replace(/\s+/g, " ")))
    expect(quoted).toContain(item.replace(/^- /, ""));
  expect(shown).toContain("This version of Excel cannot run SEND Forecaster.");
  for (const set of REQUIRED_SETS.filter((s) => s.name !== "CustomFunctionsRuntime"))
    expect(section.replace(/\s+/g, " ")).toContain(`${set.name} ${set.version} (${set.purpose})`);
});
