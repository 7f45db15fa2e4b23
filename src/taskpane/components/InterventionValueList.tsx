import { makeStyles } from "@fluentui/react-components";
import { WideTable } from "./WideTable";
import type { InterventionValue, InterventionValues } from "../../model";
import { formatMillions, formatPlans } from "../format";
import { RESULTS_TABLE, NOTE } from "./styles";

const useStyles = makeStyles({
  table: RESULTS_TABLE,
  note: NOTE,
});

/** The interventions, most £ avoided to the target year first (ties: as listed). */
export function byValue(values: InterventionValues): InterventionValue[] {
  return [...values.interventions].sort(
    (a, b) => b.costAvoidedToTarget - a.costAvoidedToTarget || a.index - b.index
  );
}

/**
 * What each intervention is worth, measured by leaving it out: £ avoided to
 * the balance target year and plans avoided in it, most valuable first; then
 * all of them together, and the interaction the parts leave out.
 */
export function InterventionValueList(props: { values: InterventionValues }) {
  const styles = useStyles();
  const v = props.values;
  const t = v.targetYear;
  return (
    <>
      <h3>What each intervention is worth</h3>
      {v.interventions.length === 0 ? (
        <p>No intervention is active.</p>
      ) : (
        <WideTable label="What each intervention is worth, as a table">
          <table className={styles.table} data-testid="intervention-values">
            <thead>
              <tr>
                <th scope="col">Intervention</th>
                <th scope="col" className="num">
                  £ avoided to {t}
                </th>
                <th scope="col" className="num">
                  Plans avoided in {t}
                </th>
              </tr>
            </thead>
            <tbody>
              {byValue(v).map((iv) => (
                <tr key={iv.index}>
                  <th scope="row">{iv.name}</th>
                  <td className="num">{formatMillions(iv.costAvoidedToTarget)}</td>
                  <td className="num">{formatPlans(iv.ehcpsAvoidedInTarget, 0)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-testid="intervention-values-whole">
                <th scope="row">All together</th>
                <td className="num">{formatMillions(v.whole.costAvoidedToTarget)}</td>
                <td className="num">{formatPlans(v.whole.ehcpsAvoidedInTarget, 0)}</td>
              </tr>
              <tr data-testid="intervention-values-interaction">
                <th scope="row">Interaction (all together − the sum)</th>
                <td className="num">{formatMillions(v.interaction.costAvoidedToTarget)}</td>
                <td className="num">{formatPlans(v.interaction.ehcpsAvoidedInTarget, 0)}</td>
              </tr>
            </tfoot>
          </table>
        </WideTable>
      )}
      <p className={styles.note}>
        Each is measured by leaving it out with the others in place. Effects interact, so the
        interventions need not add up to all of them together; the difference is the interaction.
      </p>
    </>
  );
}
