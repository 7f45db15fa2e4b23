/* The add-in build: two entries on one page (the task pane and the custom functions share a runtime). */
const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");

const DEV_SERVER_PORT = 3000;

/** Trusted localhost certificates, made and installed by office-addin-dev-certs on first use. */
async function httpsOptions() {
  const devCerts = require("office-addin-dev-certs");
  const { ca, key, cert } = await devCerts.getHttpsServerOptions();
  return { ca, key, cert };
}

module.exports = async (env = {}, argv = {}) => ({
  // Separate files, never eval: the page's Content-Security-Policy forbids eval.
  devtool: "source-map",
  entry: {
    functions: "./src/functions/functions.ts",
    taskpane: "./src/taskpane/index.tsx",
  },
  output: {
    path: path.resolve(__dirname, "dist"),
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
  ],
  performance: { hints: argv.mode === "production" ? "warning" : false, maxEntrypointSize: 1024 * 1024, maxAssetSize: 1024 * 1024 },
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
