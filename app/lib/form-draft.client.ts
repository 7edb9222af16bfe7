// Drafts as you type (issue 15): what someone types in a form is kept in this browser's localStorage
// until it is sent or discarded, so a reload or a crashed tab gives it back. Text only (docs/decisions/
// 0021): localStorage writes are synchronous, so the last keystroke is on disk before the tab can die,
// and the draft is read in the same tick the page hydrates. Photos are not part of a draft; a complaint
// kept for sending without a signal goes, photos and all, into the send queue (send-queue.client.ts).

export type DraftValues = Record<string, string>;

const PREFIX = "tindak.draft.";

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    // Storage switched off (some private modes): the form works, nothing is kept.
    return null;
  }
}

export function readDraft(formId: string): DraftValues | null {
  const raw = storage()?.getItem(PREFIX + formId);
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== "object") return null;
    const values: DraftValues = {};
    for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) if (typeof value === "string") values[name] = value;
    return values;
  } catch {
    return null;
  }
}

export function writeDraft(formId: string, values: DraftValues) {
  try {
    storage()?.setItem(PREFIX + formId, JSON.stringify(values));
  } catch {
    // Full storage: the draft is not kept; the form itself is unaffected.
  }
}

export function discardDraft(formId: string) {
  storage()?.removeItem(PREFIX + formId);
}

/** The text fields of `form` named in `names` (the first value of each; files are left out). */
export function draftValuesOf(form: HTMLFormElement, names: readonly string[]): DraftValues {
  const data = new FormData(form);
  const values: DraftValues = {};
  for (const name of names) {
    const value = data.get(name);
    if (typeof value === "string") values[name] = value;
  }
  return values;
}
