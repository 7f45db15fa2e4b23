import { BINDINGS_SETTING } from "../../src/workbook/office/settings";
import {
  OUTPUT_MODE_SETTING,
  loadOutputMode,
  saveBindings,
  saveOutputMode,
} from "../../src/workbook/office/actions";
import { installFakeOffice } from "../fakes/excel";

// The choice travels in the file's document settings, beside the bindings, through the same Office.js settings API.
describe("the values / live formulas choice in the workbook's document settings", () => {
  test("nothing saved reads as no choice; a saved choice reads back and sits beside the bindings", async () => {
    const fake = installFakeOffice(globalThis, {
      sheets: [{ name: "Inputs", cells: {} }],
      names: {},
      tables: {},
    });
    expect(await loadOutputMode()).toBeNull();
    expect(await saveBindings({ SEND_Funding: "OurFunding" })).toEqual({ ok: true });
    expect(await saveOutputMode("formulas")).toEqual({ ok: true });
    expect(fake.host.savedSettings[OUTPUT_MODE_SETTING]).toBe("formulas");
    expect(fake.host.savedSettings[BINDINGS_SETTING]).toEqual({ SEND_Funding: "OurFunding" });
    expect(await loadOutputMode()).toBe("formulas");
    expect(await saveOutputMode("values")).toEqual({ ok: true });
    expect(fake.host.savedSettings[OUTPUT_MODE_SETTING]).toBe("values");
  });

  test("a file whose setting holds something else is read as no choice", async () => {
    installFakeOffice(globalThis, {
      sheets: [{ name: "Inputs", cells: {} }],
      names: {},
      tables: {},
      settings: { [OUTPUT_MODE_SETTING]: "sometimes" },
    });
    expect(await loadOutputMode()).toBeNull();
  });
});
