import { main } from "../../src/cli/forecast";

/** What a run of the command line gave: its exit status and both streams. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The command line's `main` in this process, in `cwd`, not at a terminal: its exit status and what it wrote. */
export async function runInProcess(args: string[], cwd: string): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    interactive: false,
  });
  return { code, stdout, stderr };
}
