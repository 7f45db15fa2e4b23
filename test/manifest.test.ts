/**
 * @jest-environment jsdom
 */
// jsdom for its XML parser; the checks themselves read files and run the offline validator.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const repo = resolve(__dirname, "..");
const manifestPath = join(repo, "manifest.xml");
import { validateManifest } from "../scripts/validate-manifest";

const OV = "http://schemas.microsoft.com/office/taskpaneappversionoverrides";
const BT = "http://schemas.microsoft.com/office/officeappbasictypes/1.0";
const XSI = "http://www.w3.org/2001/XMLSchema-instance";

const xml = readFileSync(manifestPath, "utf8");
const doc = new DOMParser().parseFromString(xml, "application/xml");

function validate(file: string): { ok: boolean; output: string } {
  const { ok, failures } = validateManifest(file);
  return { ok, output: failures.join("\n") };
}

function brokenCopy(edit: (text: string) => string): string {
  const file = join(mkdtempSync(join(tmpdir(), "manifest-")), "manifest.xml");
  writeFileSync(file, edit(xml));
  return file;
}

const inOverrides = (tag: string): Element[] => Array.from(doc.getElementsByTagNameNS(OV, tag));
const byType = (tag: string, type: string): Element[] =>
  inOverrides(tag).filter((e) => e.getAttributeNS(XSI, "type") === type);
const resource = (id: string): Element | undefined =>
  ["Url", "String", "Image"]
    .flatMap((tag) => Array.from(doc.getElementsByTagNameNS(BT, tag)))
    .find((e) => e.getAttribute("id") === id);
const urlOf = (resid: string | null): string | undefined =>
  resid ? (resource(resid)?.getAttribute("DefaultValue") ?? undefined) : undefined;

describe("manifest.xml", () => {
  test("parses as XML", () => {
    expect(doc.getElementsByTagName("parsererror")).toHaveLength(0);
    expect(doc.documentElement.localName).toBe("OfficeApp");
    expect(doc.documentElement.getAttributeNS(XSI, "type")).toBe("TaskPaneApp");
  });

  test("passes the offline schema and resid check", () => {
    const result = validate(manifestPath);
    expect(result.output).toBe("");
    expect(result.ok).toBe(true);
  });

  test("the offline check fails on a manifest with a dangling resid (so the test above can fail)", () => {
    const result = validate(
      brokenCopy((t) =>
        t.replace(
          '<Namespace resid="Functions.Namespace"/>',
          '<Namespace resid="Functions.Nowhere"/>'
        )
      )
    );
    expect(result.ok).toBe(false);
    expect(result.output).toContain('dangling resid: <Namespace resid="Functions.Nowhere">');
  });

  test("the offline check fails on a manifest the schema refuses: elements out of order, an unknown permission", () => {
    const outOfOrder = validate(
      brokenCopy((t) =>
        t
          .replace(/\s*<DisplayName [^>]*\/>/, "")
          .replace("<Permissions>", '<DisplayName DefaultValue="late"/><Permissions>')
      )
    );
    expect(outOfOrder.ok).toBe(false);
    expect(outOfOrder.output).toMatch(/DisplayName/);
    const permission = validate(
      brokenCopy((t) =>
        t.replace(
          "<Permissions>ReadWriteDocument</Permissions>",
          "<Permissions>Everything</Permissions>"
        )
      )
    );
    expect(permission.ok).toBe(false);
    expect(permission.output).toMatch(/Permissions.*Everything|Everything.*Permissions/);
  });

  test("the task pane and the custom functions share one runtime: the same resid everywhere", () => {
    const runtimes = inOverrides("Runtime");
    expect(runtimes).toHaveLength(1);
    expect(runtimes[0].getAttribute("lifetime")).toBe("long");
    const resid = runtimes[0].getAttribute("resid");
    expect(resid).toBeTruthy();

    const [customFunctions] = byType("ExtensionPoint", "CustomFunctions");
    const page = customFunctions
      .getElementsByTagNameNS(OV, "Page")[0]
      .getElementsByTagNameNS(OV, "SourceLocation")[0];
    const showTaskpane = byType("Action", "ShowTaskpane");
    expect(showTaskpane.length).toBeGreaterThan(0);
    const functionFile = inOverrides("FunctionFile");

    const uses = [
      page,
      ...showTaskpane.map((a) => a.getElementsByTagNameNS(OV, "SourceLocation")[0]),
      ...functionFile,
    ];
    for (const element of uses) expect(element.getAttribute("resid")).toBe(resid);

    // … and that URL is the page the add-in opens by default.
    const defaultPage = doc
      .querySelector("DefaultSettings > SourceLocation")
      ?.getAttribute("DefaultValue");
    expect(urlOf(resid)).toBe(defaultPage);
    expect(defaultPage).toBe("https://localhost:3000/taskpane.html");
  });

  test("the functions' namespace is SEND and the metadata and script are the build's outputs", () => {
    const [customFunctions] = byType("ExtensionPoint", "CustomFunctions");
    const namespace = customFunctions
      .getElementsByTagNameNS(OV, "Namespace")[0]
      .getAttribute("resid");
    expect(resource(namespace!)?.getAttribute("DefaultValue")).toBe("SEND");
    const location = (tag: string) =>
      urlOf(
        customFunctions
          .getElementsByTagNameNS(OV, tag)[0]
          .getElementsByTagNameNS(OV, "SourceLocation")[0]
          .getAttribute("resid")
      );
    expect(location("Metadata")).toBe("https://localhost:3000/functions.json");
    expect(location("Script")).toBe("https://localhost:3000/functions.js");
  });

  test("asks for the shared runtime and custom functions, and for read/write access to the workbook", () => {
    const sets = Array.from(doc.querySelectorAll("Requirements Set")).map(
      (s) => `${s.getAttribute("Name")} ${s.getAttribute("MinVersion")}`
    );
    // CustomFunctionsRuntime 1.2: the functions return CustomFunctions.Error values.
    expect(sets).toEqual(
      expect.arrayContaining(["SharedRuntime 1.1", "CustomFunctionsRuntime 1.2"])
    );
    expect(doc.querySelector("Permissions")?.textContent).toBe("ReadWriteDocument");
    expect(
      Array.from(doc.querySelectorAll("OfficeApp > Hosts > Host")).map((h) =>
        h.getAttribute("Name")
      )
    ).toEqual(["Workbook"]);
  });

  test("lists no AppDomains: the pane navigates only within its own origin, which Office trusts without one", () => {
    expect(doc.getElementsByTagName("AppDomains")).toHaveLength(0);
    expect(doc.getElementsByTagName("AppDomain")).toHaveLength(0);
  });

  test("every icon it names is a PNG in assets/ of the size it claims", () => {
    const icons = [
      ...["IconUrl", "HighResolutionIconUrl"].map((tag) =>
        doc.getElementsByTagName(tag)[0].getAttribute("DefaultValue")!
      ),
      ...Array.from(doc.getElementsByTagNameNS(BT, "Image"))
        .map((e) => e.getAttribute("DefaultValue"))
        .filter((u): u is string => u !== null),
    ];
    expect(icons.length).toBeGreaterThanOrEqual(5);
    for (const url of icons) {
      const m = /^https:\/\/localhost:3000\/(assets\/icon-(\d+)\.png)$/.exec(url);
      expect(m).not.toBeNull();
      const png = readFileSync(join(repo, m![1]));
      expect(png.subarray(0, 8)).toEqual(
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
      );
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([Number(m![2]), Number(m![2])]);
    }
  });
});
