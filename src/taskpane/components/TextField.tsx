import { Field, Input, type InputProps } from "@fluentui/react-components";

/**
 * A labelled text box of the pane's small forms (What it takes, How likely):
 * its value as typed, what is wrong with it under it, and a test id.
 */
export function TextField(props: {
  label: string;
  testId: string;
  value: string;
  onValue: (value: string) => void;
  error?: string;
  inputMode?: InputProps["inputMode"];
  className?: string;
  inputClassName?: string;
}) {
  return (
    <Field label={props.label} className={props.className} validationMessage={props.error}>
      <Input
        className={props.inputClassName}
        data-testid={props.testId}
        inputMode={props.inputMode}
        value={props.value}
        onChange={(_, d) => props.onValue(d.value)}
      />
    </Field>
  );
}
