/**
 * The build's configuration, read as webpack reads it. The build itself is
 * exercised by test/functions/asExcelCallsThem.test.ts and the browser suite.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Configuration } from "webpack";
import { validateManifest } from "../scripts/validate-manifest";

type MakeConfig = ((
  env: Record<string, unknown>,
  argv: { mode: string }
) => Promise<Configuration & { devServer?: Record<string, unknown> }>) & {
  URL_SETTING: string;
  deployUrl(env: Record<string, unknown>, environment: Record<string, string | undefined>): string;
  deployedManifest(xml: string, base: string): string;
};

const mockGetHttpsServerOptions = jest.fn(async () => ({
  ca: "test-ca",
  key: "test-key",
  cert: "test-cert",
}));
jest.mock("office-addin-dev-certs", () => ({ getHttpsServerOptions: mockGetHttpsServerOptions }));

// eslint-disable-next-line @typescript-eslint/no-require-imports
const makeConfig = require("../webpack.config.js") as MakeConfig;

beforeEach(() => mockGetHttpsServerOptions.mockClear());

/** A production build needs the deployment address; these tests give it as `--env` would. */
const DEPLOYED = { SEND_FORECASTER_URL: "https://addins.example.gov.uk/send-forecaster" };
const withUrl = (env: Record<string, unknown>, mode: string) =>
  mode === "production" ? { ...DEPLOYED, ...env } : env;

test("a production build needs no certificates and has no dev server", async () => {
  const config = await makeConfig({ WEBPACK_BUILD: true, ...DEPLOYED }, { mode: "production" });
  expect(mockGetHttpsServerOptions).not.toHaveBeenCalled();
  expect(config.devServer).toBeUndefined();
});

test("`webpack serve` is https on port 3000 with the trusted development certificate", async () => {
  const config = await makeConfig({ WEBPACK_SERVE: true }, { mode: "development" });
  expect(mockGetHttpsServerOptions).toHaveBeenCalledTimes(1);
  expect(config.devServer?.port).toBe(3000);
  expect(config.devServer?.server).toEqual({
    type: "https",
    options: { ca: "test-ca", key: "test-key", cert: "test-cert" },
  });
});

test.each(["production", "development"])(
  "%s: source maps in separate files, never eval-based (the page's CSP forbids eval)",
  async (mode) => {
    const config = await makeConfig(withUrl({}, mode), { mode });
    expect(config.devtool).toBe("source-map");
  }
);

test("one page hosts both entries: the task pane and the custom functions", async () => {
  const config = await makeConfig(DEPLOYED, { mode: "production" });
  expect(config.entry).toEqual({
    functions: "./src/functions/functions.ts",
    taskpane: "./src/taskpane/index.tsx",
  });
  const html = (config.plugins ?? []).find(
    (p) => p?.constructor.name === "HtmlWebpackPlugin"
  ) as unknown as { userOptions: { filename: string; chunks: string[] } };
  expect(html.userOptions.filename).toBe("taskpane.html");
  expect([...html.userOptions.chunks].sort()).toEqual(["functions", "taskpane"]);
  const metadata = (config.plugins ?? []).find(
    (p) => p?.constructor.name === "CustomFunctionsMetadataPlugin"
  ) as unknown as { options: { input: string; output: string } };
  expect(metadata.options).toEqual({
    input: "./src/functions/functions.ts",
    output: "functions.json",
  });
});

test("only a production build enforces the task pane's gzip budget", async () => {
  const names = async (mode: string) =>
    ((await makeConfig(withUrl({}, mode), { mode })).plugins ?? []).map((p) => p?.constructor.name);
  expect(await names("production")).toContain("GzipBudgetPlugin");
  expect(await names("development")).not.toContain("GzipBudgetPlugin");
});

