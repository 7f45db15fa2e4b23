import {
  teamsHighContrastTheme,
  webDarkTheme,
  webLightTheme,
  type Theme,
} from "@fluentui/react-components";

/** The part of Office.context.officeTheme the pane reads. */
export interface OfficeThemeColours {
  bodyBackgroundColor?: string;
}

export type PaneThemeName = "light" | "dark" | "highContrast";

/** The relative luminance (0 black … 1 white) of a #rgb or #rrggbb colour; null when it is not one. */
export function luminance(colour: string): number | null {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(colour.trim());
  if (!m) return null;
  const hex =
    m[1]!.length === 3
      ? m[1]!
          .split("")
          .map((c) => c + c)
          .join("")
      : m[1]!;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/**
 * Which Fluent theme the pane wears: Windows high contrast (forced colours)
 * first, then Office's own theme, dark (Dark Grey, Black) when its body
 * background is dark, else light (White, Colorful).
 */
export function paneThemeName(
  office: OfficeThemeColours | undefined,
  forcedColors: boolean
): PaneThemeName {
  if (forcedColors) return "highContrast";
  const l = office?.bodyBackgroundColor ? luminance(office.bodyBackgroundColor) : null;
  return l !== null && l < 0.2 ? "dark" : "light";
}

export const PANE_THEMES: Record<PaneThemeName, Theme> = {
  light: webLightTheme,
  dark: webDarkTheme,
  highContrast: teamsHighContrastTheme,
};
