import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from "@fluentui/react-components";

/**
 * Asks before an intervention is removed. The removal is written straight to
 * the workbook range; Excel keeps an add-in's writes on its Undo stack only
 * from ExcelApi 1.20, and an undo of the pane's own would rewrite the whole
 * range over any edits made since. So the pane asks first, naming the row
 * and where it is stored. Escape or Cancel leaves the workbook as it is;
 * Cancel comes first, so it has the first focus and Enter alone never
 * removes anything.
 */
export function ConfirmRemoveDialog(props: {
  /** The intervention's name, or null when the dialog is closed. */
  name: string | null;
  address: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Dialog open={props.name !== null} onOpenChange={(_, d) => !d.open && props.onCancel()}>
      <DialogSurface aria-describedby="confirm-remove-detail">
        <DialogBody>
          <DialogTitle>Remove {props.name}?</DialogTitle>
          <DialogContent id="confirm-remove-detail">
            Its row is deleted from {props.address ?? "the interventions range"} in the workbook,
            and the next refresh forecasts without it. To keep it but leave it out of the forecast,
            choose Pause instead.
          </DialogContent>
          <DialogActions>
            {/* The safe choice is the primary one, and has the first focus; removing is the plain button. */}
            <Button appearance="primary" onClick={props.onCancel}>
              Cancel
            </Button>
            <Button appearance="secondary" onClick={props.onConfirm}>
              Remove
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
