/**
 * The production SimulationRunner: each run in its own Web Worker
 * (simulation.worker.ts, bundled by webpack from the URL below), ended with
 * terminate() when it is cancelled or done. Only the pane's entry imports
 * this module: the component tests run the draws in-thread.
 */
import { createInThreadRunner, type SimulationRunner } from "./simulation";

export function createWorkerRunner(): SimulationRunner {
  // A host without workers still runs the draws, on the pane's thread.
  if (typeof Worker === "undefined") return createInThreadRunner();
  return {
    start(request, onMessage) {
      const worker = new Worker(
        /* webpackChunkName: "simulation" */ new URL("./simulation.worker.ts", import.meta.url)
      );
      let over = false;
      const end = () => {
        over = true;
        worker.terminate();
      };
      worker.onmessage = (event: MessageEvent) => {
        if (over) return;
        const message = event.data;
        if (message.type !== "progress") end();
        onMessage(message);
      };
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        if (over) return;
        end();
        onMessage({
          type: "failed",
          message: event.message || "the simulation's worker stopped with an error",
        });
      };
      worker.onmessageerror = () => {
        if (over) return;
        end();
        onMessage({
          type: "failed",
          message: "the simulation's worker sent a message that could not be read",
        });
      };
      worker.postMessage(request);
      return { cancel: end };
    },
  };
}
