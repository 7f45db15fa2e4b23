import {
  Button,
  Dropdown,
  Field,
  type FieldProps,
  Input,
  type InputProps,
  Option,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useEffect, useId, useRef, useState } from "react";
import { LEVER_INFO, LEVERS, STATUSES, type InterventionStatus } from "../../model";
import { formatMonth } from "../format";
import {
  checkDraft,
  describeConfidence,
  describeImpact,
  impactUnit,
  newDraft,
  toDraft,
  type DraftErrors,
  type InterventionDraft,
} from "../interventionDraft";
import type { InterventionRow } from "../services";
import { LEVER_LABELS } from "../words";
import { ConfirmRemoveDialog } from "./ConfirmRemoveDialog";
import { PANE_FORM, STACKED_LIST } from "./styles";

const useStyles = makeStyles({
  list: STACKED_LIST,
  item: {
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    paddingBottom: tokens.spacingVerticalS,
  },
  name: { fontWeight: tokens.fontWeightSemibold, display: "block" },
  detail: { display: "block", color: tokens.colorNeutralForeground2 },
  actions: {
    display: "flex",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalS,
    marginTop: tokens.spacingVerticalXS,
  },
  form: PANE_FORM,
  // Two fields side by side where the pane is wide enough (450 px), one column at 320 px or zoomed in.
  pair: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(min(100%, 10rem), 1fr))",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalS,
  },
  // Fluent's Dropdown keeps a 250 px minimum width of its own, wider than a 320 px pane's form: it takes the
  // form's width instead.
  choice: {
    minWidth: 0,
    width: "100%",
    maxWidth: "100%",
    "& .fui-Dropdown__button": { minWidth: 0, whiteSpace: "normal", overflowWrap: "anywhere" },
  },
  // A text box's own width (20 characters) gives way to the form's too.
  input: { minWidth: 0, width: "100%", "& > input": { minWidth: 0, width: "100%" } },
});

/** One of a fixed list of words (a lever, a status), labelled by the Field around it. */
function Choice<T extends string>(props: {
  options: readonly T[];
  value: T;
  onChange: (value: T) => void;
  /** Each option in words, with its name in the workbook beside it; the name alone when omitted. */
  words?: Record<T, string>;
}) {
  const styles = useStyles();
  const text = (o: T) => (props.words ? `${props.words[o]} (${o})` : o);
  return (
    <Dropdown
      className={styles.choice}
      value={text(props.value)}
      selectedOptions={[props.value]}
      onOptionSelect={(_, v) => v.optionValue && props.onChange(v.optionValue as T)}
    >
      {props.options.map((o) => (
        <Option key={o} value={o} text={text(o)}>
          {text(o)}
        </Option>
      ))}
    </Dropdown>
  );
}

/** The draft's fields typed as text. */
type TextField = "name" | "impact" | "start" | "rampMonths" | "confidence";

function DraftForm(props: {
  initial: InterventionDraft;
  legend: string;
  busy: boolean;
  onSave: (row: InterventionRow) => void;
  onCancel: () => void;
  /** Told whether the draft differs from what the form opened with, as it is edited. */
  onChanged?: (changed: boolean) => void;
}) {
  const styles = useStyles();
  const [d, setD] = useState(props.initial);
  const changed = JSON.stringify(d) !== JSON.stringify(props.initial);
  const { onChanged } = props;
  useEffect(() => onChanged?.(changed), [onChanged, changed]);
  // A form that closes (saved, cancelled, or its list re-read) holds no edit any more.
  useEffect(() => () => onChanged?.(false), [onChanged]);
  const [errors, setErrors] = useState<DraftErrors>({});
  const set = <K extends keyof InterventionDraft>(key: K, value: InterventionDraft[K]) =>
    setD((prev) => ({ ...prev, [key]: value }));
  const field = (key: keyof InterventionDraft) =>
    errors[key] ? { validationState: "error" as const, validationMessage: errors[key] } : {};
  /** A text box bound to one of the draft's typed fields, in a Field with its label, hint and error. */
  const text = (
    key: TextField,
    label: Pick<FieldProps, "label" | "hint">,
    extra: Omit<InputProps, "value" | "onChange"> = {}
  ) => (
    <Field {...label} {...field(key)}>
      <Input
        className={styles.input}
        value={d[key]}
        onChange={(_, v) => set(key, v.value)}
        {...extra}
      />
    </Field>
  );
  const save = () => {
    const checked = checkDraft(d);
    if (checked.ok) props.onSave(checked.row);
    else setErrors(checked.errors);
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") props.onCancel();
      }}
    >
      <fieldset className={styles.form}>
        <legend className={styles.name}>{props.legend}</legend>
        {text("name", { label: "Name" }, { autoFocus: true })}
        <Field label="Lever" hint={LEVER_INFO[d.lever].description} {...field("lever")}>
          <Choice
            options={LEVERS}
            words={LEVER_LABELS}
            value={d.lever}
            onChange={(v) => set("lever", v)}
          />
        </Field>
        {text("impact", { label: `Impact (${impactUnit(d.lever)})` }, { inputMode: "decimal" })}
        <div className={styles.pair}>
          {text(
            "start",
            { label: "Start month", hint: "e.g. Apr 2025 or 2025-04" },
            { placeholder: "Apr 2025" }
          )}
          {text("rampMonths", { label: "Ramp (months)" }, { inputMode: "numeric" })}
        </div>
        <div className={styles.pair}>
          <Field label="Status" {...field("status")}>
            <Choice options={STATUSES} value={d.status} onChange={(v) => set("status", v)} />
          </Field>
          {text("confidence", { label: "Confidence (%)" }, { inputMode: "decimal" })}
        </div>
        <div className={styles.actions}>
          <Button appearance="primary" type="submit" disabled={props.busy}>
            Save to workbook
          </Button>
          <Button type="button" onClick={props.onCancel}>
            Cancel
          </Button>
        </div>
      </fieldset>
    </form>
  );
}

