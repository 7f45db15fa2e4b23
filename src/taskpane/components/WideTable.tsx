import { makeStyles } from "@fluentui/react-components";
import type { ReactNode } from "react";

const useStyles = makeStyles({
  // The table keeps its columns readable and scrolls sideways within itself when the pane is narrower than it.
  scroller: { maxWidth: "100%", overflowX: "auto" },
});

/**
 * A table that may be wider than the pane (at 320 px, or zoomed in): it
 * scrolls within this region, which the keyboard can reach and scroll, and
 * the page itself never scrolls sideways.
 */
export function WideTable(props: { label: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.scroller} role="region" aria-label={props.label} tabIndex={0}>
      {props.children}
    </div>
  );
}
