/**
 * `npm ci` needs nothing but Node and npm: no package in the lock file builds
 * native code, every peer a package needs at run time is in the lock, and
 * nothing the project runs reads a folder outside the repository.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const repo = resolve(__dirname, "..");

interface LockedPackage {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  hasInstallScript?: boolean;
  os?: string[];
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}
const lock = JSON.parse(readFileSync(join(repo, "package-lock.json"), "utf8")) as {
  packages: Record<string, LockedPackage>;
};
const packages = lock.packages;

/** Where Node would find `name` from the package at `from`: the nearest node_modules up the tree. */
function resolveFrom(from: string, name: string): string | undefined {
  let at = from;
  for (;;) {
    const candidate = at === "" ? `node_modules/${name}` : `${at}/node_modules/${name}`;
    if (candidate in packages) return candidate;
    if (at === "") return undefined;
    const up = at.lastIndexOf("/node_modules/");
    at = up >= 0 ? at.slice(0, up) : "";
  }
}

/**
 * Peers no package needs here: office-addin-dev-settings runs the Microsoft 365
 * Agents Toolkit CLI (through npx) only to sideload a JSON manifest, and this
 * add-in's manifest is XML. That CLI brings a keychain module built from C++.
 */
const UNUSED_PEERS = new Set([
  "node_modules/office-addin-dev-settings → @microsoft/m365agentstoolkit-cli",
]);

/** Install scripts that only print or check a prebuilt binary shipped inside a registry package. */
const HARMLESS_INSTALL_SCRIPTS = new Set(["core-js", "core-js-pure", "esbuild"]);

describe("the install", () => {
  test("no locked package builds native code", () => {
    const building = Object.entries(packages)
      .filter(([key, p]) => key !== "" && p.hasInstallScript)
      .map(([key]) => key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length))
      .filter((name) => !HARMLESS_INSTALL_SCRIPTS.has(name));
    expect(building).toEqual([]);
  });

  test("no installed package carries a binding.gyp (node-gyp would compile it)", () => {
    const found: string[] = [];
    const walk = (dir: string, depth: number): void => {
      if (depth > 6) return;
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name), depth + 1);
        else if (entry.name === "binding.gyp") found.push(join(dir, entry.name));
      }
    };
    const modules = join(repo, "node_modules");
    expect(existsSync(modules)).toBe(true);
    walk(modules, 0);
    expect(found).toEqual([]);
  });

  test("every peer dependency a package needs is in the lock file", () => {
    const missing: string[] = [];
    for (const [key, p] of Object.entries(packages)) {
      for (const peer of Object.keys(p.peerDependencies ?? {})) {
        if (p.peerDependenciesMeta?.[peer]?.optional) continue;
        if (!resolveFrom(key, peer) && !UNUSED_PEERS.has(`${key} → ${peer}`))
          missing.push(`${key} → ${peer}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test("the unused peer is still unused: the manifest is XML, not a JSON manifest the toolkit would sideload", () => {
    expect(existsSync(join(repo, "manifest.xml"))).toBe(true);
    expect(existsSync(join(repo, "manifest.json"))).toBe(false);
    expect(JSON.parse(readFileSync(join(repo, "package.json"), "utf8")).scripts.start).toMatch(
      /manifest\.xml/
    );
  });

  test("the sideloading tool behind npm start and npm stop loads without the peer it does not use", () => {
    // @microsoft/app-manifest (under office-addin-manifest) requires fs-extra without declaring it;
    // package.json lists fs-extra so that the require is met now that the toolkit no longer hoists one.
    const loaded = execFileSync(
      process.execPath,
      [
        "-e",
        "for (const m of ['office-addin-debugging', 'office-addin-dev-settings', 'office-addin-manifest', 'office-addin-dev-certs']) require(m); process.stdout.write('loaded')",
      ],
      { cwd: repo, encoding: "utf8" }
    );
    expect(loaded).toBe("loaded");
  });

  test("nothing the project runs reads outside the repository", () => {
    const files = [
      "package.json",
      "webpack.config.js",
      "jest.config.js",
      "test/e2e/jest.config.js",
      ".ci/run",
    ];
    const dirs = ["src", "test", "bench", "scripts"];
    const walk = (dir: string): string[] =>
      readdirSync(join(repo, dir), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory()
          ? walk(join(dir, e.name))
          : /\.(ts|tsx|js|mjs|cjs|sh|json)$/.test(e.name)
            ? [join(dir, e.name)]
            : []
      );
    const offenders = [...files, ...dirs.flatMap(walk)].filter(
      (f) =>
        existsSync(join(repo, f)) &&
        /\.\.\/\.\.\/shared|\.\.\/shared\//.test(readFileSync(join(repo, f), "utf8"))
    );
    expect(offenders).toEqual([]);
  });
});
