import {
  Button,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { formatProblem, problemAddress, type CellProblem } from "../services";

const useStyles = makeStyles({
  list: {
    margin: 0,
    paddingLeft: 0,
    listStyleType: "none",
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
  },
  item: {
    display: "flex",
    alignItems: "flex-start",
    columnGap: tokens.spacingHorizontalS,
    justifyContent: "space-between",
  },
  text: { overflowWrap: "anywhere" },
  // "Go to cell" stays on one line; the problem's text beside it wraps instead.
  goTo: { whiteSpace: "nowrap", flexShrink: 0 },
});

/**
 * Every validation problem together, each with a way to the offending cell.
 * The heading says nothing was written, because that is what the user
 * worries about first (spec: WORKBOOK.md, Bad input).
 */
export function ProblemsList(props: {
  problems: readonly CellProblem[];
  onGoTo: (address: string) => void;
}) {
  const styles = useStyles();
  const n = props.problems.length;
  return (
    <section aria-labelledby="problems-heading">
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle id="problems-heading">
            {n === 1 ? "1 problem in the inputs" : `${n} problems in the inputs`}: nothing was
            written.
          </MessageBarTitle>
        </MessageBarBody>
      </MessageBar>
      <ul className={styles.list} aria-label="Problems">
        {props.problems.map((p, i) => {
          const text = formatProblem(p);
          const address = problemAddress(p);
          return (
            <li key={`${i}:${text}`} className={styles.item}>
              <span className={styles.text}>{text}</span>
              {address && (
                <Button
                  size="small"
                  className={styles.goTo}
                  onClick={() => props.onGoTo(address)}
                  aria-label={`Go to cell ${address}`}
                >
                  Go to cell
                </Button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
