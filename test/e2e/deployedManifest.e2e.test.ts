/**
 * The manifest the production build wrote: dist/manifest.xml from the same
 * build the browser tests use (`npm run build:test`, which gives
 * SEND_FORECASTER_URL a reserved address that can never resolve). It must
 * pass the offline schema check, name no localhost, and send every URL Excel
 * fetches to that address, at a file the build actually wrote.
 */
import { existsSync, readFileSync } from "fs";
import * as path from "path";
import { validateManifest } from "../../scripts/validate-manifest";
import { DIST, requireBuild } from "./harness";

const ROOT = path.resolve(__dirname, "../..");
const scripts = (
  JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  }
).scripts;
/** The address `npm run build:test` builds for. */
const BASE = /--env SEND_FORECASTER_URL=(\S+)/.exec(scripts["build:test"])?.[1] ?? "";
const MANIFEST = path.join(DIST, "manifest.xml");

let xml = "";
beforeAll(() => {
  requireBuild();
  xml = readFileSync(MANIFEST, "utf8");
});

/** DefaultValue of each element with that tag (bt: prefix or none), in document order. */
function values(tag: string): string[] {
  return [
    ...xml
      .replace(/<!--[\s\S]*?-->/g, "")
      .matchAll(new RegExp(`<(?:bt:)?${tag}\\b[^>]*\\sDefaultValue="([^"]*)"`, "g")),
  ].map((m) => m[1]);
}

test("the browser tests' build is a production build for a reserved, never-deployable address", () => {
  expect(scripts["test:e2e"]).toMatch(/^npm run build:test && /);
  expect(scripts["build:test"]).toMatch(/--mode production/);
  expect(BASE).toMatch(/^https:\/\/[^/]+\.invalid\//);
});

test("dist/manifest.xml passes the offline schema and resid check", () => {
  const { ok, failures } = validateManifest(MANIFEST);
  expect(failures).toEqual([]);
  expect(ok).toBe(true);
});

test("dist/manifest.xml names no localhost anywhere", () => {
  expect(xml).not.toMatch(/localhost/i);
  expect(xml).not.toMatch(/127\.0\.0\.1/);
});

test("SourceLocation, Taskpane.Url, the functions' script and metadata, SupportUrl and every icon are under SEND_FORECASTER_URL", () => {
  expect(values("SourceLocation")).toEqual([`${BASE}/taskpane.html`]);
  const urls = Object.fromEntries(
    [...xml.matchAll(/<bt:Url id="([^"]+)" DefaultValue="([^"]*)"/g)].map((m) => [m[1], m[2]])
  );
  expect(urls["Taskpane.Url"]).toBe(`${BASE}/taskpane.html`);
  expect(urls["Functions.Script.Url"]).toBe(`${BASE}/functions.js`);
  expect(urls["Functions.Metadata.Url"]).toBe(`${BASE}/functions.json`);
  expect(values("SupportUrl")).toEqual([`${BASE}/taskpane.html`]);
  const icons = [...values("IconUrl"), ...values("HighResolutionIconUrl"), ...values("Image")];
  expect(icons.length).toBeGreaterThanOrEqual(5);
  for (const icon of icons)
    expect(icon).toMatch(
      new RegExp(`^${BASE.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}/assets/icon-\\d+\\.png$`)
    );
});

test("every URL in it is under SEND_FORECASTER_URL and is a file the build wrote", () => {
  // Namespace names (xmlns) are identifiers, not addresses Excel fetches.
  const addresses = [
    ...xml
      .replace(/<!--[\s\S]*?-->/g, "")
      .replace(/\sxmlns(?::\w+)?="[^"]*"/g, "")
      .matchAll(/https?:\/\/[^"<\s]+/g),
  ].map((m) => m[0]);
  expect(addresses.length).toBeGreaterThan(10);
  for (const address of addresses) {
    expect(address.startsWith(`${BASE}/`)).toBe(true);
    expect(existsSync(path.join(DIST, address.slice(BASE.length + 1)))).toBe(true);
  }
});

test("the repository's manifest.xml stays on the development server for `npm start`", () => {
  const dev = readFileSync(path.join(ROOT, "manifest.xml"), "utf8");
  expect(dev).toContain('<SourceLocation DefaultValue="https://localhost:3000/taskpane.html"/>');
  expect(dev).not.toContain(BASE);
});