/**
 * The SEND_Interventions rows. Every change is written straight back to the
 * workbook range (the workbook is the record; the pane keeps nothing of its
 * own), so a colleague opening the file sees the same list.
 */
export function InterventionsEditor(props: {
  rows: readonly InterventionRow[];
  address: string | null;
  busy: boolean;
  defaultStart: string;
  /**
   * Status before a pause, by intervention name, so Resume restores it rather than guessing. Held by the pane,
   * not here: this list is unmounted whenever another tab is open.
   */
  pausedFrom: Map<string, InterventionStatus>;
  onWrite: (rows: InterventionRow[], what: string) => void;
  /** Whether an open form holds changes not yet saved. */
  onDraftChanged?: (changed: boolean) => void;
}) {
  const styles = useStyles();
  // Which row is open for editing: an index, "new", or none.
  const [editing, setEditing] = useState<number | "new" | null>(null);
  const { rows, pausedFrom } = props;

  const replace = (i: number, row: InterventionRow) => rows.map((r, j) => (j === i ? row : r));
  const togglePause = (i: number) => {
    const row = rows[i]!;
    if (row.status === "Pause") {
      props.onWrite(
        replace(i, { ...row, status: pausedFrom.get(row.name) ?? "New" }),
        `Resumed ${row.name}`
      );
    } else {
      pausedFrom.set(row.name, row.status);
      props.onWrite(replace(i, { ...row, status: "Pause" }), `Paused ${row.name}`);
    }
  };

  // The row whose removal awaits confirmation.
  const [confirming, setConfirming] = useState<number | null>(null);

  // Where focus goes once a form or the remove dialog has closed, so a keyboard user is not dropped at the top of
  // the pane: back to the button that opened it when cancelled, to the list's heading after a write (the buttons
  // are disabled while it runs).
  const ids = useId();
  const buttonId = (what: "edit" | "remove" | "add", i = 0) => `${ids}-${what}-${i}`;
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    if (confirming !== null || editing !== null || focusNext.current === null) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  }, [confirming, editing]);
  const close = (focusId: string) => {
    focusNext.current = focusId;
    setConfirming(null);
    setEditing(null);
  };
  const headingId = `${ids}-heading`;

  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId} tabIndex={-1}>
        Interventions
      </h2>
      {props.address && <p className={styles.detail}>Stored in {props.address}</p>}
      <ul className={styles.list} aria-label="Interventions">
        {rows.map((row, i) => (
          <li key={`${i}:${row.name}`} className={styles.item} data-testid="intervention">
            {editing === i ? (
              <DraftForm
                legend={`Edit ${row.name}`}
                initial={toDraft(row)}
                busy={props.busy}
                onChanged={props.onDraftChanged}
                onCancel={() => close(buttonId("edit", i))}
                onSave={(updated) => {
                  close(headingId);
                  props.onWrite(replace(i, updated), `Saved ${updated.name}`);
                }}
              />
            ) : (
              <>
                <span className={styles.name}>{row.name}</span>
                <span className={styles.detail}>{LEVER_LABELS[row.lever]}</span>
                <span className={styles.detail}>
                  {row.lever}: {describeImpact(row)}, from {formatMonth(row.start)}
                  {row.rampMonths > 0 ? `, ramping over ${row.rampMonths} months` : ""}
                </span>
                <span className={styles.detail}>
                  Status: {row.status === "Pause" ? "Paused (ignored by the forecast)" : row.status}
                  ; confidence {describeConfidence(row)}
                </span>
                <div className={styles.actions}>
                  <Button
                    id={buttonId("edit", i)}
                    size="small"
                    disabled={props.busy}
                    onClick={() => setEditing(i)}
                    aria-label={`Edit ${row.name}`}
                  >
                    Edit
                  </Button>
                  <Button
                    size="small"
                    disabled={props.busy}
                    aria-label={`${row.status === "Pause" ? "Resume" : "Pause"} ${row.name}`}
                    onClick={() => togglePause(i)}
                  >
                    {row.status === "Pause" ? "Resume" : "Pause"}
                  </Button>
                  <Button
                    size="small"
                    disabled={props.busy}
                    aria-label={`Remove ${row.name}`}
                    aria-haspopup="dialog"
                    id={buttonId("remove", i)}
                    onClick={() => setConfirming(i)}
                  >
                    Remove
                  </Button>
                </div>
              </>
            )}
          </li>
        ))}
      </ul>
      <ConfirmRemoveDialog
        name={confirming === null ? null : (rows[confirming]?.name ?? null)}
        address={props.address}
        onCancel={() => close(buttonId("remove", confirming ?? 0))}
        onConfirm={() => {
          const i = confirming;
          close(headingId);
          if (i === null || !rows[i]) return;
          props.onWrite(
            rows.filter((_, j) => j !== i),
            `Removed ${rows[i]!.name}`
          );
        }}
      />
      {editing === "new" ? (
        <DraftForm
          legend="New intervention"
          initial={newDraft(props.defaultStart)}
          busy={props.busy}
          onChanged={props.onDraftChanged}
          onCancel={() => close(buttonId("add"))}
          onSave={(row) => {
            close(headingId);
            props.onWrite([...rows, row], `Added ${row.name}`);
          }}
        />
      ) : (
        <Button
          id={buttonId("add")}
          disabled={props.busy || editing !== null}
          onClick={() => setEditing("new")}
        >
          Add intervention
        </Button>
      )}
    </section>
  );
}
