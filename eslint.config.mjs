// Lint for src, test and bench: typescript-eslint's recommended rules, the
// Office add-in rules (Excel.run load/sync discipline) and React's rules for
// the task pane. Formatting is Prettier's (Office's shared settings, office-addin-prettier-config): no style rules here.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import importPlugin from "eslint-plugin-import";
import officeAddins from "eslint-plugin-office-addins";
import react from "eslint-plugin-react";
import globals from "globals";
import tseslint from "typescript-eslint";

/**
 * The layers, bottom up: the model; what the pane and the functions share
 * (src/common); the workbook contract (src/workbook/*.ts and inputs/); its two
 * adapters (office/, xlsx/); and at the top the pane, the functions and the
 * command line. Each zone names where a layer may not import from
 * (import/no-restricted-paths; paths from the project root).
 */
const TOP = ["./src/taskpane", "./src/functions", "./src/cli"];
const CONTRACT = ["./src/workbook/*.ts", "./src/workbook/inputs/**"];
const ARROWS = [
  {
    target: "./src/model",
    from: "./src",
    except: ["./model"],
    message: "The model is pure and at the bottom: it imports nothing outside src/model.",
  },
  {
    target: "./src/common",
    from: ["./src/workbook", ...TOP],
    message: "src/common sits on the model alone: the pane and the functions both import it.",
  },
  {
    target: CONTRACT,
    from: ["./src/workbook/office", "./src/workbook/xlsx"],
    message: "The contract imports no adapter: adapters implement its port.",
  },
  {
    target: CONTRACT,
    from: [...TOP, "./src/common"],
    message: "The contract imports nothing above it.",
  },
  {
    target: "./src/workbook/office",
    from: ["./src/workbook/xlsx", ...TOP],
    message: "The Office adapter imports neither the .xlsx adapter nor anything above it.",
  },
  {
    target: "./src/workbook/xlsx",
    from: ["./src/workbook/office", ...TOP, "./src/common"],
    message: "The .xlsx adapter imports neither the Office adapter nor anything above it.",
  },
  {
    target: [...TOP, "./src/common"],
    from: "./src/workbook/office",
    except: ["./workbook.ts", "./actions.ts", "./settings.ts"],
    message:
      "Use the Office adapter through its public modules (workbook.ts, actions.ts, settings.ts), not its internals.",
  },
  {
    target: ["./src/cli"],
    from: "./src/workbook/xlsx",
    except: ["./workbook.ts"],
    message: "Use the .xlsx adapter through xlsx/workbook.ts, not its internals.",
  },
  {
    target: ["./src/taskpane", "./src/functions"],
    from: "./src/workbook/xlsx",
    message: "The .xlsx adapter runs in Node; the pane and the functions run in Excel.",
  },
  {
    target: "./src/cli",
    from: "./src/workbook/office",
    message: "The command line runs outside Excel: it uses the .xlsx adapter.",
  },
  {
    target: "./src/taskpane",
    from: ["./src/functions", "./src/cli"],
    message: "The pane and the functions share state through src/common, not each other.",
  },
  {
    target: "./src/functions",
    from: ["./src/taskpane", "./src/cli"],
    message: "The pane and the functions share state through src/common, not each other.",
  },
];

export default defineConfig(
  { ignores: ["dist/**", "coverage/**", "node_modules/**"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // The plugin's own flat configs bundle Prettier; its rules are taken directly instead.
    files: ["**/*.{ts,tsx}"],
    plugins: { "office-addins": officeAddins },
    rules: {
      "office-addins/call-sync-after-load": "error",
      "office-addins/call-sync-before-read": "error",
      "office-addins/load-object-before-read": "error",
      "office-addins/no-context-sync-in-loop": "warn",
      "office-addins/no-empty-load": "warn",
      "office-addins/no-navigational-load": "warn",
      "office-addins/no-office-initialize": "warn",
      "office-addins/test-for-null-using-isNullObject": "error",
    },
  },
  {
    files: ["**/*.tsx"],
    ...react.configs.flat.recommended,
    settings: { react: { version: "detect" } },
  },
  {
    files: ["**/*.tsx"],
    ...react.configs.flat["jsx-runtime"],
    rules: {
      ...react.configs.flat["jsx-runtime"].rules,
      // Props are typed by TypeScript.
      "react/prop-types": "off",
    },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          caughtErrorsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
        },
      ],
      "no-eval": "error",
      eqeqeq: ["error", "smart"],
    },
  },
  {
    // Custom functions: the metadata generator reads `any[][]` in a signature as
    // Excel's "any" matrix type (a range of mixed cells), so `any` is the contract there.
    files: ["src/functions/functions.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // The fake Excel's own tests read before load and sync on purpose, to show the fake refuses as Excel does.
    files: ["test/fakes/**"],
    rules: {
      "office-addins/call-sync-after-load": "off",
      "office-addins/call-sync-before-read": "off",
      "office-addins/load-object-before-read": "off",
    },
  },
  { files: ["src/**"], languageOptions: { globals: { ...globals.browser } } },
  {
    // The arrows point one way: the model at the bottom, the contract above it,
    // each adapter above the contract, and the pane, the functions and the
    // command line at the top, using an adapter only through its entry.
    files: ["src/**/*.{ts,tsx}"],
    plugins: { import: importPlugin },
    settings: { "import/resolver": { node: { extensions: [".ts", ".tsx", ".js"] } } },
    rules: { "import/no-restricted-paths": ["error", { zones: ARROWS }] },
  },
  {
    files: ["test/**", "bench/**"],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },
  {
    files: ["**/*.{js,cjs}"],
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  }
);
