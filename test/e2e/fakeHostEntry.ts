/**
 * Served in place of office.js in the browser tests: installs the fake Excel
 * host, holding the workbook model the test put on the page just before it,
 * as the page's Office and Excel globals.
 */
import { installFakeOffice, type FakeOffice, type FakeWorkbookModel } from "../fakes/excel";

interface TestPage {
  __fakeWorkbookModel?: FakeWorkbookModel;
  /** Pretend to be another Office app (e.g. "Word"): onReady reports that host. */
  __fakeHostName?: string;
  /** Requirement sets to report as unsupported, as an older Excel would. */
  __fakeUnsupportedSets?: string[];
  __fakeOffice?: FakeOffice;
  /** Office.context.officeTheme: the colours of the Office theme the user chose. */
  __fakeOfficeTheme?: Record<string, string>;
}

const page = window as unknown as TestPage;
const fake = installFakeOffice(
  window,
  page.__fakeWorkbookModel ?? { sheets: [{ name: "Sheet1" }] }
);
page.__fakeOffice = fake;
if (page.__fakeOfficeTheme)
  (fake.Office.context as { officeTheme?: unknown }).officeTheme = page.__fakeOfficeTheme;
if (page.__fakeHostName) {
  const info = { host: page.__fakeHostName, platform: "PC" };
  (fake.Office as { onReady: unknown }).onReady = () => Promise.resolve(info);
}
const unsupported = page.__fakeUnsupportedSets;
if (unsupported) {
  type Requirements = { isSetSupported(name: string, version?: string | number): boolean };
  const { requirements } = fake.Office.context as { requirements: Requirements };
  const isSetSupported = requirements.isSetSupported;
  requirements.isSetSupported = (name: string, version?: string | number) =>
    !unsupported.includes(name) && isSetSupported(name, version);
}

// office.js also provides the custom functions runtime of the shared page;
// record what the functions bundle registers, as Excel would.
const registered: string[] = [];
Object.assign(window, {
  CustomFunctions: {
    associate: (id: string | Record<string, unknown>) => {
      if (typeof id === "string") registered.push(id);
      else registered.push(...Object.keys(id));
    },
    Error: class CustomFunctionError extends Error {
      constructor(
        readonly code: string,
        message?: string
      ) {
        super(message);
      }
    },
    ErrorCode: {
      invalidValue: "#VALUE!",
      notAvailable: "#N/A",
      divisionByZero: "#DIV/0!",
      invalidNumber: "#NUM!",
      nullReference: "#NULL!",
      invalidName: "#NAME?",
      invalidReference: "#REF!",
    },
  },
  __registeredFunctions: registered,
});
