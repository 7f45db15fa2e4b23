/**
 * Progress lines on stderr, so stdout stays clean for --json. A step is
 * announced once it has run for a second (or at once on an interactive
 * terminal); a step that finishes quickly says nothing. Much of a refresh is
 * synchronous work that keeps a timer from firing, so a slow step is also
 * reported when it ends, with its duration.
 */
export const SLOW_STEP_MS = 1000;

export class Progress {
  private current:
    { label: string; started: number; announced: boolean; timer?: NodeJS.Timeout } | undefined;

  constructor(
    private readonly write: (text: string) => void,
    private readonly always: boolean,
    private readonly now: () => number = () => Date.now()
  ) {}

  step(label: string): void {
    if (this.current?.label === label) return;
    this.done();
    const step: { label: string; started: number; announced: boolean; timer?: NodeJS.Timeout } = {
      label,
      started: this.now(),
      announced: false,
    };
    this.current = step;
    if (this.always) this.announce(step);
    else {
      step.timer = setTimeout(() => this.announce(step), SLOW_STEP_MS);
      step.timer.unref();
    }
  }

  done(): void {
    const step = this.current;
    if (!step) return;
    this.current = undefined;
    if (step.timer) clearTimeout(step.timer);
    const took = this.now() - step.started;
    if (!step.announced && took >= SLOW_STEP_MS)
      this.write(`${step.label}… (${(took / 1000).toFixed(1)} s)\n`);
  }

  private announce(step: { label: string; announced: boolean }): void {
    if (step.announced) return;
    step.announced = true;
    this.write(`${step.label}…\n`);
  }
}
