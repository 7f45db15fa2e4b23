/**
 * The build's configuration, read as webpack reads it. The build itself is
 * exercised by test/functions/asExcelCallsThem.test.ts and the browser suite.
 */
import type { Configuration } from "webpack";

type MakeConfig = (env: Record<string, unknown>, argv: { mode: string }) => Promise<Configuration & { devServer?: Record<string, unknown> }>;

const mockGetHttpsServerOptions = jest.fn(async () => ({ ca: "test-ca", key: "test-key", cert: "test-cert" }));
jest.mock("office-addin-dev-certs", () => ({ getHttpsServerOptions: mockGetHttpsServerOptions }));

// eslint-disable-next-line @typescript-eslint/no-require-imports
const makeConfig = require("../webpack.config.js") as MakeConfig;

beforeEach(() => mockGetHttpsServerOptions.mockClear());

test("a production build needs no certificates and has no dev server", async () => {
  const config = await makeConfig({ WEBPACK_BUILD: true }, { mode: "production" });
  expect(mockGetHttpsServerOptions).not.toHaveBeenCalled();
  expect(config.devServer).toBeUndefined();
});

test("`webpack serve` is https on port 3000 with the trusted development certificate", async () => {
  const config = await makeConfig({ WEBPACK_SERVE: true }, { mode: "development" });
  expect(mockGetHttpsServerOptions).toHaveBeenCalledTimes(1);
  expect(config.devServer?.port).toBe(3000);
  expect(config.devServer?.server).toEqual({ type: "https", options: { ca: "test-ca", key: "test-key", cert: "test-cert" } });
});

test.each(["production", "development"])("%s: source maps in separate files, never eval-based (the page's CSP forbids eval)", async (mode) => {
  const config = await makeConfig({}, { mode });
  expect(config.devtool).toBe("source-map");
});

test("one page hosts both entries: the task pane and the custom functions", async () => {
  const config = await makeConfig({}, { mode: "production" });
  expect(config.entry).toEqual({ functions: "./src/functions/functions.ts", taskpane: "./src/taskpane/index.tsx" });
  const html = (config.plugins ?? []).find((p) => p?.constructor.name === "HtmlWebpackPlugin") as unknown as { userOptions: { filename: string; chunks: string[] } };
  expect(html.userOptions.filename).toBe("taskpane.html");
  expect([...html.userOptions.chunks].sort()).toEqual(["functions", "taskpane"]);
  const metadata = (config.plugins ?? []).find((p) => p?.constructor.name === "CustomFunctionsMetadataPlugin") as unknown as { options: { input: string; output: string } };
  expect(metadata.options).toEqual({ input: "./src/functions/functions.ts", output: "functions.json" });
});

test("only a production build enforces the task pane's gzip budget", async () => {
  const names = async (mode: string) => ((await makeConfig({}, { mode })).plugins ?? []).map((p) => p?.constructor.name);
  expect(await names("production")).toContain("GzipBudgetPlugin");
  expect(await names("development")).not.toContain("GzipBudgetPlugin");
});

test("the pane records refresh times only in the benchmark's build, which goes to its own folder", async () => {
  const flag = (config: Configuration) => {
    const define = (config.plugins ?? []).find((p) => p?.constructor.name === "DefinePlugin") as unknown as { definitions: Record<string, string> };
    return define.definitions["process.env.SEND_PANE_METRICS"];
  };
  const production = await makeConfig({ WEBPACK_BUILD: true }, { mode: "production" });
  expect(flag(production)).toBe(JSON.stringify("false"));
  expect(production.output?.path).toMatch(/[\\/]dist$/);
  const bench = await makeConfig({ WEBPACK_BUILD: true, paneMetrics: true }, { mode: "production" });
  expect(flag(bench)).toBe(JSON.stringify("true"));
  expect(bench.output?.path).toMatch(/[\\/]dist-pane-metrics$/);
});
