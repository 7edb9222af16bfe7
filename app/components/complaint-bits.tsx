import type { ReactNode } from "react";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { codeKey } from "~/i18n";

// Small pieces shared by the complaint pages: a labelled field whose errors (message keys) are
// translated and tied to the control with aria-describedby, and the status badge.

export function FieldShell({ id, label, hint, errors, children }: { id: string; label: ReactNode; hint?: string; errors?: string[] | null; children: ReactNode }) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      {errors?.length ? (
        <p className="error" id={`${id}-error`}>
          {errors.map((e) => t(e as MessageKey)).join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** aria attributes of a control with an optional hint and errors. */
export function a11y(id: string, errors?: string[] | null, hint = false) {
  const describedBy = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ");
  return { id, "aria-invalid": errors?.length ? true : undefined, "aria-describedby": describedBy || undefined } as const;
}

const BADGE: Record<string, string> = { NEW: "open", VERIFIED: "open", SENT: "open", ANSWERED: "answered", CLOSED: "done", REJECTED: "", DUPLICATE: "" };

export function StatusBadge({ status }: { status: string }) {
  const t = useT();
  return <span className={`badge ${BADGE[status] ?? ""}`}>{t(codeKey("status", status))}</span>;
}
