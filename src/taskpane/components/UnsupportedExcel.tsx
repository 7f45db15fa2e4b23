import type { RequiredSet } from "../host";
import { NoticePage } from "./NoticePage";

/**
 * Shown instead of the pane when this Excel lacks a requirement set the
 * add-in needs: which set, what it is for, and which Excel to use instead.
 * README ("Deploying to your council") quotes it.
 */
export function UnsupportedExcel(props: { missing: readonly RequiredSet[] }) {
  return (
    <NoticePage
      intent="error"
      title="This version of Excel cannot run SEND Forecaster."
      reason={
        <>
          It lacks {props.missing.length === 1 ? "a feature" : "features"} the add-in needs:
          <ul aria-label="Missing requirement sets">
            {props.missing.map((set) => (
              <li key={set.name}>
                {set.name} {set.version} ({set.purpose})
              </li>
            ))}
          </ul>
        </>
      }
    >
      <h2>What to do</h2>
      <ul>
        <li>
          Update Excel and open the workbook again: on Windows,{" "}
          <strong>File › Account › Update Options › Update Now</strong>; on a Mac,{" "}
          <strong>Help › Check for Updates</strong>.
        </li>
        <li>
          It runs in Microsoft 365 Excel on Windows (version 2002 or later) and on a Mac (16.35 or
          later), and in Excel on the web. It does not run in Excel 2016 or 2019 bought outright, or
          on an iPad.
        </li>
        <li>
          Or open the workbook in Excel on the web (from OneDrive or SharePoint, in Edge, Chrome,
          Firefox or Safari).
        </li>
        <li>If Excel is up to date and this still shows, ask your IT team which Excel you have.</li>
      </ul>
    </NoticePage>
  );
}
