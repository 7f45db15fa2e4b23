/**
 * The Monte Carlo's Web Worker: takes one SimulationRequest, posts its
 * progress and then its summary (simulation.ts). It runs off the pane's
 * thread, so the pane stays responsive; the pane ends it with terminate()
 * to cancel, or when the run is done.
 */
import { runSimulation, type SimulationMessage, type SimulationRequest } from "./simulation";

// The worker's global scope: the DOM typings describe a window, so only what a worker uses is named here.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<SimulationRequest>) => void) | null;
  postMessage(message: SimulationMessage): void;
};

scope.onmessage = (event) => runSimulation(event.data, (message) => scope.postMessage(message));
