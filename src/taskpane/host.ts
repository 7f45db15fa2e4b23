/**
 * Where the pane is running. Outside Excel the page must say so rather than
 * stay blank: either office.js never loaded (a plain browser tab, or the
 * CDN blocked), or it loaded but Office.onReady names no Excel host.
 */
export type HostCheck =
  { kind: "excel" } | { kind: "noOffice" } | { kind: "other"; host: string | null };

/** The part of the Office global this needs, so a test can pass a stand-in. */
export interface OfficeLike {
  onReady(): Promise<{ host: unknown }>;
  HostType?: { Excel?: unknown };
}

// office.js resolves onReady quickly inside a host; in a plain page with the
// script loaded it resolves with host null. The timeout covers a script that
// loaded but never initialises (e.g. opened from file://).
const ONREADY_TIMEOUT_MS = 5000;

export async function detectHost(
  office: OfficeLike | undefined,
  timeoutMs = ONREADY_TIMEOUT_MS
): Promise<HostCheck> {
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

/** A requirement set the add-in cannot run without, and what it is for, in the user's words. */
export interface RequiredSet {
  name: string;
  version: string;
  purpose: string;
}

/**
 * What the add-in needs from Excel. The manifest asks for the first two, so
 * Excel should not even offer the add-in without them; the pane checks again
 * because a sideloaded or cached manifest can still open it on an older build.
 */
export const REQUIRED_SETS: readonly RequiredSet[] = [
  {
    name: "SharedRuntime",
    version: "1.1",
    purpose: "the pane and the SEND functions share one runtime",
  },
  {
    name: "CustomFunctionsRuntime",
    version: "1.2",
    purpose: "the SEND functions and their error messages",
  },
  // MINIMUM_EXCEL_API in src/workbook/office/helpers.ts: the workbook code's oldest API.
  { name: "ExcelApi", version: "1.4", purpose: "reading the inputs and writing the forecast" },
];

/** The part of Office.context the check needs. */
export interface RequirementsLike {
  context?: { requirements?: { isSetSupported(name: string, minVersion?: string): boolean } };
}

/** The sets of REQUIRED_SETS this Excel lacks (none when it cannot say: Office answers for itself). */
export function missingSets(
  office: RequirementsLike | undefined,
  required: readonly RequiredSet[] = REQUIRED_SETS
): RequiredSet[] {
  const requirements = office?.context?.requirements;
  if (!requirements || typeof requirements.isSetSupported !== "function") return [];
  return required.filter((set) => !requirements.isSetSupported(set.name, set.version));
}
