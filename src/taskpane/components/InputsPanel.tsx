import { Dropdown, Field, Option, makeStyles, tokens } from "@fluentui/react-components";
import type { NameInfo } from "../../workbook/port";
import { bindableNames, describeStatus, fitsInput, type InputStatus } from "../inputStatus";
import { inputLabel } from "../words";
import { STACKED_LIST } from "./styles";

const DEFAULT_OPTION = "__default__";

const useStyles = makeStyles({
  list: STACKED_LIST,
  name: { fontWeight: tokens.fontWeightSemibold },
  secondary: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  status: { display: "block", color: tokens.colorNeutralForeground2, overflowWrap: "anywhere" },
  problem: { display: "block", color: tokens.colorPaletteRedForeground1, overflowWrap: "anywhere" },
  picker: {
    minWidth: "0",
    width: "100%",
    // A long name wraps inside the button rather than pushing the arrow past the pane's edge.
    "& .fui-Dropdown__button": { minWidth: 0, whiteSpace: "normal", overflowWrap: "anywhere" },
  },
});

/**
 * Each contract input, where it was found, and a picker to bind it to one of
 * the user's own names or tables instead. The status is written out in words;
 * colour only repeats it.
 */
export function InputsPanel(props: {
  statuses: readonly InputStatus[];
  names: readonly NameInfo[];
  disabled?: boolean;
  onBind: (input: string, name: string | null) => void;
}) {
  const styles = useStyles();
  return (
    <section aria-labelledby="inputs-heading">
      <h2 id="inputs-heading">Inputs</h2>
      <ul className={styles.list}>
        {props.statuses.map((s) => {
          const bound = s.state === "bound" || s.state === "brokenBinding" ? s.resolvedName : null;
          const needsAttention =
            s.state === "brokenBinding" || (s.state === "missing" && s.input.required);
          const label = `Use for ${s.input.name}`;
          // Only ranges shaped like this input are offered (and the one it is bound to, whatever its shape).
          const choices = bindableNames(props.names, s.input.name).concat(
            props.names.filter(
              (n) => n.name === bound && n.address !== null && !fitsInput(s.input.name, n)
            )
          );
          return (
            <li key={s.input.name} data-testid={`input-${s.input.name}`}>
              <span className={styles.name}>{inputLabel(s.input.name)}</span>{" "}
              <span className={styles.secondary}>{s.input.name}</span>
              <span
                className={needsAttention ? styles.problem : styles.status}
                data-testid={`input-status-${s.input.name}`}
              >
                {describeStatus(s)}
              </span>
              <Field label={label} hint={s.input.description} size="small">
                <Dropdown
                  className={styles.picker}
                  size="small"
                  disabled={props.disabled}
                  aria-label={label}
                  value={bound ?? `Default name (${s.input.name})`}
                  selectedOptions={[bound ?? DEFAULT_OPTION]}
                  onOptionSelect={(_, data) => {
                    const chosen =
                      data.optionValue === DEFAULT_OPTION ? null : (data.optionValue ?? null);
                    if (chosen !== bound) props.onBind(s.input.name, chosen);
                  }}
                >
                  <Option value={DEFAULT_OPTION} text={`Default name (${s.input.name})`}>
                    {`Default name (${s.input.name})`}
                  </Option>
                  {choices.map((n) => (
                    <Option key={`${n.scope ?? ""}!${n.name}`} value={n.name} text={n.name}>
                      {`${n.name}${n.kind === "table" ? " (table)" : ""} ${n.address ?? ""}`}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