describe("the deployment address (SEND_FORECASTER_URL)", () => {
  const noEnvironment = {};
  const address = (value: string) =>
    makeConfig.deployUrl({ SEND_FORECASTER_URL: value }, noEnvironment);

  test("is the https address as given, without a trailing slash, with or without a path", () => {
    expect(address("https://addins.example.gov.uk/send-forecaster/")).toBe(
      "https://addins.example.gov.uk/send-forecaster"
    );
    expect(address("  https://Addins.Example.gov.uk/  ")).toBe("https://addins.example.gov.uk");
    expect(address("https://addins.example.gov.uk:8443/a/b//")).toBe(
      "https://addins.example.gov.uk:8443/a/b"
    );
  });

  test("`--env` wins over the environment variable, which wins over package.json's config", () => {
    expect(
      makeConfig.deployUrl(
        { SEND_FORECASTER_URL: "https://one.example" },
        { SEND_FORECASTER_URL: "https://two.example" }
      )
    ).toBe("https://one.example");
    expect(makeConfig.deployUrl({}, { SEND_FORECASTER_URL: "https://two.example" })).toBe(
      "https://two.example"
    );
  });

  test.each([
    ["plain http", "http://addins.example.gov.uk/send-forecaster", /must start with https:\/\//],
    ["no scheme", "addins.example.gov.uk/send-forecaster", /is not a web address/],
    ["not an address at all", "https://", /is not a web address/],
    [
      "a query",
      "https://addins.example.gov.uk/?site=send",
      /no user name, password, "\?" query or "#" part/,
    ],
    [
      "a fragment",
      "https://addins.example.gov.uk/#send",
      /no user name, password, "\?" query or "#" part/,
    ],
    ["credentials", "https://user:secret@addins.example.gov.uk/", /no user name, password/],
    ["this computer", "https://localhost:3000", /names this computer/],
    [
      "an ampersand the XML would have to escape",
      "https://addins.example.gov.uk/send&forecast",
      /cannot carry in its path/,
    ],
  ])("refuses %s, naming the setting", (_, value, reason) => {
    expect(() => address(value)).toThrow(/SEND_FORECASTER_URL/);
    expect(() => address(value)).toThrow(reason);
  });

  test("a production build with no address fails, naming the setting, before anything is built", async () => {
    const saved = process.env.SEND_FORECASTER_URL;
    delete process.env.SEND_FORECASTER_URL;
    try {
      // package.json ships "deploy_url" empty: no council's address is guessed.
      expect(
        JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")).config.deploy_url
      ).toBe("");
      await expect(makeConfig({}, { mode: "production" })).rejects.toThrow(
        /production build needs SEND_FORECASTER_URL/
      );
      await expect(
        makeConfig({ SEND_FORECASTER_URL: "http://addins.example.gov.uk" }, { mode: "production" })
      ).rejects.toThrow(/SEND_FORECASTER_URL must start with https/);
    } finally {
      if (saved !== undefined) process.env.SEND_FORECASTER_URL = saved;
    }
  });

  type CopyPattern = { from: string; transform?: (content: Buffer, path: string) => string };
  const manifestCopy = async (
    env: Record<string, unknown>,
    mode: string
  ): Promise<CopyPattern | undefined> => {
    const config = await makeConfig(env, { mode });
    const copy = (config.plugins ?? []).find(
      (p) => p?.constructor.name === "CopyPlugin"
    ) as unknown as { patterns: CopyPattern[] };
    return copy.patterns.find((p) => p.from === "manifest.xml");
  };

  test("a development build needs no address and copies manifest.xml unchanged (localhost, for `npm start`)", async () => {
    const pattern = await manifestCopy({}, "development");
    expect(pattern).toBeDefined();
    expect(pattern?.transform).toBeUndefined();
    expect(readFileSync(join(__dirname, "..", "manifest.xml"), "utf8")).toContain(
      '<SourceLocation DefaultValue="https://localhost:3000/taskpane.html"/>'
    );
  });

  test("a production build's manifest.xml passes the offline schema check with no localhost left", async () => {
    const pattern = await manifestCopy(DEPLOYED, "production");
    const xml = pattern!.transform!(
      readFileSync(join(__dirname, "..", "manifest.xml")),
      "manifest.xml"
    );
    expect(xml).not.toMatch(/localhost/i);
    expect(xml).toContain(
      '<SourceLocation DefaultValue="https://addins.example.gov.uk/send-forecaster/taskpane.html"/>'
    );
    const file = join(mkdtempSync(join(tmpdir(), "deployed-manifest-")), "manifest.xml");
    writeFileSync(file, xml);
    expect(validateManifest(file).failures).toEqual([]);
  });

  test("the production manifest moves every development URL and refuses to keep any other localhost", () => {
    const xml =
      '<a href="https://localhost:3000/taskpane.html"/><b v="https://localhost:3000/assets/icon-16.png"/>';
    expect(makeConfig.deployedManifest(xml, "https://addins.example.gov.uk/sf")).toBe(
      '<a href="https://addins.example.gov.uk/sf/taskpane.html"/><b v="https://addins.example.gov.uk/sf/assets/icon-16.png"/>'
    );
    expect(() =>
      makeConfig.deployedManifest(
        '<a href="https://localhost:4000/x"/>',
        "https://addins.example.gov.uk"
      )
    ).toThrow(/localhost/);
  });
});

test("`webpack --mode production` with an http:// or malformed address stops with a message naming SEND_FORECASTER_URL", () => {
  const cli = join(__dirname, "..", "node_modules", "webpack-cli", "bin", "cli.js");
  const build = (value: string) =>
    spawnSync(process.execPath, [cli, "--mode", "production"], {
      cwd: join(__dirname, ".."),
      env: { ...process.env, SEND_FORECASTER_URL: value },
      encoding: "utf8",
      timeout: 60000,
    });
  const http = build("http://addins.example.gov.uk/send-forecaster");
  expect(http.status).not.toBe(0);
  expect(http.stdout + http.stderr).toContain("SEND_FORECASTER_URL must start with https://");
  const malformed = build("addins example gov uk");
  expect(malformed.status).not.toBe(0);
  expect(malformed.stdout + malformed.stderr).toContain("SEND_FORECASTER_URL is not a web address");
}, 90000);

test("the pane records refresh times only in the benchmark's build, which goes to its own folder", async () => {
  const flag = (config: Configuration) => {
    const define = (config.plugins ?? []).find(
      (p) => p?.constructor.name === "DefinePlugin"
    ) as unknown as { definitions: Record<string, string> };
    return define.definitions["process.env.SEND_PANE_METRICS"];
  };
  const production = await makeConfig({ WEBPACK_BUILD: true, ...DEPLOYED }, { mode: "production" });
  expect(flag(production)).toBe(JSON.stringify("false"));
  expect(production.output?.path).toMatch(/[\\/]dist$/);
  const bench = await makeConfig(
    { WEBPACK_BUILD: true, paneMetrics: true, ...DEPLOYED },
    { mode: "production" }
  );
  expect(flag(bench)).toBe(JSON.stringify("true"));
  expect(bench.output?.path).toMatch(/[\\/]dist-pane-metrics$/);
});
