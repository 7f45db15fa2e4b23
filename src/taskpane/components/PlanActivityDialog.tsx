import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Tooltip,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useRef, useState } from "react";
import type { CellValue } from "../../workbook/port";
import {
  formatProblem,
  type CellProblem,
  type PlanActivityPreview,
  type RecordPlanActivityResult,
} from "../services";
import { NOTE, RESULTS_TABLE } from "./styles";

const useStyles = makeStyles({
  table: RESULTS_TABLE,
  note: NOTE,
  content: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  problems: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

type Where = "sheet" | "cell";

/** A recorded figure as the dialog shows it: one decimal place, as the sheet formats it; "—" for a year not given. */
function figure(v: CellValue | undefined): string {
  return typeof v === "number"
    ? v.toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 })
    : "—";
}

/** A row of a SEND_PlanActivity table by its label, as header text → value. */
function rowByYear(rows: readonly CellValue[][], label: string): Map<string, CellValue> {
  const header = rows[0] ?? [];
  const row = rows.find(
    (r) =>
      String(r[0] ?? "")
        .trim()
        .toLowerCase() === label.toLowerCase()
  );
  return new Map(header.slice(1).map((h, j) => [String(h ?? "").trim(), row?.[j + 1] ?? null]));
}

function Problems(props: { problems: readonly CellProblem[]; title: string }) {
  const styles = useStyles();
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <strong>{props.title}</strong>
        <ul className={styles.problems} aria-label="Problems">
          {props.problems.map((p) => (
            <li key={formatProblem(p)}>{formatProblem(p)}</li>
          ))}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}

/**
 * "Record plan activity": a button, and a dialog that shows the figures it
 * will write (the last refresh's mitigated yearly averages) and where — a new
 * sheet, or a cell the user names — and, when the add-in recorded them
 * before, the recorded figures beside the new ones. Nothing is written until
 * Record (or Replace) is chosen; Cancel comes first, so Enter alone never
 * writes. A refusal is shown in the dialog, which stays open to try another
 * cell; a recording is confirmed there, and the pane refreshes.
 */
