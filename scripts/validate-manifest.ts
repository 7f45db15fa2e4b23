/**
 * Offline check of an Office add-in XML manifest:
 *
 *     npm run check:manifest [-- manifest.xml]
 *
 * 1. the manifest schemas in test/fixtures/office-manifest-xsd (xmllint, from
 *    Debian's libxml2-utils);
 * 2. every `resid` names a bt:Image, bt:Url or bt:String that the manifest
 *    defines (the schemas cannot say so).
 *
 * Exit 0 when both pass, 1 otherwise, with each failure on its own line.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

export const SCHEMA_DIR = resolve(__dirname, "..", "test", "fixtures", "office-manifest-xsd");
const MAIN_SCHEMA = resolve(SCHEMA_DIR, "OfficeAppManifestV1_1.xsd");

export interface ManifestCheck {
  ok: boolean;
  /** One line per failure: xmllint's own messages, then each dangling resid. */
  failures: string[];
}

/** Resource ids the manifest defines: the id of every bt:Image, bt:Url and bt:String. */
function definedIds(xml: string): Set<string> {
  const ids = new Set<string>();
  for (const m of xml.matchAll(/<(?:[\w-]+:)?(?:Image|Url|String)\b[^>]*?\sid="([^"]*)"/g))
    ids.add(m[1]);
  return ids;
}

/** Every element that names a resource: [element, resid]. */
function references(xml: string): [string, string][] {
  return [
    ...xml.replace(/<!--[\s\S]*?-->/g, "").matchAll(/<([\w:]+)\b[^>]*?\sresid="([^"]*)"/g),
  ].map((m) => [m[1], m[2]]);
}

export function validateManifest(file: string): ManifestCheck {
  const lint = spawnSync("xmllint", ["--noout", "--schema", MAIN_SCHEMA, file], {
    encoding: "utf8",
  });
  if (lint.error) {
    const missing = (lint.error as NodeJS.ErrnoException).code === "ENOENT";
    return {
      ok: false,
      failures: [
        missing ? "xmllint not found: install Debian's libxml2-utils" : String(lint.error),
      ],
    };
  }
  const failures =
    lint.status === 0
      ? []
      : lint.stderr.split("\n").filter((l) => l.trim() !== "" && !/ validates$/.test(l));
  if (lint.status !== 0 && failures.length === 0)
    failures.push(`xmllint exited with status ${lint.status}`);

  const xml = readFileSync(file, "utf8").replace(/<!--[\s\S]*?-->/g, "");
  const ids = definedIds(xml);
  for (const [element, resid] of references(xml))
    if (!ids.has(resid))
      failures.push(
        `dangling resid: <${element} resid="${resid}"> names no bt:Image, bt:Url or bt:String`
      );
  return { ok: failures.length === 0, failures };
}

if (require.main === module) {
  const file = resolve(
    process.env.INIT_CWD ?? process.cwd(),
    process.argv[2] ?? resolve(__dirname, "..", "manifest.xml")
  );
  const { ok, failures } = validateManifest(file);
  for (const line of failures) process.stderr.write(`${line}\n`);
  process.stdout.write(ok ? `${file}: schema and resids OK\n` : "");
  process.exitCode = ok ? 0 : 1;
}
