/**
 * The browser tests' harness: the production build served on localhost,
 * Debian's Chromium driven by playwright-core, and the fake Excel host
 * served in place of Microsoft's office.js.
 */
import { existsSync, mkdirSync, readFileSync } from "fs";
import * as path from "path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import webpack from "webpack";
import type { FakeWorkbookModel } from "../fakes/excel";
import { serveFolder, type StaticServer } from "./server";

const ROOT = path.resolve(__dirname, "../..");
export const DIST = process.env.PANE_DIST ?? path.join(ROOT, "dist");
const OUTPUT = path.join(ROOT, "test-output");
const OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
export const EXAMPLE = path.join(ROOT, "assets", "SEND-Forecaster-Example.xlsx");

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
}

/** The production build must exist: `npm run test:e2e` builds it first. */
export function requireBuild(): void {
  if (!existsSync(path.join(DIST, "taskpane.html")) || !existsSync(path.join(DIST, "taskpane.js")))
    throw new Error(
      "No production build in dist/: run `npm run build` first (npm run test:e2e does)."
    );
}

let fakeHostSource: Promise<string> | null = null;

/** test/fakes/excel bundled for the page, once per test file. */
export function fakeHostScript(): Promise<string> {
  fakeHostSource ??= new Promise<string>((resolve, reject) => {
    const out = path.join(OUTPUT, "e2e-build");
    webpack(
      {
        mode: "development",
        devtool: false,
        entry: path.join(__dirname, "fakeHostEntry.ts"),
        output: { path: out, filename: "fake-office.js" },
        resolve: { extensions: [".ts", ".js"] },
        module: {
          rules: [
            {
              test: /\.ts$/,
              loader: "ts-loader",
              exclude: /node_modules/,
              options: {
                transpileOnly: true,
                compilerOptions: { noEmit: false, module: "es2020" },
              },
            },
          ],
        },
      },
      (err, stats) => {
        if (err) return reject(err);
        if (stats?.hasErrors()) return reject(new Error(stats.toString("errors-only")));
        resolve(readFileSync(path.join(out, "fake-office.js"), "utf8"));
      }
    );
  });
  return fakeHostSource;
}

export interface PaneOptions {
  /** The workbook the fake host holds; omitted → office.js does not load at all. */
  model?: FakeWorkbookModel;
  /** Report another Office app from Office.onReady. */
  hostName?: string;
  /** Requirement sets the fake Excel reports as unsupported (e.g. "CustomFunctionsRuntime"). */
  unsupportedSets?: string[];
  /** Rewrite taskpane.html as served (for the CSP test). */
  rewriteHtml?: (html: string) => string;
  /** The pane's size in CSS px (360 × 900 unless given) and its zoom (device scale factor). */
  viewport?: { width: number; height: number };
  zoom?: number;
  /** Office.context.officeTheme as the fake Excel reports it (Excel's Dark Grey or Black theme, say). */
  officeTheme?: { bodyBackgroundColor: string; bodyForegroundColor?: string };
  /** Windows high contrast: the forced-colors media query matches. */
  forcedColors?: boolean;
}

export interface PaneSession {
  context: BrowserContext;
  page: Page;
  /** Content-Security-Policy violations the page reported. */
  cspViolations: string[];
  pageErrors: string[];
}

/**
 * Opens the pane at task-pane size. Nothing leaves localhost: office.js is
 * answered with the fake host (or refused), every other outside request is
 * aborted.
 */
export async function openPane(
  browser: Browser,
  server: StaticServer,
  options: PaneOptions
): Promise<PaneSession> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 360, height: 900 },
    deviceScaleFactor: options.zoom ?? 1,
    forcedColors: options.forcedColors ? "active" : "none",
  });
  const fake = options.model ? await fakeHostScript() : null;
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (url === OFFICE_JS) {
      if (!fake) return route.abort("failed");
      const prelude =
        `window.__fakeWorkbookModel = ${JSON.stringify(options.model)};\n` +
        (options.hostName ? `window.__fakeHostName = ${JSON.stringify(options.hostName)};\n` : "") +
        (options.officeTheme
          ? `window.__fakeOfficeTheme = ${JSON.stringify(options.officeTheme)};\n`
          : "") +
        (options.unsupportedSets
          ? `window.__fakeUnsupportedSets = ${JSON.stringify(options.unsupportedSets)};\n`
          : "");
      return route.fulfill({ status: 200, contentType: "text/javascript", body: prelude + fake });
    }
    if (!url.startsWith(server.origin)) return route.abort("blockedbyclient");
    if (options.rewriteHtml && new URL(url).pathname === "/taskpane.html") {
      const html = readFileSync(path.join(DIST, "taskpane.html"), "utf8");
      return route.fulfill({
        status: 200,
        contentType: "text/html; charset=utf-8",
        body: options.rewriteHtml(html),
      });
    }
    return route.continue();
  });
  const page = await context.newPage();
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  await page.goto(`${server.origin}/taskpane.html`);
  return { context, page, cspViolations, pageErrors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(OUTPUT, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT, `${name}.png`), fullPage: true });
}

export { serveFolder };

/**
 * For a test file: the build served and Chromium launched once before its
 * tests, every pane opened through `open` closed after them, then the
 * browser and the server.
 */
export function paneBrowser(): { open(options: PaneOptions): Promise<PaneSession> } {
  let browser: Browser | undefined;
  let server: StaticServer | undefined;
  const sessions: PaneSession[] = [];
  beforeAll(async () => {
    requireBuild();
    server = await serveFolder(DIST);
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const s of sessions) await s.context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });
  return {
    async open(options) {
      if (!browser || !server)
        throw new Error(
          "the browser is not running: call paneBrowser() at the top of the test file"
        );
      const session = await openPane(browser, server, options);
      sessions.push(session);
      return session;
    },
  };
}
