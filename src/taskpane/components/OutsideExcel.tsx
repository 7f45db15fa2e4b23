import { Link, makeStyles, tokens } from "@fluentui/react-components";
import { NoticePage } from "./NoticePage";

const useStyles = makeStyles({
  code: { fontFamily: tokens.fontFamilyMonospace },
});

type OutsideReason = "noOffice" | "notExcel";

/**
 * Shown when the page is opened in a plain browser (or another Office app)
 * instead of a blank page: what happened and how to open it in Excel.
 */
export function OutsideExcel(props: { reason: OutsideReason; host?: string | null }) {
  const styles = useStyles();
  return (
    <NoticePage
      intent="warning"
      title="This page runs inside Excel."
      reason={
        props.reason === "noOffice"
          ? "Office did not load, so this looks like an ordinary browser tab (or the Office script could not be fetched)."
          : `It was opened in ${props.host ? props.host : "a host"} that is not Excel.`
      }
    >
      <h2>To open it in Excel</h2>
      <ol>
        <li>
          On a computer with Excel: in the add-in&rsquo;s folder run{" "}
          <code className={styles.code}>npm start</code>, which builds it and opens Excel with the
          add-in loaded (sideloaded).
        </li>
        <li>
          In Excel on the web: open a workbook, choose{" "}
          <strong>Home › Add-ins › More add-ins › My add-ins › Upload my add-in</strong>, and upload{" "}
          <code className={styles.code}>manifest.xml</code>.
        </li>
        <li>
          Then choose <strong>SEND Forecaster</strong> on the Home tab to open this pane.
        </li>
      </ol>
      <p>
        Without Excel, the same forecast runs from the command line:{" "}
        <code className={styles.code}>npm run forecast -- workbook.xlsx</code>.{" "}
        <Link
          href="https://learn.microsoft.com/office/dev/add-ins/testing/test-debug-office-add-ins"
          target="_blank"
          rel="noreferrer"
        >
          How sideloading works
        </Link>
      </p>
    </NoticePage>
  );
}
