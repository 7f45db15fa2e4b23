import { makeStyles, tokens } from "@fluentui/react-components";
import { WideTable } from "./WideTable";
import {
  NO_SAFETY_VALVE,
  SCENARIOS,
  SCENARIO_LABELS,
  type DeficitOutcome,
  type ForecastResult,
  type ScenarioId,
} from "../../model";
import { formatMillions } from "../format";
import { ScenarioLineChart, niceCeiling, perScenario } from "./ScenarioLineChart";
import { RESULTS_TABLE, PASS, FAIL, NOTE } from "./styles";

const useStyles = makeStyles({
  table: { ...RESULTS_TABLE, fontSize: tokens.fontSizeBase200 },
  pass: PASS,
  fail: FAIL,
  note: NOTE,
});

function passFail(o: DeficitOutcome, id: "inYearBalance" | "deficitCap"): boolean | undefined {
  return o.conditions.find((c) => c.id === id)?.pass;
}

/**
 * Every scenario's ledger side by side: a table of each scenario's balance
 * year, residual, peak and the two Safety Valve conditions, and the total
 * deficit balance by year, one line a scenario, in £m, drawn as inline SVG
 * with the same figures in a table for screen readers.
 */
export function ScenariosPanel(props: { result: ForecastResult }) {
  const styles = useStyles();
  const r = props.result;
  const years = r.ledger.years;
  const closing = (s: ScenarioId) => r.ledgers[s].closing;
  const all = SCENARIOS.flatMap(closing);
  const lo = Math.min(0, ...all);
  const hi = lo + niceCeiling(Math.max(...all) - lo);
  const agreement = r.settings.safetyValve;
  const same = SCENARIOS.every((s) => closing(s).every((v, k) => v === r.ledger.closing[k]));
  const condition = (pass: boolean | undefined) =>
    pass === undefined ? (
      <td />
    ) : (
      <td className={pass ? styles.pass : styles.fail}>{pass ? "Pass" : "Fail"}</td>
    );
  return (
    <section aria-labelledby="scenarios-heading" data-testid="scenarios">
      <h3 id="scenarios-heading">Every scenario&apos;s deficit</h3>
      <WideTable label="Every scenario's outcome, as a table">
        <table className={styles.table}>
          <caption className={styles.note}>
            {agreement ? (
              <>
                Balance year, residual and peak deficit, and the Safety Valve conditions (in-year
                balance from {r.settings.balanceTargetYear}; deficit cap in{" "}
                {r.settings.deficitCapYear})
              </>
            ) : (
              <>Balance year, residual and peak deficit ({NO_SAFETY_VALVE})</>
            )}
          </caption>
          <thead>
            <tr>
              <th scope="col">Scenario</th>
              <th scope="col">Balance year</th>
              <th scope="col" className="num">
                Residual
              </th>
              <th scope="col" className="num">
                Peak
              </th>
              {agreement && <th scope="col">In-year</th>}
              {agreement && <th scope="col">Cap</th>}
            </tr>
          </thead>
          <tbody>
            {SCENARIOS.map((s) => {
              const o = r.outcomes[s];
              return (
                <tr key={s} data-testid={`scenario-${s}`}>
                  <th scope="row">{SCENARIO_LABELS[s]}</th>
                  <td>{o.balanceYear ?? "None"}</td>
                  <td className="num">
                    {o.residualDeficit === null ? "\u2013" : formatMillions(o.residualDeficit)}
                  </td>
                  <td className="num">
                    {formatMillions(o.peakDeficit)} ({o.peakYear})
                  </td>
                  {agreement && condition(passFail(o, "inYearBalance"))}
                  {agreement && condition(passFail(o, "deficitCap"))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </WideTable>
      {same && (
        <p className={styles.note} data-testid="scenarios-same">
          The three scenarios have the same ledger: no cost line prices their activity.
        </p>
      )}

      <ScenarioLineChart
        title="Total deficit balance by scenario (£m)"
        description={
          `From ${years[0]} to ${years[years.length - 1]}: ` +
          SCENARIOS.map(
            (s) =>
              `${SCENARIO_LABELS[s]} ends at ${formatMillions(closing(s)[years.length - 1] ?? 0)}, peak ${formatMillions(r.outcomes[s].peakDeficit)} in ${r.outcomes[s].peakYear}`
          ).join("; ") +
          "."
        }
        series={perScenario(closing)}
        lo={lo}
        hi={hi}
        first={years[0] ?? ""}
        last={years[years.length - 1] ?? ""}
        axis={formatMillions}
        yTitle="Deficit balance (£m)"
        xTitle="Financial year"
        table={{
          summary: "Total deficit balance by year, as a table",
          caption: "Total deficit balance by year and scenario (£m)",
          rows: years.map((y, k) => ({
            label: y,
            cells: perScenario((s) => formatMillions(closing(s)[k])),
          })),
        }}
      />
    </section>
  );
}
