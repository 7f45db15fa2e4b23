/** Median wall time of `work`, in milliseconds, after `warmUp` untimed runs (process.hrtime.bigint). */
export function medianMs(
  work: () => unknown,
  repetitions: number,
  warmUp = Math.ceil(repetitions / 10)
): number {
  let sink: unknown;
  for (let k = 0; k < warmUp; k++) sink = work();
  const times: number[] = [];
  for (let k = 0; k < repetitions; k++) {
    const t0 = process.hrtime.bigint();
    sink = work();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  keep(sink);
  return median(times);
}

/** The middle of the figures (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// Holding the last result stops the engine from discarding work whose result is never read.
let kept: unknown;
function keep(v: unknown): void {
  kept = v;
}
export const lastKept = (): unknown => kept;
