import { Button, Field, Select, makeStyles } from "@fluentui/react-components";
import { PANE_FORM } from "./styles";
import { useId, useState } from "react";
import {
  LEVERS,
  goalSeek,
  isYearLabel,
  type ForecastInput,
  type ForecastResult,
  type GoalCondition,
  type GoalLever,
  type Lever,
} from "../../model";
import { parseMonth } from "../interventionDraft";
import { formatMonth } from "../format";
import { LEVER_LABELS } from "../words";
import { TextField } from "./TextField";

const useStyles = makeStyles({
  // One column at any width: each field takes the pane's width, never its own.
  form: PANE_FORM,
  field: { minWidth: 0, "& select, & input": { minWidth: 0, width: "100%" } },
  input: { minWidth: 0, width: "100%" },
});

type ConditionKind = GoalCondition["kind"];
type ChangeKind = GoalLever["kind"];

/** The smallest change that meets a condition, worked out in the pane from the last refresh's input; writes nothing. */
export function GoalSeekPanel(props: { input: ForecastInput; result: ForecastResult }) {
  const styles = useStyles();
  const headingId = useId();
  const r = props.result;
  const years = r.ledger.years;
  const [condition, setCondition] = useState<ConditionKind>("inYearBalance");
  const [year, setYear] = useState<string>(r.settings.balanceTargetYear);
  const [limit, setLimit] = useState("");
  const [change, setChange] = useState<ChangeKind>("scale");
  const [lever, setLever] = useState<Lever>("Requests");
  const [month, setMonth] = useState(formatMonth(r.baseline.forecastStart));
  const [answer, setAnswer] = useState("");
  const [limitError, setLimitError] = useState<string | undefined>();
  const [monthError, setMonthError] = useState<string | undefined>();

  const find = () => {
    let goal: GoalCondition;
    let lErr: string | undefined;
    let mErr: string | undefined;
    if (condition === "ceiling") {
      const n = Number(limit.replace(/[,£\s]/g, ""));
      if (limit.trim() === "" || !Number.isFinite(n))
        lErr = `Expected a number in £'000, such as 100000; found '${limit}'.`;
      goal = { kind: "ceiling", year: isYearLabel(year) ? year : years[0]!, limit: n };
    } else goal = { kind: condition };
    let how: GoalLever = { kind: "scale" };
    if (change === "lever") {
      const from = parseMonth(month);
      if (from === null) mErr = `Expected a month such as Apr 2026; found '${month}'.`;
      else how = { kind: "lever", lever, from };
    }
    setLimitError(lErr);
    setMonthError(mErr);
    if (lErr || mErr) {
      setAnswer("Not worked out: correct the fields marked above.");
      return;
    }
    const out = goalSeek(props.input, goal, how);
    setAnswer(
      out.ok
        ? out.value.sentence
        : `Not worked out: ${out.problems.map((p) => p.message).join("; ")}.`
    );
  };

  return (
    <section aria-labelledby={headingId} data-testid="goal-seek">
      <h3 id={headingId}>What it takes</h3>
      <form
        className={styles.form}
        onSubmit={(e) => {
          e.preventDefault();
          find();
        }}
      >
        <Field label="Condition" className={styles.field}>
          <Select
            data-testid="goal-condition"
            value={condition}
            onChange={(_, d) => setCondition(d.value as ConditionKind)}
          >
            <option value="inYearBalance">In-year balance by {r.settings.balanceTargetYear}</option>
            {r.settings.safetyValve && (
              <option value="deficitCap">Within the cap in {r.settings.deficitCapYear}</option>
            )}
            <option value="ceiling">Total deficit balance at most a ceiling</option>
          </Select>
        </Field>
        {condition === "ceiling" && (
          <>
            <Field label="By the end of" className={styles.field}>
              <Select data-testid="goal-year" value={year} onChange={(_, d) => setYear(d.value)}>
                {years.map((y) => (
                  <option key={y} value={y}>
                    {y}
                  </option>
                ))}
              </Select>
            </Field>
            <TextField
              label="Ceiling (£'000)"
              testId="goal-limit"
              inputMode="decimal"
              value={limit}
              onValue={setLimit}
              error={limitError}
              className={styles.field}
              inputClassName={styles.input}
            />
          </>
        )}
        <Field label="Change" className={styles.field}>
          <Select
            data-testid="goal-change"
            value={change}
            onChange={(_, d) => setChange(d.value as ChangeKind)}
          >
            <option value="scale">Every intervention&apos;s impact, scaled</option>
            <option value="lever">One lever, from a month</option>
          </Select>
        </Field>
        {change === "lever" && (
          <>
            <Field label="Lever" className={styles.field}>
              <Select
                data-testid="goal-lever"
                value={lever}
                onChange={(_, d) => setLever(d.value as Lever)}
              >
                {LEVERS.map((l) => (
                  <option key={l} value={l}>
                    {LEVER_LABELS[l]}
                  </option>
                ))}
              </Select>
            </Field>
            <TextField
              label="From (month, such as Apr 2026)"
              testId="goal-month"
              value={month}
              onValue={setMonth}
              error={monthError}
              className={styles.field}
              inputClassName={styles.input}
            />
          </>
        )}
        <div>
          <Button type="submit" data-testid="goal-find">
            Find
          </Button>
        </div>
      </form>
      <p aria-live="polite" data-testid="goal-answer">
        {answer}
      </p>
    </section>
  );
}
