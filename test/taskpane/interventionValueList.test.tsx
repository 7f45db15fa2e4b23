/** @jest-environment jsdom */
import { render, screen, within } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { interventionValues, runForecast, type ForecastInput } from "../../src/model";
import { WILTSHIRE } from "../../src/example/wiltshire";
import { InterventionValueList } from "../../src/taskpane/components/InterventionValueList";
import { ResultsPanel } from "../../src/taskpane/components/ResultsPanel";
import { formatMillions } from "../../src/taskpane/format";
import { specialSchoolsPriced } from "../fixtures/specialSchoolsPriced";

/** Wiltshire with its Special Schools line priced per EHCP against the plan's recorded activity, so that interventions are worth £. */
const priced = (): ForecastInput => specialSchoolsPriced();

const values = (() => {
  const v = interventionValues(priced());
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.value;
})();

describe("what each intervention is worth, in the pane", () => {
  test("lists the interventions by £ avoided to the target year, most first, with plans avoided and the interaction note", () => {
    render(
      <FluentProvider theme={webLightTheme}>
        <InterventionValueList values={values} />
      </FluentProvider>
    );
    const table = screen.getByTestId("intervention-values");
    const body = within(table).getAllByRole("rowgroup")[1];
    const names = within(body)
      .getAllByRole("row")
      .map((r) => within(r).getByRole("rowheader").textContent);
    // The expected order is worked out here from the figures, not by the component's sort.
    const expected = values.interventions
      .map((iv) => [iv.name, iv.costAvoidedToTarget] as const)
      .sort((a, b) => b[1] - a[1])
      .map(([n]) => n);
    expect(names).toEqual(expected);
    expect(names).toHaveLength(WILTSHIRE.interventions!.length);
    // Not the order listed: the list is sorted.
    expect(names).not.toEqual(WILTSHIRE.interventions!.map((iv) => iv.name));
    const top = values.interventions.find((iv) => iv.name === expected[0])!;
    const first = within(body).getAllByRole("row")[0];
    expect(
      within(first)
        .getAllByRole("cell")
        .map((c) => c.textContent)
    ).toEqual([
      formatMillions(top.costAvoidedToTarget),
      Math.round(top.ehcpsAvoidedInTarget).toLocaleString("en-GB"),
    ]);
    expect(screen.getByTestId("intervention-values-whole").textContent).toContain(
      formatMillions(values.whole.costAvoidedToTarget)
    );
    expect(screen.getByTestId("intervention-values-interaction")).toBeTruthy();
    expect(screen.getByText(/Effects interact/)).toBeTruthy();
  });

  test("the results show it when the refresh gave values, and not otherwise", () => {
    const r = runForecast(priced());
    if (!r.ok) throw new Error("does not forecast");
    const { unmount } = render(
      <FluentProvider theme={webLightTheme}>
        <ResultsPanel result={{ ...r.value, interventionValues: values }} />
      </FluentProvider>
    );
    expect(screen.getByTestId("intervention-values")).toBeTruthy();
    unmount();
    render(
      <FluentProvider theme={webLightTheme}>
        <ResultsPanel result={r.value} />
      </FluentProvider>
    );
    expect(screen.queryByTestId("intervention-values")).toBeNull();
  });
});
