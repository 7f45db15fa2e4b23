/* The add-in build: two entries on one page (the task pane and the custom functions share a runtime). */
const path = require("path");
const webpack = require("webpack");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");

const DEV_SERVER_PORT = 3000;
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
          compilation.errors.push(new Error(`taskpane.js is ${Math.round(size / 1024)} KB gzipped, over the ${TASKPANE_GZIP_BUDGET / 1024} KB budget`));
      });
    });
  }
}

/** Trusted localhost certificates, made and installed by office-addin-dev-certs on first use. */
async function httpsOptions() {
  const devCerts = require("office-addin-dev-certs");
  const { ca, key, cert } = await devCerts.getHttpsServerOptions();
  return { ca, key, cert };
}

module.exports = async (env = {}, argv = {}) => ({
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
        options: { transpileOnly: true, compilerOptions: { noEmit: false, module: "es2020", sourceMap: true } },
      },
    ],
  },
  plugins: [
    // The pane records refresh times (window.sendPaneMetrics) only in the benchmark's build.
    new webpack.DefinePlugin({ "process.env.SEND_PANE_METRICS": JSON.stringify(env.paneMetrics ? "true" : "false") }),
    // functions.json from the JSDoc in functions.ts, and the CustomFunctions.associate call for each function.
    new CustomFunctionsMetadataPlugin({ input: "./src/functions/functions.ts", output: "functions.json" }),
    new HtmlWebpackPlugin({
      filename: "taskpane.html",
      template: "./src/taskpane/taskpane.html",
      chunks: ["functions", "taskpane"],
    }),
    new CopyWebpackPlugin({
      patterns: [
        { from: "assets/icon-*.png", to: "assets/[name][ext]" },
        { from: "manifest.xml", to: "manifest.xml" },
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
});
