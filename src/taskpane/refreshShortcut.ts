import { useEffect } from "react";

/** Ctrl+Alt+R inside the pane: Excel keeps F9 and Ctrl+R for itself. */
export const REFRESH_SHORTCUT = { label: "Ctrl+Alt+R", aria: "Control+Alt+R" };

export function isRefreshShortcut(
  e: Pick<KeyboardEvent, "ctrlKey" | "altKey" | "metaKey" | "shiftKey" | "key" | "code">
): boolean {
  return (
    e.ctrlKey &&
    e.altKey &&
    !e.metaKey &&
    !e.shiftKey &&
    (e.code === "KeyR" || e.key.toLowerCase() === "r")
  );
}

/** Calls `onShortcut` for each Ctrl+Alt+R pressed anywhere in the pane, and keeps the key from Excel. */
export function useRefreshShortcut(onShortcut: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isRefreshShortcut(e)) return;
      e.preventDefault();
      onShortcut();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [onShortcut]);
}
