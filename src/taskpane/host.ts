/**
 * Where the pane is running. Outside Excel the page must say so rather than
 * stay blank: either office.js never loaded (a plain browser tab, or the
 * CDN blocked), or it loaded but Office.onReady names no Excel host.
 */
export type HostCheck = { kind: "excel" } | { kind: "noOffice" } | { kind: "other"; host: string | null };

/** The part of the Office global this needs, so a test can pass a stand-in. */
export interface OfficeLike {
  onReady(): Promise<{ host: unknown }>;
  HostType?: { Excel?: unknown };
}

// office.js resolves onReady quickly inside a host; in a plain page with the
// script loaded it resolves with host null. The timeout covers a script that
// loaded but never initialises (e.g. opened from file://).
const ONREADY_TIMEOUT_MS = 5000;

export async function detectHost(office: OfficeLike | undefined, timeoutMs = ONREADY_TIMEOUT_MS): Promise<HostCheck> {
  if (!office || typeof office.onReady !== "function") return { kind: "noOffice" };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const info = await Promise.race([
    office.onReady().catch(() => null),
    new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (info === null) return { kind: "noOffice" };
  const excel = office.HostType?.Excel ?? "Excel";
  if (info.host === excel) return { kind: "excel" };
  return { kind: "other", host: info.host == null ? null : String(info.host) };
}
