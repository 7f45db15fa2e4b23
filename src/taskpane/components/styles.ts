import { tokens } from "@fluentui/react-components";

/** Style objects the pane's components share, each used inside their own makeStyles. */

/** A list drawn as a column of entries without bullets: the inputs and the interventions. */
export const STACKED_LIST = {
  margin: 0,
  padding: 0,
  listStyleType: "none",
  display: "flex",
  flexDirection: "column",
  rowGap: tokens.spacingVerticalM,
} as const;

/** A results table: full width, ruled rows, figures (class "num") lined up on the right, as in the report's tables. */
export const RESULTS_TABLE = {
  width: "100%",
  borderCollapse: "collapse",
  "& th, & td": {
    padding: "2px 4px",
    textAlign: "left",
    verticalAlign: "top",
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  "& .num": { textAlign: "right" },
} as const;

/** A condition's Pass and Fail, in words and colour. */
export const PASS = {
  color: tokens.colorPaletteGreenForeground1,
  fontWeight: tokens.fontWeightSemibold,
} as const;
export const FAIL = {
  color: tokens.colorPaletteRedForeground1,
  fontWeight: tokens.fontWeightSemibold,
} as const;

/** A note under a table. */
export const NOTE = {
  color: tokens.colorNeutralForeground2,
  fontSize: tokens.fontSizeBase200,
} as const;

/** A form of the pane: one column of fields, and a fieldset as wide as the pane (not as its content). */
export const PANE_FORM = {
  display: "flex",
  flexDirection: "column",
  rowGap: tokens.spacingVerticalS,
  margin: 0,
  padding: 0,
  border: "none",
  minWidth: 0,
} as const;
