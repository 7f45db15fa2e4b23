/** Words and keys shared by every layer: how a value is quoted in a message, how labels compare. */

/**
 * How a value reads in a problem message, after "found": `nothing`,
 * `text 'tbc'`, `12`, `TRUE`. The workbook and the custom functions quote
 * what only they know (an empty cell, a cell's error, a range) and pass the
 * rest here, so a value reads the same from every entry.
 */
export function describe(v: unknown): string {
  if (v === undefined || v === null) return "nothing";
  if (typeof v === "string") return v === "" ? "an empty text" : `text '${v}'`;
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "a number that is not finite";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  return "a value of another kind";
}

/**
 * Labels, names, keys and headers compare case- and punctuation-insensitively
 * ("Post 16 Provision" = "post-16 provision", "No to assess" = "NoToAssess"),
 * so a label means the same in the model, the workbook and the functions.
 */
export function labelKey(label: string): string {
  const known = LABEL_KEYS.get(label);
  if (known !== undefined) return known;
  // Letters and digits of any script count ("Café" ≠ "Caf", two Chinese labels differ); accents are kept.
  const key = label
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
  // The same few labels are keyed on every run: remember them (a bounded memo).
  if (LABEL_KEYS.size >= 2000) LABEL_KEYS.clear();
  LABEL_KEYS.set(label, key);
  return key;
}

const LABEL_KEYS = new Map<string, string>();

/**
 * How a choice typed in a cell (a lever, a status, a driver) compares with
 * its name and aliases: case, spaces and the separators _ - . ' ( ) / aside.
 * Every other character counts — "Requests %" is not "Requests" — and
 * nothing is matched by a prefix; a choice is only ever one of its listed
 * spellings.
 */
export function choiceKey(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s_\-\u2010-\u2015.'\u2018\u2019()/]/g, "");
}

/** The choice whose name or an alias has `text`'s choiceKey; undefined when none has. */
export function matchChoice<T>(
  text: string,
  choices: readonly (readonly [T, readonly string[]])[]
): T | undefined {
  const key = choiceKey(text);
  if (key === "") return undefined;
  return choices.find(([, spellings]) => spellings.some((s) => choiceKey(s) === key))?.[0];
}