export function PlanActivityDialog(props: {
  disabled: boolean;
  onPreview: () => Promise<PlanActivityPreview>;
  onRecord: (target: string | null, replace: boolean) => Promise<RecordPlanActivityResult>;
}) {
  const styles = useStyles();
  const [open, setOpen] = useState(false);
  const [preview, setPreview] = useState<PlanActivityPreview | null>(null);
  const [where, setWhere] = useState<Where>("sheet");
  const [cell, setCell] = useState("");
  const [writing, setWriting] = useState(false);
  const [outcome, setOutcome] = useState<RecordPlanActivityResult | null>(null);
  const opener = useRef<HTMLButtonElement>(null);

  // Escape, Cancel and Close all come here; focus goes back to the button that opened the dialog.
  const close = () => {
    setOpen(false);
    opener.current?.focus();
  };

  const start = async () => {
    setOpen(true);
    setPreview(null);
    setOutcome(null);
    setWhere("sheet");
    setCell("");
    try {
      setPreview(await props.onPreview());
    } catch (e) {
      setPreview({
        ok: false,
        problems: [
          {
            input: "SEND_PlanActivity",
            sheet: "",
            cell: "",
            message: e instanceof Error ? e.message : String(e),
          },
        ],
      });
    }
  };

  const existing = preview?.ok ? preview.existing : null;
  const replacing = existing?.ours === true;
  const blocked = existing !== null && !existing.ours;
  const recorded = outcome?.ok === true;
  const canRecord =
    preview?.ok === true &&
    !blocked &&
    !recorded &&
    !writing &&
    (replacing || where === "sheet" || cell.trim() !== "");

  const record = async () => {
    if (!canRecord) return;
    setWriting(true);
    try {
      setOutcome(
        await props.onRecord(where === "cell" && !replacing ? cell.trim() : null, replacing)
      );
    } finally {
      setWriting(false);
    }
  };

  const table = preview?.ok ? preview.table : null;
  const headers = table ? table.rows[0].slice(1).map((h) => String(h ?? "")) : [];
  // The columns shown: each activity's new figures, after its recorded ones when replacing.
  const columns = (["EHCPs", "INMSS"] as const).flatMap((activity) => [
    ...(replacing && existing
      ? [{ title: `${activity} recorded`, byYear: rowByYear(existing.rows, activity) }]
      : []),
    {
      title: replacing ? `${activity} new` : activity,
      byYear: table ? rowByYear(table.rows, activity) : new Map<string, CellValue>(),
    },
  ]);

  return (
    <>
      <Tooltip
        content="Write the mitigated scenario's yearly average EHCPs and INMSS placements into the workbook as SEND_PlanActivity, the activity Change cost lines are priced against (after a refresh)"
        relationship="description"
      >
        <Button ref={opener} disabled={props.disabled} onClick={() => void start()}>
          Record plan activity
        </Button>
      </Tooltip>
      <Dialog open={open} onOpenChange={(_, d) => !d.open && close()}>
        <DialogSurface aria-describedby="plan-activity-detail">
          <DialogBody>
            <DialogTitle>Record plan activity</DialogTitle>
            <DialogContent className={styles.content}>
              <p id="plan-activity-detail">
                The forecast&apos;s mitigated yearly averages, with every intervention as listed,
                written into the workbook as SEND_PlanActivity: the activity the plan&apos;s
                expenditure was built on. From the next refresh, Change cost lines are priced
                against these figures, so a change to the interventions moves the money.
              </p>
              {preview === null && <p>Reading the workbook…</p>}
              {preview && !preview.ok && (
                <Problems problems={preview.problems} title="It cannot be recorded:" />
              )}
              {blocked && existing && (
                <MessageBar intent="warning" layout="multiline">
                  <MessageBarBody>
                    The workbook already records the plan&apos;s activity at {existing.address}.
                    Edit or delete it there: the add-in records only where nothing is.
                  </MessageBarBody>
                </MessageBar>
              )}
              {table && !blocked && (
                <table className={styles.table} aria-label="Plan activity to record">
                  <thead>
                    <tr>
                      <th scope="col">Year</th>
                      {columns.map((c) => (
                        <th key={c.title} scope="col" className="num">
                          {c.title}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {headers.map((year) => (
                      <tr key={year}>
                        <th scope="row">{year}</th>
                        {columns.map((c) => (
                          <td key={c.title} className="num">
                            {figure(c.byYear.get(year))}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {table && !blocked && (
                <p className={styles.note}>
                  Average EHCPs and INMSS placements a year; — is a year the forecast does not reach
                  (left empty).
                </p>
              )}
              {preview?.ok && replacing && existing && (
                <p>
                  Replaces the figures recorded earlier at {existing.address}, in the same place.
                </p>
              )}
              {preview?.ok && !existing && !recorded && (
                <>
                  <RadioGroup
                    aria-label="Where to record"
                    value={where}
                    onChange={(_, d) => setWhere(d.value as Where)}
                  >
                    <Radio value="sheet" label={`On a new sheet, ${preview.newSheet}`} />
                    <Radio value="cell" label="At a cell I choose (top-left corner)" />
                  </RadioGroup>
                  {where === "cell" && (
                    <Field
                      label="Top-left cell"
                      hint="Like 'Plan Inputs'!B3. The table and a note below it need four empty rows there."
                    >
                      <Input value={cell} onChange={(_, d) => setCell(d.value)} />
                    </Field>
                  )}
                </>
              )}
              {outcome && !outcome.ok && (
                <Problems problems={outcome.problems} title="Nothing was written:" />
              )}
              {outcome?.ok && (
                <MessageBar intent="success" role="status">
                  <MessageBarBody>
                    {outcome.replaced ? "Replaced" : "Recorded"} at {outcome.address}. The forecast
                    is refreshed so the Change lines are priced against it.
                  </MessageBarBody>
                </MessageBar>
              )}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={close}>
                {recorded ? "Close" : "Cancel"}
              </Button>
              {!recorded && !blocked && (
                <Button appearance="primary" disabled={!canRecord} onClick={() => void record()}>
                  {writing ? "Recording…" : replacing ? "Replace" : "Record"}
                </Button>
              )}
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </>
  );
}
