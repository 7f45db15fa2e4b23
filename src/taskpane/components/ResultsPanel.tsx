import { makeStyles, tokens } from "@fluentui/react-components";
import { WideTable } from "./WideTable";
import {
  NO_SAFETY_VALVE,
  type Condition,
  type ForecastInput,
  type ForecastResult,
  type SystemRates,
} from "../../model";
import { formatMillions, formatMonth, formatPlans, formatRate } from "../format";
import { TrajectoryChart } from "./TrajectoryChart";
import { ScenariosPanel } from "./ScenariosPanel";
import { InterventionValueList } from "./InterventionValueList";
import { GoalSeekPanel } from "./GoalSeekPanel";
import { SensitivityTornado } from "./SensitivityTornado";
import { SimulationPanel, type SimulationWriting } from "./SimulationPanel";
import { RESULTS_TABLE, PASS, FAIL } from "./styles";

const useStyles = makeStyles({
  facts: {
    display: "grid",
    gridTemplateColumns: "auto 1fr",
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
    "& dt": { fontWeight: tokens.fontWeightSemibold },
    "& dd": { margin: 0 },
  },
  table: RESULTS_TABLE,
  pass: PASS,
  fail: FAIL,
});

/** The Safety Valve conditions in the agreement's own terms. */
function conditionLabel(c: Condition, result: ForecastResult): string {
  return c.id === "inYearBalance"
    ? `In-year balance from ${result.settings.balanceTargetYear}`
    : `Deficit at most ${formatMillions(c.limit)} in ${result.settings.deficitCapYear}`;
}

/** The deciding year and figure, in words: which year and what it came to. */
function conditionEvidence(c: Condition): string {
  return c.id === "inYearBalance"
    ? `${c.year}: in-year ${c.value > 0 ? "deficit" : "surplus"} ${formatMillions(Math.abs(c.value))}`
    : `${c.year}: deficit ${formatMillions(c.value)}`;
}

/** The flows behind net growth in plans, now and in the target system, as the report's table lists them. */
function growthRows(
  r: ForecastResult
): { label: string; now: string; target: string; testId?: string }[] {
  const both = (
    pick: (f: SystemRates & { netAnnualGrowth: number }) => number,
    show: (n: number) => string
  ) => ({
    now: show(pick(r.baseline)),
    target: show(pick(r.target)),
  });
  const wholePlans = (n: number) => formatPlans(n, 0);
  return [
    { label: "Requests a month", ...both((f) => f.requests, formatPlans) },
    { label: "No to assess", ...both((f) => f.noToAssessRate, formatRate) },
    { label: "No to issue", ...both((f) => f.noToIssueRate, formatRate) },
    { label: "Ceased a month", ...both((f) => f.ceased, formatPlans) },
    {
      label: "Net growth a year",
      ...both((f) => f.netAnnualGrowth, wholePlans),
      testId: "net-growth",
    },
  ];
}

/** The forecast against the original plan (SEND_OriginalPlan), in the report's own sentences; nothing without the input. */
function OriginalPlanSentences(props: { result: ForecastResult }) {
  const sentences = props.result.originalPlan?.sentences ?? [];
  if (sentences.length === 0) return null;
  return (
    <>
      <h3>Against the original plan</h3>
      <ul data-testid="original-plan">
        {sentences.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
    </>
  );
}

/** Each Safety Valve condition: its result and the year and figure that decided it. */
function ConditionsTable(props: { result: ForecastResult }) {
  const styles = useStyles();
  return (
    <table className={styles.table}>
      <thead>
        <tr>
          <th scope="col">Condition</th>
          <th scope="col">Result</th>
          <th scope="col">Deciding year and figure</th>
        </tr>
      </thead>
      <tbody>
        {props.result.conditions.map((c) => (
          <tr key={c.id} data-testid={`condition-${c.id}`}>
            <th scope="row">{conditionLabel(c, props.result)}</th>
            <td className={c.pass ? styles.pass : styles.fail}>{c.pass ? "Pass" : "Fail"}</td>
            <td>{conditionEvidence(c)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * What finance staff look for after a refresh, in the report's terms: when
 * the High Needs budget balances, the deficit left and at its peak, whether
 * the Safety Valve conditions are met, and how far the interventions bend
 * the growth in plans.
 */
export function ResultsPanel(props: {
  result: ForecastResult;
  input?: ForecastInput;
  /** How likely's write to the output sheet; without it the section writes nothing. */
  simulationWriting?: SimulationWriting;
}) {
  const styles = useStyles();
  const r = props.result;
  return (
    <section aria-labelledby="results-heading">
      <h2 id="results-heading">Results</h2>
      <dl className={styles.facts}>
        <dt>Balance year</dt>
        <dd data-testid="balance-year">
          {r.balanceYear ?? "Does not balance within the forecast"}
        </dd>
        <dt>Residual deficit</dt>
        <dd data-testid="residual-deficit">
          {r.residualDeficit === null ? "Not applicable" : formatMillions(r.residualDeficit)}
        </dd>
        <dt>Peak deficit</dt>
        <dd data-testid="peak-deficit">
          {formatMillions(r.peakDeficit)} in {r.peakYear}
        </dd>
      </dl>

      <OriginalPlanSentences result={r} />

      <h3>Safety Valve conditions</h3>
      {r.settings.safetyValve ? (
        <WideTable label="Safety Valve conditions, as a table">
          <ConditionsTable result={r} />
        </WideTable>
      ) : (
        <p data-testid="no-conditions">None: {NO_SAFETY_VALVE}.</p>
      )}
      {(r.assumptions ?? []).length > 0 && (
        <ul data-testid="assumptions" aria-label="Assumed settings">
          {r.assumptions.map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
      )}

      {props.input && <GoalSeekPanel input={props.input} result={r} />}
      {props.input && (
        <SimulationPanel input={props.input} result={r} writing={props.simulationWriting} />
      )}

      <ScenariosPanel result={r} />

      <h3>Net annual growth in plans</h3>
      <WideTable label="Net annual growth in plans, as a table">
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">Flow</th>
              <th scope="col" className="num">
                Now
              </th>
              <th scope="col" className="num">
                Target system ({formatMonth(r.target.month)})
              </th>
            </tr>
          </thead>
          <tbody>
            {growthRows(r).map((row) => (
              <tr key={row.label} data-testid={row.testId}>
                <th scope="row">{row.label}</th>
                <td className="num">{row.now}</td>
                <td className="num">{row.target}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </WideTable>

      <h3>EHCP trajectory</h3>
      <TrajectoryChart scenarios={r.scenarios} actual={r.actualEhcps} />

      {r.interventionValues && <InterventionValueList values={r.interventionValues} />}

      {r.sensitivity && <SensitivityTornado sensitivity={r.sensitivity} />}
    </section>
  );
}
