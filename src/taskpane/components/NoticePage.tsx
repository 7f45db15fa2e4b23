import type { ReactNode } from "react";
import {
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from "@fluentui/react-components";

const useStyles = makeStyles({
  root: {
    padding: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
  },
});

/**
 * A page shown instead of the pane when it cannot run here: the add-in's
 * name, a message saying why (`title`, then `reason`), then what to do.
 */
export function NoticePage(props: {
  intent: "warning" | "error";
  title: string;
  reason: ReactNode;
  children: ReactNode;
}) {
  const styles = useStyles();
  return (
    <main className={styles.root}>
      <h1>SEND Forecaster</h1>
      <MessageBar intent={props.intent} layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{props.title}</MessageBarTitle>
          {props.reason}
        </MessageBarBody>
      </MessageBar>
      {props.children}
    </main>
  );
}
