import { Button, Dropdown, Field, Input, Option, makeStyles, tokens } from "@fluentui/react-components";
import { useEffect, useRef, useState } from "react";
import { LEVER_INFO, LEVERS, STATUSES, type InterventionStatus, type Lever } from "../../model";
import { formatMonth } from "../format";
import { checkDraft, describeImpact, impactUnit, newDraft, toDraft, type DraftErrors, type InterventionDraft } from "../interventionDraft";
import type { InterventionRow } from "../services";
import { ConfirmRemoveDialog } from "./ConfirmRemoveDialog";

const useStyles = makeStyles({
  list: { margin: 0, padding: 0, listStyleType: "none", display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  item: { borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, paddingBottom: tokens.spacingVerticalS },
  name: { fontWeight: tokens.fontWeightSemibold, display: "block" },
  detail: { display: "block", color: tokens.colorNeutralForeground2 },
  actions: { display: "flex", flexWrap: "wrap", columnGap: tokens.spacingHorizontalS, marginTop: tokens.spacingVerticalXS },
  form: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS, margin: 0, padding: 0, border: "none" },
  pair: { display: "grid", gridTemplateColumns: "1fr 1fr", columnGap: tokens.spacingHorizontalS },
});

function DraftForm(props: {
  initial: InterventionDraft;
  legend: string;
  busy: boolean;
  onSave: (row: InterventionRow) => void;
  onCancel: () => void;
}) {
  const styles = useStyles();
  const [d, setD] = useState(props.initial);
  const [errors, setErrors] = useState<DraftErrors>({});
  const set = <K extends keyof InterventionDraft>(key: K, value: InterventionDraft[K]) => setD((prev) => ({ ...prev, [key]: value }));
  const field = (key: keyof InterventionDraft) =>
    errors[key] ? { validationState: "error" as const, validationMessage: errors[key] } : {};
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
        <Field label="Name" {...field("name")}>
          <Input value={d.name} onChange={(_, v) => set("name", v.value)} autoFocus />
        </Field>
        <Field label="Lever" hint={LEVER_INFO[d.lever].description} {...field("lever")}>
          <Dropdown
            value={d.lever}
            selectedOptions={[d.lever]}
            onOptionSelect={(_, v) => v.optionValue && set("lever", v.optionValue as Lever)}
          >
            {LEVERS.map((l) => (
              <Option key={l} value={l}>
                {l}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label={`Impact (${impactUnit(d.lever)})`} {...field("impact")}>
          <Input value={d.impact} inputMode="decimal" onChange={(_, v) => set("impact", v.value)} />
        </Field>
        <div className={styles.pair}>
          <Field label="Start month" hint="e.g. 2025-04" {...field("start")}>
            <Input value={d.start} placeholder="YYYY-MM" onChange={(_, v) => set("start", v.value)} />
          </Field>
          <Field label="Ramp (months)" {...field("rampMonths")}>
            <Input value={d.rampMonths} inputMode="numeric" onChange={(_, v) => set("rampMonths", v.value)} />
          </Field>
        </div>
        <div className={styles.pair}>
          <Field label="Status" {...field("status")}>
            <Dropdown
              value={d.status}
              selectedOptions={[d.status]}
              onOptionSelect={(_, v) => v.optionValue && set("status", v.optionValue as InterventionStatus)}
            >
              {STATUSES.map((s) => (
                <Option key={s} value={s}>
                  {s}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <Field label="Confidence (%)" {...field("confidence")}>
            <Input value={d.confidence} inputMode="decimal" onChange={(_, v) => set("confidence", v.value)} />
          </Field>
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
  onWrite: (rows: InterventionRow[], what: string) => void;
}) {
  const styles = useStyles();
  // Which row is open for editing: an index, "new", or none.
  const [editing, setEditing] = useState<number | "new" | null>(null);
  // Status before a pause, so Resume restores it rather than guessing.
  const pausedFrom = useRef(new Map<string, InterventionStatus>());
  const rows = props.rows;

  const replace = (i: number, row: InterventionRow) => rows.map((r, j) => (j === i ? row : r));

  // The row whose removal awaits confirmation, and where focus goes once the dialog has closed:
  // back to its Remove button when cancelled, to the list's heading once the row is gone.
  const [confirming, setConfirming] = useState<number | null>(null);
  const focusAfterDialog = useRef<HTMLElement | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const removeButtons = useRef(new Map<number, HTMLElement>());
  useEffect(() => {
    if (confirming !== null || !focusAfterDialog.current) return;
    focusAfterDialog.current.focus();
    focusAfterDialog.current = null;
  }, [confirming]);
  const closeDialog = (focus: HTMLElement | null) => {
    focusAfterDialog.current = focus;
    setConfirming(null);
  };

  return (
    <section aria-labelledby="interventions-heading">
      <h2 id="interventions-heading" ref={heading} tabIndex={-1}>
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
                onCancel={() => setEditing(null)}
                onSave={(updated) => {
                  setEditing(null);
                  props.onWrite(replace(i, updated), `Saved ${updated.name}`);
                }}
              />
            ) : (
              <>
                <span className={styles.name}>{row.name}</span>
                <span className={styles.detail}>
                  {row.lever}: {describeImpact(row)}, from {formatMonth(row.start)}
                  {row.rampMonths > 0 ? `, ramping over ${row.rampMonths} months` : ""}
                </span>
                <span className={styles.detail}>
                  Status: {row.status === "Pause" ? "Paused (ignored by the forecast)" : row.status}; confidence {Math.round(row.confidence * 100)}%
                </span>
                <div className={styles.actions}>
                  <Button size="small" disabled={props.busy} onClick={() => setEditing(i)} aria-label={`Edit ${row.name}`}>
                    Edit
                  </Button>
                  {row.status === "Pause" ? (
                    <Button
                      size="small"
                      disabled={props.busy}
                      aria-label={`Resume ${row.name}`}
                      onClick={() => {
                        const status = pausedFrom.current.get(row.name) ?? "New";
                        props.onWrite(replace(i, { ...row, status }), `Resumed ${row.name}`);
                      }}
                    >
                      Resume
                    </Button>
                  ) : (
                    <Button
                      size="small"
                      disabled={props.busy}
                      aria-label={`Pause ${row.name}`}
                      onClick={() => {
                        pausedFrom.current.set(row.name, row.status);
                        props.onWrite(replace(i, { ...row, status: "Pause" }), `Paused ${row.name}`);
                      }}
                    >
                      Pause
                    </Button>
                  )}
                  <Button
                    size="small"
                    disabled={props.busy}
                    aria-label={`Remove ${row.name}`}
                    aria-haspopup="dialog"
                    ref={(b) => {
                      if (b) removeButtons.current.set(i, b);
                      else removeButtons.current.delete(i);
                    }}
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
        onCancel={() => closeDialog(confirming === null ? null : (removeButtons.current.get(confirming) ?? null))}
        onConfirm={() => {
          const i = confirming;
          closeDialog(heading.current);
          if (i === null || !rows[i]) return;
          props.onWrite(rows.filter((_, j) => j !== i), `Removed ${rows[i]!.name}`);
        }}
      />
      {editing === "new" ? (
        <DraftForm
          legend="New intervention"
          initial={newDraft(props.defaultStart)}
          busy={props.busy}
          onCancel={() => setEditing(null)}
          onSave={(row) => {
            setEditing(null);
            props.onWrite([...rows, row], `Added ${row.name}`);
          }}
        />
      ) : (
        <Button disabled={props.busy || editing !== null} onClick={() => setEditing("new")}>
          Add intervention
        </Button>
      )}
    </section>
  );
}
