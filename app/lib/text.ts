// Text that people and programs send in (web form, Open311, staff forms, channels) is cleaned by one
// function before it is validated or stored (issue 14): C0 control characters other than tab, line
// feed and carriage return have no meaning in a complaint, and one of them stored is enough to make
// every XML document that contains it unparseable. Lone UTF-16 surrogates (a broken client's
// half-character) are dropped for the same reason. Pure: the browser may use it too.

// eslint-disable-next-line no-control-regex
const UNWANTED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text without C0 control characters (tab, LF and CR kept) and without lone surrogates. */
export function cleanText(value: string): string {
  return value.replace(UNWANTED, "");
}

/** A copy of a form with every text value cleaned; files are kept as they are. */
export function cleanForm(form: FormData): FormData {
  const cleaned = new FormData();
  for (const [name, value] of form.entries()) {
    cleaned.append(cleanText(name), typeof value === "string" ? cleanText(value) : value);
  }
  return cleaned;
}

// XML 1.0 (§2.2) allows tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD and U+10000–U+10FFFF; everything
// else cannot appear in a document even as a character reference.
const NOT_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\uD800-\uDFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text with every character that XML 1.0 forbids removed: for writers of XML, whatever is stored. */
export function xmlSafeText(value: string): string {
  return value.replace(NOT_XML, "");
}

/** Reads a request's form and cleans its text values: the one way routes read a posted form. */
export async function readCleanForm(request: Request): Promise<FormData> {
  return cleanForm(await request.formData());
}

/** How many characters of a long text a list row shows; the whole text is on the record's own page. */
export const INSTRUCTION_PREVIEW = 100;

/**
 * The start of `text` as a list row shows it: at most INSTRUCTION_PREVIEW characters (code points, so
 * no emoji is cut in half, and the same count SQLite's substr uses), with an ellipsis when cut.
 */
export function instructionPreview(text: string): string {
  const chars = Array.from(text);
  return chars.length > INSTRUCTION_PREVIEW ? `${chars.slice(0, INSTRUCTION_PREVIEW - 1).join("")}…` : text;
}
