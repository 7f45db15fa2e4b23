import { tokens } from "@fluentui/react-components";
import { useId } from "react";

/**
 * What the pane's SVG charts share: the text size of their labels (in the
 * drawing's units: at least 12 px as drawn in a 320 px pane), a label in the
 * theme's text colour, and the styles of the drawing and its legend.
 */
export const CHART_LABEL = 13;

/** A label of a chart: the charts' text size and the theme's text colour. */
export function ChartText(props: React.SVGProps<SVGTextElement> & { children: React.ReactNode }) {
  return (
    <text fontSize={CHART_LABEL} style={{ fill: tokens.colorNeutralForeground1 }} {...props} />
  );
}

/** The drawing as wide as the pane, and a legend of keys that wraps; each used inside a chart's makeStyles. */
export const CHART_STYLES = {
  svg: { width: "100%", height: "auto", display: "block" },
  legend: {
    display: "flex",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalM,
    margin: 0,
    padding: 0,
    listStyleType: "none",
  },
  key: { display: "inline-flex", alignItems: "center", columnGap: tokens.spacingHorizontalXS },
} as const;

/**
 * A chart's drawing: as wide as the pane, its size in the drawing's units,
 * an image to assistive technology, named by its title and described by its
 * description (the figures are in a table beside each chart as well).
 */
export function ChartDrawing(props: {
  className: string;
  width: number;
  height: number;
  title: string;
  description: string;
  testId?: string;
  children: React.ReactNode;
}) {
  const titleId = useId();
  const descId = useId();
  return (
    <svg
      className={props.className}
      viewBox={`0 0 ${props.width} ${props.height}`}
      role="img"
      aria-labelledby={`${titleId} ${descId}`}
      data-testid={props.testId}
    >
      <title id={titleId}>{props.title}</title>
      <desc id={descId}>{props.description}</desc>
      {props.children}
    </svg>
  );
}
