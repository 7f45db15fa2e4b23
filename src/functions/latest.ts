import type { ForecastResult } from "../model";

/**
 * The latest refresh's result, shared between the task pane and the
 * custom functions. Both run in one shared runtime (one page), but they are
 * separate webpack entries, each with its own copy of this module; so the
 * state lives on the page's global object, not in module scope, and the
 * pane's `publishForecast` reaches the functions' listeners whichever copy
 * each side imported.
 */

export type ForecastListener = (result: ForecastResult) => void;

interface ForecastChannel {
  latest: ForecastResult | undefined;
  listeners: Set<ForecastListener>;
}

/** The global property that holds the channel (one per page). */
export const FORECAST_CHANNEL_KEY = "__sendForecasterLatestForecast";

function channel(): ForecastChannel {
  const host = globalThis as unknown as Record<string, ForecastChannel | undefined>;
  let found = host[FORECAST_CHANNEL_KEY];
  if (!found) {
    found = { latest: undefined, listeners: new Set() };
    host[FORECAST_CHANNEL_KEY] = found;
  }
  return found;
}

/** Called by the task pane after each successful refresh; every FORECAST formula updates. */
export function publishForecast(result: ForecastResult): void {
  const c = channel();
  c.latest = result;
  for (const listener of [...c.listeners]) {
    try {
      listener(result);
    } catch {
      // One failing cell must not stop the others updating.
    }
  }
}

/** Listens for each later refresh (not the one already published); returns the unsubscribe. */
export function onForecast(listener: ForecastListener): () => void {
  const c = channel();
  c.listeners.add(listener);
  return () => {
    c.listeners.delete(listener);
  };
}

/** The latest refresh's result, or undefined before the first. */
export function latestForecast(): ForecastResult | undefined {
  return channel().latest;
}
