import { FluentProvider } from "@fluentui/react-components";
import { createRoot, type Root } from "react-dom/client";
import type { ReactNode } from "react";
import { App } from "./App";
import { OutsideExcel } from "./components/OutsideExcel";
import { SimulationRunnerContext } from "./components/SimulationPanel";
import { UnsupportedExcel } from "./components/UnsupportedExcel";
import { detectHost, missingSets } from "./host";
import { createOfficeServices } from "./officeServices";
import { createWorkerRunner } from "./simulationWorker";
import { PANE_THEMES, paneThemeName, type OfficeThemeColours } from "./theme";

function mount(): Root {
  let container = document.getElementById("container");
  if (!container) {
    container = document.createElement("div");
    container.id = "container";
    document.body.appendChild(container);
  }
  return createRoot(container);
}

const root = mount();
const forcedColors =
  typeof window.matchMedia === "function" ? window.matchMedia("(forced-colors: active)") : null;
let shown: ReactNode = null;

/** Office's theme (light, dark, black, colourful), once Office has answered; Windows high contrast wins over it. */
function officeTheme(): OfficeThemeColours | undefined {
  try {
    return typeof Office === "undefined"
      ? undefined
      : (Office.context?.officeTheme as OfficeThemeColours | undefined);
  } catch {
    return undefined;
  }
}

const show = (node: ReactNode) => {
  shown = node;
  const theme = PANE_THEMES[paneThemeName(officeTheme(), forcedColors?.matches ?? false)];
  // The page behind the provider wears the theme too, so no white shows below a short pane.
  document.body.style.margin = "0";
  document.body.style.backgroundColor = theme.colorNeutralBackground1;
  document.body.style.color = theme.colorNeutralForeground1;
  root.render(
    <FluentProvider theme={theme} style={{ minHeight: "100vh" }}>
      {node}
    </FluentProvider>
  );
};
forcedColors?.addEventListener?.("change", () => show(shown));

// Something on screen before Office answers, so the first paint is never blank.
show(<p style={{ padding: 12 }}>Starting SEND Forecaster…</p>);

detectHost(typeof Office === "undefined" ? undefined : Office).then((host) => {
  if (host.kind === "excel") {
    // Excel tells the pane when the user picks another Office theme.
    try {
      Office.context.document.addHandlerAsync?.(Office.EventType.OfficeThemeChanged, () =>
        show(shown)
      );
    } catch {
      // Older hosts have no theme event: the pane keeps the theme it opened with.
    }
    // An Excel too old for the add-in says which set it lacks, instead of failing part-way through a refresh.
    const missing = missingSets(Office);
    show(
      missing.length > 0 ? (
        <UnsupportedExcel missing={missing} />
      ) : (
        // The Monte Carlo's draws run in a Web Worker, off the pane's thread.
        <SimulationRunnerContext.Provider value={createWorkerRunner()}>
          <App services={createOfficeServices()} />
        </SimulationRunnerContext.Provider>
      )
    );
  } else
    show(
      <OutsideExcel
        reason={host.kind === "noOffice" ? "noOffice" : "notExcel"}
        host={host.kind === "other" ? host.host : null}
      />
    );
});
