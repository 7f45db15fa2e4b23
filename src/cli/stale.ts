/**
 * The command line runs as JavaScript built from src/ (npm run build:cli).
 * After src/ changes, the build is out of date until it is run again; say
 * so rather than print figures from the old code.
 */
import { statSync } from "fs";
import * as path from "path";

/** Written by npm run build:cli after each build, beside the built forecast.js. */
export const BUILT_STAMP = ".built";

/**
 * The sources of `modules` (the built files loaded, build/X.js) changed since
 * the build's stamp, as src/X.ts paths relative to the package; none when
 * not running from a build (tsx on src/), or without the stamp or the sources.
 */
export function staleSources(
  modules: readonly string[],
  buildDir: string,
  srcDir: string,
  stamp: string
): string[] {
  const built = statSync(stamp, { throwIfNoEntry: false });
  if (!built) return [];
  const stale: string[] = [];
  for (const js of modules) {
    const rel = path.relative(buildDir, js);
    if (rel.startsWith("..") || path.isAbsolute(rel) || !rel.endsWith(".js")) continue;
    const ts = path.join(srcDir, rel.replace(/\.js$/, ".ts"));
    const source = statSync(ts, { throwIfNoEntry: false });
    if (source && source.mtimeMs > built.mtimeMs)
      stale.push(path.relative(path.dirname(srcDir), ts).split(path.sep).join("/"));
  }
  return stale.sort();
}

export function staleNote(stale: readonly string[]): string {
  const shown =
    stale.length > 3
      ? `${stale.slice(0, 3).join(", ")} and ${stale.length - 3} more`
      : stale.join(", ");
  return `Note: ${shown} changed since the command line was built; run npm run build:cli to use ${stale.length === 1 ? "it" : "them"}.\n`;
}
