import { makeStyles, tokens } from "@fluentui/react-components";
import type { Condition, ForecastResult } from "../../model";
import { formatMillions } from "../format";
import { FAIL, PASS } from "./styles";

const useStyles = makeStyles({
  box: {
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalS,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  heading: { fontSize: tokens.fontSizeBase400, margin: 0 },
  facts: { margin: `${tokens.spacingVerticalXS} 0 0` },
  // A fact and its figure on one line, the figure on the right; the figure drops under it when the pane is narrow.
  row: {
    display: "flex",
    flexWrap: "wrap",
    justifyContent: "space-between",
    columnGap: tokens.spacingHorizontalS,
    "& dt": { color: tokens.colorNeutralForeground2 },
    "& dd": { margin: 0, fontWeight: tokens.fontWeightSemibold },
  },
  pass: PASS,
  fail: FAIL,
  stale: {
    margin: `${tokens.spacingVerticalXS} 0 0`,
    color: tokens.colorPaletteDarkOrangeForeground1,
  },
});

/** A condition named in a few words, for the summary. */
function shortCondition(c: Condition, r: ForecastResult): string {
  return c.id === "inYearBalance"
    ? `In-year balance from ${r.settings.balanceTargetYear}`
    : `Deficit at most ${formatMillions(c.limit)} in ${r.settings.deficitCapYear}`;
}

/**
 * The mitigated outcome in a few lines, straight under Refresh: when the
 * budget balances, the deficit left and at its peak, and each Safety Valve
 * condition as Pass or Fail in words. The full results stay on the Forecast tab.
 */
export function OutcomeSummary(props: { result: ForecastResult; stale: boolean }) {
  const styles = useStyles();
  const r = props.result;
  return (
    <section className={styles.box} aria-labelledby="summary-heading" data-testid="summary">
      <h2 id="summary-heading" className={styles.heading}>
        Mitigated outcome
      </h2>
      <dl className={styles.facts}>
        <div className={styles.row}>
          <dt>Balances in</dt>
          <dd data-testid="summary-balance-year">{r.balanceYear ?? "Not within the forecast"}</dd>
        </div>
        <div className={styles.row}>
          <dt>Deficit left</dt>
          <dd data-testid="summary-residual">
            {r.residualDeficit === null ? "Not applicable" : formatMillions(r.residualDeficit)}
          </dd>
        </div>
        <div className={styles.row}>
          <dt>Peak deficit</dt>
          <dd data-testid="summary-peak">
            {formatMillions(r.peakDeficit)} in {r.peakYear}
          </dd>
        </div>
        {r.conditions.map((c) => (
          <div key={c.id} className={styles.row}>
            <dt>{shortCondition(c, r)}</dt>
            <dd
              data-testid={`summary-condition-${c.id}`}
              className={c.pass ? styles.pass : styles.fail}
            >
              {c.pass ? "Pass" : "Fail"}
            </dd>
          </div>
        ))}
      </dl>
      {props.stale && (
        <p className={styles.stale} data-testid="stale">
          Out of date: an intervention or an input binding changed after this refresh. Refresh to
          update.
        </p>
      )}
    </section>
  );
}
