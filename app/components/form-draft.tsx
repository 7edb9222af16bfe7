import { useEffect, useState } from "react";
import { discardDraft, draftValuesOf, readDraft, writeDraft, type DraftValues } from "~/lib/form-draft.client";
import { useT } from "~/i18n/use-t";

/**
 * Keeps what is typed in a form as a draft in this browser (app/lib/form-draft.client.ts) and gives it
 * back after a reload or a crashed tab. The form is uncontrolled: a restored draft becomes its default
 * values, and `formKey` changes so React mounts the form again with them (once, right after hydration).
 *
 * `restore: false` (the server has just given the form back with what was typed) keeps the draft but
 * does not put it over the server's answer.
 */
export function useFormDraft(formId: string, names: readonly string[], { restore }: { restore: boolean }) {
  const [restored, setRestored] = useState<DraftValues | null>(null);
  const [generation, setGeneration] = useState(0);
  const [state, setState] = useState<"none" | "kept" | "restored">("none");

  useEffect(() => {
    if (!restore) return;
    const draft = readDraft(formId);
    if (!draft) return;
    setRestored(draft);
    setGeneration((g) => g + 1);
    setState("restored");
    // Only at the page's first render: later answers of the server are newer than the draft.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return {
    /** The draft's values once restored ({} after "discard"), to use as the form's default values. */
    restored,
    formKey: `${formId}-${generation}`,
    state,
    /** Keep the form's current text (call on every change). */
    save(form: HTMLFormElement) {
      writeDraft(formId, draftValuesOf(form, names));
      setState((s) => (s === "none" ? "kept" : s));
    },
    /** Throw the draft away and empty the form. */
    discard() {
      discardDraft(formId);
      setRestored({});
      setGeneration((g) => g + 1);
      setState("none");
    },
    /** The form was sent (or handed to the send queue): the draft is no longer needed. */
    forget() {
      discardDraft(formId);
      setState("none");
    },
  };
}

/** "Kept on this device" (or "given back") with the button that throws the draft away. */
export function DraftNotice({ state, onDiscard }: { state: "none" | "kept" | "restored"; onDiscard: () => void }) {
  const t = useT();
  if (state === "none") return null;
  return (
    <div className="notice draft-notice" data-testid="draft-notice" aria-live="polite">
      <p>{state === "restored" ? t("offline.draft.restored") : t("offline.draft.kept")}</p>
      <button type="button" className="secondary" onClick={() => window.confirm(t("offline.draft.confirmDiscard")) && onDiscard()}>
        {t("offline.draft.discard")}
      </button>
    </div>
  );
}
