/* The add-in build: two entries on one page (the task pane and the custom functions share a runtime). */
const path = require("path");
const webpack = require("webpack");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");

const DEV_SERVER_PORT = 3000;
/** The origin manifest.xml names: the development server's, for `npm start`. */
const DEV_ORIGIN = `https://localhost:${DEV_SERVER_PORT}`;
/**
 * The one setting for a deployment: the https address dist/ is served from.
 * An environment variable (or `--env SEND_FORECASTER_URL=…`), else "deploy_url"
 * in package.json's "config".
 */
const URL_SETTING = "SEND_FORECASTER_URL";
/** The task pane's script, gzipped as it travels: Excel on the web loads it on every open. */
const TASKPANE_GZIP_BUDGET = 250 * 1024;

/** Fails a production build whose task pane script, gzipped, is over budget (webpack's own hints count raw bytes). */
class GzipBudgetPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap("GzipBudgetPlugin", (compilation) => {
      const stage = compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_REPORT;
      compilation.hooks.processAssets.tap({ name: "GzipBudgetPlugin", stage }, (assets) => {
        const script = assets["taskpane.js"];
        if (!script) return;
        const size = require("zlib").gzipSync(script.buffer()).length;
        if (size > TASKPANE_GZIP_BUDGET)
          compilation.errors.push(
            new Error(
              `taskpane.js is ${Math.round(size / 1024)} KB gzipped, over the ${TASKPANE_GZIP_BUDGET / 1024} KB budget`
            )
          );
      });
    });
  }
}

/** The deployment address, checked: https, a host, no query, fragment or credentials; "/" at the end dropped. */
function normaliseDeployUrl(raw) {
  const text = String(raw).trim();
  const fix = `Set ${URL_SETTING} to the https address that will serve dist/, e.g. https://addins.example.gov.uk/send-forecaster.`;
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${URL_SETTING} is not a web address: "${text}". ${fix}`);
  }
  if (url.protocol !== "https:")
    throw new Error(
      `${URL_SETTING} must start with https:// (Office loads add-ins only over HTTPS), not "${text}". ${fix}`
    );
  if (
    url.username ||
    url.password ||
    url.search ||
    url.hash ||
    text.endsWith("?") ||
    text.endsWith("#")
  )
    throw new Error(
      `${URL_SETTING} must be a plain address, with no user name, password, "?" query or "#" part: "${text}". ${fix}`
    );
  if (/^(localhost|127\.|\[::1\]$)/.test(url.hostname))
    throw new Error(
      `${URL_SETTING} names this computer ("${text}"), which no one else can reach; for the development server use \`npm start\` or \`npm run build:dev\`. ${fix}`
    );
  if (!/^[A-Za-z0-9._~%/-]*$/.test(url.pathname))
    throw new Error(
      `${URL_SETTING} has characters a manifest URL cannot carry in its path: "${text}". ${fix}`
    );
  return url.origin + url.pathname.replace(/\/+$/, "");
}

/**
 * The deployment address for a production build: `--env SEND_FORECASTER_URL=…`,
 * then the environment variable, then package.json's config.deploy_url. A
 * production build without one fails: a guessed address would be deployed.
 */
function deployUrl(env = {}, environment = process.env) {
  const configured = require("./package.json").config?.deploy_url;
  const given = [env[URL_SETTING], environment[URL_SETTING], configured].find(
    (v) => typeof v === "string" && v.trim() !== ""
  );
  if (given === undefined)
    throw new Error(
      `The production build needs ${URL_SETTING}: the https address that will serve dist/ to Excel, ` +
        `e.g. ${URL_SETTING}=https://addins.example.gov.uk/send-forecaster npm run build ` +
        `(or set "deploy_url" in package.json's "config"). ` +
        "For the development server use `npm start` or `npm run build:dev`."
    );
  return normaliseDeployUrl(given);
}

/** manifest.xml with every development-server URL moved to the deployment address. */
function deployedManifest(xml, base) {
  const moved = xml.split(DEV_ORIGIN).join(base);
  if (/localhost/i.test(moved))
    throw new Error(
      `manifest.xml names localhost other than as ${DEV_ORIGIN}, which the production build cannot move to ${URL_SETTING}`
    );
  return moved;
}

/** Trusted localhost certificates, made and installed by office-addin-dev-certs on first use. */
async function httpsOptions() {
  const devCerts = require("office-addin-dev-certs");
  const { ca, key, cert } = await devCerts.getHttpsServerOptions();
  return { ca, key, cert };
}

module.exports = async (env = {}, argv = {}) => {
  // Checked before anything is built (or dist/ cleared): a bad address fails the build at once.
  const base = argv.mode === "production" ? deployUrl(env) : null;
  return {
    // Excel's shared runtime is a current browser engine (WebView2, WKWebView, the web);
    // ES2020 also lets webpack use globalThis instead of probing for it with new Function.
    target: ["web", "es2020"],
    // Separate files, never eval: the page's Content-Security-Policy forbids eval.
    devtool: "source-map",
    entry: {
      functions: "./src/functions/functions.ts",
      taskpane: "./src/taskpane/index.tsx",
    },
    output: {
      // The benchmark's build, which records the pane's refresh times, goes to its own folder, never to dist.
      path: path.resolve(__dirname, env.paneMetrics ? "dist-pane-metrics" : "dist"),
      filename: "[name].js",
      clean: true,
    },
    resolve: { extensions: [".ts", ".tsx", ".js"] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          loader: "ts-loader",
          // Types are checked by `tsc --noEmit`; ES modules here let webpack drop unused Fluent components.
          options: {
            transpileOnly: true,
            compilerOptions: { noEmit: false, module: "es2020", sourceMap: true },
          },
        },
      ],
    },
    plugins: [
      // The pane records refresh times (window.sendPaneMetrics) only in the benchmark's build.
      new webpack.DefinePlugin({
        "process.env.SEND_PANE_METRICS": JSON.stringify(env.paneMetrics ? "true" : "false"),
      }),
      // functions.json from the JSDoc in functions.ts, and the CustomFunctions.associate call for each function.
      new CustomFunctionsMetadataPlugin({
        input: "./src/functions/functions.ts",
        output: "functions.json",
      }),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["functions", "taskpane"],
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/icon-*.png", to: "assets/[name][ext]" },
          // The production manifest points at the deployment address; the development one stays on localhost.
          {
            from: "manifest.xml",
            to: "manifest.xml",
            ...(base !== null && {
              transform: (content) => deployedManifest(content.toString("utf8"), base),
            }),
          },
        ],
      }),
      ...(argv.mode === "production" ? [new GzipBudgetPlugin()] : []),
    ],
    // The budget that matters is the gzipped one, checked by GzipBudgetPlugin.
    performance: { hints: false },
    // Only `webpack serve` needs certificates; a production build must run on a machine without them.
    ...(env.WEBPACK_SERVE && {
      devServer: {
        port: DEV_SERVER_PORT,
        server: { type: "https", options: await httpsOptions() },
        headers: { "Access-Control-Allow-Origin": "*" },
        static: { directory: path.resolve(__dirname, "dist") },
      },
    }),
  };
};

module.exports.URL_SETTING = URL_SETTING;
module.exports.deployUrl = deployUrl;
module.exports.deployedManifest = deployedManifest;
