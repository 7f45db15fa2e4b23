import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { createRoot, type Root } from "react-dom/client";
import type { ReactNode } from "react";
import { App } from "./App";
import { OutsideExcel } from "./components/OutsideExcel";
import { UnsupportedExcel } from "./components/UnsupportedExcel";
import { detectHost, missingSets } from "./host";
import { createOfficeServices } from "./officeServices";

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
const show = (node: ReactNode) =>
  root.render(<FluentProvider theme={webLightTheme}>{node}</FluentProvider>);

// Something on screen before Office answers, so the first paint is never blank.
show(<p style={{ padding: 12 }}>Starting SEND Forecaster…</p>);

detectHost(typeof Office === "undefined" ? undefined : Office).then((host) => {
  if (host.kind === "excel") {
    // An Excel too old for the add-in says which set it lacks, instead of failing part-way through a refresh.
    const missing = missingSets(Office);
    show(
      missing.length > 0 ? (
        <UnsupportedExcel missing={missing} />
      ) : (
        <App services={createOfficeServices()} />
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
