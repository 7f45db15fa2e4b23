import { useCallback, useRef, useState } from "react";
import type { PaneRefreshOutcome, PaneServices, RefreshProgress, RefreshRequest } from "./services";

export interface RefreshState {
  running: boolean;
  progress: RefreshProgress | null;
  outcome: PaneRefreshOutcome | null;
  /** A failure that is not an input problem (Excel busy, lost connection), shown as text. */
  failure: string | null;
}

/** How one call to run ended: the refresh's outcome, or why there is none (another refresh under way, Excel failed). */
export type RefreshEnd = { outcome: PaneRefreshOutcome } | { failure: string };

/** Timings the bench reads from the page: script time of each refresh, in ms. */
export interface PaneMetrics {
  refreshMs: number[];
}

declare global {
  interface Window {
    sendPaneMetrics?: PaneMetrics;
  }
}

/**
 * True only in the benchmark's build of the pane (`webpack --env paneMetrics`,
 * which `npm run bench:pane` makes): webpack writes the flag in, and the
 * production build, where it is false, drops the recording altogether.
 */
const RECORD_PANE_METRICS = process.env.SEND_PANE_METRICS === "true";

function recordRefreshTime(ms: number): void {
  if (!RECORD_PANE_METRICS || typeof window === "undefined") return;
  window.sendPaneMetrics ??= { refreshMs: [] };
  window.sendPaneMetrics.refreshMs.push(ms);
}

/**
 * One refresh at a time. The guard is a ref, not state: two clicks in the
 * same frame both see the state from before the first re-render, so only a
 * synchronous flag stops the second one from starting another read-write.
 */
export function useRefresh(
  services: PaneServices,
  onDone?: (outcome: PaneRefreshOutcome) => void
): {
  state: RefreshState;
  run: (request: Omit<RefreshRequest, "onProgress">) => Promise<RefreshEnd>;
} {
  const inFlight = useRef(false);
  const [state, setState] = useState<RefreshState>({
    running: false,
    progress: null,
    outcome: null,
    failure: null,
  });

  const run = useCallback(
    async (request: Omit<RefreshRequest, "onProgress">): Promise<RefreshEnd> => {
      if (inFlight.current) return { failure: "another refresh is under way" };
      inFlight.current = true;
      setState((s) => ({
        ...s,
        running: true,
        progress: { fraction: 0, step: "Starting" },
        failure: null,
      }));
      const started = performance.now();
      try {
        const outcome = await services.refresh({
          ...request,
          onProgress: (progress) => setState((s) => ({ ...s, progress })),
        });
        recordRefreshTime(performance.now() - started);
        setState({ running: false, progress: null, outcome, failure: null });
        onDone?.(outcome);
        return { outcome };
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        setState((s) => ({ ...s, running: false, progress: null, failure: message }));
        return { failure: message };
      } finally {
        inFlight.current = false;
      }
    },
    [services, onDone]
  );

  return { state, run };
}
