/**
 * The pane's Monte Carlo ("How likely"): what it asks for, the messages it
 * gets back while the draws run, and the runner that runs them. In Excel the
 * runner is a Web Worker (simulationWorker.ts), so the pane stays responsive
 * through thousands of draws; the component tests use the in-thread runner
 * below, which sends the same messages in the same order.
 */
import { simulate, type ForecastInput, type Outcome, type SimulationResult } from "../model";

/** One run: the input of the last refresh, and the draws and seed from the pane's fields. */
export interface SimulationRequest {
  input: ForecastInput;
  draws: number;
  seed: number;
  /** A progress message every this many draws (and one at the end). */
  every: number;
}

/** What a run sends back: progress as it goes, then the summary (never the raw draws), or why it stopped. */
export type SimulationMessage =
  | { type: "progress"; done: number; total: number }
  | { type: "done"; outcome: Outcome<SimulationResult> }
  | { type: "failed"; message: string };

/** A run under way: cancel stops it at once, and no further message arrives. */
export interface SimulationRun {
  cancel(): void;
}

/** Runs the draws somewhere (a worker in Excel) and reports each message to `onMessage`. */
export interface SimulationRunner {
  start(request: SimulationRequest, onMessage: (message: SimulationMessage) => void): SimulationRun;
}

/** The most draws the pane runs at once (about 5 s on a typical machine). */
export const MAX_PANE_DRAWS = 100_000;

/** Progress about a hundred times a run, at least every 250 draws: often enough for the bar, rarely enough to cost nothing. */
export function progressEvery(draws: number): number {
  return Math.max(250, Math.ceil(draws / 100 / 250) * 250);
}

/**
 * The run itself, as the worker does it: the model's simulate with the given
 * draws and seed over the input's SEND_Uncertainty settings, its progress
 * posted as it goes, then its summary. Never throws: an unexpected error is
 * a "failed" message.
 */
export function runSimulation(
  request: SimulationRequest,
  post: (message: SimulationMessage) => void
): void {
  try {
    const out = simulate(
      request.input,
      { draws: request.draws, seed: request.seed },
      { every: request.every, onProgress: (done, total) => post({ type: "progress", done, total }) }
    );
    if (!out.ok) {
      post({ type: "done", outcome: out });
      return;
    }
    // The summary only: the forecast and the raw draws stay behind (10,000 draws would be megabytes to copy).
    const { result: _result, raw: _raw, ...summary } = out.value;
    post({ type: "done", outcome: { ok: true, value: summary } });
  } catch (e) {
    post({ type: "failed", message: e instanceof Error ? e.message : String(e) });
  }
}

/**
 * The draws on the pane's own thread, for tests and for a host without
 * workers: the whole run at once, then its messages one a task, as a
 * worker's arrive (`delayMs` apart), so progress can be seen and a run
 * cancelled part-way through its messages.
 */
export function createInThreadRunner(options: { delayMs?: number } = {}): SimulationRunner {
  const delay = options.delayMs ?? 0;
  return {
    start(request, onMessage) {
      let cancelled = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const messages: SimulationMessage[] = [];
      const deliver = (k: number) => {
        if (cancelled || k >= messages.length) return;
        onMessage(messages[k]!);
        timer = setTimeout(() => deliver(k + 1), delay);
      };
      timer = setTimeout(() => {
        if (cancelled) return;
        runSimulation(request, (m) => messages.push(m));
        deliver(0);
      }, delay);
      return {
        cancel() {
          cancelled = true;
          clearTimeout(timer);
        },
      };
    },
  };
}
