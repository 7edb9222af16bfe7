import { useEffect, useRef, type ReactNode, type RefObject } from "react";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/use-t";

// A labelled form control with its hint and error wired for screen readers (aria-invalid,
// aria-describedby). Errors arrive as message keys from the server and are translated here.

export type Errors = Partial<Record<string, string>> | undefined;

export function fieldA11y(name: string, errors: Errors, hint?: boolean) {
  const error = errors?.[name];
  const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ");
  return {
    id: name,
    name,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy || undefined,
  } as const;
}

export function Field({
  name,
  label,
  hint,
  errors,
  children,
}: {
  name: string;
  label: string;
  hint?: string;
  errors: Errors;
  children: ReactNode;
}) {
  const t = useT();
  const error = errors?.[name];
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {hint ? (
        <p className="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p className="error" id={`${name}-error`}>
          {t(error as MessageKey)}
        </p>
      ) : null}
    </div>
  );
}

/**
 * After a failed submit, put the keyboard on the first field to fix (the page did not reload). `inside`
 * is any element of the form (or the form itself); `result` is what the server answered, so the focus
 * moves once per answer.
 */
export function useFocusFirstInvalid(inside: RefObject<HTMLElement>, result: unknown) {
  useEffect(() => {
    if (!result) return;
    const el = inside.current;
    const form = el instanceof HTMLFormElement ? el : el?.closest("form");
    form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [inside, result]);
}

/** The summary shown above a form that came back with errors; focusable for keyboard users. */
export function FormErrorSummary({ errors }: { errors: Errors }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  useFocusFirstInvalid(ref, errors);
  if (!errors || Object.keys(errors).length === 0) return null;
  return (
    <div className="alert" role="alert" ref={ref}>
      <p>{errors.form ? t(errors.form as MessageKey) : t("admin.fixErrors")}</p>
    </div>
  );
}
