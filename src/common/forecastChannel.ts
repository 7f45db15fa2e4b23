import type { ForecastResult } from "../model";
import { figuresOf, unpackFigures, type ForecastFigures } from "./figures";

/**
 * The figures FORECAST serves, shared between the task pane and the custom
 * functions. Both run in one shared runtime (one page), but they are
 * separate webpack entries, each with its own copy of this module; so the
 * state lives on the page's global object, not in module scope, and the
 * pane's `publishForecast` reaches the functions' listeners whichever copy
 * each side imported.
 *
 * The figures come from one of two places: a refresh in this session
 * (`publishForecast`), or, when the workbook is opened, the copy the last
 * refresh saved in it (`restoreForecast`). A refresh always wins: figures
 * restored after it (the runtime's start is asynchronous) are dropped.
 */

/** Told when the figures change (a refresh, or the saved figures read at start); ask `latestForecast` for them. */
export type ForecastListener = () => void;

/** Where the figures being served came from. */
export type FiguresSource = "refresh" | "workbook";

interface ForecastChannel {
  latest: ForecastFigures | undefined;
  source: FiguresSource | undefined;
  /** Why there are no figures, for FORECAST's #N/A; undefined for the plain "refresh first". */
  missing: string | undefined;
  /** True from the runtime's start until the saved figures have been looked for. */
  restoring: boolean;
  listeners: Set<ForecastListener>;
}

/** The global property that holds the channel (one per page). */
export const FORECAST_CHANNEL_KEY = "__sendForecasterLatestForecast";

/** FORECAST's #N/A message when no refresh has been made (or kept in the workbook). */
export const REFRESH_FIRST = "Refresh the forecast in the task pane first";

function channel(): ForecastChannel {
  const host = globalThis as unknown as Record<string, ForecastChannel | undefined>;
  let found = host[FORECAST_CHANNEL_KEY];
  if (!found) {
    found = {
      latest: undefined,
      source: undefined,
      missing: undefined,
      restoring: false,
      listeners: new Set(),
    };
    host[FORECAST_CHANNEL_KEY] = found;
  }
  return found;
}

function notify(c: ForecastChannel): void {
  for (const listener of [...c.listeners]) {
    try {
      listener();
    } catch {
      // One failing cell must not stop the others updating.
    }
  }
}

/**
 * Called by the task pane after each successful refresh; every FORECAST
 * formula updates. Returns the figures served, for saving in the workbook.
 */
export function publishForecast(
  result: ForecastResult,
  refreshedAt: Date = new Date()
): ForecastFigures {
  const c = channel();
  const figures = figuresOf(result, refreshedAt);
  Object.assign(c, { latest: figures, source: "refresh", missing: undefined, restoring: false });
  notify(c);
  return figures;
}

/**
 * Marks the start of the runtime, before the saved figures can be read
 * (Office is not ready yet): until `restoreForecast`, FORECAST waits rather
 * than answering #N/A, so a reopened workbook does not flash #N/A through
 * every formula that depends on it.
 */
export function expectSavedForecast(): void {
  const c = channel();
  if (!c.latest) c.restoring = true;
}

/**
 * Serves the figures saved in the workbook (the document setting's value,
 * as read), unless a refresh has already published newer ones. A value that
 * is not figures this version saved is not served: FORECAST stays #N/A and
 * says why. Nothing saved leaves the plain "refresh first".
 */
export function restoreForecast(saved: unknown): void {
  const c = channel();
  c.restoring = false;
  if (c.latest) return;
  if (saved === null || saved === undefined) c.missing = undefined;
  else {
    const read = unpackFigures(saved);
    if (read.ok) Object.assign(c, { latest: read.figures, source: "workbook", missing: undefined });
    else
      c.missing = `${REFRESH_FIRST}: the figures saved in this workbook were not used, as ${read.reason}`;
  }
  notify(c);
}

/** Listens for each later change of the figures (not the ones already there); returns the unsubscribe. */
export function onForecast(listener: ForecastListener): () => void {
  const c = channel();
  c.listeners.add(listener);
  return () => {
    c.listeners.delete(listener);
  };
}

/** The figures being served, or undefined before the first refresh (and with none saved in the workbook). */
export function latestForecast(): ForecastFigures | undefined {
  return channel().latest;
}

/** What FORECAST has to serve: the figures and where they came from, or why there are none, or that they are still being read. */
export type ForecastState =
  | { kind: "figures"; figures: ForecastFigures; source: FiguresSource }
  | { kind: "restoring" }
  | { kind: "missing"; message: string };

export function forecastState(): ForecastState {
  const c = channel();
  if (c.latest) return { kind: "figures", figures: c.latest, source: c.source ?? "refresh" };
  if (c.restoring) return { kind: "restoring" };
  return { kind: "missing", message: c.missing ?? REFRESH_FIRST };
}
