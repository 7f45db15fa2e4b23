import { teamsHighContrastTheme, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { PANE_THEMES, luminance, paneThemeName } from "../../src/taskpane/theme";

test("relative luminance as WCAG defines it: white 1, black 0, mid grey #808080 about 0.216", () => {
  expect(luminance("#ffffff")).toBeCloseTo(1, 6);
  expect(luminance("#000")).toBeCloseTo(0, 6);
  // ((128/255 + 0.055) / 1.055) ^ 2.4 = 0.21586, the same in each channel.
  expect(luminance("#808080")).toBeCloseTo(0.21586, 4);
  expect(luminance("not a colour")).toBeNull();
});

test("Office's dark themes give the dark pane, its light ones the light pane, high contrast wins", () => {
  // Excel's Black and Dark Grey body backgrounds; White and Colorful.
  expect(paneThemeName({ bodyBackgroundColor: "#000000" }, false)).toBe("dark");
  expect(paneThemeName({ bodyBackgroundColor: "#262626" }, false)).toBe("dark");
  expect(paneThemeName({ bodyBackgroundColor: "#FFFFFF" }, false)).toBe("light");
  expect(paneThemeName({ bodyBackgroundColor: "#E6E6E6" }, false)).toBe("light");
  // No theme from Office (an older host): light.
  expect(paneThemeName(undefined, false)).toBe("light");
  expect(paneThemeName({ bodyBackgroundColor: "#000000" }, true)).toBe("highContrast");
  expect(PANE_THEMES).toEqual({
    light: webLightTheme,
    dark: webDarkTheme,
    highContrast: teamsHighContrastTheme,
  });
});
