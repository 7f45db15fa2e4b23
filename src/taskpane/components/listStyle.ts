import { tokens } from "@fluentui/react-components";

/** A list drawn as a column of entries without bullets: the inputs and the interventions. */
export const STACKED_LIST = {
  margin: 0,
  padding: 0,
  listStyleType: "none",
  display: "flex",
  flexDirection: "column",
  rowGap: tokens.spacingVerticalM,
} as const;
