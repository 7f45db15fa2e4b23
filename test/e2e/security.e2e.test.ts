/**
 * The built page's Content-Security-Policy, checked where it matters: in a
 * browser. An inline script injected into taskpane.html must not run; the
 * same page with the policy removed shows the injection itself works, so the
 * test can fail.
 */
import { readdirSync, readFileSync } from "fs";
import * as path from "path";
import { DIST, paneBrowser, type PaneSession } from "./harness";

const browser = paneBrowser();

const INJECTED = `<script>window.__injectedRan = true;</script>`;
const withInjection = (html: string) => html.replace("</head>", `${INJECTED}</head>`);
// The built HTML is minified, so attributes may be unquoted.
const POLICY_META = /<meta[^>]*http-equiv=["']?Content-Security-Policy["']?[^>]*>/i;
const withoutPolicy = (html: string) => html.replace(POLICY_META, "");

async function injectedRan(
  rewriteHtml: (html: string) => string
): Promise<{ ran: boolean; session: PaneSession }> {
  const session = await browser.open({ rewriteHtml });
  await session.page.getByText("This page runs inside Excel.").waitFor();
  const ran = await session.page.evaluate(
    () => (window as unknown as { __injectedRan?: boolean }).__injectedRan === true
  );
  return { ran, session };
}

test("the built page carries a policy allowing scripts only from itself and Office's CDN", () => {
  const html = readFileSync(path.join(DIST, "taskpane.html"), "utf8");
  const meta = POLICY_META.exec(html)?.[0] ?? "";
  const policy =
    /content=(?:"([^"]*)"|'([^']*)')/i
      .exec(meta)
      ?.slice(1)
      .find((x) => x !== undefined) ?? "";
  const directives = Object.fromEntries(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([k, ...v]) => [k, v])
  );
  expect(directives["script-src"]?.sort()).toEqual([
    "'self'",
    "https://appsforoffice.microsoft.com",
  ]);
  expect(directives["connect-src"]).toEqual(["'self'"]);
  // No inline script of its own: every <script> has a src.
  expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/gi)).toBeNull();
});

test("an inline script injected into the built page does not run", async () => {
  const { ran, session } = await injectedRan(withInjection);
  expect(ran).toBe(false);
  expect(session.cspViolations.join("\n")).toMatch(/inline script/i);
  // The add-in's own scripts still ran: the page explains itself instead of staying blank.
  expect(await session.page.getByRole("heading", { name: "SEND Forecaster" }).count()).toBe(1);
});

test("control: without the policy the same injected script does run", async () => {
  const { ran } = await injectedRan((html) => withInjection(withoutPolicy(html)));
  expect(ran).toBe(true);
});

test("the production build uses no eval, which the policy would block", () => {
  const scripts = readdirSync(DIST).filter((f) => f.endsWith(".js"));
  expect(scripts).toContain("taskpane.js");
  for (const f of scripts) {
    const js = readFileSync(path.join(DIST, f), "utf8");
    expect({ file: f, evalCalls: /\beval\(/.test(js) }).toEqual({ file: f, evalCalls: false });
  }
});
